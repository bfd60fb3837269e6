#include "canvasitem.h"

#include "designscene.h"

namespace wavesmith {

CanvasItem::CanvasItem(QGraphicsItem *parent)
    : QGraphicsItem(parent) {}

void CanvasItem::setGeometry(const QRectF &sceneRect) {
    const QRectF local(QPointF(0, 0), sceneRect.size());
    if (local != m_rect) {
        prepareGeometryChange();
        m_rect = local;
    }
    setPos(sceneRect.topLeft());
}

QRectF CanvasItem::boundingRect() const {
    const qreal m = margin();
    return m_rect.adjusted(-m, -m, m, m);
}

DesignScene *CanvasItem::designScene() const {
    return qobject_cast<DesignScene *>(scene());
}

} // namespace wavesmith
