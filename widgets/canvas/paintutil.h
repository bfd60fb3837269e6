#pragma once

// Small drawing helpers shared by the canvas items, so cards, chips and text look the same
// everywhere.

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>

class QPainter;

namespace wavesmith {

// A rounded card with a soft shadow below it.
void paintCard(QPainter *painter, const QRectF &rect, qreal radius, const QColor &fill,
               const QColor &border, const QColor &shadow, qreal borderWidth = 1.0);
// A pill with centred text; returns its width. `topLeft` is the pill's top-left corner.
qreal paintChip(QPainter *painter, const QPointF &topLeft, const QString &text, const QFont &font,
                const QColor &fill, const QColor &textColor, qreal height = 18);
qreal chipWidth(const QString &text, const QFont &font, qreal height = 18);
// Single-line text in `rect`, elided with `mode` when it does not fit.
void paintText(QPainter *painter, const QRectF &rect, const QString &text, const QFont &font,
               const QColor &color, Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter,
               Qt::TextElideMode mode = Qt::ElideRight);
// "key value suffix" with the key in a quieter colour. Only `value` is elided, so a chart's
// version (the suffix) stays readable when its name is long.
void paintKeyValue(QPainter *painter, const QRectF &rect, const QString &key, const QString &value,
                   const QFont &font, const QColor &keyColor, const QColor &valueColor,
                   Qt::TextElideMode mode = Qt::ElideRight, const QString &suffix = {});
// Fallback glyphs for when an SVG icon is missing: an app-of-apps tree and a stack of cards.
void paintRootGlyph(QPainter *painter, const QRectF &rect, const QColor &color);
void paintAppSetGlyph(QPainter *painter, const QRectF &rect, const QColor &color);
// A repository path shortened from the left by whole folders: "…/controllers/gateway".
QString elidePath(const QString &path, const QFont &font, qreal width);

} // namespace wavesmith
