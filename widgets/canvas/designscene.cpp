#include "designscene.h"

#include "appsetgroupitem.h"
#include "componentnodeitem.h"
#include "edgeitem.h"
#include "rootnodeitem.h"
#include "wavelaneitem.h"

#include <QEvent>
#include <QSet>

namespace wavesmith {

namespace {

// Stacking order: lanes at the back, then the root's edges, groups, dependency edges, nodes.
constexpr qreal laneZ = 0;
constexpr qreal rootEdgeZ = 1;
constexpr qreal groupZ = 2;
constexpr qreal dependencyEdgeZ = 3;
constexpr qreal nodeZ = 4;

// Room around the content so fit-to-window does not glue it to the view's edges.
constexpr qreal sceneMargin = 32;

} // namespace

DesignScene::DesignScene(Catalog catalog, QObject *parent)
    : QGraphicsScene(parent)
    , m_catalog(std::move(catalog))
    , m_style(palette()) {
    // Items are few and large; the BSP index would only cost time on every relayout.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    m_root = new RootNodeItem;
    m_root->setZValue(nodeZ);
    addItem(m_root);
}

DesignScene::~DesignScene() = default;

QColor DesignScene::waveAccent(int wave) const {
    return m_style.waveAccent(m_laneIndex.value(wave, 0));
}

QString DesignScene::iconFor(const Component &component) const {
    if (component.kind == ComponentKind::Projects)
        return QStringLiteral(":/wavesmith/icons/project.svg");
    const CatalogEntry *entry = nullptr;
    if (!component.catalogId.isEmpty())
        entry = m_catalog.find(component.catalogId);
    if (!entry)
        entry = m_catalog.match(component.name);
    if (entry && !entry->icon.isEmpty())
        return entry->icon;
    return QStringLiteral(":/wavesmith/icons/component.svg");
}

ComponentNodeItem *DesignScene::componentItem(const QString &name) const {
    return m_components.value(name);
}

bool DesignScene::selectComponent(const QString &name) {
    ComponentNodeItem *item = m_components.value(name);
    clearSelection();
    if (!item)
        return false;
    item->setSelected(true);
    return true;
}

QString DesignScene::selectedComponent() const {
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == CanvasItem::ComponentType)
            return static_cast<ComponentNodeItem *>(item)->name();
    }
    return {};
}

void DesignScene::setLintBadges(const QHash<QString, Diagnostic::Severity> &worst) {
    for (auto it = m_components.cbegin(); it != m_components.cend(); ++it) {
        const auto found = worst.constFind(it.key());
        (*it)->setLintBadge(
            found == worst.constEnd() ? std::nullopt : std::optional<Diagnostic::Severity>(*found));
    }
}

AppSetGroupItem *DesignScene::appSetItem(const QString &name) const {
    return m_appSets.value(name);
}

WaveLaneItem *DesignScene::laneItem(int wave) const {
    return m_lanes.value(wave);
}

QList<WaveLaneItem *> DesignScene::laneItems() const {
    return m_lanes.values();
}

QList<EdgeItem *> DesignScene::edgeItems() const {
    return m_edges;
}

void DesignScene::setCatalog(Catalog catalog) {
    m_catalog = std::move(catalog);
    refreshAll();
}

void DesignScene::setDesign(const Design &design) {
    m_design = design;
    syncItems();
}

void DesignScene::updateComponent(const Component &component) {
    Component *existing = m_design.component(component.name);
    if (!existing)
        return;
    *existing = component;
    syncItems();
}

bool DesignScene::event(QEvent *event) {
    // Follow the application's light or dark palette while running.
    if (event->type() == QEvent::PaletteChange) {
        m_style = CanvasStyle(palette());
        refreshAll();
    }
    return QGraphicsScene::event(event);
}

void DesignScene::syncItems() {
    m_laneIndex.clear();
    const QList<int> waves = m_design.waveNumbers();
    for (int i = 0; i < waves.size(); ++i)
        m_laneIndex.insert(waves.at(i), i);

    // Lanes: one per wave in use.
    const QSet<int> waveSet(waves.begin(), waves.end());
    for (auto it = m_lanes.begin(); it != m_lanes.end();) {
        if (!waveSet.contains(it.key())) {
            delete it.value();
            it = m_lanes.erase(it);
        } else {
            ++it;
        }
    }
    for (int wave : waves) {
        if (!m_lanes.contains(wave)) {
            auto *lane = new WaveLaneItem(wave);
            lane->setZValue(laneZ);
            addItem(lane);
            m_lanes.insert(wave, lane);
        }
    }

    // Components and ApplicationSets, keyed by name.
    QSet<QString> names;
    for (const Component &c : m_design.components)
        names.insert(c.name);
    for (auto it = m_components.begin(); it != m_components.end();) {
        if (!names.contains(it.key())) {
            delete it.value();
            it = m_components.erase(it);
        } else {
            ++it;
        }
    }
    for (const Component &c : m_design.components) {
        if (!m_components.contains(c.name)) {
            auto *node = new ComponentNodeItem(c.name);
            node->setZValue(nodeZ);
            addItem(node);
            m_components.insert(c.name, node);
        }
    }

    QSet<QString> setNames;
    for (const ApplicationSet &set : m_design.applicationSets)
        setNames.insert(set.name);
    for (auto it = m_appSets.begin(); it != m_appSets.end();) {
        if (!setNames.contains(it.key())) {
            delete it.value();
            it = m_appSets.erase(it);
        } else {
            ++it;
        }
    }
    for (const ApplicationSet &set : m_design.applicationSets) {
        if (!m_appSets.contains(set.name)) {
            auto *group = new AppSetGroupItem(set.name);
            group->setZValue(groupZ);
            addItem(group);
            m_appSets.insert(set.name, group);
        }
    }

    // Edges are cheap and derived: rebuild them all.
    qDeleteAll(m_edges);
    m_edges.clear();
    for (int wave : waves) {
        auto *edge = new EdgeItem(EdgeItem::Manages, m_design.root.name,
                                  QStringLiteral("wave:%1").arg(wave));
        edge->setZValue(rootEdgeZ);
        addItem(edge);
        m_edges.append(edge);
    }
    for (const Component &c : m_design.components) {
        for (const QString &needed : c.dependsOn) {
            if (!m_components.contains(needed))
                continue; // the linter reports dangling dependencies; nothing to draw
            auto *edge = new EdgeItem(EdgeItem::DependsOn, needed, c.name);
            edge->setZValue(dependencyEdgeZ);
            addItem(edge);
            m_edges.append(edge);
        }
    }

    relayout();
    refreshAll();
}

void DesignScene::relayout() {
    m_geometry = layoutDesign(m_design);
    m_root->setGeometry(m_geometry.root);
    for (const LaneGeometry &lane : m_geometry.lanes) {
        if (WaveLaneItem *item = m_lanes.value(lane.wave))
            item->setGeometry(lane.rect);
    }
    for (auto it = m_components.cbegin(); it != m_components.cend(); ++it) {
        const QRectF rect = m_geometry.nodes.value(it.key());
        it.value()->setVisible(!rect.isNull());
        it.value()->setGeometry(rect);
    }
    for (auto it = m_appSets.cbegin(); it != m_appSets.cend(); ++it) {
        const QRectF rect = m_geometry.groups.value(it.key());
        it.value()->setVisible(!rect.isNull());
        it.value()->setGeometry(rect);
    }
    for (EdgeItem *edge : std::as_const(m_edges)) {
        if (edge->kind() == EdgeItem::Manages) {
            const int wave = edge->to().section(QLatin1Char(':'), 1).toInt();
            if (const LaneGeometry *lane = m_geometry.lane(wave))
                edge->setRoute(rootToLaneRoute(m_geometry, *lane));
        } else {
            edge->setRoute(dependencyRoute(m_geometry.nodes.value(edge->from()),
                                           m_geometry.nodes.value(edge->to())));
        }
    }
    setSceneRect(m_geometry.bounds.adjusted(-sceneMargin, -sceneMargin, sceneMargin, sceneMargin));
    Q_EMIT layoutChanged();
}

void DesignScene::refreshAll() {
    m_root->refresh();
    for (WaveLaneItem *lane : std::as_const(m_lanes))
        lane->refresh();
    for (AppSetGroupItem *group : std::as_const(m_appSets))
        group->refresh();
    for (ComponentNodeItem *node : std::as_const(m_components))
        node->refresh();
    for (EdgeItem *edge : std::as_const(m_edges))
        edge->refresh();
    update();
}

} // namespace wavesmith
