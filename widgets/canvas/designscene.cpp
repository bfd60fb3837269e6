#include "designscene.h"

#include "appsetgroupitem.h"
#include "canvasarrange.h"
#include "canvaslint.h"
#include "componentnodeitem.h"
#include "edgeitem.h"
#include "edgeoverviewitem.h"
#include "phaseeditoritem.h"
#include "rootnodeitem.h"
#include "wavelaneitem.h"

#include <wavesmith/document.h>
#include <wavesmith/edit.h>

#include <QApplication>
#include <QEvent>
#include <QGraphicsPathItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneHelpEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLineF>
#include <QMenu>
#include <QSet>
#include <QToolTip>

#include <algorithm>

namespace wavesmith {

namespace {

// Stacking order: lanes at the back, then the root's edges, groups, dependency edges, nodes,
// and whatever a drag carries on top of everything.
constexpr qreal laneZ = 0;
constexpr qreal rootEdgeZ = 1;
constexpr qreal groupZ = 2;
constexpr qreal dependencyEdgeZ = 3;
constexpr qreal nodeZ = 4;
constexpr qreal draggedZ = 10;
constexpr qreal editorZ = 20;

// Room around the content so fit-to-window does not glue it to the view's edges.
constexpr qreal sceneMargin = 32;

bool isMember(const Design &design, const QString &name) {
    const Component *c = design.component(name);
    return c && c->kind == ComponentKind::AppSetMember && !c->appSet.isEmpty() &&
           design.applicationSet(c->appSet);
}

} // namespace

DesignScene::DesignScene(Catalog catalog, QObject *parent)
    : QGraphicsScene(parent)
    , m_catalog(std::move(catalog))
    , m_style(palette()) {
    // The BSP index keeps hover and click lookups fast with thousands of items; items move only
    // on relayout and while dragged.
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    m_root = new RootNodeItem;
    // New items get the live status (if any) once they are laid out.
    connect(this, &DesignScene::layoutChanged, this, &DesignScene::applyLiveHealth);
    m_root->setZValue(nodeZ);
    addItem(m_root);
    m_edgeOverview = new EdgeOverviewItem;
    m_edgeOverview->setZValue(dependencyEdgeZ);
    addItem(m_edgeOverview);
}

DesignScene::~DesignScene() = default;

void DesignScene::setOverview(bool overview) {
    if (overview == isOverview())
        return;
    // A dragged node's edges stay out of the group until the drop (see beginItemDrag()).
    QList<EdgeItem *> edges;
    edges.reserve(m_edges.size());
    for (EdgeItem *edge : std::as_const(m_edges)) {
        if (!m_dragEdges.contains(edge))
            edges.append(edge);
    }
    // Each moved edge would leave and re-enter the BSP index on its own; rebuilt once instead.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    m_edgeOverview->setOverview(overview, edges);
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    for (ComponentNodeItem *node : std::as_const(m_components))
        node->setFarOut(overview);
}

bool DesignScene::isOverview() const {
    return m_edgeOverview->isOverview();
}

void DesignScene::setDocument(DesignDocument *document) {
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (!document)
        return;
    connect(document, &DesignDocument::designReset, this, [this] {
        // A new design: view choices made for the old one no longer apply.
        m_layoutOptions = {};
        m_currentLane.reset();
        m_pickedFrom.clear();
        m_pickedTo.clear();
        clearSelection();
        followDocument();
    });
    connect(document, &DesignDocument::designChanged, this,
            [this](const QStringList &touched) { followDocument(touched); });
    followDocument();
}

void DesignScene::followDocument(const QStringList &touched) {
    if (!m_document)
        return;
    // A change under a running gesture (an undo by shortcut mid-drag) ends the gesture first.
    if (m_gesture == Gesture::DragItems)
        cancelItemDrag();
    if (m_phaseEditor)
        finishPhaseEdit();
    const QStringList selected = selectedComponents();
    // A rename touches the old name and the new one: a selected node follows it.
    QStringList appeared;
    for (const QString &name : touched) {
        if (!m_components.contains(name) && m_document->design().component(name))
            appeared.append(name);
    }
    setDesign(m_document->design());
    for (const QString &name : selected) {
        ComponentNodeItem *node = m_components.value(name);
        if (!node && appeared.size() == 1 && touched.contains(name))
            node = m_components.value(appeared.first());
        if (node)
            node->setSelected(true);
    }
}

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
    setPickedEdge(nullptr);
    if (!item)
        return false;
    item->setSelected(true);
    setCurrentLane(m_geometry.nodeWaves.value(name));
    return true;
}

QString DesignScene::selectedComponent() const {
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == CanvasItem::ComponentType)
            return static_cast<ComponentNodeItem *>(item)->name();
    }
    return {};
}

QStringList DesignScene::selectedComponents() const {
    QStringList names;
    for (const Component &c : m_design.components) {
        const ComponentNodeItem *node = m_components.value(c.name);
        if (node && node->isSelected())
            names.append(c.name);
    }
    return names;
}

EdgeItem *DesignScene::pickedEdge() const {
    return m_pickedFrom.isEmpty() ? nullptr : dependencyEdge(m_pickedFrom, m_pickedTo);
}

EdgeItem *DesignScene::dependencyEdge(const QString &needed, const QString &dependent) const {
    for (EdgeItem *edge : m_edgesByNode.values(dependent)) {
        if (edge->from() == needed && edge->to() == dependent)
            return edge;
    }
    return nullptr;
}

void DesignScene::setLintBadges(const QHash<QString, Diagnostic::Severity> &worst) {
    for (auto it = m_components.cbegin(); it != m_components.cend(); ++it) {
        const auto found = worst.constFind(it.key());
        (*it)->setLintBadge(
            found == worst.constEnd() ? std::nullopt : std::optional<Diagnostic::Severity>(*found));
    }
}

void DesignScene::setLintFindings(const QList<LintFinding> &findings) {
    m_lintFindings = findings;
    applyLintFindings();
}

void DesignScene::applyLintFindings() {
    const CanvasLintMarks marks = mapLintFindings(m_lintFindings, m_design);
    setLintBadges(marks.nodes);
    for (EdgeItem *edge : std::as_const(m_edges)) {
        if (edge->kind() == EdgeItem::DependsOn)
            edge->setLintFindings(marks.edges.value({edge->from(), edge->to()}));
    }
    for (WaveLaneItem *lane : std::as_const(m_lanes))
        lane->setLintFindings(marks.lanes.value(lane->wave()));
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

std::optional<int> DesignScene::waveAt(const QPointF &scenePos) const {
    for (const LaneGeometry &lane : m_geometry.lanes) {
        if (lane.rect.contains(scenePos))
            return lane.wave;
    }
    return std::nullopt;
}

void DesignScene::setCatalog(Catalog catalog) {
    m_catalog = std::move(catalog);
    refreshAll();
}

void DesignScene::emphasizeEdgesOf(const QString &component, bool emphasized) {
    for (EdgeItem *edge : m_edgesByNode.values(component))
        edge->setEmphasized(emphasized);
}

bool DesignScene::isAppSetCollapsed(const QString &name) const {
    return m_layoutOptions.collapsedAppSets.contains(name);
}

void DesignScene::setAppSetCollapsed(const QString &name, bool collapsed) {
    if (isAppSetCollapsed(name) == collapsed || !m_appSets.contains(name))
        return;
    if (collapsed) {
        m_layoutOptions.collapsedAppSets.insert(name);
        // Hidden members cannot stay selected: Delete would act on what nobody sees.
        for (const Component &c : m_design.components) {
            if (c.appSet == name)
                if (ComponentNodeItem *node = m_components.value(c.name))
                    node->setSelected(false);
        }
    } else {
        m_layoutOptions.collapsedAppSets.remove(name);
    }
    relayout();
    refreshAll();
}

int DesignScene::edgeCrossings() const {
    return countCrossings(m_design, m_geometry);
}

void DesignScene::autoArrange() {
    const QHash<QString, int> ranks = arrangeByBarycenter(m_design, m_layoutOptions);
    // Collapsed members were not ranked: the full layout gives everyone a current position,
    // which they keep among their siblings.
    const CanvasGeometry full = layoutDesign(m_design);
    QMap<int, QList<QPair<qreal, QString>>> current; // wave -> (top, name)
    for (auto it = full.nodes.cbegin(); it != full.nodes.cend(); ++it)
        current[full.nodeWaves.value(it.key())].append({it.value().top(), it.key()});
    QMap<int, QStringList> orders;
    for (auto lane = current.begin(); lane != current.end(); ++lane) {
        std::sort(lane->begin(), lane->end());
        QList<QPair<int, QString>> keyed;
        QStringList before;
        for (int i = 0; i < lane->size(); ++i) {
            const QString &name = lane->at(i).second;
            before.append(name);
            keyed.append({ranks.value(name, int(lane->size()) + i), name});
        }
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        QStringList after;
        for (const auto &entry : std::as_const(keyed))
            after.append(entry.second);
        if (after != before)
            orders.insert(lane.key(), after);
    }
    if (orders.isEmpty())
        return; // already as uncrossed as the heuristic gets: no edit
    if (!m_document) {
        // A read-only canvas still arranges what it shows; there is nothing to save it to.
        for (auto it = orders.cbegin(); it != orders.cend(); ++it)
            m_design.laneOrders.insert(it.key(), it.value());
        relayout();
        refreshAll();
        return;
    }
    // The order is part of the design's layout sidecar: one undoable edit, saved with the rest.
    report(m_document->applyEdit(
               QStringLiteral("Auto-arrange lanes"),
               [orders](RepoEditor &editor) { return editor.setLaneOrders(orders); }),
           sceneRect().center());
}

const Component *DesignScene::component(const QString &name) const {
    const auto at = m_componentAt.constFind(name);
    return at == m_componentAt.constEnd() ? nullptr : &m_design.components.at(*at);
}

void DesignScene::setDesign(const Design &design) {
    m_design = design;
    m_componentAt.clear();
    m_componentAt.reserve(m_design.components.size());
    for (qsizetype i = 0; i < m_design.components.size(); ++i)
        m_componentAt.insert(m_design.components.at(i).name, i);
    syncItems();
}

void DesignScene::updateComponent(const Component &component) {
    const auto at = m_componentAt.constFind(component.name);
    if (at == m_componentAt.constEnd())
        return;
    m_design.components[*at] = component;
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
    // Thousands of items are added and placed below. Each placement would update the BSP index
    // item by item (and a new item's first move searches the whole unindexed list); without an
    // index while building, the tree is built once, at the end.
    setItemIndexMethod(QGraphicsScene::NoIndex);
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
    if (m_currentLane && !waveSet.contains(*m_currentLane))
        m_currentLane.reset();

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
            node->setFarOut(isOverview());
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
    m_layoutOptions.collapsedAppSets.intersect(setNames);

    // Edges are cheap and derived: rebuild them all.
    m_dragEdges.clear();
    qDeleteAll(m_edges);
    m_edges.clear();
    m_edgesByNode.clear();
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
            m_edgeOverview->place(edge); // into its group when zoomed far out
            m_edges.append(edge);
            m_edgesByNode.insert(needed, edge);
            m_edgesByNode.insert(c.name, edge);
        }
    }
    if (!pickedEdge()) {
        m_pickedFrom.clear();
        m_pickedTo.clear();
    } else {
        pickedEdge()->setPicked(true);
    }

    relayout();
    refreshAll();
    // Findings of the last run stay until the next one (lint re-runs after every edit).
    if (!m_lintFindings.isEmpty())
        applyLintFindings();
    // Hover and click lookups among thousands of items need the index; items move only on
    // relayout and while dragged.
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
}

void DesignScene::relayout() {
    m_geometry = layoutDesign(m_design, m_layoutOptions);
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
    reroute();
    setSceneRect(m_geometry.bounds.adjusted(-sceneMargin, -sceneMargin, sceneMargin, sceneMargin));
    Q_EMIT layoutChanged();
}

void DesignScene::reroute() {
    const EdgeRouter router(m_geometry);
    QHash<QString, int> slots; // edges leaving one node fan out a little
    for (EdgeItem *edge : std::as_const(m_edges)) {
        if (edge->kind() == EdgeItem::Manages) {
            const int wave = edge->to().section(QLatin1Char(':'), 1).toInt();
            if (const LaneGeometry *lane = m_geometry.lane(wave))
                edge->setRoute(rootToLaneRoute(m_geometry, *lane));
            continue;
        }
        const QRectF from = m_geometry.anchorRect(edge->from());
        const QRectF to = m_geometry.anchorRect(edge->to());
        // Both ends folded into the same collapsed group: nothing to show. (isVisible() would
        // also say no while the overview hides all edges.)
        const bool shown = !from.isNull() && !to.isNull() && from != to;
        edge->setVisible(shown);
        if (!shown)
            continue;
        edge->setRoute(router.route(from, m_geometry.nodeWaves.value(edge->from()), to,
                                    m_geometry.nodeWaves.value(edge->to()), slots[edge->from()]++));
    }
    m_edgeOverview->edgesChanged(); // some edges were hidden or shown
}

QList<QGraphicsItem *> DesignScene::carriedItems() const {
    QList<QGraphicsItem *> carried;
    if (m_gesture != Gesture::DragItems)
        return carried;
    for (auto it = m_dragOrigins.cbegin(); it != m_dragOrigins.cend(); ++it)
        carried.append(it.key());
    for (EdgeItem *edge : m_dragEdges)
        carried.append(edge);
    std::stable_sort(carried.begin(), carried.end(),
                     [](QGraphicsItem *a, QGraphicsItem *b) { return a->zValue() < b->zValue(); });
    return carried;
}

QRectF DesignScene::liveAnchorRect(const QString &component) const {
    // Where an end is now, mid-drag included: its node, or the collapsed group holding it.
    if (const ComponentNodeItem *node = m_components.value(component); node && node->isVisible())
        return node->mapRectToScene(node->rect());
    const auto group = m_geometry.collapsedInto.constFind(component);
    if (group != m_geometry.collapsedInto.constEnd()) {
        if (const AppSetGroupItem *item = m_appSets.value(*group))
            return item->mapRectToScene(item->rect());
    }
    return {};
}

void DesignScene::followDraggedEdges() {
    // Only the edges of what the drag carries move, each as a direct curve between the ends'
    // current places: cheap enough for every mouse move. The orthogonal routes come back with
    // the relayout when the drag ends.
    for (EdgeItem *edge : std::as_const(m_dragEdges)) {
        const QRectF from = liveAnchorRect(edge->from());
        const QRectF to = liveAnchorRect(edge->to());
        const bool shown = !from.isNull() && !to.isNull() && from != to;
        edge->setVisible(shown);
        if (shown)
            edge->setLiveRoute(dependencyRoute(from, to), sceneRect());
    }
}

void DesignScene::refreshAll() {
    m_root->refresh();
    for (WaveLaneItem *lane : std::as_const(m_lanes)) {
        lane->refresh();
        lane->setCurrent(m_currentLane == lane->wave());
    }
    for (AppSetGroupItem *group : std::as_const(m_appSets))
        group->refresh();
    for (ComponentNodeItem *node : std::as_const(m_components))
        node->refresh();
    for (EdgeItem *edge : std::as_const(m_edges))
        edge->refresh();
    update();
}

void DesignScene::setPickedEdge(EdgeItem *edge) {
    if (EdgeItem *old = pickedEdge())
        old->setPicked(false);
    m_pickedFrom = edge ? edge->from() : QString();
    m_pickedTo = edge ? edge->to() : QString();
    if (edge)
        edge->setPicked(true);
}

void DesignScene::setCurrentLane(std::optional<int> wave) {
    m_currentLane = wave;
    for (WaveLaneItem *lane : std::as_const(m_lanes))
        lane->setCurrent(m_currentLane == lane->wave());
}

QGraphicsItem *DesignScene::interactiveItemAt(const QPointF &scenePos) const {
    // Zoomed far out the dependency edges are hidden and drawn by the overview layer; they stay
    // clickable, ranked where they are stacked (above groups and lanes, below nodes).
    EdgeItem *hiddenEdge =
        m_edgeOverview->isOverview() ? m_edgeOverview->edgeAt(scenePos) : nullptr;
    const QList<QGraphicsItem *> under = items(scenePos); // topmost first
    for (QGraphicsItem *item : under) {
        if (item == m_rubberEdge || item == m_phaseEditor || !item->isVisible())
            continue;
        if (hiddenEdge && item->zValue() < dependencyEdgeZ)
            return hiddenEdge;
        // Every other item of this scene is a CanvasItem; what a drag carries is not a target.
        if (m_gesture == Gesture::DragItems &&
            m_dragOrigins.contains(static_cast<CanvasItem *>(item)))
            continue;
        switch (item->type()) {
        case CanvasItem::ComponentType:
        case CanvasItem::AppSetType:
        case CanvasItem::LaneType:
        case CanvasItem::RootType:
            return item;
        case CanvasItem::EdgeType:
            if (static_cast<EdgeItem *>(item)->kind() == EdgeItem::DependsOn)
                return item;
            break;
        default:
            break;
        }
    }
    return hiddenEdge;
}

void DesignScene::helpEvent(QGraphicsSceneHelpEvent *event) {
    QGraphicsItem *item =
        m_edgeOverview->isOverview() ? interactiveItemAt(event->scenePos()) : nullptr;
    if (!item || item->type() != CanvasItem::EdgeType || item->isVisible()) {
        QGraphicsScene::helpEvent(event);
        return;
    }
    QToolTip::showText(event->screenPos(), item->toolTip(), event->widget());
    event->setAccepted(!item->toolTip().isEmpty());
}

void DesignScene::report(const Status &status, const QPointF &scenePos) {
    if (!status.ok())
        Q_EMIT editRefused(status.error().toString(), scenePos);
}

void DesignScene::mousePressEvent(QGraphicsSceneMouseEvent *event) {
    if (m_phaseEditor && m_phaseEditor->sceneBoundingRect().contains(event->scenePos())) {
        QGraphicsScene::mousePressEvent(event);
        return;
    }
    if (m_phaseEditor)
        finishPhaseEdit();
    if (event->button() != Qt::LeftButton) {
        QGraphicsScene::mousePressEvent(event);
        return;
    }
    m_pressPos = event->scenePos();
    const bool toggle = event->modifiers() & Qt::ControlModifier;
    QGraphicsItem *item = interactiveItemAt(event->scenePos());
    const int type = item ? item->type() : 0;

    if (type == CanvasItem::ComponentType) {
        auto *node = static_cast<ComponentNodeItem *>(item);
        setPickedEdge(nullptr);
        setCurrentLane(m_geometry.nodeWaves.value(node->name()));
        if (node->isOnPort(event->scenePos()) && m_document) {
            m_gesture = Gesture::DrawEdge;
            m_edgeSource = node->name();
            m_rubberEdge = new QGraphicsPathItem;
            m_rubberEdge->setZValue(draggedZ);
            m_rubberEdge->setPen(QPen(m_style.dependencyEdge(), 2, Qt::DashLine, Qt::RoundCap));
            addItem(m_rubberEdge);
            dragEdgeTo(event->scenePos());
        } else {
            if (toggle) {
                node->setSelected(!node->isSelected());
            } else if (!node->isSelected()) {
                clearSelection();
                node->setSelected(true);
            }
            m_gesture = node->isSelected() ? Gesture::PressItems : Gesture::None;
        }
        event->accept();
        return;
    }
    if (type == CanvasItem::AppSetType) {
        auto *group = static_cast<AppSetGroupItem *>(item);
        setPickedEdge(nullptr);
        if (group->chevronSceneRect().adjusted(-4, -4, 4, 4).contains(event->scenePos())) {
            setAppSetCollapsed(group->name(), !group->isCollapsed());
        } else {
            // A group is dragged by its frame; it carries no selection of its own.
            if (!toggle)
                clearSelection();
            m_dragAppSets = {group->name()};
            m_gesture = Gesture::PressItems;
        }
        event->accept();
        return;
    }
    if (type == CanvasItem::EdgeType) {
        if (!toggle)
            clearSelection();
        setPickedEdge(static_cast<EdgeItem *>(item));
        event->accept();
        return;
    }
    setPickedEdge(nullptr);
    if (type == CanvasItem::LaneType) {
        auto *lane = static_cast<WaveLaneItem *>(item);
        setCurrentLane(lane->wave());
    }
    // Empty canvas or a lane's body: the view starts a rubber band (and clears the selection).
    QGraphicsScene::mousePressEvent(event);
}

void DesignScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event) {
    switch (m_gesture) {
    case Gesture::PressItems:
        if (QLineF(event->screenPos(), event->buttonDownScreenPos(Qt::LeftButton)).length() <
            QApplication::startDragDistance())
            break;
        beginItemDrag();
        [[fallthrough]];
    case Gesture::DragItems:
        dragItemsTo(event->scenePos());
        event->accept();
        return;
    case Gesture::DrawEdge:
        dragEdgeTo(event->scenePos());
        event->accept();
        return;
    case Gesture::None:
        break;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void DesignScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event) {
    const Gesture gesture = m_gesture;
    m_gesture = Gesture::None;
    switch (gesture) {
    case Gesture::DragItems:
        finishItemDrag(event->scenePos());
        event->accept();
        return;
    case Gesture::DrawEdge:
        finishEdge();
        event->accept();
        return;
    case Gesture::PressItems:
        m_dragAppSets.clear();
        event->accept();
        return;
    case Gesture::None:
        break;
    }
    QGraphicsScene::mouseReleaseEvent(event);
}

void DesignScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) {
    QGraphicsItem *item = interactiveItemAt(event->scenePos());
    if (item && item->type() == CanvasItem::LaneType && event->button() == Qt::LeftButton) {
        auto *lane = static_cast<WaveLaneItem *>(item);
        if (lane->isHeaderAt(event->scenePos())) {
            editPhaseName(lane->wave());
            event->accept();
            return;
        }
    }
    if (item && item->type() == CanvasItem::ComponentType && event->button() == Qt::LeftButton) {
        const auto *node = static_cast<ComponentNodeItem *>(item);
        if (node->isOnHealthBadge(event->scenePos())) {
            const QPair<QString, QString> check = node->healthChecks().constFirst();
            Q_EMIT healthCheckRequested(check.first, check.second);
            event->accept();
            return;
        }
    }
    if (item && item->type() == CanvasItem::RootType && event->button() == Qt::LeftButton) {
        // The root shows the health check the waves rest on.
        Q_EMIT healthCheckRequested(QStringLiteral("argoproj.io"), QStringLiteral("Application"));
        event->accept();
        return;
    }
    // Anything else behaves like a second press (so Ctrl-double-click still toggles).
    mousePressEvent(event);
}

void DesignScene::beginItemDrag() {
    m_gesture = Gesture::DragItems;
    m_dragOrigins.clear();
    m_dragComponents.clear();
    if (m_dragAppSets.isEmpty())
        m_dragComponents = selectedComponents();
    // Dragging a group carries its members along.
    QStringList carried = m_dragComponents;
    for (const QString &set : std::as_const(m_dragAppSets)) {
        if (AppSetGroupItem *group = m_appSets.value(set))
            m_dragOrigins.insert(group, group->pos());
        for (const Component &c : m_design.components) {
            if (c.appSet == set)
                carried.append(c.name);
        }
    }
    for (const QString &name : std::as_const(carried)) {
        if (ComponentNodeItem *node = m_components.value(name))
            m_dragOrigins.insert(node, node->pos());
    }
    for (auto it = m_dragOrigins.cbegin(); it != m_dragOrigins.cend(); ++it) {
        it.key()->setZValue(it.key()->zValue() + draggedZ);
        it.key()->setOpacity(0.88);
    }
    m_dragEdges.clear();
    QSet<EdgeItem *> attached;
    for (const QString &name : std::as_const(carried)) {
        for (EdgeItem *edge : m_edgesByNode.values(name)) {
            if (!attached.contains(edge)) {
                attached.insert(edge);
                m_dragEdges.append(edge);
            }
        }
    }
    // The carried edges move on every mouse move: they leave the overview layer (which would
    // redraw all edges for each) and draw themselves until the drop.
    for (EdgeItem *edge : std::as_const(m_dragEdges)) {
        if (m_edgeOverview->contains(edge)) {
            edge->setParentItem(nullptr);
            m_edgeOverview->edgeChanged(edge->lineBounds());
        }
    }
    Q_EMIT itemDragStarted();
}

void DesignScene::dragItemsTo(const QPointF &scenePos) {
    const QPointF delta = scenePos - m_pressPos;
    for (auto it = m_dragOrigins.cbegin(); it != m_dragOrigins.cend(); ++it)
        it.key()->setPos(it.value() + delta);
    followDraggedEdges();
    const std::optional<int> wave = waveAt(scenePos);
    if (wave != m_dropWave) {
        if (m_dropWave)
            if (WaveLaneItem *lane = m_lanes.value(*m_dropWave)) {
                lane->setDropHighlight(false);
                Q_EMIT staticAreaChanged(lane->sceneBoundingRect());
            }
        m_dropWave = wave;
        if (m_dropWave)
            if (WaveLaneItem *lane = m_lanes.value(*m_dropWave)) {
                lane->setDropHighlight(true);
                Q_EMIT staticAreaChanged(lane->sceneBoundingRect());
            }
    }
}

void DesignScene::cancelItemDrag() {
    const bool dragging = !m_dragOrigins.isEmpty();
    m_gesture = Gesture::None; // carriedItems() is empty from here on
    if (dragging)
        Q_EMIT itemDragEnded();
    for (auto it = m_dragOrigins.cbegin(); it != m_dragOrigins.cend(); ++it) {
        it.key()->setPos(it.value());
        it.key()->setZValue(it.key()->zValue() - draggedZ);
        it.key()->setOpacity(1);
    }
    m_dragOrigins.clear();
    for (EdgeItem *edge : std::as_const(m_dragEdges))
        m_edgeOverview->place(edge); // back into the overview's group if zoomed out
    m_dragEdges.clear();
    if (m_dropWave)
        if (WaveLaneItem *lane = m_lanes.value(*m_dropWave))
            lane->setDropHighlight(false);
    m_dropWave.reset();
    m_gesture = Gesture::None;
    reroute();
}

void DesignScene::finishItemDrag(const QPointF &scenePos) {
    const std::optional<int> wave = waveAt(scenePos);
    const QStringList components = m_dragComponents;
    const QStringList appSets = m_dragAppSets;
    // Snap everything back first: on success the document's signal lays the design out anew.
    cancelItemDrag();
    m_dragComponents.clear();
    m_dragAppSets.clear();
    if (!wave)
        return;
    report(moveToWave(components, appSets, *wave), scenePos);
}

Status DesignScene::moveToWave(const QStringList &components, const QStringList &appSets,
                               int wave) {
    // Only what really changes lane is edited: dropping where things already are is no edit.
    QStringList moving;
    for (const QString &name : components) {
        if (m_geometry.nodeWaves.contains(name) && m_geometry.nodeWaves.value(name) != wave)
            moving.append(name);
    }
    QStringList sets;
    for (const QString &name : appSets) {
        const ApplicationSet *set = m_design.applicationSet(name);
        if (set && set->wave != wave)
            sets.append(name);
    }
    if (moving.isEmpty() && sets.isEmpty())
        return success();
    if (!m_document)
        return Error{{}, 0, QStringLiteral("this canvas is read-only")};
    if (moving.size() + sets.size() == 1) {
        if (!sets.isEmpty())
            return m_document->setWave(sets.first(), wave);
        const QString name = moving.first();
        return isMember(m_design, name) ? m_document->moveOutOfAppSet(name, wave)
                                        : m_document->setWave(name, wave);
    }
    const Design design = m_design;
    const QString text =
        QStringLiteral("Move %1 items to wave %2").arg(moving.size() + sets.size()).arg(wave);
    return m_document->applyEdit(text, [=](RepoEditor &editor) -> Status {
        for (const QString &name : sets) {
            if (Status s = editor.setWave(name, wave); !s.ok())
                return s;
        }
        for (const QString &name : moving) {
            const Status s = isMember(design, name) ? editor.moveOutOfAppSet(name, wave)
                                                    : editor.setWave(name, wave);
            if (!s.ok())
                return s;
        }
        return success();
    });
}

void DesignScene::dragEdgeTo(const QPointF &scenePos) {
    const ComponentNodeItem *source = m_components.value(m_edgeSource);
    if (!source || !m_rubberEdge)
        return;
    const QPointF start = source->mapToScene(source->portRect().center());
    ComponentNodeItem *target = nullptr;
    QGraphicsItem *item = interactiveItemAt(scenePos);
    if (item && item->type() == CanvasItem::ComponentType && item != source)
        target = static_cast<ComponentNodeItem *>(item);
    if (target != m_edgeTarget) {
        if (m_edgeTarget)
            m_edgeTarget->setDropTarget(false);
        m_edgeTarget = target;
        if (m_edgeTarget)
            m_edgeTarget->setDropTarget(true);
    }
    // Snap the rubber edge onto the target's input side, as the real edge will be drawn.
    const QRectF end =
        target ? target->mapRectToScene(target->rect()) : QRectF(scenePos, QSizeF(0, 0));
    const QPointF endPoint = target ? QPointF(end.left(), end.center().y()) : scenePos;
    const qreal bend = std::max<qreal>(30, std::abs(endPoint.x() - start.x()) / 2);
    QPainterPath path(start);
    path.cubicTo(start + QPointF(bend, 0), endPoint - QPointF(bend, 0), endPoint);
    m_rubberEdge->setPath(path);
}

void DesignScene::finishEdge() {
    const QString source = m_edgeSource;
    const QString target = m_edgeTarget ? m_edgeTarget->name() : QString();
    const QPointF at = m_edgeTarget ? m_edgeTarget->sceneBoundingRect().center() : QPointF();
    if (m_edgeTarget)
        m_edgeTarget->setDropTarget(false);
    m_edgeTarget = nullptr;
    delete m_rubberEdge;
    m_rubberEdge = nullptr;
    m_edgeSource.clear();
    if (target.isEmpty() || !m_document)
        return;
    // Dragged from A's port onto B: "B needs A".
    report(m_document->addDependency(target, source), at);
}

void DesignScene::keyPressEvent(QKeyEvent *event) {
    if (focusItem()) { // the phase editor types
        QGraphicsScene::keyPressEvent(event);
        return;
    }
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if ((key == Qt::Key_Left || key == Qt::Key_Right) &&
        mods == (Qt::ControlModifier | Qt::ShiftModifier)) {
        moveSelectionToNeighbourLane(key == Qt::Key_Left ? -1 : 1);
        event->accept();
        return;
    }
    if (mods == Qt::NoModifier) {
        switch (key) {
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Left:
        case Qt::Key_Right:
            selectNeighbour(key);
            event->accept();
            return;
        case Qt::Key_Delete:
        case Qt::Key_Backspace:
            deleteSelection();
            event->accept();
            return;
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_F2:
            if (m_currentLane) {
                editPhaseName(*m_currentLane);
                event->accept();
                return;
            }
            break;
        case Qt::Key_Escape:
            clearSelection();
            setPickedEdge(nullptr);
            event->accept();
            return;
        default:
            break;
        }
    }
    QGraphicsScene::keyPressEvent(event);
}

QStringList DesignScene::visibleNodesInLane(int wave) const {
    QList<QPair<qreal, QString>> nodes;
    for (auto it = m_geometry.nodes.cbegin(); it != m_geometry.nodes.cend(); ++it) {
        if (m_geometry.nodeWaves.value(it.key()) == wave)
            nodes.append({it.value().top(), it.key()});
    }
    std::sort(nodes.begin(), nodes.end());
    QStringList names;
    for (const auto &node : std::as_const(nodes))
        names.append(node.second);
    return names;
}

void DesignScene::selectNeighbour(int key) {
    const QString current = selectedComponent();
    const QList<int> waves = m_design.waveNumbers();
    if (current.isEmpty() || !m_geometry.nodes.contains(current)) {
        // Nothing selected yet: start at the top of the keyboard's lane, else the first lane.
        QList<int> order = waves;
        if (m_currentLane)
            order.prepend(*m_currentLane);
        for (int wave : std::as_const(order)) {
            const QStringList nodes = visibleNodesInLane(wave);
            if (!nodes.isEmpty()) {
                selectAndReveal(nodes.first());
                return;
            }
        }
        return;
    }
    const int wave = m_geometry.nodeWaves.value(current);
    if (key == Qt::Key_Up || key == Qt::Key_Down) {
        const QStringList nodes = visibleNodesInLane(wave);
        const qsizetype at = nodes.indexOf(current) + (key == Qt::Key_Up ? -1 : 1);
        if (at >= 0 && at < nodes.size())
            selectAndReveal(nodes.at(at));
        return;
    }
    // Left/Right: the nearest node (by height) in the next lane that has any.
    const qsizetype laneAt = waves.indexOf(wave);
    const int step = key == Qt::Key_Left ? -1 : 1;
    const qreal y = m_geometry.nodes.value(current).center().y();
    for (qsizetype i = laneAt + step; i >= 0 && i < waves.size(); i += step) {
        const QStringList nodes = visibleNodesInLane(waves.at(i));
        if (nodes.isEmpty())
            continue;
        const auto nearest =
            std::min_element(nodes.begin(), nodes.end(), [&](const QString &a, const QString &b) {
                return std::abs(m_geometry.nodes.value(a).center().y() - y) <
                       std::abs(m_geometry.nodes.value(b).center().y() - y);
            });
        selectAndReveal(*nearest);
        return;
    }
}

void DesignScene::selectAndReveal(const QString &name) {
    selectComponent(name);
    Q_EMIT revealRequested(m_geometry.nodes.value(name));
}

void DesignScene::moveSelectionToNeighbourLane(int direction) {
    const QStringList names = selectedComponents();
    if (names.isEmpty())
        return;
    // The neighbouring lane of the first selected node, or a new wave past the last lane.
    const int wave = m_geometry.nodeWaves.value(names.first());
    const QList<int> waves = m_design.waveNumbers();
    const qsizetype at = waves.indexOf(wave) + direction;
    const int target = at >= 0 && at < waves.size() ? waves.at(at) : wave + direction;
    const QRectF rect = m_geometry.nodes.value(names.first());
    report(moveToWave(names, {}, target), rect.center());
}

void DesignScene::deleteSelection() {
    if (!m_document)
        return;
    if (EdgeItem *edge = pickedEdge()) {
        const QPointF at = edge->route().pointAtPercent(0.5);
        report(m_document->removeDependency(edge->to(), edge->from()), at);
        return;
    }
    const QStringList names = selectedComponents();
    if (names.isEmpty())
        return;
    report(m_document->removeComponents(names), m_geometry.nodes.value(names.first()).center());
}

void DesignScene::selectAllComponents() {
    setPickedEdge(nullptr);
    for (ComponentNodeItem *node : std::as_const(m_components)) {
        if (node->isVisible())
            node->setSelected(true);
    }
}

void DesignScene::editPhaseName(int wave) {
    WaveLaneItem *lane = m_lanes.value(wave);
    if (!lane || !m_document)
        return;
    if (m_phaseEditor)
        finishPhaseEdit();
    setCurrentLane(wave);
    const QColor accent = waveAccent(wave);
    m_phaseEditor =
        new PhaseEditorItem(wave, m_design.phaseName(wave), lane->phaseSceneRect(),
                            m_style.laneTitleFont(), m_style.text(), m_style.nodeFill(), accent);
    m_phaseEditor->setZValue(editorZ);
    addItem(m_phaseEditor);
    lane->setEditingPhase(true);
    connect(m_phaseEditor, &PhaseEditorItem::committed, this, [this](int w, const QString &phase) {
        // The edit below re-enters through designChanged; the editor must be gone by then.
        finishPhaseEdit();
        if (phase != m_design.phaseName(w) && m_document) {
            const WaveLaneItem *edited = m_lanes.value(w);
            report(m_document->setPhaseName(w, phase),
                   edited ? edited->phaseSceneRect().center() : QPointF());
        }
    });
    connect(m_phaseEditor, &PhaseEditorItem::cancelled, this, [this] { finishPhaseEdit(); });
    setFocusItem(m_phaseEditor);
}

void DesignScene::finishPhaseEdit() {
    if (!m_phaseEditor)
        return;
    PhaseEditorItem *editor = m_phaseEditor;
    m_phaseEditor = nullptr;
    if (WaveLaneItem *lane = m_lanes.value(editor->wave()))
        lane->setEditingPhase(false);
    editor->disconnect(this);
    removeItem(editor);
    editor->deleteLater(); // it may be inside its own key or focus handler
}

void DesignScene::insertLane(int wave, bool before) {
    if (!m_document)
        return;
    const QList<int> waves = m_design.waveNumbers();
    const int candidate = before ? wave - 1 : wave + 1;
    const QPointF at =
        m_lanes.contains(wave) ? m_lanes.value(wave)->sceneBoundingRect().center() : QPointF();
    if (!waves.contains(candidate)) {
        report(m_document->insertWave(candidate, QString()), at);
        return;
    }
    // No free number next to this lane: shift the lanes from the insertion point on up by one,
    // highest first so every renumbering lands on a free wave, then insert. One command.
    const int first = before ? wave : wave + 1;
    QList<int> shifted;
    for (int w : waves) {
        if (w >= first)
            shifted.prepend(w);
    }
    const QString text = before ? QStringLiteral("Insert lane before wave %1").arg(wave)
                                : QStringLiteral("Insert lane after wave %1").arg(wave);
    report(m_document->applyEdit(text,
                                 [shifted, first](RepoEditor &editor) -> Status {
                                     for (int w : shifted) {
                                         if (Status s = editor.renumberWave(w, w + 1); !s.ok())
                                             return s;
                                     }
                                     return editor.insertWave(first, QString());
                                 }),
           at);
}

void DesignScene::removeLane(int wave) {
    if (!m_document)
        return;
    const QPointF at =
        m_lanes.contains(wave) ? m_lanes.value(wave)->sceneBoundingRect().center() : QPointF();
    report(m_document->removeWave(wave), at);
}

void DesignScene::renumberLane(int from, int to) {
    if (!m_document || from == to)
        return;
    const QPointF at =
        m_lanes.contains(from) ? m_lanes.value(from)->sceneBoundingRect().center() : QPointF();
    report(m_document->renumberWave(from, to), at);
}

void DesignScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event) {
    if (!m_document) {
        QGraphicsScene::contextMenuEvent(event);
        return;
    }
    QGraphicsItem *item = interactiveItemAt(event->scenePos());
    QWidget *parent = views().isEmpty() ? nullptr : views().first();
    QMenu menu(parent);
    if (item && item->type() == CanvasItem::EdgeType) {
        auto *edge = static_cast<EdgeItem *>(item);
        setPickedEdge(edge);
        menu.addAction(QStringLiteral("Remove Dependency"), this, [this] { deleteSelection(); });
    } else if (item && item->type() == CanvasItem::ComponentType) {
        auto *node = static_cast<ComponentNodeItem *>(item);
        if (!node->isSelected()) {
            clearSelection();
            node->setSelected(true);
        }
        menu.addAction(QStringLiteral("Move to Previous Lane"), this,
                       [this] { moveSelectionToNeighbourLane(-1); });
        menu.addAction(QStringLiteral("Move to Next Lane"), this,
                       [this] { moveSelectionToNeighbourLane(1); });
        menu.addSeparator();
        menu.addAction(QStringLiteral("Delete"), this, [this] { deleteSelection(); });
    } else if (const std::optional<int> wave = waveAt(event->scenePos())) {
        const int w = *wave;
        setCurrentLane(w);
        menu.addAction(QStringLiteral("Rename Phase…"), this, [this, w] { editPhaseName(w); });
        // The bootstrap's time limit for this wave, kept in the layout sidecar.
        const int budget = m_design.waveBudgetSeconds(w);
        menu.addAction(
            budget > 0 ? QStringLiteral("Set Wave Time Budget… (%1 s)").arg(budget)
                       : QStringLiteral("Set Wave Time Budget…"),
            this, [this, w, budget, parent] {
                bool ok = false;
                const int seconds = QInputDialog::getInt(
                    parent, QStringLiteral("Wave Time Budget"),
                    QStringLiteral("Seconds a bootstrap may wait for wave %1 once the "
                                   "waves before it are healthy (0: no budget):")
                        .arg(w),
                    budget, 0, 24 * 3600, 30, &ok);
                if (ok && seconds != budget && m_document)
                    report(m_document->applyEdit(
                               QStringLiteral("Set wave %1 time budget").arg(w),
                               [w, seconds](RepoEditor &e) { return e.setWaveBudget(w, seconds); }),
                           m_lanes.contains(w) ? m_lanes.value(w)->phaseSceneRect().center()
                                               : QPointF());
            });
        menu.addSeparator();
        menu.addAction(QStringLiteral("Insert Lane Before"), this,
                       [this, w] { insertLane(w, true); });
        menu.addAction(QStringLiteral("Insert Lane After"), this,
                       [this, w] { insertLane(w, false); });
        QAction *remove =
            menu.addAction(QStringLiteral("Remove Empty Lane"), this, [this, w] { removeLane(w); });
        const WaveLaneItem *lane = m_lanes.value(w);
        remove->setEnabled(lane && lane->componentCount() == 0 &&
                           std::none_of(m_design.applicationSets.begin(),
                                        m_design.applicationSets.end(),
                                        [w](const ApplicationSet &s) { return s.wave == w; }));
        menu.addAction(QStringLiteral("Renumber…"), this, [this, w, parent] {
            bool ok = false;
            const int to = QInputDialog::getInt(parent, QStringLiteral("Renumber Wave"),
                                                QStringLiteral("New number for wave %1:").arg(w), w,
                                                -1000, 1000, 1, &ok);
            if (ok)
                renumberLane(w, to);
        });
    } else {
        QGraphicsScene::contextMenuEvent(event);
        return;
    }
    menu.exec(event->screenPos());
    event->accept();
}

} // namespace wavesmith
