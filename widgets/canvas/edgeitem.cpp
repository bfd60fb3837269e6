#include "edgeitem.h"

#include "canvaslint.h"
#include "designscene.h"

#include <QPainter>
#include <QLineF>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include <algorithm>

namespace wavesmith {

namespace {
constexpr qreal arrowLength = 8;
constexpr qreal arrowHalfWidth = 4.5;
} // namespace

EdgeItem::EdgeItem(Kind kind, const QString &from, const QString &to, QGraphicsItem *parent)
    : CanvasItem(parent)
    , m_kind(kind)
    , m_from(from)
    , m_to(to) {
    setFlag(ItemUsesExtendedStyleOption); // paint() needs the exposed rect
}

void EdgeItem::setRoute(const QPainterPath &route) {
    // A relayout reroutes every edge; most come out the same, and telling the scene's index
    // about a geometry change is the expensive part.
    if (route == m_route)
        return;
    prepareGeometryChange();
    m_route = route;
    m_line = route;
    m_arrow.clear();
    m_shape.reset(); // built when first asked for: a drag reroutes on every mouse move
    // A cubic segment stays inside the hull of its four points, so boxes over every window of
    // four consecutive elements cover the whole line (widened for the pick halo).
    m_coverage.clear();
    const int n = route.elementCount();
    for (int i = 0; i + 1 < n; ++i) {
        QRectF box(QPointF(route.elementAt(i)), QSizeF(0, 0));
        for (int j = i + 1; j < std::min(n, i + 4); ++j)
            box |= QRectF(QPointF(route.elementAt(j)), QSizeF(0, 0)).normalized();
        const qreal m = arrowLength + 5;
        m_coverage.append(box.normalized().adjusted(-m, -m, m, m));
    }
    if (route.elementCount() < 2)
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
}

QRectF EdgeItem::boundingRect() const {
    const qreal m = arrowLength + 5; // the pick halo is wider than the arrowhead
    return m_route.boundingRect().adjusted(-m, -m, m, m);
}

QPainterPath EdgeItem::shape() const {
    if (!m_shape) {
        QPainterPathStroker stroker;
        stroker.setWidth(8);
        m_shape = stroker.createStroke(m_route);
    }
    return *m_shape;
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) {
    DesignScene *scene = designScene();
    if (!scene || m_route.isEmpty())
        return;
    const QRectF exposed = option->exposedRect;
    if (!exposed.isEmpty() &&
        std::none_of(m_coverage.begin(), m_coverage.end(),
                     [&](const QRectF &box) { return box.intersects(exposed); }))
        return;
    const CanvasStyle &style = scene->style();
    QColor color = style.edge();
    qreal width = 1.6;
    Qt::PenStyle pen = Qt::SolidLine;
    if (m_kind == DependsOn) {
        color = m_invalid ? QColor(0xdc, 0x26, 0x26) : style.dependencyEdge();
        // A finding on the edge (a warning such as WS010 on a wave-ordered edge) colours it.
        if (m_lintSeverity && *m_lintSeverity != Diagnostic::Severity::Info)
            color = lintSeverityColor(*m_lintSeverity);
        width = m_picked ? 3.5 : m_emphasized ? 2.6 : 1.6;
        pen = m_invalid ? Qt::DashLine : Qt::SolidLine;
    }
    // Far out, an edge is a hairline: antialiasing and arrowheads cost more than they show.
    const qreal lod =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.35) {
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
    painter->drawPath(m_line);
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
