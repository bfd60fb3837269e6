#pragma once

// Where everything goes on the canvas: a pure function of the Design, so the scene, the tests
// and (later) saved positions from the layout sidecar all agree on one geometry.

#include <wavesmith/model.h>

#include <QHash>
#include <QList>
#include <QPainterPath>
#include <QRectF>
#include <QSet>
#include <QString>

namespace wavesmith {

struct LaneGeometry {
    int wave = 0;
    QRectF rect;   // the whole lane, header included
    QRectF header; // the band showing "WAVE n" and the phase name
};

struct CanvasGeometry {
    QRectF root;                   // the root Application node
    qreal busY = 0;                // the horizontal line the root's edges share
    QList<LaneGeometry> lanes;     // in wave order
    QHash<QString, QRectF> nodes;  // component name -> node rect
    QHash<QString, QRectF> groups; // ApplicationSet name -> group frame
    QHash<QString, int> nodeWaves; // component name -> wave of the lane it sits in
    // Members of a collapsed ApplicationSet have no rect; their edges end at the group.
    QHash<QString, QString> collapsedInto; // member name -> ApplicationSet name
    QRectF bounds;                         // everything above

    const LaneGeometry *lane(int wave) const;
    // Where a component's edges attach: its node, or its collapsed group; null when hidden.
    QRectF anchorRect(const QString &component) const;
};

// View choices that change where things go but are not part of the design: collapsed
// ApplicationSets, and trial node orders while auto-arrange searches (the order it settles on
// is the design's laneOrders, saved in the layout sidecar).
struct LayoutOptions {
    QSet<QString> collapsedAppSets;
    // Component name -> rank inside its lane or group, ahead of the design's saved lane order;
    // unranked ones follow the saved order, then model order.
    QHash<QString, int> order;
};

// Fixed metrics in scene units (pixels at 100% zoom).
struct CanvasMetrics {
    static constexpr qreal laneWidth = 258;
    static constexpr qreal laneGap = 16;
    static constexpr qreal laneHeaderHeight = 58;
    static constexpr qreal lanePadding = 14;
    static constexpr qreal laneMinHeight = 240;
    static constexpr qreal nodeHeight = 64;
    static constexpr qreal nodeGap = 10;
    static constexpr qreal groupHeaderHeight = 50;
    static constexpr qreal groupPadding = 8;
    static constexpr qreal groupGap = 16;
    static constexpr qreal groupEmptyHeight = 40;
    static constexpr qreal rootWidth = 420;
    static constexpr qreal rootHeight = 72;
    static constexpr qreal busGap = 26; // root bottom -> bus, bus -> lane top
};

// Lanes left to right in wave order; in each lane the standalone components in model order,
// then the lane's ApplicationSets framing their members. AppSet members sit in their group even
// when their own wave disagrees (the group is what generates them).
CanvasGeometry layoutDesign(const Design &design, const LayoutOptions &options = {});

// The root's edge to one lane: down to the bus, along it, down into the lane header.
QPainterPath rootToLaneRoute(const CanvasGeometry &geometry, const LaneGeometry &lane);
// A dependency edge from the needed component (left) to the one that needs it, as a direct
// curve: the fallback when an end is not in a lane.
QPainterPath dependencyRoute(const QRectF &from, const QRectF &to);

// Orthogonal routes for dependency edges that stay out of the nodes: an edge leaves its node on
// the right, runs vertically in the gap between lanes, crosses lanes only where no node or group
// is (the gaps between nodes, or below them), and enters the other node from the left. Built
// once per layout: it indexes the free vertical intervals of every lane.
class EdgeRouter {
public:
    explicit EdgeRouter(const CanvasGeometry &geometry);

    // `lane` values are wave numbers; `slot` spreads parallel edges a few pixels apart.
    QPainterPath route(const QRectF &from, int fromWave, const QRectF &to, int toWave,
                       int slot = 0) const;

private:
    struct Interval {
        qreal top;
        qreal bottom;
    };
    // A horizontal channel across the lanes [firstIndex, lastIndex] near `preferredY`.
    qreal channel(int firstIndex, int lastIndex, qreal preferredY) const;

    const CanvasGeometry &m_geometry;
    QHash<int, int> m_laneIndex;       // wave -> position
    QList<QList<Interval>> m_occupied; // per lane position, sorted and merged
    qreal m_lanesTop = 0;
    qreal m_lanesBottom = 0;
};

} // namespace wavesmith
