#pragma once

// One sync-wave lane: a column with a header chip "WAVE n", the phase name and a count; lit up
// as a drop target while a node is dragged over it.

#include "canvasitem.h"
#include "livestatuspaint.h"

#include <wavesmith/model.h>

#include <QList>
#include <QPainterPath>
#include <QSizeF>
#include <QString>

#include <optional>

namespace wavesmith {

struct LintFinding;

class WaveLaneItem : public CanvasItem {
public:
    explicit WaveLaneItem(int wave, QGraphicsItem *parent = nullptr);

    int wave() const { return m_wave; }
    QString title() const;                    // "Wave 4"
    QString phase() const { return m_phase; } // "Infrastructure", or "" when unnamed
    int componentCount() const { return m_count; }

    // Where the phase name is written (and edited), in scene coordinates.
    QRectF phaseSceneRect() const;
    bool isHeaderAt(const QPointF &scenePos) const;
    // A node dragged over this lane would land here.
    void setDropHighlight(bool highlighted);
    bool isDropHighlighted() const { return m_dropHighlight; }
    // The keyboard's lane (Enter/F2 edits its phase name).
    void setCurrent(bool current);
    bool isCurrent() const { return m_current; }
    // While the phase is edited in place the header leaves the name out.
    void setEditingPhase(bool editing);
    // While a bootstrap runs or is rehearsed: "ready/total" and a thin bar in the header
    // (nullopt: the design alone), and the wave Argo CD is working on drawn highlighted.
    void setLiveProgress(const std::optional<LaneProgress> &progress);
    const std::optional<LaneProgress> &liveProgress() const { return m_liveProgress; }
    void setLiveCurrent(bool current);
    bool isLiveCurrent() const { return m_liveCurrent; }
    // Lint findings on the lane's components: a badge in the header (worst severity, count)
    // and the findings in the tooltip.
    void setLintFindings(const QList<LintFinding> &findings);
    std::optional<Diagnostic::Severity> lintBadge() const { return m_lintSeverity; }
    int lintCount() const { return m_lintCount; }

    void refresh() override;
    int type() const override { return LaneType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    // The live-wave, drop-target and keyboard-lane outlines, drawn over everything else.
    void paintOutline(QPainter *painter, const QColor &accent) const;

    int m_wave;
    QString m_phase;
    int m_count = 0;
    int m_appSets = 0;
    int m_budgetSeconds = 0; // the wave's bootstrap time budget; 0: none of its own
    bool m_dropHighlight = false;
    bool m_current = false;
    bool m_editingPhase = false;
    std::optional<LaneProgress> m_liveProgress;
    bool m_liveCurrent = false;
    std::optional<Diagnostic::Severity> m_lintSeverity;
    int m_lintCount = 0;
    QString m_lintToolTip;
    QSizeF m_pathsFor; // the size m_headerPath and m_stripPath were built for
    QPainterPath m_headerPath;
    QPainterPath m_stripPath;
};

} // namespace wavesmith
