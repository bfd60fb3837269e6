#include "livestatuspaint.h"

#include "paintutil.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace wavesmith {

namespace {

constexpr qreal pillHeight = 15;
constexpr qreal markerSize = 13;
constexpr qreal badgeInset = 8;

} // namespace

QColor liveHealthColor(const QString &health) {
    if (health == QLatin1String("Healthy"))
        return QColor(0x1f, 0x9d, 0x55);
    if (health == QLatin1String("Progressing"))
        return QColor(0x2f, 0x7f, 0xe0);
    if (health == QLatin1String("Degraded"))
        return QColor(0xd9, 0x30, 0x25);
    if (health == QLatin1String("Suspended"))
        return QColor(0x8a, 0x5c, 0xd6);
    return QColor(0x8a, 0x90, 0x99); // Missing, Unknown
}

QString liveHealthLabel(const ComponentHealth &health) {
    if (!health.present)
        return QStringLiteral("Missing");
    if (health.isFailed() && health.health != QLatin1String("Degraded"))
        return QStringLiteral("Failed"); // a sync error or an *Error condition
    return health.health.isEmpty() ? QStringLiteral("Unknown") : health.health;
}

QColor livePulsed(const QColor &color, qreal pulse) {
    // A slow breath between 45% and 100% opacity: visible, never distracting.
    QColor faded = color;
    faded.setAlphaF(float(0.45 + 0.55 * (0.5 + 0.5 * std::cos(pulse * 2 * M_PI))));
    return faded;
}

qreal liveNodeBadgeWidth(const ComponentHealth &health, const QFont &font) {
    const bool outOfSync = health.sync == QLatin1String("OutOfSync");
    return chipWidth(liveHealthLabel(health), font, pillHeight) + (outOfSync ? markerSize + 4 : 0) +
           badgeInset;
}

void paintLiveNodeBadge(QPainter *painter, const QRectF &card, const ComponentHealth &health,
                        qreal pulse, const QFont &font) {
    const QString label = liveHealthLabel(health);
    QColor fill = liveHealthColor(health.isFailed() ? QStringLiteral("Degraded") : health.health);
    if (!health.present)
        fill = liveHealthColor(QStringLiteral("Missing"));
    if (health.present && health.health == QLatin1String("Progressing") && !health.isFailed())
        fill = livePulsed(fill, pulse);
    const qreal width = chipWidth(label, font, pillHeight);
    const qreal top = card.bottom() - pillHeight - 6;
    const qreal left = card.right() - badgeInset - width;
    painter->save();
    paintChip(painter, QPointF(left, top), label, font, fill, Qt::white, pillHeight);
    if (health.sync == QLatin1String("OutOfSync")) {
        // An orange disc with "≠", left of the pill: Argo CD's live state differs from git.
        const QRectF marker(left - markerSize - 4, top + (pillHeight - markerSize) / 2, markerSize,
                            markerSize);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe8, 0x91, 0x0c));
        painter->drawEllipse(marker);
        painter->setPen(QPen(Qt::white, 1.3, Qt::SolidLine, Qt::RoundCap));
        const QPointF c = marker.center();
        painter->drawLine(QPointF(c.x() - 3, c.y() - 1.6), QPointF(c.x() + 3, c.y() - 1.6));
        painter->drawLine(QPointF(c.x() - 3, c.y() + 1.6), QPointF(c.x() + 3, c.y() + 1.6));
        painter->drawLine(QPointF(c.x() + 1.8, c.y() - 3.8), QPointF(c.x() - 1.8, c.y() + 3.8));
    }
    painter->restore();
}

void paintLaneProgressBar(QPainter *painter, const QRectF &header, const LaneProgress &progress,
                          const QColor &accent, const QColor &track) {
    if (progress.total <= 0)
        return;
    const QRectF bar(header.left() + 14, header.bottom() - 6, header.width() - 28, 3);
    const QColor done = progress.failed > 0 ? liveHealthColor(QStringLiteral("Degraded"))
                        : progress.ready == progress.total
                            ? liveHealthColor(QStringLiteral("Healthy"))
                            : accent;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(track);
    painter->drawRoundedRect(bar, 1.5, 1.5);
    const qreal share = qBound(0.0, qreal(progress.ready) / progress.total, 1.0);
    if (share > 0) {
        painter->setBrush(done);
        painter->drawRoundedRect(QRectF(bar.topLeft(), QSizeF(bar.width() * share, bar.height())),
                                 1.5, 1.5);
    }
    painter->restore();
}

} // namespace wavesmith
