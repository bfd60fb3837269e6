// The canvas with a generated design of 2,000 components and 3,000 dependency edges (20 waves
// of 100): full repaint of the view into a QImage, one drag step of a node, zoom-to-fit, and
// open-to-first-paint. Baseline in the same run: the same rectangles and lines as plain
// QGraphicsRectItems / QGraphicsLineItems in a plain QGraphicsScene, drawn by a plain view of
// the same size. Targets: repaint ≤ 16 ms, drag step ≤ 8 ms, within 2× of the baseline.
//
// Drag: BM_DragStep is one mouse move of a drag under way plus the repaint it causes, until
// the screen shows it; BM_DragStart is the press and the first move that starts the drag (the
// canvas draws what stays put into a backdrop there, see DesignView). They are timed apart
// because a drag is one start and many steps: averaged together the start would count once
// per benchmark run, that is once per 1 to 200 steps depending on how fast the steps are.
// Both baselines drag the same node (component-1050) at the same place in the same design,
// as plain items; before, the baseline dragged whichever rect came first, elsewhere.
//
// Run: QT_QPA_PLATFORM=offscreen build/tests/bench/bench_canvas --benchmark_min_time=0.5
// Screenshot of a generated design (for looking at it):
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_canvas --shot 200 /tmp/canvas-200.png

#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <canvas/edgeoverviewitem.h>
#include <wavesmith/catalog.h>
#include <wavesmith/model.h>

#include <QApplication>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QHash>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QRandomGenerator>

#include <benchmark/benchmark.h>

#include <functional>
#include <memory>

using namespace wavesmith;

namespace {

constexpr QSize viewSize(1600, 1000);

// `components` Applications over waves of 100, each (past the first wave) needing one or two
// components of earlier waves: `edges` dependencies in all. Deterministic.
Design generatedDesign(int components, int edges) {
    const QStringList charts = {QStringLiteral("cilium"), QStringLiteral("longhorn"),
                                QStringLiteral("cert-manager"), QStringLiteral("grafana"),
                                QStringLiteral("loki")};
    Design design;
    design.repoURL = QStringLiteral("https://example.com/big.git");
    const int perWave = std::min(100, std::max(1, components / 10));
    for (int i = 0; i < components; ++i) {
        Component c;
        c.name = QStringLiteral("component-%1").arg(i, 4, 10, QLatin1Char('0'));
        c.wave = i / perWave;
        c.namespace_ = QStringLiteral("ns-%1").arg(i % 37);
        if (i % 3 == 0) {
            c.sources = {Source{QStringLiteral("https://charts.example.com"),
                                {},
                                QStringLiteral("1.%1.0").arg(i % 9),
                                charts.at(i % charts.size()),
                                {},
                                {},
                                {}}};
        } else {
            c.sources = {Source{design.repoURL,
                                QStringLiteral("infrastructure/area-%1/%2").arg(i % 7).arg(c.name),
                                QStringLiteral("HEAD"),
                                {},
                                {},
                                {},
                                {}}};
        }
        design.components.append(c);
    }
    for (int w = 0; w <= (components - 1) / perWave; ++w)
        design.waves.append(Wave{w, QStringLiteral("Phase %1").arg(w)});
    QRandomGenerator random(42);
    int added = 0;
    while (added < edges) {
        const int dependent = perWave + int(random.bounded(components - perWave));
        const int wave = dependent / perWave;
        const int needed = int(random.bounded(wave * perWave));
        Component &c = design.components[dependent];
        const QString name = design.components.at(needed).name;
        if (c.dependsOn.contains(name))
            continue;
        c.dependsOn.append(name);
        ++added;
    }
    return design;
}

const Design &bigDesign() {
    static const Design design = generatedDesign(2000, 3000);
    return design;
}

QImage renderView(QGraphicsView &view) {
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    view.render(&painter, QRectF(image.rect()), view.viewport()->rect());
    painter.end();
    return image;
}

// The canvas, shown offscreen and fitted.
struct Canvas {
    DesignScene scene{Catalog::builtin()};
    DesignView view;
    explicit Canvas(const Design &design) {
        scene.setDesign(design);
        view.setDesignScene(&scene);
        view.resize(viewSize);
        view.show();
        view.fitToContents();
        QCoreApplication::processEvents();
    }
};

// The baseline: the same geometry as plain items in a plain scene and view.
struct PlainCanvas {
    QGraphicsScene scene;
    QGraphicsView view{&scene};
    QHash<QString, QGraphicsRectItem *> nodes;
    explicit PlainCanvas(const Design &design) {
        DesignScene reference{Catalog::builtin()};
        reference.setDesign(design);
        const CanvasGeometry &g = reference.geometry();
        for (const LaneGeometry &lane : g.lanes)
            scene.addRect(lane.rect, QPen(Qt::gray), QBrush(QColor(240, 244, 250)));
        for (auto it = g.nodes.cbegin(); it != g.nodes.cend(); ++it) {
            auto *item = scene.addRect(it.value(), QPen(Qt::darkGray), QBrush(Qt::white));
            item->setFlag(QGraphicsItem::ItemIsMovable);
            nodes.insert(it.key(), item);
        }
        for (const Component &c : design.components) {
            for (const QString &needed : c.dependsOn) {
                const QRectF a = g.nodes.value(needed);
                const QRectF b = g.nodes.value(c.name);
                scene.addLine(QLineF(a.right(), a.center().y(), b.left(), b.center().y()),
                              QPen(Qt::blue, 2));
            }
        }
        scene.setSceneRect(reference.sceneRect());
        view.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        view.resize(viewSize);
        view.show();
        view.fitInView(scene.sceneRect(), Qt::KeepAspectRatio);
        QCoreApplication::processEvents();
    }
};

void sendMouse(QWidget *viewport, QEvent::Type type, const QPoint &pos, Qt::MouseButtons held) {
    QMouseEvent event(type, pos, viewport->mapToGlobal(pos),
                      type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, held,
                      Qt::NoModifier);
    QApplication::sendEvent(viewport, &event);
}

QPoint dragStepPoint(const QPoint &start, int step) {
    return start + QPoint(20 + (step % 40) * 3, (step % 7) * 2);
}

// Presses on `grab` and moves once past the start-drag distance: the drag is under way.
template <typename View> bool startDrag(View &view, QPointF grab) {
    QWidget *viewport = view.viewport();
    const QPoint start = view.mapFromScene(grab);
    sendMouse(viewport, QEvent::MouseButtonPress, start, Qt::LeftButton);
    if (view.scene()->selectedItems().isEmpty() && !view.scene()->mouseGrabberItem())
        return false;
    sendMouse(viewport, QEvent::MouseMove, dragStepPoint(start, 0), Qt::LeftButton);
    // Until the screen shows it: the scene's queued dirty-item pass, then the viewport's
    // paint of the dirty region.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    return true;
}

// One drag step: a mouse move while a node is held, and the repaint it causes.
template <typename View> void dragSteps(benchmark::State &state, View &view, QPointF grab) {
    QWidget *viewport = view.viewport();
    const QPoint start = view.mapFromScene(grab);
    if (!startDrag(view, grab)) {
        state.SkipWithError("the press did not grab a node");
        return;
    }
    int step = 0;
    for (auto _ : state) {
        ++step;
        sendMouse(viewport, QEvent::MouseMove, dragStepPoint(start, step), Qt::LeftButton);
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
    }
    sendMouse(viewport, QEvent::MouseButtonRelease, start, Qt::NoButton);
}

// The start of a drag: press, first move, its repaint. The release (a drop in the same lane,
// no edit) and the repaint after it are not timed.
template <typename View>
void dragStarts(benchmark::State &state, View &view, QPointF grab,
                const std::function<void()> &afterDrop = {}) {
    QWidget *viewport = view.viewport();
    const QPoint start = view.mapFromScene(grab);
    for (auto _ : state) {
        if (!startDrag(view, grab)) {
            state.SkipWithError("the press did not grab a node");
            return;
        }
        state.PauseTiming();
        sendMouse(viewport, QEvent::MouseButtonRelease, start, Qt::NoButton);
        if (afterDrop)
            afterDrop();
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        state.ResumeTiming();
    }
}

void BM_Repaint(benchmark::State &state) {
    Canvas canvas(bigDesign());
    for (auto _ : state)
        benchmark::DoNotOptimize(renderView(canvas.view));
}
BENCHMARK(BM_Repaint)->Unit(benchmark::kMillisecond);

// The same repaint right after the edges changed (an edit, a relayout): far out, the edge layer
// first gathers every route again and merges them into pixel runs for this zoom, the work a
// repaint with nothing changed reuses.
void BM_RepaintAfterEdgesChanged(benchmark::State &state) {
    Canvas canvas(bigDesign());
    if (!canvas.scene.isOverview())
        state.SkipWithError("the fitted view is not in overview");
    for (auto _ : state) {
        canvas.scene.edgeOverview()->edgesChanged();
        benchmark::DoNotOptimize(renderView(canvas.view));
    }
}
BENCHMARK(BM_RepaintAfterEdgesChanged)->Unit(benchmark::kMillisecond);

void BM_RepaintBaseline(benchmark::State &state) {
    PlainCanvas canvas(bigDesign());
    for (auto _ : state)
        benchmark::DoNotOptimize(renderView(canvas.view));
}
BENCHMARK(BM_RepaintBaseline)->Unit(benchmark::kMillisecond);

const QString draggedNode = QStringLiteral("component-1050");

// At 100 % zoom (where one drags): the full node painting, not the overview.
QPointF prepareDrag(Canvas &canvas) {
    canvas.view.resetZoom();
    const QRectF node = canvas.scene.geometry().nodes.value(draggedNode);
    canvas.view.centerOn(node.center());
    QCoreApplication::processEvents();
    return QPointF(node.left() + 60, node.center().y());
}

QPointF prepareDrag(PlainCanvas &canvas) {
    canvas.view.resetTransform();
    const QRectF node = canvas.nodes.value(draggedNode)->rect();
    canvas.view.centerOn(node.center());
    QCoreApplication::processEvents();
    return QPointF(node.left() + 60, node.center().y());
}

void BM_DragStep(benchmark::State &state) {
    Canvas canvas(bigDesign());
    dragSteps(state, canvas.view, prepareDrag(canvas));
}
BENCHMARK(BM_DragStep)->Unit(benchmark::kMillisecond);

void BM_DragStepBaseline(benchmark::State &state) {
    PlainCanvas canvas(bigDesign());
    dragSteps(state, canvas.view, prepareDrag(canvas));
}
BENCHMARK(BM_DragStepBaseline)->Unit(benchmark::kMillisecond);

void BM_DragStart(benchmark::State &state) {
    Canvas canvas(bigDesign());
    dragStarts(state, canvas.view, prepareDrag(canvas));
}
BENCHMARK(BM_DragStart)->Unit(benchmark::kMillisecond);

void BM_DragStartBaseline(benchmark::State &state) {
    PlainCanvas canvas(bigDesign());
    // A plain movable item stays where it was dropped; the canvas snaps back by itself.
    QGraphicsRectItem *node = canvas.nodes.value(draggedNode);
    dragStarts(state, canvas.view, prepareDrag(canvas), [node] { node->setPos(0, 0); });
}
BENCHMARK(BM_DragStartBaseline)->Unit(benchmark::kMillisecond);

void BM_ZoomToFit(benchmark::State &state) {
    Canvas canvas(bigDesign());
    for (auto _ : state) {
        canvas.view.resetZoom();
        canvas.view.fitToContents();
        canvas.view.viewport()->repaint();
    }
}
BENCHMARK(BM_ZoomToFit)->Unit(benchmark::kMillisecond);

void BM_ZoomToFitBaseline(benchmark::State &state) {
    PlainCanvas canvas(bigDesign());
    for (auto _ : state) {
        canvas.view.resetTransform();
        canvas.view.fitInView(canvas.scene.sceneRect(), Qt::KeepAspectRatio);
        canvas.view.viewport()->repaint();
    }
}
BENCHMARK(BM_ZoomToFitBaseline)->Unit(benchmark::kMillisecond);

void BM_OpenToFirstPaint(benchmark::State &state) {
    for (auto _ : state) {
        auto canvas = std::make_unique<Canvas>(bigDesign());
        benchmark::DoNotOptimize(renderView(canvas->view));
    }
}
BENCHMARK(BM_OpenToFirstPaint)->Unit(benchmark::kMillisecond);

// The baseline builds its items from a laid-out geometry, which it gets from a DesignScene
// outside the timed part: only item creation and painting are timed.
void BM_OpenToFirstPaintBaseline(benchmark::State &state) {
    DesignScene reference{Catalog::builtin()};
    reference.setDesign(bigDesign());
    const CanvasGeometry g = reference.geometry();
    for (auto _ : state) {
        QGraphicsScene scene;
        for (const QRectF &node : g.nodes)
            scene.addRect(node, QPen(Qt::darkGray), QBrush(Qt::white));
        for (const Component &c : bigDesign().components) {
            for (const QString &needed : c.dependsOn) {
                const QRectF a = g.nodes.value(needed);
                const QRectF b = g.nodes.value(c.name);
                scene.addLine(QLineF(a.right(), a.center().y(), b.left(), b.center().y()),
                              QPen(Qt::blue, 2));
            }
        }
        QGraphicsView view(&scene);
        view.resize(viewSize);
        view.show();
        view.fitInView(scene.sceneRect(), Qt::KeepAspectRatio);
        QCoreApplication::processEvents();
        benchmark::DoNotOptimize(renderView(view));
    }
}
BENCHMARK(BM_OpenToFirstPaintBaseline)->Unit(benchmark::kMillisecond);

// --shot N FILE: a generated design of N components (N * 1.5 edges) rendered like the window.
int screenshot(int components, const QString &file) {
    Canvas canvas(generatedDesign(components, components * 3 / 2));
    canvas.view.resize(1600, 1000);
    canvas.view.fitToContents();
    QCoreApplication::processEvents();
    return canvas.view.grab().save(file) ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    if (argc == 4 && QByteArray(argv[1]) == "--shot")
        return screenshot(QByteArray(argv[2]).toInt(), QString::fromLocal8Bit(argv[3]));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
