#include "edgeitem.h"

#include "designscene.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QtMath>

namespace wavesmith {

namespace {
constexpr qreal arrowLength = 8;
constexpr qreal arrowHalfWidth = 4.5;
} // namespace

EdgeItem::EdgeItem(Kind kind, const QString &from, const QString &to, QGraphicsItem *parent)
    : CanvasItem(parent)
    , m_kind(kind)
    , m_from(from)
    , m_to(to) {}

void EdgeItem::setRoute(const QPainterPath &route) {
    prepareGeometryChange();
    m_route = route;
}

void EdgeItem::refresh() {
    m_invalid = false;
    DesignScene *scene = designScene();
    if (!scene || m_kind != DependsOn)
        return;
    const Component *needed = scene->design().component(m_from);
    const Component *dependent = scene->design().component(m_to);
    if (needed && dependent) {
        m_invalid = needed->wave >= dependent->wave;
        setToolTip(m_invalid ? QStringLiteral("%1 needs %2, but %2 is in wave %3, not before wave "
                                              "%4: sync waves will not order them")
                                   .arg(m_to, m_from)
                                   .arg(needed->wave)
                                   .arg(dependent->wave)
                             : QStringLiteral("%1 needs %2").arg(m_to, m_from));
    }
    update();
}

QRectF EdgeItem::boundingRect() const {
    const qreal m = arrowLength + 2;
    return m_route.boundingRect().adjusted(-m, -m, m, m);
}

QPainterPath EdgeItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    return stroker.createStroke(m_route);
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) {
    DesignScene *scene = designScene();
    if (!scene || m_route.isEmpty())
        return;
    const CanvasStyle &style = scene->style();
    QColor color = style.edge();
    qreal width = 1.6;
    Qt::PenStyle pen = Qt::SolidLine;
    if (m_kind == DependsOn) {
        color = m_invalid ? QColor(0xdc, 0x26, 0x26) : style.dependencyEdge();
        width = 2;
        pen = m_invalid ? Qt::DashLine : Qt::SolidLine;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);

    // Stop the line where the arrowhead begins so its tip stays sharp.
    const QPointF tip = m_route.pointAtPercent(1);
    const qreal angle = qDegreesToRadians(m_route.angleAtPercent(1));
    const QPointF direction(std::cos(angle), -std::sin(angle));
    const QPointF normal(-direction.y(), direction.x());
    const QPointF base = tip - direction * arrowLength;
    QPainterPath line = m_route;
    line.setElementPositionAt(line.elementCount() - 1, base.x(), base.y());
    painter->setPen(QPen(color, width, pen, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPath(line);

    QPolygonF arrow;
    arrow << tip << base + normal * arrowHalfWidth << base - normal * arrowHalfWidth;
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(arrow);
}

} // namespace wavesmith
