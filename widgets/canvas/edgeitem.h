#pragma once

// An edge between two canvas items: the root managing a lane, or "B needs A". The scene routes
// it after each layout; the edge only draws the route and its arrowhead.

#include "canvasitem.h"

#include <QPainterPath>
#include <QString>

namespace wavesmith {

class EdgeItem : public CanvasItem {
public:
    enum Kind {
        Manages,   // root Application -> wave lane ("wave:N")
        DependsOn, // needed component -> component that needs it
    };

    EdgeItem(Kind kind, const QString &from, const QString &to, QGraphicsItem *parent = nullptr);

    Kind kind() const { return m_kind; }
    QString from() const { return m_from; }
    QString to() const { return m_to; }
    // A dependency that sync waves will not order (same or later wave).
    bool isInvalid() const { return m_invalid; }

    void setRoute(const QPainterPath &route);
    QPainterPath route() const { return m_route; }

    void refresh() override;
    int type() const override { return EdgeType; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    Kind m_kind;
    QString m_from;
    QString m_to;
    QPainterPath m_route; // scene coordinates (the item stays at the origin)
    bool m_invalid = false;
};

} // namespace wavesmith
