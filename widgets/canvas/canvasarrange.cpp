#include "canvasarrange.h"

#include <QList>
#include <QPair>

#include <algorithm>

namespace wavesmith {

namespace {

struct Link {
    QString from;
    QString to;
};

QList<Link> dependencyLinks(const Design &design) {
    QList<Link> links;
    for (const Component &c : design.components) {
        for (const QString &needed : c.dependsOn) {
            if (design.component(needed))
                links.append({needed, c.name});
        }
    }
    return links;
}

// The current ranks read back from a geometry: top to bottom inside each lane.
QHash<QString, int> ranksOf(const CanvasGeometry &geometry) {
    QHash<int, QList<QPair<qreal, QString>>> byLane;
    for (auto it = geometry.nodes.cbegin(); it != geometry.nodes.cend(); ++it)
        byLane[geometry.nodeWaves.value(it.key())].append({it.value().top(), it.key()});
    QHash<QString, int> ranks;
    for (auto &lane : byLane) {
        std::sort(lane.begin(), lane.end());
        for (int i = 0; i < lane.size(); ++i)
            ranks.insert(lane.at(i).second, i);
    }
    return ranks;
}

} // namespace

int countCrossings(const Design &design, const CanvasGeometry &geometry) {
    // Group the edges by the pair of lanes they join; only edges of one pair can cross there.
    QHash<QPair<int, int>, QList<QPair<qreal, qreal>>> byLanes;
    for (const Link &link : dependencyLinks(design)) {
        const QRectF from = geometry.anchorRect(link.from);
        const QRectF to = geometry.anchorRect(link.to);
        if (from.isNull() || to.isNull())
            continue;
        byLanes[{geometry.nodeWaves.value(link.from), geometry.nodeWaves.value(link.to)}].append(
            {from.center().y(), to.center().y()});
    }
    int crossings = 0;
    for (const auto &edges : std::as_const(byLanes)) {
        for (int i = 0; i < edges.size(); ++i) {
            for (int j = i + 1; j < edges.size(); ++j) {
                if ((edges.at(i).first - edges.at(j).first) *
                        (edges.at(i).second - edges.at(j).second) <
                    0)
                    ++crossings;
            }
        }
    }
    return crossings;
}

QHash<QString, int> arrangeByBarycenter(const Design &design, const LayoutOptions &options) {
    const QList<Link> links = dependencyLinks(design);
    QHash<QString, QStringList> neighbours;
    for (const Link &link : links) {
        neighbours[link.from].append(link.to);
        neighbours[link.to].append(link.from);
    }

    LayoutOptions trial = options;
    CanvasGeometry geometry = layoutDesign(design, trial);
    QHash<QString, int> best = ranksOf(geometry);
    int bestCrossings = countCrossings(design, geometry);
    const QList<int> waves = design.waveNumbers();

    // Nodes are reordered only among their siblings: the standalone nodes of a lane, or the
    // members of one ApplicationSet (a group stays one block).
    const auto siblingKey = [&](const QString &name) {
        const Component *c = design.component(name);
        return c && !c->appSet.isEmpty() && design.applicationSet(c->appSet) ? c->appSet
                                                                             : QString();
    };

    constexpr int sweeps = 4;
    for (int sweep = 0; sweep < sweeps && bestCrossings > 0; ++sweep) {
        const bool forward = sweep % 2 == 0;
        for (qsizetype k = 0; k < waves.size(); ++k) {
            const int laneAt = int(forward ? k : waves.size() - 1 - k);
            const int wave = waves.at(laneAt);
            // Barycenter: mean height of the neighbours in lanes already placed this sweep.
            QHash<QString, QList<QPair<qreal, QString>>> groups; // sibling key -> (score, name)
            for (auto it = geometry.nodes.cbegin(); it != geometry.nodes.cend(); ++it) {
                if (geometry.nodeWaves.value(it.key()) != wave)
                    continue;
                qreal sum = 0;
                int count = 0;
                for (const QString &other : neighbours.value(it.key())) {
                    const int otherLane = int(waves.indexOf(geometry.nodeWaves.value(other)));
                    if (forward ? otherLane < laneAt : otherLane > laneAt) {
                        const QRectF r = geometry.anchorRect(other);
                        if (!r.isNull()) {
                            sum += r.center().y();
                            ++count;
                        }
                    }
                }
                // No placed neighbour: keep the current height, so unrelated nodes stay put.
                const qreal score = count > 0 ? sum / count : it.value().center().y();
                groups[siblingKey(it.key())].append({score, it.key()});
            }
            for (auto &group : groups) {
                std::stable_sort(group.begin(), group.end(),
                                 [](const auto &a, const auto &b) { return a.first < b.first; });
                for (int i = 0; i < group.size(); ++i)
                    trial.order.insert(group.at(i).second, i);
            }
            geometry = layoutDesign(design, trial);
        }
        const int crossings = countCrossings(design, geometry);
        if (crossings < bestCrossings) {
            bestCrossings = crossings;
            best = ranksOf(geometry);
        }
    }
    // ranksOf numbers a whole lane; members keep their relative order inside their group.
    return best;
}

} // namespace wavesmith
