#include "canvaslayout.h"

#include <algorithm>

namespace wavesmith {

const LaneGeometry *CanvasGeometry::lane(int wave) const {
    for (const LaneGeometry &l : lanes) {
        if (l.wave == wave)
            return &l;
    }
    return nullptr;
}

namespace {

using M = CanvasMetrics;

// Members of `set` in the AppSet's own order, then any component claiming the set that the
// resolved member list missed.
QList<const Component *> membersOf(const Design &design, const ApplicationSet &set) {
    QList<const Component *> result;
    for (const QString &name : set.members) {
        const Component *c = design.component(name);
        if (c && !result.contains(c))
            result.append(c);
    }
    for (const Component &c : design.components) {
        if (c.appSet == set.name && !result.contains(&c))
            result.append(&c);
    }
    return result;
}

} // namespace

CanvasGeometry layoutDesign(const Design &design) {
    CanvasGeometry g;
    const QList<int> waves = design.waveNumbers();
    const qreal nodeWidth = M::laneWidth - 2 * M::lanePadding;
    const qreal memberWidth = nodeWidth - 2 * M::groupPadding;
    const qreal lanesTop = M::rootHeight + 2 * M::busGap;

    qreal contentBottom = lanesTop + M::laneMinHeight;
    for (int i = 0; i < waves.size(); ++i) {
        const int wave = waves.at(i);
        LaneGeometry lane;
        lane.wave = wave;
        const qreal x = i * (M::laneWidth + M::laneGap);
        const qreal left = x + M::lanePadding;
        qreal y = lanesTop + M::laneHeaderHeight + M::lanePadding;

        for (const Component &c : design.components) {
            const bool grouped = c.kind == ComponentKind::AppSetMember && !c.appSet.isEmpty() &&
                                 design.applicationSet(c.appSet);
            if (grouped || c.wave != wave)
                continue;
            g.nodes.insert(c.name, QRectF(left, y, nodeWidth, M::nodeHeight));
            y += M::nodeHeight + M::nodeGap;
        }
        for (const ApplicationSet &set : design.applicationSets) {
            if (set.wave != wave)
                continue;
            if (y > lanesTop + M::laneHeaderHeight + M::lanePadding)
                y += M::groupGap - M::nodeGap;
            const QList<const Component *> members = membersOf(design, set);
            qreal innerY = y + M::groupHeaderHeight;
            for (const Component *c : members) {
                g.nodes.insert(c->name,
                               QRectF(left + M::groupPadding, innerY, memberWidth, M::nodeHeight));
                innerY += M::nodeHeight + M::nodeGap;
            }
            const qreal height = members.isEmpty() ? M::groupHeaderHeight + M::groupEmptyHeight
                                                   : innerY - M::nodeGap + M::groupPadding - y;
            g.groups.insert(set.name, QRectF(left, y, nodeWidth, height));
            y += height + M::nodeGap;
        }
        contentBottom = std::max(contentBottom, y - M::nodeGap + M::lanePadding);
        lane.rect = QRectF(x, lanesTop, M::laneWidth, 0);
        g.lanes.append(lane);
    }

    // Every lane as tall as the tallest, so the wave table reads as columns.
    for (LaneGeometry &lane : g.lanes) {
        lane.rect.setBottom(contentBottom);
        lane.header =
            QRectF(lane.rect.left(), lane.rect.top(), lane.rect.width(), M::laneHeaderHeight);
    }

    const qreal lanesWidth = g.lanes.isEmpty() ? M::laneWidth : g.lanes.last().rect.right();
    g.root = QRectF((lanesWidth - M::rootWidth) / 2, 0, M::rootWidth, M::rootHeight);
    g.busY = M::rootHeight + M::busGap;

    g.bounds = g.root;
    for (const LaneGeometry &lane : g.lanes)
        g.bounds |= lane.rect;
    if (g.lanes.isEmpty())
        g.bounds |= QRectF(0, lanesTop, M::laneWidth, M::laneMinHeight);
    return g;
}

QPainterPath rootToLaneRoute(const CanvasGeometry &geometry, const LaneGeometry &lane) {
    const QPointF start(geometry.root.center().x(), geometry.root.bottom());
    const qreal x = lane.rect.center().x();
    QPainterPath path(start);
    const qreal radius = 8;
    path.lineTo(start.x(), geometry.busY);
    if (std::abs(x - start.x()) < 1) {
        path.lineTo(x, lane.rect.top());
        return path;
    }
    // A rounded corner where the bus turns down into the lane.
    const qreal direction = x > start.x() ? 1 : -1;
    path.lineTo(x - direction * radius, geometry.busY);
    path.quadTo(x, geometry.busY, x, geometry.busY + radius);
    path.lineTo(x, lane.rect.top());
    return path;
}

QPainterPath dependencyRoute(const QRectF &from, const QRectF &to) {
    // Leave the needed node on its right, enter the dependent on its left; an edge that runs
    // backwards (an invalid dependency) still gets a readable S-curve.
    const QPointF start(from.right(), from.center().y());
    const QPointF end(to.left(), to.center().y());
    const qreal bend = std::max<qreal>(40, std::abs(end.x() - start.x()) / 2);
    QPainterPath path(start);
    path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end);
    return path;
}

} // namespace wavesmith
