// The canvas reflects a Design: lanes per wave, nodes per component, AppSet groups framing their
// members, the root and its edges; it follows model changes and both palettes.

#include <canvas/appsetgroupitem.h>
#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <canvas/edgeitem.h>
#include <canvas/rootnodeitem.h>
#include <canvas/wavelaneitem.h>
#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>
#include <wavesmith/templates.h>

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QtTest>

using namespace wavesmith;

namespace {

// Pixels that differ from the top-left corner's colour: a blank rendering has none.
int paintedPixels(const QImage &image) {
    const QRgb background = image.pixel(0, 0);
    int count = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            if (image.pixel(x, y) != background)
                ++count;
        }
    }
    return count;
}

QImage render(DesignScene &scene) {
    const QRectF source = scene.sceneRect();
    QImage image(source.size().toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(scene.palette().color(QPalette::Window));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(image.rect()), source);
    painter.end();
    return image;
}

Component component(const QString &name, int wave) {
    Component c;
    c.name = name;
    c.wave = wave;
    c.namespace_ = name;
    c.sources = {Source{QStringLiteral("https://example.com/repo.git"),
                        QStringLiteral("apps/") + name,
                        QStringLiteral("HEAD"),
                        {},
                        {},
                        {},
                        {}}};
    return c;
}

} // namespace

class TestDesignScene : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void lanesFollowTheWavePlan();
    void everyComponentHasANodeInItsLane();
    void appSetGroupsFrameTheirMembers();
    void rootManagesEveryLane();
    void nodesShowNamespaceAndSource();
    void generatorSummary_data();
    void generatorSummary();
    void dependencyEdges();
    void followsModelChanges();
    void lintFindingsMarkEdgesAndLanes();
    void laneHeaderShowsTheWaveBudget();
    void healthBadgeOpensTheCustomization();
    void emptyDesignStillShowsTheRoot();
    void rendersInLightAndDarkPalettes();

private:
    Catalog m_catalog;
    Design m_homelab;
};

void TestDesignScene::initTestCase() {
    m_catalog = Catalog::builtin();
    m_homelab = homelabTemplate(m_catalog);
    QVERIFY(!m_homelab.components.isEmpty());
}

void TestDesignScene::lanesFollowTheWavePlan() {
    DesignScene scene(m_catalog);
    scene.setDesign(m_homelab);

    const QList<std::pair<int, QString>> expected = {
        {0, QStringLiteral("Foundation")},  {1, QStringLiteral("Storage")},
        {2, QStringLiteral("PVC Plumber")}, {4, QStringLiteral("Infrastructure")},
        {5, QStringLiteral("Monitoring")},  {6, QStringLiteral("User")}};
    const QList<WaveLaneItem *> lanes = scene.laneItems();
    QCOMPARE(lanes.size(), expected.size());
    for (int i = 0; i < lanes.size(); ++i) {
        QCOMPARE(lanes.at(i)->wave(), expected.at(i).first);
        QCOMPARE(lanes.at(i)->title(), QStringLiteral("Wave %1").arg(expected.at(i).first));
        QCOMPARE(lanes.at(i)->phase(), expected.at(i).second);
        QVERIFY(lanes.at(i)->isVisible());
        // Lanes run left to right in wave order, side by side without overlapping.
        if (i > 0) {
            QVERIFY(lanes.at(i)->sceneBoundingRect().left() >
                    lanes.at(i - 1)->sceneBoundingRect().right() - 8);
        }
    }
    QCOMPARE(scene.laneItem(4)->componentCount(), 5);
    QCOMPARE(scene.laneItem(0)->componentCount(), 5);
}

void TestDesignScene::everyComponentHasANodeInItsLane() {
    DesignScene scene(m_catalog);
    scene.setDesign(m_homelab);

    for (const Component &c : std::as_const(m_homelab.components)) {
        ComponentNodeItem *node = scene.componentItem(c.name);
        QVERIFY2(node, qPrintable(c.name));
        QVERIFY(node->isVisible());
        QCOMPARE(node->name(), c.name);
        WaveLaneItem *lane = scene.laneItem(c.wave);
        QVERIFY2(lane, qPrintable(c.name));
        QVERIFY2(lane->mapRectToScene(lane->rect()).contains(node->mapRectToScene(node->rect())),
                 qPrintable(c.name));
        // Below the lane header, never on it.
        QVERIFY(node->scenePos().y() >= lane->scenePos().y() + CanvasMetrics::laneHeaderHeight);
    }
    // No two nodes overlap.
    const QList<Component> &components = m_homelab.components;
    for (int i = 0; i < components.size(); ++i) {
        for (int j = i + 1; j < components.size(); ++j) {
            const ComponentNodeItem *a = scene.componentItem(components.at(i).name);
            const ComponentNodeItem *b = scene.componentItem(components.at(j).name);
            QVERIFY2(!a->mapRectToScene(a->rect()).intersects(b->mapRectToScene(b->rect())),
                     qPrintable(components.at(i).name + QLatin1Char('/') + components.at(j).name));
        }
    }
}

void TestDesignScene::appSetGroupsFrameTheirMembers() {
    DesignScene scene(m_catalog);
    scene.setDesign(m_homelab);

    QCOMPARE(m_homelab.applicationSets.size(), 3);
    for (const ApplicationSet &set : std::as_const(m_homelab.applicationSets)) {
        AppSetGroupItem *group = scene.appSetItem(set.name);
        QVERIFY2(group, qPrintable(set.name));
        QCOMPARE(group->name(), set.name);
        QCOMPARE(group->memberCount(), set.members.size());
        const QRectF frame = group->mapRectToScene(group->rect());
        WaveLaneItem *lane = scene.laneItem(set.wave);
        QVERIFY(lane->mapRectToScene(lane->rect()).contains(frame));
        QVERIFY(!set.members.isEmpty());
        for (const QString &member : set.members) {
            ComponentNodeItem *node = scene.componentItem(member);
            QVERIFY2(node, qPrintable(member));
            QVERIFY2(frame.contains(node->mapRectToScene(node->rect())), qPrintable(member));
            // Drawn above the frame so the frame reads as a background.
            QVERIFY(node->zValue() > group->zValue());
        }
    }
    // Standalone components stay outside every group.
    const QRectF infrastructure =
        scene.appSetItem(QStringLiteral("infrastructure"))->sceneBoundingRect();
    ComponentNodeItem *cilium = scene.componentItem(QStringLiteral("cilium"));
    QVERIFY(!infrastructure.intersects(cilium->sceneBoundingRect()));
    QCOMPARE(scene.appSetItem(QStringLiteral("monitoring"))->generatorSummary(),
             QStringLiteral("git · monitoring/*"));
}

void TestDesignScene::rootManagesEveryLane() {
    DesignScene scene(m_catalog);
    scene.setDesign(m_homelab);

    RootNodeItem *root = scene.rootItem();
    QVERIFY(root);
    QVERIFY(root->isVisible());
    QCOMPARE(root->name(), m_homelab.root.name);
    QCOMPARE(root->path(), m_homelab.root.path);
    QVERIFY(root->waitsForChildren()); // the homelab carries the Application health check
    const QRectF rootRect = root->mapRectToScene(root->rect());

    int manages = 0;
    for (EdgeItem *edge : scene.edgeItems()) {
        if (edge->kind() != EdgeItem::Manages)
            continue;
        ++manages;
        QCOMPARE(edge->from(), m_homelab.root.name);
        const int wave = edge->to().section(QLatin1Char(':'), 1).toInt();
        WaveLaneItem *lane = scene.laneItem(wave);
        QVERIFY(lane);
        // Starts at the root, ends on the lane's top edge.
        const QPointF start = edge->route().pointAtPercent(0);
        const QPointF end = edge->route().pointAtPercent(1);
        QVERIFY(qAbs(start.y() - rootRect.bottom()) < 1);
        QVERIFY(qAbs(end.y() - lane->scenePos().y()) < 1);
        QVERIFY(end.x() > lane->scenePos().x() && end.x() < lane->sceneBoundingRect().right());
    }
    QCOMPARE(manages, scene.laneItems().size());
    // The root sits above every lane.
    for (WaveLaneItem *lane : scene.laneItems())
        QVERIFY(rootRect.bottom() < lane->scenePos().y());
}

void TestDesignScene::laneHeaderShowsTheWaveBudget() {
    DesignScene scene(m_catalog);
    scene.setDesign(m_homelab);
    WaveLaneItem *lane = scene.laneItem(4);
    QVERIFY(lane);
    QVERIFY(!lane->toolTip().contains(QLatin1String("Time budget")));
    // Only the header's phase row, where the budget goes: the nodes below stay out of it.
    const QRectF row = lane->phaseSceneRect();
    const auto renderRow = [&] {
        QImage image(row.size().toSize() * 2, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        scene.render(&painter, QRectF(image.rect()), row);
        return image;
    };
    const QImage without = renderRow();

    Design budgeted = m_homelab;
    for (Wave &wave : budgeted.waves) {
        if (wave.number == 4)
            wave.budgetSeconds = 5400;
    }
    scene.setDesign(budgeted);
    lane = scene.laneItem(4);
    QVERIFY2(lane->toolTip().contains(QLatin1String("Time budget 1h30m")),
             qPrintable(lane->toolTip()));
    QVERIFY(!scene.laneItem(5)->toolTip().contains(QLatin1String("Time budget")));
    const QImage with = renderRow();
    // Drawn at the row's right end; the phase name at its left is unchanged.
    const int half = with.width() / 2;
    QVERIFY(with.copy(half, 0, with.width() - half, with.height()) !=
            without.copy(half, 0, with.width() - half, with.height()));
    QCOMPARE(with.copy(0, 0, half / 2, with.height()), without.copy(0, 0, half / 2, with.height()));
}

void TestDesignScene::nodesShowNamespaceAndSource() {
    DesignScene scene(m_catalog);
    scene.setDesign(m_homelab);
    const Component *cilium = m_homelab.component(QStringLiteral("cilium"));
    QVERIFY(cilium);
    ComponentNodeItem *node = scene.componentItem(QStringLiteral("cilium"));
    QCOMPARE(node->namespaceText(), cilium->namespace_);
    QVERIFY(!node->sourceText().isEmpty());
    QVERIFY(node->iconPath().endsWith(QLatin1String(".svg")));
    QVERIFY(node->toolTip().contains(QLatin1String("cilium")));
    ComponentNodeItem *projects = scene.componentItem(QStringLiteral("projects"));
    QVERIFY(projects);
    QCOMPARE(projects->sourceText(), QStringLiteral("3 AppProjects"));
}

void TestDesignScene::generatorSummary_data() {
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QStringList>("excluded");
    QTest::addColumn<QString>("summary");
    QTest::newRow("one pattern") << QStringList{QStringLiteral("monitoring/*")} << QStringList{}
                                 << QStringLiteral("git · monitoring/*");
    QTest::newRow("explicit paths")
        << QStringList{QStringLiteral("a/b"), QStringLiteral("a/c"), QStringLiteral("a/d")}
        << QStringList{} << QStringLiteral("git · 3 paths");
    QTest::newRow("one path") << QStringList{QStringLiteral("a/b")} << QStringList{}
                              << QStringLiteral("git · a/b");
    QTest::newRow("pattern and exclude")
        << QStringList{QStringLiteral("apps/*"), QStringLiteral("more/*")}
        << QStringList{QStringLiteral("apps/old")}
        << QStringLiteral("git · apps/* +1 · 1 excluded");
    QTest::newRow("nothing") << QStringList{} << QStringList{}
                             << QStringLiteral("git · no directories");
}

void TestDesignScene::generatorSummary() {
    QFETCH(QStringList, paths);
    QFETCH(QStringList, excluded);
    QFETCH(QString, summary);
    ApplicationSet set;
    for (const QString &p : paths)
        set.directories.append({p, false});
    for (const QString &p : excluded)
        set.directories.append({p, true});
    QCOMPARE(AppSetGroupItem::summarizeGenerator(set), summary);
}

void TestDesignScene::dependencyEdges() {
    Design design;
    design.waves = {{0, QStringLiteral("Base")}, {1, QStringLiteral("Apps")}};
    design.components = {component(QStringLiteral("db"), 0), component(QStringLiteral("api"), 1),
                         component(QStringLiteral("cache"), 1)};
    design.components[1].dependsOn = {QStringLiteral("db"), QStringLiteral("cache"),
                                      QStringLiteral("missing")};
    DesignScene scene(m_catalog);
    scene.setDesign(design);

    QList<EdgeItem *> dependencies;
    for (EdgeItem *edge : scene.edgeItems()) {
        if (edge->kind() == EdgeItem::DependsOn)
            dependencies.append(edge);
    }
    // A dangling name draws nothing (the linter reports it).
    QCOMPARE(dependencies.size(), 2);
    for (EdgeItem *edge : std::as_const(dependencies)) {
        QCOMPARE(edge->to(), QStringLiteral("api"));
        const QRectF from = scene.componentItem(edge->from())->sceneBoundingRect();
        const QRectF to = scene.componentItem(edge->to())->sceneBoundingRect();
        QVERIFY(from.contains(edge->route().pointAtPercent(0)));
        QVERIFY(to.contains(edge->route().pointAtPercent(1)));
        // db is in an earlier wave: fine; cache shares api's wave: waves will not order them.
        QCOMPARE(edge->isInvalid(), edge->from() == QLatin1String("cache"));
        if (edge->isInvalid())
            QVERIFY(edge->toolTip().contains(QLatin1String("this dependency is not ordered")));
    }
}

void TestDesignScene::followsModelChanges() {
    DesignScene scene(m_catalog);
    QSignalSpy layouts(&scene, &DesignScene::layoutChanged);
    scene.setDesign(m_homelab);
    QCOMPARE(layouts.size(), 1);

    // Items are kept by id: an unchanged component keeps its item.
    ComponentNodeItem *cilium = scene.componentItem(QStringLiteral("cilium"));
    Design smaller = m_homelab;
    smaller.components.removeIf(
        [](const Component &c) { return c.name == QLatin1String("pvc-plumber"); });
    smaller.waves.removeIf([](const Wave &w) { return w.number == 2; });
    scene.setDesign(smaller);
    QCOMPARE(scene.componentItem(QStringLiteral("cilium")), cilium);
    QVERIFY(!scene.componentItem(QStringLiteral("pvc-plumber")));
    QVERIFY(!scene.laneItem(2)); // no component and no name left for wave 2
    QCOMPARE(scene.laneItems().size(), 5);

    // A wave change moves the node to the other lane.
    Component moved = *smaller.component(QStringLiteral("longhorn"));
    moved.wave = 0;
    scene.updateComponent(moved);
    ComponentNodeItem *longhorn = scene.componentItem(QStringLiteral("longhorn"));
    QVERIFY(scene.laneItem(0)->sceneBoundingRect().contains(longhorn->sceneBoundingRect()));
    QCOMPARE(scene.design().component(QStringLiteral("longhorn"))->wave, 0);
    QCOMPARE(layouts.size(), 3);
}

void TestDesignScene::lintFindingsMarkEdgesAndLanes() {
    // api (wave 1) needs cache (wave 1): WS001. x (wave 0) and y (wave 2) need each other: WS002
    // on both edges (and WS001 on x's). db -> api is fine.
    Design design;
    design.waves = {{0, QStringLiteral("Base")}, {1, QStringLiteral("Apps")}, {2, {}}};
    design.components = {component(QStringLiteral("db"), 0), component(QStringLiteral("api"), 1),
                         component(QStringLiteral("cache"), 1), component(QStringLiteral("x"), 0),
                         component(QStringLiteral("y"), 2)};
    design.components[1].dependsOn = {QStringLiteral("db"), QStringLiteral("cache")};
    design.components[3].dependsOn = {QStringLiteral("y")};
    design.components[4].dependsOn = {QStringLiteral("x")};
    // The real linter's findings, as the window hands them over.
    const QList<LintFinding> findings = lintDesign(design, LintFiles{}, m_catalog);
    const auto has = [&](const QString &id, const QString &component) {
        return std::any_of(findings.begin(), findings.end(), [&](const LintFinding &f) {
            return f.ruleId == id && f.component == component;
        });
    };
    QVERIFY(has(QStringLiteral("WS001"), QStringLiteral("api")));
    QVERIFY(has(QStringLiteral("WS002"), QStringLiteral("x")) ||
            has(QStringLiteral("WS002"), QStringLiteral("y")));

    DesignScene scene(m_catalog);
    scene.setDesign(design);
    scene.setLintFindings(findings);
    EdgeItem *same = scene.dependencyEdge(QStringLiteral("cache"), QStringLiteral("api"));
    EdgeItem *fine = scene.dependencyEdge(QStringLiteral("db"), QStringLiteral("api"));
    EdgeItem *xy = scene.dependencyEdge(QStringLiteral("y"), QStringLiteral("x"));
    EdgeItem *yx = scene.dependencyEdge(QStringLiteral("x"), QStringLiteral("y"));
    QVERIFY(same && fine && xy && yx);
    QCOMPARE(same->lintBadge(), std::optional(Diagnostic::Severity::Error));
    QVERIFY2(same->toolTip().contains(QLatin1String("[WS001] error:")),
             qPrintable(same->toolTip()));
    QVERIFY(!fine->lintBadge());
    QVERIFY(!fine->toolTip().contains(QLatin1String("[WS")));
    for (EdgeItem *edge : {xy, yx}) {
        QCOMPARE(edge->lintBadge(), std::optional(Diagnostic::Severity::Error));
        QVERIFY2(edge->toolTip().contains(QLatin1String("[WS002] error: dependency cycle")),
                 qPrintable(edge->toolTip()));
    }
    // Lanes: wave 1 holds api's finding, wave 0 x's; the badge counts them.
    QCOMPARE(scene.laneItem(1)->lintBadge(), std::optional(Diagnostic::Severity::Error));
    QVERIFY(scene.laneItem(1)->lintCount() >= 1);
    QVERIFY(scene.laneItem(1)->toolTip().contains(QLatin1String("[WS001]")));
    QCOMPARE(scene.componentItem(QStringLiteral("api"))->lintBadge(),
             std::optional(Diagnostic::Severity::Error));
    QVERIFY(!scene.componentItem(QStringLiteral("db"))->lintBadge());

    // Edges are rebuilt on every change; the marks of the last run are laid on again.
    scene.setDesign(design);
    same = scene.dependencyEdge(QStringLiteral("cache"), QStringLiteral("api"));
    QCOMPARE(same->lintBadge(), std::optional(Diagnostic::Severity::Error));

    // Suppressed findings mark nothing; a clean run clears every mark.
    QList<LintFinding> suppressed = findings;
    for (LintFinding &f : suppressed)
        f.suppressed = true;
    scene.setLintFindings(suppressed);
    QVERIFY(!same->lintBadge());
    QVERIFY(!scene.laneItem(1)->lintBadge());
    QVERIFY(!scene.componentItem(QStringLiteral("api"))->lintBadge());
    QVERIFY(!same->toolTip().contains(QLatin1String("[WS001]")));
}

void TestDesignScene::healthBadgeOpensTheCustomization() {
    // argocd installs the argoproj.io CRDs: the Application check judges what it installs.
    QVERIFY(
        m_homelab.hasHealthCheckFor(QStringLiteral("argoproj.io"), QStringLiteral("Application")));
    DesignScene scene(m_catalog);
    scene.setDesign(m_homelab);
    ComponentNodeItem *argocd = scene.componentItem(QStringLiteral("argocd"));
    QVERIFY(argocd);
    QCOMPARE(argocd->healthChecks(),
             (QList<QPair<QString, QString>>{
                 {QStringLiteral("argoproj.io"), QStringLiteral("Application")}}));
    QVERIFY(argocd->toolTip().contains(QLatin1String("Health check for argoproj.io/Application")));
    // cilium's CRDs (cilium.io) have no customization in this design: no badge.
    QVERIFY(scene.componentItem(QStringLiteral("cilium"))->healthChecks().isEmpty());
    QVERIFY(scene.componentItem(QStringLiteral("cilium"))->healthBadgeRect().isNull());

    DesignView view;
    view.setDesignScene(&scene);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.resetZoom();
    QSignalSpy requested(&scene, &DesignScene::healthCheckRequested);
    // Elsewhere on the card a double-click opens nothing.
    const QPointF card = argocd->mapToScene(QPointF(60, argocd->rect().center().y()));
    view.centerOn(card);
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(card));
    QCOMPARE(requested.size(), 0);
    const QPointF badge = argocd->mapToScene(argocd->healthBadgeRect().center());
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(badge));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).toString(), QStringLiteral("argoproj.io"));
    QCOMPARE(requested.first().at(1).toString(), QStringLiteral("Application"));
}

void TestDesignScene::emptyDesignStillShowsTheRoot() {
    DesignScene scene(m_catalog);
    scene.setDesign(Design{});
    QVERIFY(scene.laneItems().isEmpty());
    QVERIFY(scene.rootItem()->isVisible());
    QVERIFY(scene.sceneRect().contains(scene.rootItem()->sceneBoundingRect()));
    QVERIFY(paintedPixels(render(scene)) > 100);
}

void TestDesignScene::rendersInLightAndDarkPalettes() {
    QPalette light;
    light.setColor(QPalette::Window, QColor(0xef, 0xf0, 0xf1));
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, QColor(0x23, 0x26, 0x29));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2a, 0x2e, 0x32));
    dark.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    dark.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));

    for (const bool isDark : {false, true}) {
        DesignScene scene(m_catalog);
        scene.setPalette(isDark ? dark : light);
        scene.setDesign(m_homelab);
        QCOMPARE(scene.style().isDark(), isDark);
        // Node text keeps its contrast against the node in both palettes.
        const qreal contrast =
            qAbs(scene.style().text().lightnessF() - scene.style().nodeFill().lightnessF());
        QVERIFY(contrast > 0.6);
        const QImage image = render(scene);
        QVERIFY(paintedPixels(image) > image.width() * image.height() / 16);
        // WAVESMITH_CANVAS_SNAPSHOTS=DIR keeps the renderings for a human to look at.
        const QString dir = qEnvironmentVariable("WAVESMITH_CANVAS_SNAPSHOTS");
        if (!dir.isEmpty())
            QVERIFY(image.save(dir + (isDark ? QStringLiteral("/canvas-dark.png")
                                             : QStringLiteral("/canvas-light.png"))));
    }
}

QTEST_MAIN(TestDesignScene)
#include "tst_designscene.moc"
