#include "toolbaricons.h"

#include <QGuiApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace wavesmith {

namespace {

// Draws in a 24x24 box.
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

// Drawn when a size is first asked for, in the application palette's colours of that moment, so
// the icons follow a theme change and cost nothing before the toolbar first paints.
class ToolbarIconEngine final : public QIconEngine {
public:
    explicit ToolbarIconEngine(ToolbarIcon which)
        : m_which(which) {}

    QIconEngine *clone() const override { return new ToolbarIconEngine(m_which); }
    QString key() const override { return QStringLiteral("wavesmith-toolbar"); }
    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->translate(rect.topLeft());
        painter->scale(rect.width() / 24.0, rect.height() / 24.0);
        draw(*painter, m_which, colorFor(mode));
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override {
        const QString key = QStringLiteral("%1x%2 %3")
                                .arg(size.width())
                                .arg(size.height())
                                .arg(colorFor(mode).rgba());
        if (const auto found = m_pixmaps.constFind(key); found != m_pixmaps.constEnd())
            return *found;
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, pixmap.rect(), mode, state);
        painter.end();
        if (m_pixmaps.size() >= 16) // sizes and themes come and go
            m_pixmaps.clear();
        m_pixmaps.insert(key, pixmap);
        return pixmap;
    }

private:
    static QColor colorFor(QIcon::Mode mode) {
        return QGuiApplication::palette().color(
            mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Active, QPalette::ButtonText);
    }

    ToolbarIcon m_which;
    QHash<QString, QPixmap> m_pixmaps; // "WxH colour"
};

} // namespace

QIcon toolbarIcon(ToolbarIcon which) {
    return QIcon(new ToolbarIconEngine(which));
}

} // namespace wavesmith
