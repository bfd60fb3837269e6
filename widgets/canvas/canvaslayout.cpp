#include "canvaslayout.h"

#include <QLineF>

#include <algorithm>
#include <climits>
#include <cmath>

namespace wavesmith {

const LaneGeometry *CanvasGeometry::lane(int wave) const {
    for (const LaneGeometry &l : lanes) {
        if (l.wave == wave)
            return &l;
    }
    return nullptr;
}

QRectF CanvasGeometry::anchorRect(const QString &component) const {
    const auto node = nodes.constFind(component);
    if (node != nodes.constEnd())
        return *node;
    const auto group = collapsedInto.constFind(component);
    return group == collapsedInto.constEnd() ? QRectF() : groups.value(*group);
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

// Stable sort by rank: the trial order of `options` first, else the lane's saved order (the
// layout sidecar); unranked components keep their model order, after the ranked ones.
void sortByRank(QList<const Component *> &components, const LayoutOptions &options,
                const QStringList &laneOrder) {
    if (options.order.isEmpty() && laneOrder.isEmpty())
        return;
    QHash<QString, int> saved;
    saved.reserve(laneOrder.size());
    for (int i = 0; i < laneOrder.size(); ++i)
        saved.insert(laneOrder.at(i), i);
    const auto rank = [&](const Component *c) {
        const auto trial = options.order.constFind(c->name);
        return trial != options.order.constEnd() ? *trial : saved.value(c->name, INT_MAX);
    };
    std::stable_sort(components.begin(), components.end(),
                     [&](const Component *a, const Component *b) { return rank(a) < rank(b); });
}

} // namespace

CanvasGeometry layoutDesign(const Design &design, const LayoutOptions &options) {
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

        const QStringList laneOrder = design.laneOrders.value(wave);
        QList<const Component *> standalone;
        for (const Component &c : design.components) {
            const bool grouped = c.kind == ComponentKind::AppSetMember && !c.appSet.isEmpty() &&
                                 design.applicationSet(c.appSet);
            if (!grouped && c.wave == wave)
                standalone.append(&c);
        }
        sortByRank(standalone, options, laneOrder);
        for (const Component *c : std::as_const(standalone)) {
            g.nodes.insert(c->name, QRectF(left, y, nodeWidth, M::nodeHeight));
            g.nodeWaves.insert(c->name, wave);
            y += M::nodeHeight + M::nodeGap;
        }
        for (const ApplicationSet &set : design.applicationSets) {
            if (set.wave != wave)
                continue;
            if (y > lanesTop + M::laneHeaderHeight + M::lanePadding)
                y += M::groupGap - M::nodeGap;
            QList<const Component *> members = membersOf(design, set);
            sortByRank(members, options, laneOrder);
            const bool collapsed = options.collapsedAppSets.contains(set.name);
            qreal innerY = y + M::groupHeaderHeight;
            for (const Component *c : std::as_const(members)) {
                g.nodeWaves.insert(c->name, wave);
                if (collapsed) {
                    g.collapsedInto.insert(c->name, set.name);
                    continue;
                }
                g.nodes.insert(c->name,
                               QRectF(left + M::groupPadding, innerY, memberWidth, M::nodeHeight));
                innerY += M::nodeHeight + M::nodeGap;
            }
            const qreal height = collapsed           ? M::groupHeaderHeight
                                 : members.isEmpty() ? M::groupHeaderHeight + M::groupEmptyHeight
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

namespace wavesmith {

namespace {
constexpr qreal corner = 8;      // radius of the rounded bends
constexpr qreal clearance = 4;   // distance kept from nodes when crossing a lane
constexpr qreal slotSpacing = 4; // between parallel edges in one gap

// A polyline with rounded corners.
QPainterPath roundedPolyline(const QList<QPointF> &points) {
    QPainterPath path(points.first());
    for (int i = 1; i + 1 < points.size(); ++i) {
        const QPointF previous = points.at(i - 1);
        const QPointF at = points.at(i);
        const QPointF next = points.at(i + 1);
        const qreal in = std::hypot(at.x() - previous.x(), at.y() - previous.y());
        const qreal out = std::hypot(next.x() - at.x(), next.y() - at.y());
        const qreal r = std::min({corner, in / 2, out / 2});
        if (r < 0.5) {
            path.lineTo(at);
            continue;
        }
        path.lineTo(at + (previous - at) * (r / in));
        path.quadTo(at, at + (next - at) * (r / out));
    }
    path.lineTo(points.last());
    return path;
}
} // namespace

EdgeRouter::EdgeRouter(const CanvasGeometry &geometry)
    : m_geometry(geometry) {
    m_occupied.resize(geometry.lanes.size());
    for (int i = 0; i < geometry.lanes.size(); ++i) {
        const LaneGeometry &lane = geometry.lanes.at(i);
        m_laneIndex.insert(lane.wave, i);
        m_lanesTop = i == 0 ? lane.rect.top() : std::min(m_lanesTop, lane.rect.top());
        m_lanesBottom = std::max(m_lanesBottom, lane.rect.bottom());
    }
    // Standalone nodes and whole group frames block a lane; members sit inside their group.
    const auto block = [&](const QRectF &rect, int wave) {
        const auto index = m_laneIndex.constFind(wave);
        if (index != m_laneIndex.constEnd())
            m_occupied[*index].append({rect.top() - clearance, rect.bottom() + clearance});
    };
    for (auto it = geometry.nodes.cbegin(); it != geometry.nodes.cend(); ++it) {
        bool inGroup = false;
        for (const QRectF &group : geometry.groups) {
            if (group.contains(it.value())) {
                inGroup = true;
                break;
            }
        }
        if (!inGroup)
            block(it.value(), geometry.nodeWaves.value(it.key()));
    }
    for (int i = 0; i < geometry.lanes.size(); ++i) {
        const QRectF laneRect = geometry.lanes.at(i).rect;
        for (const QRectF &group : geometry.groups) {
            if (laneRect.contains(group.center()))
                m_occupied[i].append({group.top() - clearance, group.bottom() + clearance});
        }
        // The header carries the lane's title: never route through it.
        const QRectF header = geometry.lanes.at(i).header;
        m_occupied[i].append({header.top() - clearance, header.bottom() + clearance});
        QList<Interval> &intervals = m_occupied[i];
        std::sort(intervals.begin(), intervals.end(),
                  [](const Interval &a, const Interval &b) { return a.top < b.top; });
        QList<Interval> merged;
        for (const Interval &interval : std::as_const(intervals)) {
            if (!merged.isEmpty() && interval.top <= merged.last().bottom)
                merged.last().bottom = std::max(merged.last().bottom, interval.bottom);
            else
                merged.append(interval);
        }
        intervals = merged;
    }
}

qreal EdgeRouter::channel(int firstIndex, int lastIndex, qreal preferredY) const {
    // Union of what blocks the crossed lanes, then the free y nearest the preferred one.
    QList<Interval> blocked;
    for (int i = std::max(0, firstIndex); i <= lastIndex && i < m_occupied.size(); ++i)
        blocked += m_occupied.at(i);
    std::sort(blocked.begin(), blocked.end(),
              [](const Interval &a, const Interval &b) { return a.top < b.top; });
    qreal best = m_lanesBottom + corner;
    qreal bestDistance = std::abs(best - preferredY);
    const auto consider = [&](qreal top, qreal bottom) {
        if (bottom - top < 2)
            return;
        const qreal y = std::clamp(preferredY, top + 1, bottom - 1);
        if (std::abs(y - preferredY) < bestDistance) {
            best = y;
            bestDistance = std::abs(y - preferredY);
        }
    };
    qreal reach = m_lanesTop;
    for (const Interval &interval : std::as_const(blocked)) {
        if (interval.top > reach)
            consider(reach, interval.top);
        reach = std::max(reach, interval.bottom);
    }
    consider(reach, std::max(reach, m_lanesBottom) + corner * 2);
    return best;
}

QPainterPath EdgeRouter::route(const QRectF &from, int fromWave, const QRectF &to, int toWave,
                               int slot) const {
    const auto fromIndex = m_laneIndex.constFind(fromWave);
    const auto toIndex = m_laneIndex.constFind(toWave);
    if (from.isNull() || to.isNull() || fromIndex == m_laneIndex.constEnd() ||
        toIndex == m_laneIndex.constEnd())
        return dependencyRoute(from, to);
    const LaneGeometry &fromLane = m_geometry.lanes.at(*fromIndex);
    const LaneGeometry &toLane = m_geometry.lanes.at(*toIndex);
    const qreal offset = ((slot % 5) - 2) * slotSpacing;
    const qreal exitX = fromLane.rect.right() + CanvasMetrics::laneGap / 2 + offset;
    const qreal entryX = toLane.rect.left() - CanvasMetrics::laneGap / 2 + offset;
    const QPointF start(from.right(), from.center().y());
    const QPointF end(to.left(), to.center().y());

    QList<QPointF> points{start, QPointF(exitX, start.y())};
    if (*toIndex == *fromIndex + 1) {
        // Neighbouring lanes share one gap: down (or up) in it, straight in.
        points << QPointF(exitX, end.y());
    } else {
        // Cross the lanes in between (or, for a backward edge, the lanes it runs back over)
        // along a free channel.
        const int first = std::min(*fromIndex + 1, *toIndex);
        const int last = std::max(*toIndex - 1, *fromIndex);
        const qreal y = channel(first, last, (start.y() + end.y()) / 2) + offset / 2;
        points << QPointF(exitX, y) << QPointF(entryX, y) << QPointF(entryX, end.y());
    }
    points << end;
    // Drop repeated points so the rounding sees real corners only.
    QList<QPointF> clean;
    for (const QPointF &p : std::as_const(points)) {
        if (clean.isEmpty() || QLineF(clean.last(), p).length() > 0.1)
            clean.append(p);
    }
    if (clean.size() < 2)
        return dependencyRoute(from, to);
    return roundedPolyline(clean);
}

} // namespace wavesmith
