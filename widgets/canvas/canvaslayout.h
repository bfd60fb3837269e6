#pragma once

// Where everything goes on the canvas: a pure function of the Design, so the scene, the tests
// and (later) saved positions from the layout sidecar all agree on one geometry.

#include <wavesmith/model.h>

#include <QHash>
#include <QList>
#include <QPainterPath>
#include <QRectF>
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
    QRectF bounds;                 // everything above

    const LaneGeometry *lane(int wave) const;
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
CanvasGeometry layoutDesign(const Design &design);

// The root's edge to one lane: down to the bus, along it, down into the lane header.
QPainterPath rootToLaneRoute(const CanvasGeometry &geometry, const LaneGeometry &lane);
// A dependency edge from the needed component (left) to the one that needs it.
QPainterPath dependencyRoute(const QRectF &from, const QRectF &to);

} // namespace wavesmith
