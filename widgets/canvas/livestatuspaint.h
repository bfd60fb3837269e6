#pragma once

// How the canvas draws Argo CD's view of a component and a wave while a bootstrap runs (or is
// rehearsed): one colour per health status, a status pill on the node, an out-of-sync marker
// and a thin progress bar in the lane header. Kept apart from the items so their own painting
// stays as it is when nothing is live.

#include <wavesmith/bootstrap.h>

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>

class QPainter;

namespace wavesmith {

// Healthy green, Progressing blue, Degraded red, Suspended violet, Missing and unknown grey.
QColor liveHealthColor(const QString &health);
// The word a node shows: Argo CD's health, "Missing" while the Application does not exist,
// "Unknown" before Argo CD reconciled it.
QString liveHealthLabel(const ComponentHealth &health);
// Progressing pulses: its colour faded by the scene's animation phase (0..1).
QColor livePulsed(const QColor &color, qreal pulse);

// The pill (and out-of-sync marker) in the bottom-right corner of a node card; returns the
// width it took so the caller can keep its text clear of it.
qreal liveNodeBadgeWidth(const ComponentHealth &health, const QFont &font);
void paintLiveNodeBadge(QPainter *painter, const QRectF &card, const ComponentHealth &health,
                        qreal pulse, const QFont &font);

// A wave's progress: a thin bar along the bottom of the lane header, green when complete, red
// when a component failed, the lane's accent otherwise.
struct LaneProgress {
    int ready = 0;
    int total = 0;
    int failed = 0;
    bool operator==(const LaneProgress &) const = default;
};
void paintLaneProgressBar(QPainter *painter, const QRectF &header, const LaneProgress &progress,
                          const QColor &accent, const QColor &track);

} // namespace wavesmith
