// Editing on the canvas with simulated mouse and keyboard on the real DesignView: every gesture
// becomes one DesignDocument command, the repository's text follows, and undo gives the bytes
// back. The repository is a real one written from the homelab template.

#include <canvas/appsetgroupitem.h>
#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <canvas/edgeitem.h>
#include <canvas/findbar.h>
#include <canvas/minimapwidget.h>
#include <canvas/wavelaneitem.h>
#include <wavesmith/atomicwrite.h>
#include <wavesmith/catalog.h>
#include <wavesmith/document.h>
#include <wavesmith/render.h>
#include <wavesmith/templates.h>

#include <QLineEdit>
#include <QPainterPathStroker>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace wavesmith;

namespace {

const QString appsDir = QStringLiteral("infrastructure/controllers/argocd/apps/");
const QString layoutFile = QStringLiteral(".wavesmith/layout.yaml");

QString appFile(const QString &name) {
    return appsDir + name + QStringLiteral(".yaml");
}

} // namespace

class TestCanvasEditing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void dragNodeToAnotherLaneChangesItsWave();
    void dropInTheSameLaneSnapsBack();
    void edgesFollowADraggedNode();
    void dragDrawsWhatItCarriesOverABackdrop();
    void dragOfASelectionIsOneCommand();
    void dragMemberOutOfItsAppSet();
    void drawEdgeThenAnInvalidOne();
    void deleteComponentAndUndo();
    void deleteEdgeAndUndo();
    void keyboardNavigation();
    void keyboardMovesSelectionOneLane();
    void renamePhaseByDoubleClick();
    void renamePhaseWithF2AndEscapeCancels();
    void insertLaneBetweenNeighbours();
    void collapseAppSet();
    void autoArrangeReducesCrossings();
    void findComponent();
    void spaceDragPans();
    void minimapMovesTheView();

private:
    // Scrolls so both scene points are visible and returns them in viewport coordinates.
    QPoint toViewport(const QPointF &scenePos);
    QPointF nodePoint(const QString &name) const; // on the card, away from the port
    QPointF lanePoint(int wave) const;            // in the lane's empty body
    void drag(const QPointF &from, const QPointF &to, Qt::KeyboardModifiers mods = {});
    void click(const QPointF &at, Qt::KeyboardModifiers mods = {});
    QByteArray text(const QString &path) const { return m_document->currentText(path); }

    Catalog m_catalog = Catalog::builtin();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DesignDocument> m_document;
    std::unique_ptr<DesignScene> m_scene;
    std::unique_ptr<DesignView> m_view;
};

void TestCanvasEditing::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const Status written =
        writeFilesAtomically(m_dir->path(), renderDesign(homelabTemplate(m_catalog), m_catalog));
    QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    Result<DocumentSource> source = DesignDocument::load(m_dir->path(), m_catalog);
    QVERIFY2(source.ok(), qPrintable(source.error().toString()));
    m_document = std::make_unique<DesignDocument>(m_catalog);
    m_document->open(std::move(source).value());

    m_scene = std::make_unique<DesignScene>(m_catalog);
    m_scene->setDocument(m_document.get());
    m_view = std::make_unique<DesignView>();
    m_view->setDesignScene(m_scene.get());
    m_view->resize(1200, 800);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->resetZoom();
    m_view->setFocus();
}

void TestCanvasEditing::cleanup() {
    m_view.reset();
    m_scene.reset();
    m_document.reset();
    m_dir.reset();
}

QPoint TestCanvasEditing::toViewport(const QPointF &scenePos) {
    return m_view->mapFromScene(scenePos);
}

QPointF TestCanvasEditing::nodePoint(const QString &name) const {
    const ComponentNodeItem *node = m_scene->componentItem(name);
    const QRectF r = node->mapRectToScene(node->rect());
    return QPointF(r.left() + 60, r.center().y());
}

QPointF TestCanvasEditing::lanePoint(int wave) const {
    const WaveLaneItem *lane = m_scene->laneItem(wave);
    const QRectF r = lane->mapRectToScene(lane->rect());
    return QPointF(r.center().x(), r.bottom() - 30);
}

void TestCanvasEditing::drag(const QPointF &from, const QPointF &to, Qt::KeyboardModifiers mods) {
    // Both ends on screen: centre between them (the lanes fit side by side at 100 %).
    m_view->centerOn((from + to) / 2);
    QWidget *viewport = m_view->viewport();
    const QPoint a = toViewport(from);
    const QPoint b = toViewport(to);
    QVERIFY(viewport->rect().contains(a) && viewport->rect().contains(b));
    QTest::mousePress(viewport, Qt::LeftButton, mods, a);
    // Several steps, as a hand would: the drag starts after the start-drag distance.
    for (int i = 1; i <= 6; ++i)
        QTest::mouseMove(viewport, a + (b - a) * i / 6);
    QTest::mouseRelease(viewport, Qt::LeftButton, mods, b);
}

void TestCanvasEditing::click(const QPointF &at, Qt::KeyboardModifiers mods) {
    m_view->centerOn(at);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, mods, toViewport(at));
}

void TestCanvasEditing::dragNodeToAnotherLaneChangesItsWave() {
    const QByteArray original = text(appFile(QStringLiteral("cilium")));
    QVERIFY(original.contains("argocd.argoproj.io/sync-wave: \"0\""));

    // Feedback while dragging: the node follows the mouse, the target lane lights up.
    const QPointF from = nodePoint(QStringLiteral("cilium"));
    const QPointF to = lanePoint(2);
    m_view->centerOn((from + to) / 2);
    QWidget *viewport = m_view->viewport();
    const QPoint a = toViewport(from);
    const QPoint b = toViewport(to);
    const QPointF before = m_scene->componentItem(QStringLiteral("cilium"))->pos();
    QTest::mousePress(viewport, Qt::LeftButton, {}, a);
    for (int i = 1; i <= 6; ++i)
        QTest::mouseMove(viewport, a + (b - a) * i / 6);
    QVERIFY(m_scene->componentItem(QStringLiteral("cilium"))->pos().x() > before.x() + 200);
    QVERIFY(m_scene->laneItem(2)->isDropHighlighted());
    QVERIFY(!m_scene->laneItem(0)->isDropHighlighted());
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, b);

    QCOMPARE(m_document->design().component(QStringLiteral("cilium"))->wave, 2);
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Move cilium to wave 2"));
    const QByteArray moved = text(appFile(QStringLiteral("cilium")));
    QVERIFY(moved.contains("argocd.argoproj.io/sync-wave: \"2\""));
    QCOMPARE(moved.size(), original.size()); // one digit changed, nothing else
    // The scene followed: the node now sits in lane 2, the highlight is gone.
    QCOMPARE(m_scene->geometry().nodeWaves.value(QStringLiteral("cilium")), 2);
    QVERIFY(
        m_scene->laneItem(2)
            ->rect()
            .translated(m_scene->laneItem(2)->pos())
            .contains(
                m_scene->componentItem(QStringLiteral("cilium"))->sceneBoundingRect().center()));
    QVERIFY(!m_scene->laneItem(2)->isDropHighlighted());

    m_document->undoStack()->undo();
    QCOMPARE(text(appFile(QStringLiteral("cilium"))), original);
    QCOMPARE(m_scene->geometry().nodeWaves.value(QStringLiteral("cilium")), 0);
}

void TestCanvasEditing::dropInTheSameLaneSnapsBack() {
    const QRectF home = m_scene->componentItem(QStringLiteral("longhorn"))->sceneBoundingRect();
    drag(nodePoint(QStringLiteral("longhorn")), lanePoint(1));
    QCOMPARE(m_document->undoStack()->count(), 0);
    QCOMPARE(m_scene->componentItem(QStringLiteral("longhorn"))->sceneBoundingRect(), home);
    // Dropped outside every lane: also no edit.
    const QPointF outside = m_scene->sceneRect().bottomLeft() + QPointF(4, -4);
    drag(nodePoint(QStringLiteral("longhorn")), outside);
    QCOMPARE(m_document->undoStack()->count(), 0);
    QCOMPARE(m_scene->componentItem(QStringLiteral("longhorn"))->sceneBoundingRect(), home);
}

void TestCanvasEditing::edgesFollowADraggedNode() {
    // longhorn (wave 1) needs cilium (wave 0); volsync and cilium are not connected.
    QVERIFY(m_document->addDependency(QStringLiteral("longhorn"), QStringLiteral("cilium")).ok());
    QVERIFY(
        m_document->addDependency(QStringLiteral("pvc-plumber"), QStringLiteral("volsync")).ok());
    EdgeItem *attached =
        m_scene->dependencyEdge(QStringLiteral("cilium"), QStringLiteral("longhorn"));
    EdgeItem *other =
        m_scene->dependencyEdge(QStringLiteral("volsync"), QStringLiteral("pvc-plumber"));
    QVERIFY(attached && other);
    const QPainterPath untouched = other->route();

    const QPointF from = nodePoint(QStringLiteral("longhorn"));
    const QPointF to = lanePoint(2);
    m_view->centerOn((from + to) / 2);
    QWidget *viewport = m_view->viewport();
    const QPoint a = toViewport(from);
    const QPoint b = toViewport(to);
    QTest::mousePress(viewport, Qt::LeftButton, {}, a);
    for (int i = 1; i <= 6; ++i) {
        QTest::mouseMove(viewport, a + (b - a) * i / 6);
        if (i < 2)
            continue; // the drag starts past the start-drag distance
        // Mid-drag the edge ends at the node where it is now, not where it was.
        const ComponentNodeItem *node = m_scene->componentItem(QStringLiteral("longhorn"));
        const QRectF now = node->mapRectToScene(node->rect());
        QVERIFY(attached->isVisible());
        const QPointF end = attached->route().pointAtPercent(1);
        QVERIFY2(QLineF(end, QPointF(now.left(), now.center().y())).length() < 1.5,
                 qPrintable(QStringLiteral("edge ends at %1,%2; node at %3,%4")
                                .arg(end.x())
                                .arg(end.y())
                                .arg(now.left())
                                .arg(now.center().y())));
    }
    // Edges of nodes that stay put are not touched (the drag step stays cheap).
    QCOMPARE(other->route(), untouched);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, b);
    QCOMPARE(m_document->design().component(QStringLiteral("longhorn"))->wave, 2);
    // After the drop the edge is routed again from the laid-out node.
    attached = m_scene->dependencyEdge(QStringLiteral("cilium"), QStringLiteral("longhorn"));
    const QRectF placed = m_scene->geometry().nodes.value(QStringLiteral("longhorn"));
    QVERIFY(placed.adjusted(-1, -1, 1, 1).contains(attached->route().pointAtPercent(1)));
}

void TestCanvasEditing::dragDrawsWhatItCarriesOverABackdrop() {
    // longhorn (wave 1) needs cilium (wave 0): the drag carries the node and that edge, and
    // the view draws the rest from a backdrop; what the screen shows must still be right.
    QVERIFY(m_document->addDependency(QStringLiteral("longhorn"), QStringLiteral("cilium")).ok());
    const QString name = QStringLiteral("longhorn");
    const QRectF home = m_scene->geometry().nodes.value(name);
    const QPointF from = nodePoint(name);
    const QPointF to = lanePoint(2);
    m_view->centerOn((from + to) / 2);
    QWidget *viewport = m_view->viewport();
    const QPoint a = toViewport(from);
    const QPoint b = toViewport(to);
    const WaveLaneItem *lane1 = m_scene->laneItem(1);
    const WaveLaneItem *lane2 = m_scene->laneItem(2);
    // Spots of bare lane body (no node, no edge): lane 1's below its nodes, lane 2's corner.
    const QPoint lane1Body = toViewport(lanePoint(1));
    const QRectF lane2Rect = lane2->mapRectToScene(lane2->rect());
    const QPoint lane2Body = toViewport(QPointF(lane2Rect.left() + 16, lane2Rect.bottom() - 16));
    // Inside the node's card at home, away from the edge's end (which is at mid-height).
    const QPoint homeSpot = toViewport(home.topLeft() + QPointF(10, 8));
    const QImage before = viewport->grab().toImage();
    QVERIFY(before.pixelColor(homeSpot) != before.pixelColor(lane1Body)); // the card is there

    QTest::mousePress(viewport, Qt::LeftButton, {}, a);
    QTest::mouseMove(viewport, a + (b - a) / 6);
    QTest::mouseMove(viewport, a + (b - a) * 2 / 6);
    QVERIFY(m_view->hasDragBackdrop());
    EdgeItem *carried = m_scene->dependencyEdge(QStringLiteral("cilium"), name);
    QVERIFY(carried && carried->isLive());
    QVERIFY(lane1->isDropHighlighted());
    QImage during = viewport->grab().toImage();
    // The card left home: the lane shows through there, as on a bare part of the same lane.
    QCOMPARE(during.pixelColor(homeSpot), during.pixelColor(lane1Body));
    // And it is drawn where it is now (its card, not the lane).
    const ComponentNodeItem *node = m_scene->componentItem(name);
    const QPoint nowSpot = toViewport(node->mapToScene(QPointF(10, 8)));
    QVERIFY(during.pixelColor(nowSpot) != during.pixelColor(lane1Body));
    // The carried edge is drawn up to the node where it is now: just left of its input side.
    const QRectF now = node->mapRectToScene(node->rect());
    const QPoint edgeEnd = toViewport(QPointF(now.left() - 3, now.center().y()));
    QVERIFY(during.pixelColor(edgeEnd) != during.pixelColor(lane1Body));

    // Into lane 2: it lights up as the drop target although the backdrop was drawn before.
    QTest::mouseMove(viewport, b);
    QVERIFY(lane2->isDropHighlighted());
    QVERIFY(m_view->hasDragBackdrop());
    during = viewport->grab().toImage();
    QVERIFY(during.pixelColor(lane2Body) != before.pixelColor(lane2Body));

    // Scrolling mid-drag leaves the backdrop behind (its pixels no longer line up).
    QScrollBar *scroll = m_view->horizontalScrollBar();
    scroll->setValue(scroll->value() + 40);
    viewport->grab();
    QVERIFY(!m_view->hasDragBackdrop());
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, b);
    QCOMPARE(m_document->design().component(name)->wave, 2);
    QVERIFY(!m_view->hasDragBackdrop());
    // Routed again after the drop, with the tight bounds of a settled edge.
    carried = m_scene->dependencyEdge(QStringLiteral("cilium"), name);
    QVERIFY(carried && !carried->isLive());
    QVERIFY(carried->boundingRect().width() < m_scene->sceneRect().width() / 2);
}

void TestCanvasEditing::dragOfASelectionIsOneCommand() {
    click(nodePoint(QStringLiteral("longhorn")));
    click(nodePoint(QStringLiteral("volsync")), Qt::ControlModifier);
    QCOMPARE(m_scene->selectedComponents(),
             (QStringList{QStringLiteral("longhorn"), QStringLiteral("volsync")}));
    const QByteArray longhorn = text(appFile(QStringLiteral("longhorn")));
    const QByteArray volsync = text(appFile(QStringLiteral("volsync")));

    drag(nodePoint(QStringLiteral("volsync")), lanePoint(2));
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(m_document->design().component(QStringLiteral("longhorn"))->wave, 2);
    QCOMPARE(m_document->design().component(QStringLiteral("volsync"))->wave, 2);
    QCOMPARE(m_document->design().component(QStringLiteral("snapshot-controller"))->wave, 1);
    // The selection survives the edit, so a second move can follow.
    QCOMPARE(m_scene->selectedComponents().size(), 2);

    m_document->undoStack()->undo();
    QCOMPARE(text(appFile(QStringLiteral("longhorn"))), longhorn);
    QCOMPARE(text(appFile(QStringLiteral("volsync"))), volsync);
}

void TestCanvasEditing::dragMemberOutOfItsAppSet() {
    const Component *member = m_document->design().component(QStringLiteral("kyverno"));
    QVERIFY(member);
    QCOMPARE(member->kind, ComponentKind::AppSetMember);
    drag(nodePoint(QStringLiteral("kyverno")), lanePoint(5));
    const Component *moved = m_document->design().component(QStringLiteral("kyverno"));
    QVERIFY(moved);
    QCOMPARE(moved->kind, ComponentKind::Application);
    QCOMPARE(moved->wave, 5);
    QVERIFY(m_document->undoStack()->undoText().startsWith(QStringLiteral("Move kyverno out of")));
    QVERIFY(!text(appFile(QStringLiteral("kyverno"))).isEmpty());
    m_document->undoStack()->undo();
    QCOMPARE(m_document->design().component(QStringLiteral("kyverno"))->kind,
             ComponentKind::AppSetMember);
    QVERIFY(text(appFile(QStringLiteral("kyverno"))).isEmpty());
}

void TestCanvasEditing::drawEdgeThenAnInvalidOne() {
    // From longhorn's port onto pvc-plumber: "pvc-plumber needs longhorn" (wave 1 before 2).
    const ComponentNodeItem *longhorn = m_scene->componentItem(QStringLiteral("longhorn"));
    drag(longhorn->mapToScene(longhorn->portRect().center()),
         nodePoint(QStringLiteral("pvc-plumber")));
    QCOMPARE(m_document->design().component(QStringLiteral("pvc-plumber"))->dependsOn,
             QStringList{QStringLiteral("longhorn")});
    QVERIFY(text(appFile(QStringLiteral("pvc-plumber"))).contains("longhorn"));
    EdgeItem *valid =
        m_scene->dependencyEdge(QStringLiteral("longhorn"), QStringLiteral("pvc-plumber"));
    QVERIFY(valid);
    QVERIFY(!valid->isInvalid());
    QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Make pvc-plumber need longhorn"));

    // From pvc-plumber's port onto cilium: cilium (wave 0) would need a wave-2 component.
    const ComponentNodeItem *plumber = m_scene->componentItem(QStringLiteral("pvc-plumber"));
    drag(plumber->mapToScene(plumber->portRect().center()), nodePoint(QStringLiteral("cilium")));
    EdgeItem *invalid =
        m_scene->dependencyEdge(QStringLiteral("pvc-plumber"), QStringLiteral("cilium"));
    QVERIFY(invalid);
    QVERIFY(invalid->isInvalid());
    QCOMPARE(invalid->toolTip(),
             QStringLiteral("cilium (wave 0) needs pvc-plumber (wave 2): Argo CD applies wave 0 "
                            "first, so this dependency is not ordered. Move pvc-plumber to "
                            "wave -1 or earlier."));
    // Routed around the nodes: it never runs through the card of a third node.
    for (const QString &other :
         {QStringLiteral("longhorn"), QStringLiteral("volsync"), QStringLiteral("argocd")}) {
        const QRectF card = m_scene->geometry().nodes.value(other);
        QPainterPathStroker line;
        line.setWidth(1);
        QVERIFY2(!line.createStroke(invalid->route()).intersects(card.adjusted(2, 2, -2, -2)),
                 qPrintable(other));
    }

    // A drop on empty canvas draws nothing.
    const int commands = m_document->undoStack()->count();
    drag(plumber->mapToScene(plumber->portRect().center()), lanePoint(2));
    QCOMPARE(m_document->undoStack()->count(), commands);
}

void TestCanvasEditing::deleteComponentAndUndo() {
    const QByteArray kustomization = text(appsDir + QStringLiteral("kustomization.yaml"));
    const QByteArray volsync = text(appFile(QStringLiteral("volsync")));
    click(nodePoint(QStringLiteral("volsync")));
    click(nodePoint(QStringLiteral("longhorn")), Qt::ControlModifier);
    QTest::keyClick(m_view->viewport(), Qt::Key_Delete);
    QCOMPARE(m_document->undoStack()->count(), 1);
    QVERIFY(!m_document->design().component(QStringLiteral("volsync")));
    QVERIFY(!m_document->design().component(QStringLiteral("longhorn")));
    QVERIFY(!m_scene->componentItem(QStringLiteral("volsync")));
    QVERIFY(text(appFile(QStringLiteral("volsync"))).isEmpty());
    QVERIFY(!text(appsDir + QStringLiteral("kustomization.yaml")).contains("volsync"));

    m_document->undoStack()->undo();
    QVERIFY(m_scene->componentItem(QStringLiteral("volsync")));
    QCOMPARE(text(appFile(QStringLiteral("volsync"))), volsync);
    QCOMPARE(text(appsDir + QStringLiteral("kustomization.yaml")), kustomization);

    // Backspace deletes too.
    click(nodePoint(QStringLiteral("volsync")));
    QTest::keyClick(m_view->viewport(), Qt::Key_Backspace);
    QVERIFY(!m_document->design().component(QStringLiteral("volsync")));
}

void TestCanvasEditing::deleteEdgeAndUndo() {
    QVERIFY(
        m_document->addDependency(QStringLiteral("pvc-plumber"), QStringLiteral("longhorn")).ok());
    const QByteArray withEdge = text(appFile(QStringLiteral("pvc-plumber")));
    EdgeItem *edge =
        m_scene->dependencyEdge(QStringLiteral("longhorn"), QStringLiteral("pvc-plumber"));
    QVERIFY(edge);
    click(edge->route().pointAtPercent(0.5));
    QCOMPARE(m_scene->pickedEdge(), edge);
    QVERIFY(edge->isPicked());
    QTest::keyClick(m_view->viewport(), Qt::Key_Delete);
    QVERIFY(m_document->design().component(QStringLiteral("pvc-plumber"))->dependsOn.isEmpty());
    QVERIFY(!m_scene->dependencyEdge(QStringLiteral("longhorn"), QStringLiteral("pvc-plumber")));
    QVERIFY(m_document->design().component(QStringLiteral("longhorn"))); // only the edge went
    m_document->undoStack()->undo();
    QCOMPARE(text(appFile(QStringLiteral("pvc-plumber"))), withEdge);
    QVERIFY(m_scene->dependencyEdge(QStringLiteral("longhorn"), QStringLiteral("pvc-plumber")));
}

void TestCanvasEditing::keyboardNavigation() {
    QWidget *viewport = m_view->viewport();
    click(nodePoint(QStringLiteral("cilium")));
    const QStringList wave0 = m_scene->geometry().nodes.keys();
    Q_UNUSED(wave0);
    // Down walks the lane top to bottom, Up back.
    QTest::keyClick(viewport, Qt::Key_Down);
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("argocd"));
    QTest::keyClick(viewport, Qt::Key_Up);
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("cilium"));
    QTest::keyClick(viewport, Qt::Key_Up); // at the top: stays
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("cilium"));
    // Right goes to the nearest node of the next lane, then the one after.
    QTest::keyClick(viewport, Qt::Key_Right);
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("longhorn"));
    QTest::keyClick(viewport, Qt::Key_Right);
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("pvc-plumber"));
    QTest::keyClick(viewport, Qt::Key_Left);
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("longhorn"));
    QCOMPARE(m_scene->selectedComponents().size(), 1);
    QCOMPARE(m_scene->currentLane(), std::optional<int>(1));
    QCOMPARE(m_document->undoStack()->count(), 0); // navigation edits nothing
}

void TestCanvasEditing::keyboardMovesSelectionOneLane() {
    QWidget *viewport = m_view->viewport();
    click(nodePoint(QStringLiteral("pvc-plumber")));
    QTest::keyClick(viewport, Qt::Key_Right, Qt::ControlModifier | Qt::ShiftModifier);
    // The next lane is wave 4 (there is no wave 3).
    QCOMPARE(m_document->design().component(QStringLiteral("pvc-plumber"))->wave, 4);
    QTest::keyClick(viewport, Qt::Key_Left, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(viewport, Qt::Key_Left, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_document->design().component(QStringLiteral("pvc-plumber"))->wave, 1);
    QCOMPARE(m_document->undoStack()->count(), 3);
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("pvc-plumber"));
}

void TestCanvasEditing::renamePhaseByDoubleClick() {
    const WaveLaneItem *lane = m_scene->laneItem(1);
    const QPointF header = lane->phaseSceneRect().center();
    m_view->centerOn(header);
    QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {}, toViewport(header));
    QVERIFY(m_scene->isEditingPhase());
    QTest::keyClicks(m_view->viewport(), QStringLiteral("Block storage"));
    QTest::keyClick(m_view->viewport(), Qt::Key_Return);
    QVERIFY(!m_scene->isEditingPhase());
    QCOMPARE(m_document->design().phaseName(1), QStringLiteral("Block storage"));
    QCOMPARE(m_scene->laneItem(1)->phase(), QStringLiteral("Block storage"));
    QVERIFY(text(layoutFile).contains("Block storage"));
    QCOMPARE(m_document->undoStack()->count(), 1);
    m_document->undoStack()->undo();
    QCOMPARE(m_scene->laneItem(1)->phase(), QStringLiteral("Storage"));
}

void TestCanvasEditing::renamePhaseWithF2AndEscapeCancels() {
    click(lanePoint(2)); // the keyboard's lane
    QCOMPARE(m_scene->currentLane(), std::optional<int>(2));
    QTest::keyClick(m_view->viewport(), Qt::Key_F2);
    QVERIFY(m_scene->isEditingPhase());
    QTest::keyClicks(m_view->viewport(), QStringLiteral("Nope"));
    QTest::keyClick(m_view->viewport(), Qt::Key_Escape);
    QVERIFY(!m_scene->isEditingPhase());
    QCOMPARE(m_document->undoStack()->count(), 0);

    QTest::keyClick(m_view->viewport(), Qt::Key_Return);
    QVERIFY(m_scene->isEditingPhase());
    QTest::keyClicks(m_view->viewport(), QStringLiteral("Volumes"));
    QTest::keyClick(m_view->viewport(), Qt::Key_Enter);
    QCOMPARE(m_document->design().phaseName(2), QStringLiteral("Volumes"));
}

void TestCanvasEditing::insertLaneBetweenNeighbours() {
    // Waves 0 and 1 are neighbours: inserting after 0 shifts 1 and up, as one command.
    m_scene->insertLane(0, false);
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(m_document->design().waveNumbers(), (QList<int>{0, 1, 2, 3, 5, 6, 7}));
    QCOMPARE(m_document->design().component(QStringLiteral("longhorn"))->wave, 2);
    QVERIFY(m_scene->laneItem(1));
    QCOMPARE(m_scene->laneItem(1)->componentCount(), 0);
    m_document->undoStack()->undo();
    QCOMPARE(m_document->design().waveNumbers(), (QList<int>{0, 1, 2, 4, 5, 6}));
    // Before wave 4 there is room (3): a plain insert; then remove the empty lane again.
    m_scene->insertLane(4, true);
    QVERIFY(m_scene->laneItem(3));
    m_scene->removeLane(3);
    QVERIFY(!m_scene->laneItem(3));
    // A lane with components cannot go: the document says why.
    QSignalSpy refused(m_scene.get(), &DesignScene::editRefused);
    m_scene->removeLane(0);
    QCOMPARE(refused.count(), 1);
    QVERIFY(!m_view->lastMessage().isEmpty());
    // Negative waves are lanes like any other.
    m_scene->renumberLane(0, -1);
    QCOMPARE(m_document->design().component(QStringLiteral("cilium"))->wave, -1);
    QVERIFY(m_scene->laneItem(-1));
}

void TestCanvasEditing::collapseAppSet() {
    AppSetGroupItem *group = m_scene->appSetItem(QStringLiteral("monitoring"));
    QVERIFY(group);
    const qreal open = group->rect().height();
    QVERIFY(m_scene->componentItem(QStringLiteral("tempo"))->isVisible());
    click(group->chevronSceneRect().center());
    QVERIFY(group->isCollapsed());
    QVERIFY(group->rect().height() < open);
    QVERIFY(!m_scene->componentItem(QStringLiteral("tempo"))->isVisible());
    QCOMPARE(m_document->undoStack()->count(), 0); // a view choice, not an edit
    // An edge to a hidden member ends at the group's frame.
    const Status added =
        m_document->addDependency(QStringLiteral("longhorn"), QStringLiteral("tempo"));
    QVERIFY2(added.ok(), qPrintable(added.error().toString()));
    EdgeItem *edge = m_scene->dependencyEdge(QStringLiteral("tempo"), QStringLiteral("longhorn"));
    QVERIFY(edge && edge->isVisible());
    QCOMPARE(edge->route().pointAtPercent(0).x(), group->mapRectToScene(group->rect()).right());
    click(group->chevronSceneRect().center());
    QVERIFY(!group->isCollapsed());
    QVERIFY(m_scene->componentItem(QStringLiteral("tempo"))->isVisible());
}

void TestCanvasEditing::autoArrangeReducesCrossings() {
    // cilium (top of wave 0) is needed by volsync (bottom of wave 1), 1password-connect (lower)
    // by longhorn (top): the two edges cross until the lane is reordered.
    QVERIFY(m_document->addDependency(QStringLiteral("volsync"), QStringLiteral("cilium")).ok());
    QVERIFY(
        m_document->addDependency(QStringLiteral("longhorn"), QStringLiteral("external-secrets"))
            .ok());
    QVERIFY(m_scene->edgeCrossings() > 0);
    const int commands = m_document->undoStack()->count();
    const QByteArray sidecarBefore = text(layoutFile);
    const QHash<QString, QRectF> placesBefore = m_scene->geometry().nodes;
    m_scene->autoArrange();
    QCOMPARE(m_scene->edgeCrossings(), 0);
    // One undoable edit of the layout sidecar, nothing else.
    QCOMPARE(m_document->undoStack()->count(), commands + 1);
    QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Auto-arrange lanes"));
    QVERIFY2(text(layoutFile).contains("order:"), text(layoutFile).constData());
    // Every node still in its lane, none overlapping.
    const QList<QRectF> nodes = m_scene->geometry().nodes.values();
    for (int i = 0; i < nodes.size(); ++i)
        for (int j = i + 1; j < nodes.size(); ++j)
            QVERIFY(!nodes.at(i).intersects(nodes.at(j)));
    QCOMPARE(m_scene->geometry().nodeWaves.value(QStringLiteral("volsync")), 1);
    const QHash<QString, QRectF> arranged = m_scene->geometry().nodes;

    // Saved and opened again (a new document and canvas): the arranged order is still there.
    QSignalSpy saved(m_document.get(), &DesignDocument::saved);
    m_document->save();
    QVERIFY(saved.wait(10000));
    Result<DocumentSource> source = DesignDocument::load(m_dir->path(), m_catalog);
    QVERIFY2(source.ok(), qPrintable(source.error().toString()));
    DesignDocument reopened(m_catalog);
    reopened.open(std::move(source).value());
    DesignScene scene(m_catalog);
    scene.setDocument(&reopened);
    QCOMPARE(scene.geometry().nodes, arranged);
    QCOMPARE(scene.edgeCrossings(), 0);

    // Undo gives back the sidecar's bytes and the order before.
    m_document->undoStack()->undo();
    QCOMPARE(text(layoutFile), sidecarBefore);
    QCOMPARE(m_scene->geometry().nodes, placesBefore);
    QVERIFY(m_scene->edgeCrossings() > 0);
    // Arranging what is already arranged is no edit.
    m_document->undoStack()->redo();
    const int arrangedCommands = m_document->undoStack()->count();
    m_scene->autoArrange();
    QCOMPARE(m_document->undoStack()->count(), arrangedCommands);
}

void TestCanvasEditing::findComponent() {
    m_view->fitToContents();
    QTest::keyClick(m_view->viewport(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(m_view->findBar()->isVisible());
    QTest::keyClicks(m_view->findBar()->field(), QStringLiteral("tem"));
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("tempo"));
    m_view->resetZoom();
    m_view->centerOn(m_scene->laneItem(0)->sceneBoundingRect().center());
    QTest::keyClicks(m_view->findBar()->field(), QStringLiteral("p"));
    QCOMPARE(m_scene->selectedComponent(), QStringLiteral("tempo"));
    // Scrolled to it (at 100 % the homelab is wider than the view).
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    QVERIFY(visible.contains(m_scene->geometry().nodes.value(QStringLiteral("tempo"))));
    QTest::keyClick(m_view->findBar()->field(), Qt::Key_Escape);
    QVERIFY(!m_view->findBar()->isVisible());
}

void TestCanvasEditing::spaceDragPans() {
    m_view->resetZoom();
    m_view->centerOn(m_scene->sceneRect().center());
    QWidget *viewport = m_view->viewport();
    const int before = m_view->horizontalScrollBar()->value();
    QTest::keyPress(viewport, Qt::Key_Space);
    const QPoint start = viewport->rect().center();
    QTest::mousePress(viewport, Qt::LeftButton, {}, start);
    QTest::mouseMove(viewport, start + QPoint(-60, 0));
    QTest::mouseMove(viewport, start + QPoint(-120, 0));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, start + QPoint(-120, 0));
    QTest::keyRelease(viewport, Qt::Key_Space);
    QCOMPARE(m_view->horizontalScrollBar()->value(), before + 120);
    QCOMPARE(m_document->undoStack()->count(), 0);
    QVERIFY(m_scene->selectedComponents().isEmpty());
}

void TestCanvasEditing::minimapMovesTheView() {
    m_view->resetZoom();
    MinimapWidget *minimap = m_view->minimap();
    QVERIFY(minimap->isVisible()); // at 100 % the homelab does not fit in 1200 px
    m_view->centerOn(m_scene->laneItem(0)->sceneBoundingRect().center());
    const QPointF target = m_scene->laneItem(4)->sceneBoundingRect().center();
    QTest::mouseClick(minimap, Qt::LeftButton, {}, minimap->fromScene(target).toPoint());
    const QPointF centre = m_view->mapToScene(m_view->viewport()->rect().center());
    QVERIFY2(std::abs(centre.x() - target.x()) < 20,
             qPrintable(QStringLiteral("%1 vs %2").arg(centre.x()).arg(target.x())));
    m_view->fitToContents();
    QVERIFY(!minimap->isVisible());
}

QTEST_MAIN(TestCanvasEditing)
#include "tst_canvasediting.moc"
