#include "edgeitem.h"

#include "designscene.h"

#include <QPainter>
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
    prepareGeometryChange();
    m_route = route;
    m_line = route;
    m_arrow.clear();
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    m_shape = stroker.createStroke(route);
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
    const QPointF tip = route.pointAtPercent(1);
    const qreal angle = qDegreesToRadians(route.angleAtPercent(1));
    const QPointF direction(std::cos(angle), -std::sin(angle));
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

void EdgeItem::refresh() {
    m_invalid = false;
    DesignScene *scene = designScene();
    if (!scene || m_kind != DependsOn)
        return;
    const Component *needed = scene->design().component(m_from);
    const Component *dependent = scene->design().component(m_to);
    if (needed && dependent) {
        const QString reason =
            invalidReason(dependent->name, dependent->wave, needed->name, needed->wave);
        m_invalid = !reason.isEmpty();
        setToolTip(m_invalid ? reason
                             : QStringLiteral("%1 (wave %2) needs %3 (wave %4)")
                                   .arg(m_to)
                                   .arg(dependent->wave)
                                   .arg(m_from)
                                   .arg(needed->wave));
    }
    update();
}

QRectF EdgeItem::boundingRect() const {
    const qreal m = arrowLength + 5; // the pick halo is wider than the arrowhead
    return m_route.boundingRect().adjusted(-m, -m, m, m);
}

QPainterPath EdgeItem::shape() const {
    return m_shape;
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
        width = m_picked ? 3.5 : m_emphasized ? 2.6 : 1.6;
        pen = m_invalid ? Qt::DashLine : Qt::SolidLine;
    }
    // Far out, an edge is a hairline: antialiasing and arrowheads cost more than they show.
    const qreal lod =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.35) {
        painter->setPen(QPen(color, 0, pen));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_route);
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
}

} // namespace wavesmith
