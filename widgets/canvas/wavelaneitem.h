#pragma once

// One sync-wave lane: a column with a header chip "WAVE n", the phase name and a count.

#include "canvasitem.h"

#include <QString>

namespace wavesmith {

class WaveLaneItem : public CanvasItem {
public:
    explicit WaveLaneItem(int wave, QGraphicsItem *parent = nullptr);

    int wave() const { return m_wave; }
    QString title() const;                    // "Wave 4"
    QString phase() const { return m_phase; } // "Infrastructure", or "" when unnamed
    int componentCount() const { return m_count; }

    void refresh() override;
    int type() const override { return LaneType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    int m_wave;
    QString m_phase;
    int m_count = 0;
    int m_appSets = 0;
};

} // namespace wavesmith
