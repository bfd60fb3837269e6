#include "edgeoverviewitem.h"

#include "canvaslint.h"
#include "edgeitem.h"

#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <vector>

namespace wavesmith {

namespace {

// Holds the edge items the layer draws; always hidden, so a repaint skips them all at once.
class EdgeGroup : public QGraphicsItem {
public:
    explicit EdgeGroup(QGraphicsItem *parent)
        : QGraphicsItem(parent) {
        setFlag(ItemHasNoContents);
        hide();
    }
    QRectF boundingRect() const override { return {}; }
    void paint(QPainter *, const QStyleOptionGraphicsItem *, QWidget *) override {}
};

// A route as straight segments. Routes are orthogonal with corners rounded to a few scene
// units, less than a pixel this far out: a rounded corner (a quadratic curve, which
// QPainterPath keeps as a cubic) becomes the sharp corner it rounds, so the pieces stay
// horizontal and vertical. Other curves (an edge with an end outside the lanes) are flattened.
void appendSegments(const QPainterPath &route, QList<QLineF> &lines) {
    QPointF last;
    const auto lineTo = [&](const QPointF &point) {
        if (point != last)
            lines.append(QLineF(last, point));
        last = point;
    };
    for (int i = 0; i < route.elementCount(); ++i) {
        const QPainterPath::Element e = route.elementAt(i);
        if (e.type == QPainterPath::MoveToElement) {
            last = e;
        } else if (e.type != QPainterPath::CurveToElement) {
            lineTo(e);
        } else if (i + 2 < route.elementCount()) {
            const QPointF c1 = e;
            const QPointF c2 = route.elementAt(i + 1);
            const QPointF end = route.elementAt(i + 2);
            i += 2;
            // A quadratic through `corner` has c1 = start + 2/3 (corner - start) and
            // c2 = end + 2/3 (corner - end).
            const QPointF corner = last + (c1 - last) * 1.5;
            const QPointF expected = end + (corner - end) * (2.0 / 3);
            if (QLineF(expected, c2).length() < 0.01) {
                lineTo(corner);
                lineTo(end);
                continue;
            }
            const QPointF start = last;
            constexpr int pieces = 8;
            for (int k = 1; k <= pieces; ++k) {
                const qreal t = qreal(k) / pieces;
                const qreal u = 1 - t;
                lineTo(start * (u * u * u) + c1 * (3 * u * u * t) + c2 * (3 * u * t * t) +
                       end * (t * t * t));
            }
        }
    }
}

// A closed pixel interval [from, to] on row or column `line`.
struct Span {
    int line;
    int from;
    int to;
    bool operator<(const Span &other) const {
        return std::tie(line, from) < std::tie(other.line, other.from);
    }
};

// The spans merged where they touch or overlap on the same line, each as a rectangle one pixel
// wide (`columns`) or high. One sort of a flat list: a relayout rebuilds them all.
void appendMerged(std::vector<Span> &spans, bool columns, QList<QRect> &rects) {
    std::sort(spans.begin(), spans.end());
    const auto flush = [&](const Span &s) {
        rects.append(columns ? QRect(s.line, s.from, 1, s.to - s.from + 1)
                             : QRect(s.from, s.line, s.to - s.from + 1, 1));
    };
    std::optional<Span> open;
    for (const Span &span : spans) {
        if (open && span.line == open->line && span.from <= open->to + 1) {
            open->to = std::max(open->to, span.to);
            continue;
        }
        if (open)
            flush(*open);
        open = span;
    }
    if (open)
        flush(*open);
}

} // namespace

EdgeOverviewItem::EdgeOverviewItem()
    : m_group(new EdgeGroup(this)) {
    // Nothing to click on: a hidden edge is found with edgeAt() (DesignScene does).
    setAcceptedMouseButtons(Qt::NoButton);
}

EdgeOverviewItem::~EdgeOverviewItem() = default;

bool EdgeOverviewItem::contains(const EdgeItem *edge) const {
    return edge && edge->parentItem() == m_group;
}

void EdgeOverviewItem::setOverview(bool overview, const QList<EdgeItem *> &edges) {
    if (m_overview == overview)
        return;
    m_overview = overview;
    // Each edge leaves the end of its list rather than its middle (Qt shifts what follows):
    // going in, the scene's top-level items, where the edges were added last; coming out, the
    // group's children, which going in left in reverse order.
    if (overview) {
        for (auto it = edges.crbegin(); it != edges.crend(); ++it)
            place(*it);
    } else {
        for (EdgeItem *edge : edges)
            place(edge);
    }
    edgesChanged();
}

void EdgeOverviewItem::place(EdgeItem *edge) {
    if (edge->kind() != EdgeItem::DependsOn)
        return;
    QGraphicsItem *parent = m_overview ? m_group : nullptr;
    if (edge->parentItem() != parent)
        edge->setParentItem(parent);
}

void EdgeOverviewItem::edgeChanged(const QRectF &area) {
    m_stale = true;
    if (!m_bounds.contains(area)) {
        prepareGeometryChange();
        m_bounds |= area;
    }
    // Closer in the edges repaint themselves; this layer draws nothing there.
    if (m_overview)
        update(area);
}

void EdgeOverviewItem::edgesChanged() {
    m_stale = true;
    // Fitted to the edges again: bounds only grow in edgeChanged().
    QRectF bounds;
    for (QGraphicsItem *child : m_group->childItems()) {
        if (child->type() == EdgeItem::EdgeType && child->isVisibleTo(m_group))
            bounds |= static_cast<const EdgeItem *>(child)->lineBounds();
    }
    if (bounds != m_bounds) {
        prepareGeometryChange();
        m_bounds = bounds;
    }
    if (m_overview)
        update();
}

EdgeItem *EdgeOverviewItem::edgeAt(const QPointF &scenePos) const {
    const QPointF local = m_group->mapFromScene(scenePos);
    const QList<QGraphicsItem *> edges = m_group->childItems(); // in stacking order
    for (auto it = edges.crbegin(); it != edges.crend(); ++it) {
        QGraphicsItem *edge = *it;
        if (edge->type() != EdgeItem::EdgeType || !edge->isVisibleTo(m_group))
            continue;
        auto *candidate = static_cast<EdgeItem *>(edge);
        const QPointF at = edge->mapFromItem(m_group, local);
        if (candidate->lineBounds().contains(at) && edge->shape().contains(at))
            return candidate;
    }
    return nullptr;
}

QRectF EdgeOverviewItem::boundingRect() const {
    return m_bounds;
}

void EdgeOverviewItem::rebuild() const {
    m_runsStale = true;
    m_batches.clear();
    m_picked.clear();
    m_marks.clear();
    for (QGraphicsItem *child : m_group->childItems()) {
        if (child->type() != EdgeItem::EdgeType || !child->isVisibleTo(m_group))
            continue;
        const auto *edge = static_cast<const EdgeItem *>(child);
        if (edge->route().isEmpty())
            continue;
        const QColor color = edge->lineColor();
        const Qt::PenStyle style = edge->lineStyle();
        if (edge->isPicked()) {
            m_pickedColor = color;
            m_pickedStyle = style;
            appendSegments(edge->route(), m_picked);
        } else {
            auto batch = std::find_if(m_batches.begin(), m_batches.end(), [&](const Batch &b) {
                return b.color == color && b.style == style;
            });
            if (batch == m_batches.end())
                batch = m_batches.insert(m_batches.end(), Batch{color, style, {}});
            appendSegments(edge->route(), batch->lines);
        }
        if (edge->lintBadge())
            m_marks.append({edge->lintMarkCenter(), lintSeverityColor(*edge->lintBadge())});
    }
    m_stale = false;
}

void EdgeOverviewItem::buildRuns(const QTransform &toDevice) const {
    m_runs.clear();
    for (const Batch &batch : std::as_const(m_batches)) {
        if (batch.style != Qt::SolidLine)
            continue; // dashes are drawn as lines, see paintBatches()
        Runs runs{batch.color, {}, {}};
        // Pixel (i, j) covers [i, i + 1) x [j, j + 1): a point on the line lights the pixel
        // it falls in, as an aliased hairline would.
        std::vector<Span> columns;
        std::vector<Span> rows;
        columns.reserve(size_t(batch.lines.size()));
        rows.reserve(size_t(batch.lines.size()));
        for (const QLineF &line : batch.lines) {
            const QPointF a = toDevice.map(line.p1());
            const QPointF b = toDevice.map(line.p2());
            const int ax = int(std::floor(a.x()));
            const int ay = int(std::floor(a.y()));
            const int bx = int(std::floor(b.x()));
            const int by = int(std::floor(b.y()));
            if (line.p1().x() == line.p2().x())
                columns.push_back({ax, std::min(ay, by), std::max(ay, by)});
            else if (line.p1().y() == line.p2().y())
                rows.push_back({ay, std::min(ax, bx), std::max(ax, bx)});
            else
                runs.rest.append(line);
        }
        appendMerged(columns, true, runs.rects);
        appendMerged(rows, false, runs.rects);
        m_runs.append(runs);
    }
    m_runsTransform = toDevice;
    m_runsStale = false;
}

void EdgeOverviewItem::paintBatches(QPainter *painter) const {
    const QTransform &toDevice = painter->worldTransform();
    // Scaled and translated only (a view never rotates the canvas): solid batches become pixel
    // runs, filled as rectangles, a few per lane gap instead of hundreds of overlapping lines.
    const bool runs = toDevice.type() <= QTransform::TxScale;
    if (runs && (m_runsStale || toDevice != m_runsTransform))
        buildRuns(toDevice);
    if (runs) {
        for (const Runs &r : std::as_const(m_runs)) {
            painter->setPen(QPen(r.color, 0));
            painter->drawLines(r.rest);
        }
        painter->save();
        painter->resetTransform();
        for (const Runs &r : std::as_const(m_runs)) {
            for (const QRect &rect : r.rects)
                painter->fillRect(rect, r.color);
        }
        painter->restore();
    }
    for (const Batch &batch : std::as_const(m_batches)) {
        if (runs && batch.style == Qt::SolidLine)
            continue;
        painter->setPen(QPen(batch.color, 0, batch.style));
        painter->drawLines(batch.lines);
    }
}

void EdgeOverviewItem::paintEach(QPainter *painter, const QStyleOptionGraphicsItem *option,
                                 QWidget *widget) {
    for (QGraphicsItem *edge : m_group->childItems()) {
        if (!edge->isVisibleTo(m_group))
            continue;
        painter->save();
        painter->setTransform(edge->itemTransform(this), true);
        edge->paint(painter, option, widget);
        painter->restore();
    }
}

void EdgeOverviewItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
                             QWidget *widget) {
    const qreal lod =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (lod >= EdgeItem::overviewLod) {
        // Closer in the edges draw themselves; only a close render while they are in the group
        // (a second view, an export at 100 %) falls back to drawing them from here.
        paintEach(painter, option, widget);
        return;
    }
    if (m_stale)
        rebuild();
    // Aliased hairlines in opaque colours: the raster engine's fast line path. Antialiasing or
    // blending would cost several times as much and look the same at a pixel or two wide.
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setBrush(Qt::NoBrush);
    paintBatches(painter);
    if (!m_picked.isEmpty()) {
        QPen pen(m_pickedColor, 2, m_pickedStyle);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawLines(m_picked);
    }
    // Eight pixels on screen, whatever the zoom.
    const QSizeF mark(8 / lod, 8 / lod);
    for (const Mark &m : std::as_const(m_marks))
        painter->fillRect(QRectF(m.center - QPointF(4 / lod, 4 / lod), mark), m.color);
}

} // namespace wavesmith
