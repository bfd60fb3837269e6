#pragma once

// The canvas scene: reflects one Design as wave lanes, component nodes, ApplicationSet groups,
// the root Application and edges. It keeps an id -> item map and creates, updates or removes
// items only when told the model changed; it never edits the model. With a DesignDocument set,
// every user action (a drag to another lane, a drawn dependency, Delete, a phase rename, lane
// insertion) is a call on the document, and the scene follows the document's signals.

#include "canvaslayout.h"
#include "canvasstyle.h"
#include "iconcache.h"
#include "livestatuspaint.h"

#include <wavesmith/bootstrap.h>
#include <wavesmith/catalog.h>
#include <wavesmith/document.h>
#include <wavesmith/lint.h>
#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QColor>
#include <QGraphicsScene>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QString>

#include <optional>

class QGraphicsPathItem;
class QVariantAnimation;

namespace wavesmith {

class AppSetGroupItem;
class CanvasItem;
class ComponentNodeItem;
class EdgeItem;
class EdgeOverviewItem;
class PhaseEditorItem;
class RootNodeItem;
class WaveLaneItem;

class DesignScene : public QGraphicsScene {
    Q_OBJECT

public:
    explicit DesignScene(Catalog catalog = {}, QObject *parent = nullptr);
    ~DesignScene() override;

    const Design &design() const { return m_design; }
    // design().component() through a name index: items look themselves up on every refresh.
    const Component *component(const QString &name) const;
    const Catalog &catalog() const { return m_catalog; }
    const CanvasGeometry &geometry() const { return m_geometry; }
    const CanvasStyle &style() const { return m_style; }
    IconCache &icons() { return m_icons; }

    // The document edits go to; the scene follows its designReset and designChanged signals.
    // Without one the canvas is read-only (drags snap back).
    void setDocument(DesignDocument *document);
    DesignDocument *document() const { return m_document; }

    // The accent of a wave's lane (and of everything inside it).
    QColor waveAccent(int wave) const;
    // The icon resource for a component: its catalog entry's, else a generic one.
    QString iconFor(const Component &component) const;

    ComponentNodeItem *componentItem(const QString &name) const;
    AppSetGroupItem *appSetItem(const QString &name) const;
    WaveLaneItem *laneItem(int wave) const;
    RootNodeItem *rootItem() const { return m_root; }
    QList<WaveLaneItem *> laneItems() const; // in wave order
    QList<EdgeItem *> edgeItems() const;
    // The layer that draws the dependency edges zoomed far out.
    EdgeOverviewItem *edgeOverview() const { return m_edgeOverview; }
    // Zoomed far out (the view says when): edges are drawn by the overview layer and node
    // cards without their pixmap cache.
    void setOverview(bool overview);
    bool isOverview() const;
    // The dependency edge "`dependent` needs `needed`", or null.
    EdgeItem *dependencyEdge(const QString &needed, const QString &dependent) const;
    // The wave whose lane contains `scenePos` (header included); nullopt outside every lane.
    std::optional<int> waveAt(const QPointF &scenePos) const;

    // Selects the component's node (and nothing else); false when there is no such node.
    bool selectComponent(const QString &name);
    // The component whose node is selected, empty when none.
    QString selectedComponent() const;
    // Every selected component, in model order.
    QStringList selectedComponents() const;
    // The dependency edge picked by a click (Delete removes it), or null.
    EdgeItem *pickedEdge() const;
    // Corner badges: the worst severity per component name; components not listed get none.
    void setLintBadges(const QHash<QString, Diagnostic::Severity> &worst);
    // A lint run's findings: node badges as above, plus the dependency edges and lanes they
    // are about (canvaslint.h). Kept, and laid on again when items are rebuilt.
    void setLintFindings(const QList<LintFinding> &findings);

    // The catalog gives nodes their icons and descriptions; items re-read it at once.
    void setCatalog(Catalog catalog);

    bool isAppSetCollapsed(const QString &name) const;
    // A hovered node draws its dependency edges stronger, so they can be followed.
    void emphasizeEdgesOf(const QString &component, bool emphasized);
    // The lane the keyboard works on (Enter/F2 renames its phase).
    std::optional<int> currentLane() const { return m_currentLane; }
    bool isEditingPhase() const { return m_phaseEditor != nullptr; }
    // Pairs of dependency edges between the same two lanes whose ends are in opposite order.
    int edgeCrossings() const;
    // While nodes are dragged: the nodes, groups and edges the drag moves, bottom to top.
    QList<QGraphicsItem *> carriedItems() const;

    // Live status (designscenelive.cpp): Argo CD's health and sync per component while a
    // bootstrap runs or is rehearsed. Nodes show it, lanes their ready/total, `currentWave` is
    // highlighted. Components missing from `health` show nothing live; clearLiveHealth() returns
    // the canvas to the design alone. Progressing nodes pulse on one animation of the scene.
    void setLiveHealth(const QMap<QString, wavesmith::ComponentHealth> &health,
                       std::optional<int> currentWave);
    void clearLiveHealth();
    bool hasLiveHealth() const { return m_liveActive; }
    std::optional<int> liveWave() const { return m_liveWave; }
    // The animation phase (0..1) Progressing nodes are drawn with.
    qreal livePulse() const { return m_livePulsePhase; }
    bool isLivePulseRunning() const;

public Q_SLOTS:
    // The whole design changed (opened, reloaded): items follow the new ids.
    void setDesign(const wavesmith::Design &design);
    // One component changed in place: re-read it and lay out again (its wave may have moved).
    void updateComponent(const wavesmith::Component &component);

    // User actions; each one calls the document (and reports a refusal via editRefused).
    void deleteSelection();
    void selectAllComponents();
    // Ctrl+Shift+Left/Right: the selection one lane to the left (-1) or right (+1).
    void moveSelectionToNeighbourLane(int direction);
    void editPhaseName(int wave);
    void insertLane(int wave, bool before);
    void removeLane(int wave);
    void renumberLane(int from, int to);
    void setAppSetCollapsed(const QString &name, bool collapsed);
    // Reorders nodes inside their lanes to reduce edge crossings (barycenter heuristic): one
    // undoable document edit, "Auto-arrange lanes", kept in the layout sidecar.
    void autoArrange();

Q_SIGNALS:
    // Items were added, removed or moved.
    void layoutChanged();
    // The document refused a user action; `message` says why (shown near `scenePos`).
    void editRefused(const QString &message, const QPointF &scenePos);
    // Open a health customization in the editor: the root node's double-click asks for
    // argoproj.io/Application (the check the waves rest on), a node's health badge for the
    // customization of the resource kind it installs.
    void healthCheckRequested(const QString &group, const QString &kind);
    // The keyboard moved the selection: the view should bring this into sight.
    void revealRequested(const QRectF &sceneRect);
    // A drag of nodes or a group began or ended. Between the two only carriedItems() move;
    // what else changes look (a lane lit up as the drop target) is announced by
    // staticAreaChanged, so a view may keep the rest as pixels (DesignView's backdrop).
    void itemDragStarted();
    void itemDragEnded();
    void staticAreaChanged(const QRectF &sceneRect);

protected:
    bool event(QEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;
    // Tooltips of the dependency edges the overview hides (interactiveItemAt() finds them).
    void helpEvent(QGraphicsSceneHelpEvent *event) override;

private:
    // What the left button is doing between press and release.
    enum class Gesture { None, PressItems, DragItems, DrawEdge };

    // `touched`: the components the edit names (DesignDocument::designChanged).
    void followDocument(const QStringList &touched = {});
    void syncItems();
    void relayout();
    void refreshAll();
    void setPickedEdge(EdgeItem *edge);
    void setCurrentLane(std::optional<int> wave);
    void reroute();
    void applyLintFindings();
    // Mid-drag: the dependency edges of carried nodes follow them (m_dragEdges only).
    void followDraggedEdges();
    QRectF liveAnchorRect(const QString &component) const;
    // The topmost item the user can act on at `scenePos` (not the rubber edge or an editor).
    QGraphicsItem *interactiveItemAt(const QPointF &scenePos) const;

    void beginItemDrag();
    void dragItemsTo(const QPointF &scenePos);
    void finishItemDrag(const QPointF &scenePos);
    void cancelItemDrag();
    void dragEdgeTo(const QPointF &scenePos);
    void finishEdge();
    // Moves the named components and ApplicationSets to `wave` as one command.
    Status moveToWave(const QStringList &components, const QStringList &appSets, int wave);
    void report(const Status &status, const QPointF &scenePos);

    void selectNeighbour(int key);
    void selectAndReveal(const QString &name);
    QStringList visibleNodesInLane(int wave) const; // top to bottom
    void finishPhaseEdit();

    Catalog m_catalog;
    Design m_design;
    QPointer<DesignDocument> m_document;
    LayoutOptions m_layoutOptions;
    CanvasGeometry m_geometry;
    CanvasStyle m_style;
    IconCache m_icons;
    QMap<int, int> m_laneIndex; // wave -> position among the lanes, for accents

    RootNodeItem *m_root = nullptr;
    EdgeOverviewItem *m_edgeOverview = nullptr; // parent of the dependency edges
    QMap<int, WaveLaneItem *> m_lanes;
    QHash<QString, ComponentNodeItem *> m_components;
    QHash<QString, AppSetGroupItem *> m_appSets;
    QList<EdgeItem *> m_edges;
    QMultiHash<QString, EdgeItem *> m_edgesByNode; // dependency edges by either end
    QString m_pickedFrom;                          // picked edge, by its ends: edges are
    QString m_pickedTo;                            // rebuilt on every change
    std::optional<int> m_currentLane;

    Gesture m_gesture = Gesture::None;
    QPointF m_pressPos;
    QHash<CanvasItem *, QPointF> m_dragOrigins; // dragged item -> position before the drag
    QList<EdgeItem *> m_dragEdges;              // edges attached to what the drag carries
    QList<LintFinding> m_lintFindings;          // the last lint run, for rebuilt items
    QHash<QString, qsizetype> m_componentAt;    // name -> index in m_design.components
    QStringList m_dragComponents;
    QStringList m_dragAppSets;
    std::optional<int> m_dropWave;
    QString m_edgeSource;
    QGraphicsPathItem *m_rubberEdge = nullptr;
    ComponentNodeItem *m_edgeTarget = nullptr;
    PhaseEditorItem *m_phaseEditor = nullptr;

    // Live status: re-applied after every layout, since items come and go with the design.
    void applyLiveHealth();
    QMap<QString, ComponentHealth> m_liveHealth;
    std::optional<int> m_liveWave;
    bool m_liveActive = false;
    QVariantAnimation *m_livePulse = nullptr;
    qreal m_livePulsePhase = 0;
};

} // namespace wavesmith
