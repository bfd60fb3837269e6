#include "edgeitem.h"

#include "canvaslint.h"
#include "designscene.h"
#include "designview.h"
#include "edgeoverviewitem.h"

#include <QGraphicsScene>
#include <QLineF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include <algorithm>
#include <cmath>

namespace wavesmith {

namespace {
constexpr qreal arrowLength = 8;
constexpr qreal arrowHalfWidth = 4.5;
constexpr qreal haloMargin = arrowLength + 5; // the pick halo is wider than the arrowhead

// The line flattened finely enough to pass for the curve at the largest zoom, with chords cut
// so that no piece is wider than `thin` both ways or longer than `longest`; and boxes over runs
// of it that stay thin in one direction and short (a strip along a straight part, small
// squares along a diagonal), widened by the halo. One box per curve would be as large as the
// curve's bounding rect.
void flattenAndCover(const QPainterPath &line, QList<QPolygonF> &flat,
                     QList<EdgeItem::CoveragePiece> &coverage) {
    constexpr qreal thin = 32;     // scene units; a box may be long, but not this wide both ways
    constexpr qreal longest = 160; // nor longer: a strip crossing the line redraws this much
    constexpr qreal finest = 4;    // the largest zoom: flattening error stays below a pixel there
    flat.clear();
    coverage.clear();
    const QTransform up = QTransform::fromScale(finest, finest);
    const QTransform down = QTransform::fromScale(1 / finest, 1 / finest);
    for (const QPolygonF &coarse : line.toSubpathPolygons(up)) {
        const QPolygonF polygon = down.map(coarse);
        QPolygonF points;
        if (!polygon.isEmpty())
            points << polygon.first();
        for (qsizetype i = 0; i + 1 < polygon.size(); ++i) {
            const QPointF a = polygon.at(i);
            const QPointF b = polygon.at(i + 1);
            const qreal dx = std::abs(b.x() - a.x());
            const qreal dy = std::abs(b.y() - a.y());
            const int pieces = std::max({1, int(std::ceil(std::min(dx, dy) / thin)),
                                         int(std::ceil(std::max(dx, dy) / longest))});
            for (int k = 1; k <= pieces; ++k)
                points << a + (b - a) * (qreal(k) / pieces);
        }
        const int subpath = int(flat.size());
        std::optional<QRectF> run;
        int first = 0;
        for (int i = 0; i + 1 < int(points.size()); ++i) {
            const QRectF piece = QRectF(points.at(i), points.at(i + 1)).normalized();
            if (run) {
                const QRectF merged = *run | piece;
                if ((merged.width() <= thin || merged.height() <= thin) &&
                    std::max(merged.width(), merged.height()) <= longest) {
                    run = merged;
                    continue;
                }
                coverage.append({run->adjusted(-haloMargin, -haloMargin, haloMargin, haloMargin),
                                 subpath, first, i});
            }
            run = piece;
            first = i;
        }
        if (run)
            coverage.append({run->adjusted(-haloMargin, -haloMargin, haloMargin, haloMargin),
                             subpath, first, int(points.size()) - 1});
        flat.append(points);
    }
}
} // namespace

EdgeItem::EdgeItem(Kind kind, const QString &from, const QString &to, QGraphicsItem *parent)
    : CanvasItem(parent)
    , m_kind(kind)
    , m_from(from)
    , m_to(to) {}

void EdgeItem::setRoute(const QPainterPath &route) {
    // A relayout reroutes every edge; most come out the same, and telling the scene's index
    // about a geometry change is the expensive part.
    if (!m_live && route == m_route)
        return;
    prepareGeometryChange();
    const QRectF was = lineBounds();
    m_live = false;
    m_liveBounds = QRectF();
    applyRoute(route);
    overviewChanged(was | m_bounds);
}

void EdgeItem::setLiveRoute(const QPainterPath &route, const QRectF &bounds) {
    const QRectF needed =
        route.boundingRect().adjusted(-haloMargin, -haloMargin, haloMargin, haloMargin);
    if (!m_live || !m_liveBounds.contains(needed)) {
        // Once per drag, or when the line leaves the scene: Qt repaints the old and new bounds.
        prepareGeometryChange();
        m_liveBounds = (m_live ? m_liveBounds : QRectF()) | bounds | needed;
        m_live = true;
        applyRoute(route);
        return;
    }
    if (route == m_route)
        return;
    updateCoverage(); // where the line was
    applyRoute(route);
    updateCoverage(); // where it is now
}

void EdgeItem::updateCoverage() {
    QGraphicsScene *s = scene();
    if (!s || !isVisible())
        return;
    for (const CoveragePiece &piece : coverage())
        s->update(mapRectToScene(piece.box));
}

void EdgeItem::applyRoute(const QPainterPath &route) {
    m_route = route;
    m_bounds = route.boundingRect().adjusted(-haloMargin, -haloMargin, haloMargin, haloMargin);
    m_line = route;
    m_arrow.clear();
    m_shape.reset(); // built when first asked for: a drag reroutes on every mouse move
    m_coverageBuilt = false;
    const int n = route.elementCount();
    if (n < 2)
        return;
    if (m_lintSeverity)
        m_middle = route.pointAtPercent(0.5);
    // The arrow follows the last segment's tangent: the last point that differs from the tip
    // (a curve's second control point, or a line's start). pointAtPercent() and
    // angleAtPercent() would measure the whole path's length for the same answer.
    const QPointF tip = route.elementAt(n - 1);
    QPointF before = tip;
    for (int i = n - 2; i >= 0 && before == tip; --i)
        before = route.elementAt(i);
    const QLineF last(before, tip);
    if (last.length() <= 0)
        return;
    const QPointF direction = (tip - before) / last.length();
    const QPointF normal(-direction.y(), direction.x());
    const QPointF base = tip - direction * arrowLength;
    m_line.setElementPositionAt(m_line.elementCount() - 1, base.x(), base.y());
    m_arrow << tip << base + normal * arrowHalfWidth << base - normal * arrowHalfWidth;
}

const QList<EdgeItem::CoveragePiece> &EdgeItem::coverage() const {
    // Built when first needed (a paint event's region, a drag): opening a design lays out
    // thousands of edges, and its first paint draws every one whole.
    if (!m_coverageBuilt) {
        flattenAndCover(m_line, m_flat, m_coverage);
        m_coverageBuilt = true;
    }
    return m_coverage;
}

QString EdgeItem::invalidReason(const QString &dependent, int dependentWave, const QString &needed,
                                int neededWave) {
    if (neededWave < dependentWave)
        return {};
    const QString why =
        neededWave == dependentWave
            ? QStringLiteral("Argo CD applies the Applications of one wave together")
            : QStringLiteral("Argo CD applies wave %1 first").arg(dependentWave);
    return QStringLiteral("%1 (wave %2) needs %3 (wave %4): %5, so this dependency is not "
                          "ordered. Move %3 to wave %6 or earlier.")
        .arg(dependent)
        .arg(dependentWave)
        .arg(needed)
        .arg(neededWave)
        .arg(why)
        .arg(dependentWave - 1);
}

void EdgeItem::setPicked(bool picked) {
    if (m_picked == picked)
        return;
    m_picked = picked;
    update();
    overviewChanged(m_bounds); // drawn bolder there too
}

void EdgeItem::setEmphasized(bool emphasized) {
    if (m_emphasized == emphasized)
        return;
    m_emphasized = emphasized;
    update();
}

void EdgeItem::setLintFindings(const QList<LintFinding> &findings) {
    m_lintSeverity = worstSeverity(findings);
    m_lintToolTip = lintToolTipLines(findings);
    if (m_lintSeverity && !m_route.isEmpty())
        m_middle = m_route.pointAtPercent(0.5);
    refresh(); // the tooltip carries the findings
}

void EdgeItem::refresh() {
    m_invalid = false;
    DesignScene *scene = designScene();
    if (!scene || m_kind != DependsOn)
        return;
    const Component *needed = scene->component(m_from);
    const Component *dependent = scene->component(m_to);
    if (needed && dependent) {
        const QString reason =
            invalidReason(dependent->name, dependent->wave, needed->name, needed->wave);
        m_invalid = !reason.isEmpty();
        const QString tip = m_invalid ? reason.toHtmlEscaped()
                                      : QStringLiteral("%1 (wave %2) needs %3 (wave %4)")
                                            .arg(m_to)
                                            .arg(dependent->wave)
                                            .arg(m_from)
                                            .arg(needed->wave);
        setToolTip(m_lintToolTip.isEmpty() ? tip : tip + QStringLiteral("<br>") + m_lintToolTip);
    }
    update();
    overviewChanged(m_bounds); // validity and findings set the colour
}

void EdgeItem::overviewChanged(const QRectF &area) const {
    const DesignScene *scene = designScene();
    EdgeOverviewItem *overview = scene ? scene->edgeOverview() : nullptr;
    if (overview && overview->contains(this))
        overview->edgeChanged(area);
}

QRectF EdgeItem::boundingRect() const {
    // In the overview's group the edge is hidden and drawn by the layer. Its real bounds would
    // still be kept in the scene's index, where a long edge fills many cells: thousands of them
    // would be walked on every lookup (each repaint's) for nothing.
    return m_inOverview ? QRectF() : lineBounds();
}

QVariant EdgeItem::itemChange(GraphicsItemChange change, const QVariant &value) {
    if (change == ItemParentChange) {
        // Only EdgeOverviewItem's group ever becomes an edge's parent.
        prepareGeometryChange();
        m_inOverview = value.value<QGraphicsItem *>() != nullptr;
    }
    return CanvasItem::itemChange(change, value);
}

QPainterPath EdgeItem::shape() const {
    if (!m_shape) {
        QPainterPathStroker stroker;
        stroker.setWidth(8);
        m_shape = stroker.createStroke(m_route);
    }
    return *m_shape;
}

EdgeItem::Exposure EdgeItem::exposure(const QPainter *painter, const QWidget *widget) const {
    // In a view's paint event the region it redraws is known, and after a drag step it is a
    // few strips that most long edges miss. Qt's exposed rect (ItemUsesExtendedStyleOption)
    // would only be that region's bounding rect, and costs a pass over the region per item.
    Exposure result;
    const QRegion *region = DesignView::paintingRegionOf(widget);
    if (!region || region->isEmpty()) {
        result.all = true; // render() to an image: the painter's clip does the rest
        return result;
    }
    const QTransform &toViewport = painter->worldTransform();
    const QRect bounds = region->boundingRect();
    const QList<CoveragePiece> &pieces = coverage();
    for (int i = 0; i < int(pieces.size()); ++i) {
        const QRect onScreen = toViewport.mapRect(pieces.at(i).box).toAlignedRect();
        if (onScreen.intersects(bounds) && region->intersects(onScreen))
            result.pieces.append(i);
    }
    return result;
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *widget) {
    if (!designScene() || m_route.isEmpty())
        return;
    // Far out, the overview layer draws the edges of its group in a few batched calls.
    if (designScene()->edgeOverview()->contains(this) &&
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()) <
            overviewLod)
        return;
    const Exposure exposed = exposure(painter, widget);
    if (!exposed.all && exposed.pieces.isEmpty())
        return;
    paintRoute(painter, exposed);
}

void EdgeItem::paintLine(QPainter *painter, const Exposure &exposed) const {
    // Stroking costs what the rasteriser walks, clipped or not: a long line crossed by one
    // repainted strip is drawn as the runs of pieces inside it, each reaching one point into
    // its neighbours so that joins look as in the whole line (what lies beyond is outside the
    // repainted region). Dashes would restart per run, so dashed lines are drawn whole.
    if (exposed.all || painter->pen().style() != Qt::SolidLine) {
        painter->drawPath(m_line);
        return;
    }
    for (qsizetype i = 0; i < exposed.pieces.size();) {
        const CoveragePiece &start = m_coverage.at(exposed.pieces.at(i));
        int last = start.last;
        qsizetype j = i + 1;
        for (; j < exposed.pieces.size(); ++j) {
            const CoveragePiece &next = m_coverage.at(exposed.pieces.at(j));
            if (next.subpath != start.subpath || next.first > last)
                break;
            last = next.last;
        }
        const QPolygonF &points = m_flat.at(start.subpath);
        const int from = std::max(0, start.first - 1);
        const int to = std::min(int(points.size()) - 1, last + 1);
        if (from == 0 && to == int(points.size()) - 1 && m_flat.size() == 1) {
            painter->drawPath(m_line); // all of it: the curves are cheaper than their points
            return;
        }
        // Points inside a straight stretch (where the pieces were cut) only cost joins.
        QPolygonF run;
        run.reserve(to - from + 1);
        for (int k = from; k <= to; ++k) {
            const QPointF p = points.at(k);
            if (run.size() >= 2) {
                const QPointF a = run.at(run.size() - 2);
                const QPointF b = run.last();
                const qreal cross =
                    (b.x() - a.x()) * (p.y() - b.y()) - (b.y() - a.y()) * (p.x() - b.x());
                const qreal dot =
                    (b.x() - a.x()) * (p.x() - b.x()) + (b.y() - a.y()) * (p.y() - b.y());
                if (qFuzzyIsNull(cross) && dot > 0) {
                    run.last() = p;
                    continue;
                }
            }
            run.append(p);
        }
        painter->drawPolyline(run);
        i = j;
    }
}

QColor EdgeItem::lineColor() const {
    const DesignScene *scene = designScene();
    if (!scene)
        return {};
    if (m_kind != DependsOn)
        return scene->style().edge();
    // A finding on the edge (a warning such as WS010 on a wave-ordered edge) colours it.
    if (m_lintSeverity && *m_lintSeverity != Diagnostic::Severity::Info)
        return lintSeverityColor(*m_lintSeverity);
    return m_invalid ? QColor(0xdc, 0x26, 0x26) : scene->style().dependencyEdge();
}

Qt::PenStyle EdgeItem::lineStyle() const {
    return m_kind == DependsOn && m_invalid ? Qt::DashLine : Qt::SolidLine;
}

void EdgeItem::paintRoute(QPainter *painter, const Exposure &exposed) const {
    const DesignScene *scene = designScene();
    const CanvasStyle &style = scene->style();
    const QColor color = lineColor();
    const Qt::PenStyle pen = lineStyle();
    const qreal width = m_kind != DependsOn ? 1.6 : m_picked ? 3.5 : m_emphasized ? 2.6 : 1.6;
    // Far out, an edge is a hairline: antialiasing and arrowheads cost more than they show.
    const qreal lod =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (lod < overviewLod) {
        // Aliased: the view antialiases everything, and a smoothed hairline costs several
        // times a plain one while looking the same at this size.
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(color, 0, pen));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_route);
        if (m_lintSeverity)
            painter->fillRect(
                QRectF(m_middle - QPointF(4 / lod, 4 / lod), QSizeF(8 / lod, 8 / lod)),
                lintSeverityColor(*m_lintSeverity));
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    if (m_picked) {
        // A soft halo says "this one will go on Delete".
        QColor halo = color;
        halo.setAlpha(70);
        painter->setPen(QPen(halo, 9, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_route);
    }
    painter->setBrush(Qt::NoBrush);

    painter->setPen(QPen(color, width, pen, Qt::RoundCap, Qt::RoundJoin));
    // A picked line's halo is drawn whole underneath, so it is drawn whole too.
    paintLine(painter, m_picked ? Exposure{true, {}} : exposed);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(m_arrow);
    if (m_lintSeverity) {
        // A dot on the line says "the Lint panel has something about this dependency".
        painter->setPen(QPen(style.nodeFill(), 1.5));
        painter->setBrush(lintSeverityColor(*m_lintSeverity));
        painter->drawEllipse(m_middle, 5, 5);
    }
}

} // namespace wavesmith
