#include "wavelaneitem.h"

#include "canvaslayout.h"
#include "canvaslint.h"
#include "designscene.h"
#include "paintutil.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

namespace wavesmith {

namespace {

// "45s", "10m", "1h30m": the shape `--wave-timeout` takes.
QString budgetText(int seconds) {
    const int hours = seconds / 3600;
    const int minutes = seconds % 3600 / 60;
    const int rest = seconds % 60;
    QString text;
    if (hours > 0)
        text += QStringLiteral("%1h").arg(hours);
    if (minutes > 0)
        text += QStringLiteral("%1m").arg(minutes);
    if (rest > 0 || text.isEmpty())
        text += QStringLiteral("%1s").arg(rest);
    return text;
}

} // namespace

WaveLaneItem::WaveLaneItem(int wave, QGraphicsItem *parent)
    : CanvasItem(parent)
    , m_wave(wave) {}

QString WaveLaneItem::title() const {
    return QStringLiteral("Wave %1").arg(m_wave);
}

QRectF WaveLaneItem::phaseSceneRect() const {
    const qreal pad = CanvasMetrics::lanePadding;
    const QRectF r = rect();
    return mapRectToScene(QRectF(r.left() + pad, r.top() + 30, r.width() - 2 * pad, 24));
}

bool WaveLaneItem::isHeaderAt(const QPointF &scenePos) const {
    const QRectF r = rect();
    return QRectF(r.left(), r.top(), r.width(), CanvasMetrics::laneHeaderHeight)
        .contains(mapFromScene(scenePos));
}

void WaveLaneItem::setDropHighlight(bool highlighted) {
    if (m_dropHighlight == highlighted)
        return;
    m_dropHighlight = highlighted;
    update();
}

void WaveLaneItem::setCurrent(bool current) {
    if (m_current == current)
        return;
    m_current = current;
    update();
}

void WaveLaneItem::setEditingPhase(bool editing) {
    if (m_editingPhase == editing)
        return;
    m_editingPhase = editing;
    update();
}

void WaveLaneItem::setLiveProgress(const std::optional<LaneProgress> &progress) {
    if (m_liveProgress == progress)
        return;
    m_liveProgress = progress;
    update();
}

void WaveLaneItem::setLiveCurrent(bool current) {
    if (m_liveCurrent == current)
        return;
    m_liveCurrent = current;
    update();
}

void WaveLaneItem::setLintFindings(const QList<LintFinding> &findings) {
    const std::optional<Diagnostic::Severity> worst = worstSeverity(findings);
    const QString tip = lintToolTipLines(findings);
    if (worst == m_lintSeverity && int(findings.size()) == m_lintCount && tip == m_lintToolTip)
        return;
    m_lintSeverity = worst;
    m_lintCount = int(findings.size());
    m_lintToolTip = tip;
    refresh(); // the tooltip carries the findings
}

void WaveLaneItem::refresh() {
    const DesignScene *scene = designScene();
    if (!scene)
        return;
    const Design &design = scene->design();
    m_phase = design.phaseName(m_wave);
    m_budgetSeconds = design.waveBudgetSeconds(m_wave);
    m_count = 0;
    m_appSets = 0;
    for (const Component &c : design.components) {
        const ApplicationSet *set = c.appSet.isEmpty() ? nullptr : design.applicationSet(c.appSet);
        if ((set ? set->wave : c.wave) == m_wave)
            ++m_count;
    }
    for (const ApplicationSet &set : design.applicationSets) {
        if (set.wave == m_wave)
            ++m_appSets;
    }
    QString tip = m_phase.isEmpty() ? title() : QStringLiteral("%1 · %2").arg(title(), m_phase);
    if (m_budgetSeconds > 0) {
        tip += QStringLiteral("<br>Time budget %1: a bootstrap fails this wave when it is not "
                              "Synced and Healthy that long after the waves before it")
                   .arg(budgetText(m_budgetSeconds));
    }
    setToolTip(m_lintToolTip.isEmpty() ? tip : tip + QStringLiteral("<br>") + m_lintToolTip);
    update();
}

void WaveLaneItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) {
    const DesignScene *scene = designScene();
    if (!scene)
        return;
    const CanvasStyle &style = scene->style();
    const QColor accent = scene->waveAccent(m_wave);
    const QRectF r = rect();
    const qreal radius = 10;

    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(style.laneBorder(accent), 1));
    painter->setBrush(m_dropHighlight ? mixColors(style.laneFill(accent), accent, 0.18)
                                      : style.laneFill(accent));
    painter->drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);

    // Header band: rounded on top, square where it meets the lane body.
    const QRectF header(r.left(), r.top(), r.width(), CanvasMetrics::laneHeaderHeight);
    // Path booleans are slow and the shapes only depend on the size: built once per size.
    if (m_pathsFor != r.size()) {
        QPainterPath band;
        band.addRoundedRect(header.adjusted(0.5, 0.5, -0.5, 0), radius, radius);
        QPainterPath square;
        square.addRect(header.adjusted(0.5, radius, -0.5, 0));
        m_headerPath = band.united(square);
        QPainterPath strip;
        strip.addRoundedRect(QRectF(r.left() + 0.5, r.top() + 0.5, r.width() - 1, 8), radius,
                             radius);
        QPainterPath clip;
        clip.addRect(QRectF(r.left(), r.top(), r.width(), 3.5));
        m_stripPath = strip.intersected(clip);
        m_pathsFor = r.size();
    }
    painter->setPen(Qt::NoPen);
    // The wave Argo CD is working on: its header glows in the lane's colour.
    painter->setBrush(m_liveCurrent ? mixColors(style.laneHeaderFill(accent), accent, 0.22)
                                    : style.laneHeaderFill(accent));
    painter->drawPath(m_headerPath);
    // A strip of the accent along the top edge ties the lane to its colour.
    painter->setBrush(accent);
    painter->drawPath(m_stripPath);
    painter->setPen(QPen(style.laneBorder(accent), 1));
    painter->drawLine(QPointF(header.left() + 0.5, header.bottom()),
                      QPointF(header.right() - 0.5, header.bottom()));

    // Zoomed far out the header's words are a pixel or two high: unreadable, and laying them
    // out is most of a lane's cost. Nodes drop their names at the same zoom.
    if (QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()) < 0.18) {
        paintOutline(painter, accent);
        return;
    }
    const qreal pad = CanvasMetrics::lanePadding;
    const QFont chipFont = style.laneChipFont();
    const QString chip = title().toUpper();
    paintChip(painter, QPointF(r.left() + pad, r.top() + 11), chip, chipFont, accent,
              style.onAccent(), 18);

    // Count on the chip's row, right-aligned.
    QString count = m_count == 1 ? QStringLiteral("1 app") : QStringLiteral("%1 apps").arg(m_count);
    if (m_appSets > 0) {
        count += m_appSets == 1 ? QStringLiteral(" · 1 set")
                                : QStringLiteral(" · %1 sets").arg(m_appSets);
    }
    if (m_liveProgress) {
        count = QStringLiteral("%1/%2 ready").arg(m_liveProgress->ready).arg(m_liveProgress->total);
        paintLaneProgressBar(painter, header, *m_liveProgress, accent, style.laneBorder(accent));
    }
    paintText(painter, QRectF(r.left() + pad + 90, r.top() + 11, r.width() - 2 * pad - 90, 18),
              count, style.smallFont(), style.secondaryText(), Qt::AlignRight | Qt::AlignVCenter);

    // Lint badge at the end of the phase row: "! 3" in the worst finding's colour.
    qreal phaseWidth = r.width() - 2 * pad;
    if (m_lintSeverity) {
        const QString badge =
            (*m_lintSeverity == Diagnostic::Severity::Info ? QStringLiteral("i ")
                                                           : QStringLiteral("! ")) +
            QString::number(m_lintCount);
        const qreal width = chipWidth(badge, style.laneChipFont(), 18);
        paintChip(painter, QPointF(r.right() - pad - width, r.top() + 33), badge,
                  style.laneChipFont(), lintSeverityColor(*m_lintSeverity), style.onAccent(), 18);
        phaseWidth -= width + 6;
    }
    if (m_budgetSeconds > 0) {
        // The time budget, small and quiet at the end of the phase row: "≤ 10m".
        const QString budget = QStringLiteral("\u2264 ") + budgetText(m_budgetSeconds);
        const qreal width = QFontMetricsF(style.smallFont()).horizontalAdvance(budget) + 2;
        paintText(painter, QRectF(r.left() + pad + phaseWidth - width, r.top() + 32, width, 20),
                  budget, style.smallFont(), style.secondaryText(),
                  Qt::AlignRight | Qt::AlignVCenter);
        phaseWidth -= width + 6;
    }
    const QString phase = m_phase.isEmpty() ? QStringLiteral("Unnamed phase") : m_phase;
    if (!m_editingPhase) {
        paintText(painter, QRectF(r.left() + pad, r.top() + 32, phaseWidth, 20), phase,
                  style.laneTitleFont(), m_phase.isEmpty() ? style.secondaryText() : style.text());
    }

    if (m_count == 0 && m_appSets == 0) {
        paintText(painter, r.adjusted(pad, CanvasMetrics::laneHeaderHeight + pad, -pad, -pad),
                  QStringLiteral("Drop components here"), style.bodyFont(), style.secondaryText(),
                  Qt::AlignHCenter | Qt::AlignTop);
    }
    paintOutline(painter, accent);
}

void WaveLaneItem::paintOutline(QPainter *painter, const QColor &accent) const {
    const QRectF r = rect().adjusted(1.25, 1.25, -1.25, -1.25);
    constexpr qreal radius = 10;
    if (m_liveCurrent && !m_dropHighlight) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(accent, 2.5));
        painter->drawRoundedRect(r, radius, radius);
    }
    if (m_dropHighlight || m_current) {
        // The whole lane outlined in its colour: where the node lands, or the keyboard's lane.
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(accent, m_dropHighlight ? 2.5 : 1.5,
                             m_dropHighlight ? Qt::SolidLine : Qt::DashLine));
        painter->drawRoundedRect(r, radius, radius);
    }
}

} // namespace wavesmith
