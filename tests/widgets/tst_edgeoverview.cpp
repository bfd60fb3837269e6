// Zoomed far out the dependency edges are drawn by one overview layer instead of item by item
// (EdgeOverviewItem): read back from the pixels of the real view that every edge is still
// there in its colour (an invalid one red), that edges stay clickable and explain themselves
// in a tooltip, that a drag's edges follow the node, and that at 100 % the edge items draw and
// are hit again.

#include <canvas/canvaslint.h>
#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <canvas/edgeitem.h>
#include <canvas/edgeoverviewitem.h>
#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>
#include <wavesmith/model.h>

#include <QGraphicsSceneMouseEvent>
#include <QHelpEvent>
#include <QImage>
#include <QToolTip>
#include <QtTest>

#include <cmath>

using namespace wavesmith;

namespace {

constexpr int perLane = 80;

QString nodeName(int i) {
    return QStringLiteral("c-%1").arg(i, 3, 10, QLatin1Char('0'));
}

// Three lanes of 80 components: tall enough that fitting the view zooms far out.
Design tallDesign() {
    Design design;
    design.repoURL = QStringLiteral("https://example.com/tall.git");
    for (int i = 0; i < 3 * perLane; ++i) {
        Component c;
        c.name = nodeName(i);
        c.wave = i / perLane;
        c.namespace_ = QStringLiteral("default");
        c.sources = {Source{design.repoURL,
                            QStringLiteral("apps/") + c.name,
                            QStringLiteral("HEAD"),
                            {},
                            {},
                            {},
                            {}}};
        design.components.append(c);
    }
    for (int w = 0; w < 3; ++w)
        design.waves.append(Wave{w, QStringLiteral("Phase %1").arg(w)});
    // Valid: c-120 (wave 1) needs c-010 (wave 0). Invalid: c-070 (wave 0) needs c-110 (wave 1).
    design.components[120].dependsOn = {nodeName(10)};
    design.components[70].dependsOn = {nodeName(110)};
    return design;
}

// The longest straight piece of a route (they are orthogonal): it runs in a gap between lanes
// or across one, clear of the nodes drawn over the edges.
QLineF longestSegment(const QPainterPath &route) {
    QLineF best;
    for (const QPolygonF &polygon : route.toSubpathPolygons()) {
        for (qsizetype i = 0; i + 1 < polygon.size(); ++i) {
            const QLineF piece(polygon.at(i), polygon.at(i + 1));
            if (piece.length() > best.length())
                best = piece;
        }
    }
    return best;
}

int distance(QRgb a, const QColor &b) {
    return std::abs(qRed(a) - b.red()) + std::abs(qGreen(a) - b.green()) +
           std::abs(qBlue(a) - b.blue());
}

// Of the points sampled every pixel along the middle 80 % of `segment` (horizontal or
// vertical), the share that have a pixel within `tolerance` of `color` at most one pixel to
// either side (rounding may put the line there; along the line dash gaps must stay visible).
qreal shareOfColor(const QImage &image, const DesignView &view, const QLineF &segment,
                   const QColor &color, int tolerance) {
    const QPointF a = view.mapFromScene(segment.pointAt(0.1));
    const QPointF b = view.mapFromScene(segment.pointAt(0.9));
    const int samples = std::max(2, int(QLineF(a, b).length()));
    const QPoint aside =
        std::abs(b.x() - a.x()) > std::abs(b.y() - a.y()) ? QPoint(0, 1) : QPoint(1, 0);
    int hits = 0;
    for (int s = 0; s <= samples; ++s) {
        const QPoint p = (a + (b - a) * (qreal(s) / samples)).toPoint();
        bool hit = false;
        for (int k = -1; k <= 1 && !hit; ++k) {
            const QPoint q = p + aside * k;
            hit = image.rect().contains(q) && distance(image.pixel(q), color) <= tolerance;
        }
        hits += hit ? 1 : 0;
    }
    return qreal(hits) / (samples + 1);
}

} // namespace

class TestEdgeOverview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void farOutTheLayerDrawsEveryEdge();
    void farOutEdgesArePickedAndExplained();
    void farOutLintFindingsColourTheirEdge();
    void aDraggedNodesEdgesLeaveTheLayer();
    void atFullSizeEdgeItemsDrawAndHit();

private:
    QImage shot() const { return m_view->viewport()->grab().toImage(); }
    void pressScene(const QPointF &scenePos);

    DesignScene *m_scene = nullptr;
    DesignView *m_view = nullptr;
    EdgeItem *m_valid = nullptr;
    EdgeItem *m_invalid = nullptr;
};

void TestEdgeOverview::init() {
    m_scene = new DesignScene(Catalog::builtin());
    m_scene->setDesign(tallDesign());
    m_view = new DesignView;
    m_view->setDesignScene(m_scene);
    m_view->resize(900, 900);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    m_view->fitToContents();
    m_valid = m_scene->dependencyEdge(nodeName(10), nodeName(120));
    m_invalid = m_scene->dependencyEdge(nodeName(110), nodeName(70));
    QVERIFY(m_valid && m_invalid);
    QVERIFY(!m_valid->isInvalid());
    QVERIFY(m_invalid->isInvalid());
}

void TestEdgeOverview::cleanup() {
    delete m_view;
    delete m_scene;
}

void TestEdgeOverview::pressScene(const QPointF &scenePos) {
    // At this zoom a pixel is several scene units; a scene event hits the line exactly.
    QGraphicsSceneMouseEvent press(QEvent::GraphicsSceneMousePress);
    press.setScenePos(scenePos);
    press.setButton(Qt::LeftButton);
    press.setButtons(Qt::LeftButton);
    QApplication::sendEvent(m_scene, &press);
    QGraphicsSceneMouseEvent release(QEvent::GraphicsSceneMouseRelease);
    release.setScenePos(scenePos);
    release.setButton(Qt::LeftButton);
    QApplication::sendEvent(m_scene, &release);
}

void TestEdgeOverview::farOutTheLayerDrawsEveryEdge() {
    QVERIFY(m_view->zoom() < EdgeItem::overviewLod);
    QVERIFY(m_scene->edgeOverview()->isOverview());
    // The edge items are skipped as a whole; the layer draws them.
    QVERIFY(!m_valid->isVisible());
    QVERIFY(!m_invalid->isVisible());
    const QImage image = shot();
    const QColor orange = m_scene->style().dependencyEdge();
    const QColor red(0xdc, 0x26, 0x26);
    // Aliased opaque hairlines: the exact colours, the whole length of a solid line.
    QVERIFY2(shareOfColor(image, *m_view, longestSegment(m_valid->route()), orange, 0) > 0.95,
             "the valid edge is not drawn in the dependency colour");
    const qreal dashed = shareOfColor(image, *m_view, longestSegment(m_invalid->route()), red, 0);
    QVERIFY2(dashed > 0.3, qPrintable(QStringLiteral("red on %1 of the invalid edge").arg(dashed)));
    QVERIFY2(dashed < 0.95, "the invalid edge is not dashed");
    QVERIFY(shareOfColor(image, *m_view, longestSegment(m_valid->route()), red, 0) < 0.05);
}

void TestEdgeOverview::farOutEdgesArePickedAndExplained() {
    const QLineF segment = longestSegment(m_invalid->route());
    pressScene(segment.pointAt(0.5));
    QCOMPARE(m_scene->pickedEdge(), m_invalid);
    // The layer draws the picked edge apart from the rest (bolder), still red and dashed.
    const qreal red = shareOfColor(shot(), *m_view, segment, QColor(0xdc, 0x26, 0x26), 0);
    QVERIFY2(red > 0.3 && red < 1, qPrintable(QStringLiteral("red on %1").arg(red)));

    // The tooltip names both ends, though the item is hidden. A pixel spans several scene
    // units here: take the one whose scene point lies nearest the line.
    const QLineF line = longestSegment(m_valid->route());
    const QPointF target = line.pointAt(0.5);
    QPoint at = m_view->mapFromScene(target);
    for (int dx = -2; dx <= 2; ++dx) {
        for (int dy = -2; dy <= 2; ++dy) {
            const QPoint p = m_view->mapFromScene(target) + QPoint(dx, dy);
            if (QLineF(m_view->mapToScene(p), target).length() <
                QLineF(m_view->mapToScene(at), target).length())
                at = p;
        }
    }
    QToolTip::hideText();
    QHelpEvent help(QEvent::ToolTip, at, m_view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(m_view->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), m_valid->toolTip());
    QVERIFY(QToolTip::text().contains(nodeName(10)));
    QToolTip::hideText();
}

void TestEdgeOverview::farOutLintFindingsColourTheirEdge() {
    LintFinding finding;
    finding.ruleId = QStringLiteral("WS010");
    finding.severity = Diagnostic::Severity::Warning;
    finding.component = nodeName(120);
    finding.message = QStringLiteral("c-120 waits on c-010 through nothing it can check");
    finding.dependencyPath = {nodeName(120), nodeName(10)};
    m_scene->setLintFindings({finding});
    QCOMPARE(m_valid->lintBadge(), Diagnostic::Severity::Warning);
    // The whole line in the warning colour, and the mark at its middle.
    const QColor warning = lintSeverityColor(Diagnostic::Severity::Warning);
    const QImage image = shot();
    QVERIFY(shareOfColor(image, *m_view, longestSegment(m_valid->route()), warning, 0) > 0.95);
    QCOMPARE(distance(image.pixel(m_view->mapFromScene(m_valid->lintMarkCenter())), warning), 0);
    // Cleared findings give the edge its own colour back.
    m_scene->setLintFindings({});
    QVERIFY(shareOfColor(shot(), *m_view, longestSegment(m_valid->route()),
                         m_scene->style().dependencyEdge(), 0) > 0.95);
}

void TestEdgeOverview::aDraggedNodesEdgesLeaveTheLayer() {
    ComponentNodeItem *node = m_scene->componentItem(nodeName(120));
    QVERIFY(node);
    QWidget *viewport = m_view->viewport();
    const QPoint start = m_view->mapFromScene(node->mapRectToScene(node->rect()).center());
    QTest::mousePress(viewport, Qt::LeftButton, {}, start);
    QTest::mouseMove(viewport, start + QPoint(5, 20));
    QTest::mouseMove(viewport, start + QPoint(5, 40));
    // Mid-drag the carried edge draws itself (it is out of the hidden group) and follows.
    QVERIFY(!m_scene->edgeOverview()->contains(m_valid));
    QVERIFY(m_valid->isVisible());
    const QRectF now = node->mapRectToScene(node->rect());
    QVERIFY(
        QLineF(m_valid->route().pointAtPercent(1), QPointF(now.left(), now.center().y())).length() <
        1.5);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, start + QPoint(5, 40));
    // Dropped in its own lane: back in the layer, hidden with the rest, drawn by the layer.
    QVERIFY(m_scene->edgeOverview()->contains(m_valid));
    QVERIFY(!m_valid->isVisible());
    QVERIFY(shareOfColor(shot(), *m_view, longestSegment(m_valid->route()),
                         m_scene->style().dependencyEdge(), 0) > 0.95);
}

void TestEdgeOverview::atFullSizeEdgeItemsDrawAndHit() {
    m_view->resetZoom();
    QVERIFY(!m_scene->edgeOverview()->isOverview());
    QVERIFY(!m_scene->edgeOverview()->contains(m_valid)); // a top-level item again
    QVERIFY(m_valid->isVisible());
    const QLineF segment = longestSegment(m_valid->route());
    m_view->centerOn(segment.pointAt(0.5));
    // Antialiased, 1.6 pixels wide: near the colour rather than exactly it (the background
    // is hundreds away).
    const QImage image = shot();
    QVERIFY(shareOfColor(image, *m_view, QLineF(segment.pointAt(0.45), segment.pointAt(0.55)),
                         m_scene->style().dependencyEdge(), 100) > 0.9);
    // A click on the line picks the edge item itself.
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {},
                      m_view->mapFromScene(segment.pointAt(0.5)));
    QCOMPARE(m_scene->pickedEdge(), m_valid);
    QCOMPARE(m_scene->itemAt(segment.pointAt(0.5), QTransform()), m_valid);
}

QTEST_MAIN(TestEdgeOverview)
#include "tst_edgeoverview.moc"
