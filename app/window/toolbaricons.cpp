#include "toolbaricons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace wavesmith {

namespace {

// Draws in a 24x24 box; the pixmap is rendered at 2x so it stays crisp on high-DPI screens.
void draw(QPainter &p, ToolbarIcon which, const QColor &color) {
    QPen pen(color, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    const auto magnifier = [&] {
        p.drawEllipse(QPointF(10.5, 10.5), 6.5, 6.5);
        p.drawLine(QPointF(15.3, 15.3), QPointF(20.5, 20.5));
    };
    switch (which) {
    case ToolbarIcon::Open: {
        QPainterPath folder;
        folder.moveTo(3.5, 7);
        folder.lineTo(3.5, 18.5);
        folder.lineTo(20.5, 18.5);
        folder.lineTo(20.5, 8.5);
        folder.lineTo(11.5, 8.5);
        folder.lineTo(9.5, 5.5);
        folder.lineTo(3.5, 5.5);
        folder.closeSubpath();
        p.drawPath(folder);
        break;
    }
    case ToolbarIcon::ZoomIn:
        magnifier();
        p.drawLine(QPointF(7.5, 10.5), QPointF(13.5, 10.5));
        p.drawLine(QPointF(10.5, 7.5), QPointF(10.5, 13.5));
        break;
    case ToolbarIcon::ZoomOut:
        magnifier();
        p.drawLine(QPointF(7.5, 10.5), QPointF(13.5, 10.5));
        break;
    case ToolbarIcon::ZoomFit:
        // Four corners around a frame: "fit everything".
        p.drawPolyline(QPolygonF({QPointF(3.5, 8), QPointF(3.5, 3.5), QPointF(8, 3.5)}));
        p.drawPolyline(QPolygonF({QPointF(16, 3.5), QPointF(20.5, 3.5), QPointF(20.5, 8)}));
        p.drawPolyline(QPolygonF({QPointF(20.5, 16), QPointF(20.5, 20.5), QPointF(16, 20.5)}));
        p.drawPolyline(QPolygonF({QPointF(8, 20.5), QPointF(3.5, 20.5), QPointF(3.5, 16)}));
        p.drawRoundedRect(QRectF(7.5, 7.5, 9, 9), 1.5, 1.5);
        break;
    case ToolbarIcon::ZoomOriginal: {
        QFont font = p.font();
        font.setPixelSize(10);
        font.setBold(true);
        p.setFont(font);
        p.drawRoundedRect(QRectF(2.5, 5.5, 19, 13), 2.5, 2.5);
        p.drawText(QRectF(2.5, 5.5, 19, 13), Qt::AlignCenter, QStringLiteral("1:1"));
        break;
    }
    }
}

QPixmap render(ToolbarIcon which, const QColor &color) {
    QPixmap pixmap(48, 48);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(2, 2);
    draw(p, which, color);
    p.end();
    pixmap.setDevicePixelRatio(2);
    return pixmap;
}

} // namespace

QIcon toolbarIcon(ToolbarIcon which, const QPalette &palette) {
    QIcon icon;
    icon.addPixmap(render(which, palette.color(QPalette::Active, QPalette::ButtonText)),
                   QIcon::Normal);
    icon.addPixmap(render(which, palette.color(QPalette::Disabled, QPalette::ButtonText)),
                   QIcon::Disabled);
    return icon;
}

} // namespace wavesmith
