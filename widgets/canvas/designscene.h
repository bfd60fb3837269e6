#pragma once

// The canvas scene: reflects one Design as wave lanes, component nodes, ApplicationSet groups,
// the root Application and edges. It keeps an id -> item map and creates, updates or removes
// items only when told the model changed; it never edits the model.

#include "canvaslayout.h"
#include "canvasstyle.h"
#include "iconcache.h"

#include <wavesmith/catalog.h>
#include <wavesmith/model.h>

#include <QColor>
#include <QGraphicsScene>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

namespace wavesmith {

class AppSetGroupItem;
class ComponentNodeItem;
class EdgeItem;
class RootNodeItem;
class WaveLaneItem;

class DesignScene : public QGraphicsScene {
    Q_OBJECT

public:
    explicit DesignScene(Catalog catalog = {}, QObject *parent = nullptr);
    ~DesignScene() override;

    const Design &design() const { return m_design; }
    const Catalog &catalog() const { return m_catalog; }
    const CanvasGeometry &geometry() const { return m_geometry; }
    const CanvasStyle &style() const { return m_style; }
    IconCache &icons() { return m_icons; }

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

    // Selects the component's node (and nothing else); false when there is no such node.
    bool selectComponent(const QString &name);
    // The component whose node is selected, empty when none.
    QString selectedComponent() const;
    // Corner badges: the worst severity per component name; components not listed get none.
    void setLintBadges(const QHash<QString, Diagnostic::Severity> &worst);

    // The catalog gives nodes their icons and descriptions; items re-read it at once.
    void setCatalog(Catalog catalog);

public Q_SLOTS:
    // The whole design changed (opened, reloaded): items follow the new ids.
    void setDesign(const wavesmith::Design &design);
    // One component changed in place: re-read it and lay out again (its wave may have moved).
    void updateComponent(const wavesmith::Component &component);

Q_SIGNALS:
    // Items were added, removed or moved.
    void layoutChanged();

protected:
    bool event(QEvent *event) override;

private:
    void syncItems();
    void relayout();
    void refreshAll();

    Catalog m_catalog;
    Design m_design;
    CanvasGeometry m_geometry;
    CanvasStyle m_style;
    IconCache m_icons;
    QMap<int, int> m_laneIndex; // wave -> position among the lanes, for accents

    RootNodeItem *m_root = nullptr;
    QMap<int, WaveLaneItem *> m_lanes;
    QHash<QString, ComponentNodeItem *> m_components;
    QHash<QString, AppSetGroupItem *> m_appSets;
    QList<EdgeItem *> m_edges;
};

} // namespace wavesmith
