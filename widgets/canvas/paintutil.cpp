#include "paintutil.h"

#include <QFontMetricsF>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>

#include <algorithm>
#include <cmath>

namespace wavesmith {

namespace {

void drawCard(QPainter *painter, const QRectF &rect, qreal radius, const QColor &fill,
              const QColor &border, const QColor &shadow, qreal borderWidth) {
    painter->save();
    painter->setPen(Qt::NoPen);
    // Two offset layers read as a soft shadow without the cost of a blur effect.
    QColor outer = shadow;
    outer.setAlphaF(shadow.alphaF() * 0.45f);
    painter->setBrush(outer);
    painter->drawRoundedRect(rect.adjusted(-0.5, 1, 0.5, 3), radius + 1, radius + 1);
    painter->setBrush(shadow);
    painter->drawRoundedRect(rect.adjusted(0, 0.5, 0, 1.5), radius, radius);
    painter->setBrush(fill);
    painter->setPen(QPen(border, borderWidth));
    const qreal inset = borderWidth / 2;
    painter->drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius);
    painter->restore();
}

// Everything that decides a card's pixels, but not where it is.
struct CardLook {
    QSizeF size;
    qreal scale;
    qreal radius;
    QRgb fill;
    QRgb border;
    QRgb shadow;
    qreal borderWidth;
    bool operator==(const CardLook &) const = default;
};

size_t qHash(const CardLook &look, size_t seed = 0) {
    return qHashMulti(seed, look.size.width(), look.size.height(), look.scale, look.radius,
                      look.fill, look.border, look.shadow, look.borderWidth);
}

// The shadow's reach around the card, plus a pixel of antialiasing, in scene units.
constexpr QMarginsF cardMargins(2, 1, 2, 4);

} // namespace

void paintCard(QPainter *painter, const QRectF &rect, qreal radius, const QColor &fill,
               const QColor &border, const QColor &shadow, qreal borderWidth) {
    // Cards of one size and style have the same pixels: rasterize the three antialiased rounded
    // rects once per scale and copy the result to every card. Rasterizing them was most of a
    // card's first paint, the more so as Qt hands each such fill to its thread pool and waits.
    const QTransform device = painter->deviceTransform();
    const qreal scale = device.m11();
    const QRectF outer = rect.marginsAdded(cardMargins);
    const QSize pixels(qCeil(outer.width() * scale), qCeil(outer.height() * scale));
    const bool copyable = device.type() <= QTransform::TxScale &&
                          qFuzzyCompare(scale, device.m22()) && scale > 0 &&
                          pixels.width() * pixels.height() <= 512 * 512;
    if (!copyable) { // rotated, mirrored, or zoomed in so far that one card is a big image
        drawCard(painter, rect, radius, fill, border, shadow, borderWidth);
        return;
    }
    // Painting happens on the UI thread, and on a test's or a benchmark's own thread into images.
    thread_local QHash<CardLook, QImage> rendered;
    const CardLook look{rect.size(),   scale,         radius,     fill.rgba(),
                        border.rgba(), shadow.rgba(), borderWidth};
    auto found = rendered.constFind(look);
    if (found == rendered.constEnd()) {
        // Zoom levels and hover states come and go: keep at most about 16 MB of them.
        thread_local qsizetype renderedBytes = 0;
        const qsizetype bytes = qsizetype(pixels.width()) * pixels.height() * 4;
        if (renderedBytes + bytes > 16 * 1024 * 1024) {
            rendered.clear();
            renderedBytes = 0;
        }
        renderedBytes += bytes;
        QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(scale, scale);
        p.translate(-outer.topLeft());
        drawCard(&p, rect, radius, fill, border, shadow, borderWidth);
        p.end();
        found = rendered.insert(look, image);
    }
    // On the device pixel nearest the card's corner: at most half a pixel from where painting it
    // would have put it, and each pixel of the image lands on one device pixel.
    const QPointF corner = device.map(outer.topLeft());
    const QPointF snapped =
        device.inverted().map(QPointF(std::round(corner.x()), std::round(corner.y())));
    painter->drawImage(QRectF(snapped, QSizeF(pixels) / scale), *found);
}

qreal chipWidth(const QString &text, const QFont &font, qreal height) {
    return QFontMetricsF(font).horizontalAdvance(text) + height * 0.9;
}

qreal paintChip(QPainter *painter, const QPointF &topLeft, const QString &text, const QFont &font,
                const QColor &fill, const QColor &textColor, qreal height) {
    const qreal width = chipWidth(text, font, height);
    const QRectF rect(topLeft, QSizeF(width, height));
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(rect, height / 2, height / 2);
    painter->setFont(font);
    painter->setPen(textColor);
    painter->drawText(rect, Qt::AlignCenter, text);
    painter->restore();
    return width;
}

void paintText(QPainter *painter, const QRectF &rect, const QString &text, const QFont &font,
               const QColor &color, Qt::Alignment alignment, Qt::TextElideMode mode) {
    const QFontMetricsF metrics(font);
    painter->setFont(font);
    painter->setPen(color);
    painter->drawText(rect, int(alignment), metrics.elidedText(text, mode, rect.width()));
}

void paintKeyValue(QPainter *painter, const QRectF &rect, const QString &key, const QString &value,
                   const QFont &font, const QColor &keyColor, const QColor &valueColor,
                   Qt::TextElideMode mode, const QString &suffix) {
    const QFontMetricsF metrics(font);
    const qreal keyWidth = key.isEmpty() ? 0 : metrics.horizontalAdvance(key + QLatin1Char(' '));
    if (!key.isEmpty())
        paintText(painter, rect, key, font, keyColor);
    const QString tail = suffix.isEmpty() ? QString() : QLatin1Char(' ') + suffix;
    const qreal tailWidth = metrics.horizontalAdvance(tail);
    const qreal available = rect.width() - keyWidth - tailWidth;
    const QString shown = metrics.elidedText(value, mode, std::max<qreal>(0, available));
    const QRectF valueRect = rect.adjusted(keyWidth, 0, 0, 0);
    paintText(painter, valueRect, shown + tail, font, valueColor, Qt::AlignLeft | Qt::AlignVCenter,
              Qt::ElideRight);
}

void paintRootGlyph(QPainter *painter, const QRectF &rect, const QColor &color) {
    painter->save();
    const qreal s = rect.width();
    const QPointF top(rect.center().x(), rect.top() + s * 0.2);
    const qreal y = rect.top() + s * 0.78;
    const QList<QPointF> leaves = {QPointF(rect.left() + s * 0.18, y),
                                   QPointF(rect.center().x(), y),
                                   QPointF(rect.right() - s * 0.18, y)};
    painter->setPen(QPen(color, s * 0.08, Qt::SolidLine, Qt::RoundCap));
    for (const QPointF &leaf : leaves)
        painter->drawLine(top, leaf);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawEllipse(top, s * 0.16, s * 0.16);
    for (const QPointF &leaf : leaves)
        painter->drawEllipse(leaf, s * 0.11, s * 0.11);
    painter->restore();
}

void paintAppSetGlyph(QPainter *painter, const QRectF &rect, const QColor &color) {
    painter->save();
    const qreal s = rect.width();
    painter->setPen(QPen(color, s * 0.09));
    painter->setBrush(Qt::NoBrush);
    for (int i = 2; i >= 0; --i) {
        const QRectF card(rect.left() + s * (0.08 + 0.14 * i), rect.top() + s * (0.36 - 0.14 * i),
                          s * 0.56, s * 0.56);
        if (i == 0) {
            painter->setBrush(color);
            painter->setPen(Qt::NoPen);
        }
        painter->drawRoundedRect(card, s * 0.08, s * 0.08);
    }
    painter->restore();
}

QString elidePath(const QString &path, const QFont &font, qreal width) {
    const QFontMetricsF metrics(font);
    if (metrics.horizontalAdvance(path) <= width)
        return path;
    QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    while (parts.size() > 1) {
        parts.removeFirst();
        const QString candidate = QStringLiteral("…/") + parts.join(QLatin1Char('/'));
        if (metrics.horizontalAdvance(candidate) <= width)
            return candidate;
    }
    return metrics.elidedText(path, Qt::ElideLeft, width);
}

} // namespace wavesmith
