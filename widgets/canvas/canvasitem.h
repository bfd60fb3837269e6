#pragma once

// Base of every canvas item: a rectangle placed by the scene's layout, an id into the model,
// and access to the scene's model, style and icons. Items read the model in refresh() when the
// scene tells them to; they never write to it.

#include <QGraphicsItem>
#include <QRectF>

namespace wavesmith {

class DesignScene;

class CanvasItem : public QGraphicsItem {
public:
    // QGraphicsItem::type() values, for qgraphicsitem_cast.
    enum ItemType {
        LaneType = UserType + 1,
        ComponentType,
        AppSetType,
        RootType,
        EdgeType,
    };

    explicit CanvasItem(QGraphicsItem *parent = nullptr);

    // Places the item; `sceneRect` comes from the layout (canvaslayout.h).
    void setGeometry(const QRectF &sceneRect);
    QRectF rect() const { return m_rect; }
    QRectF boundingRect() const override;

    // Re-reads what the item shows from the model.
    virtual void refresh() = 0;

protected:
    DesignScene *designScene() const;
    // Extra room around rect() for shadows and hover outlines.
    virtual qreal margin() const { return 4; }

private:
    QRectF m_rect; // local coordinates, top-left at (0, 0)
};

} // namespace wavesmith
