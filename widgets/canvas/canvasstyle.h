#pragma once

// Colours, fonts and metrics the canvas items paint with. Derived from a QPalette so that the
// canvas follows light and dark themes; only the wave accents are fixed hues.

#include <QColor>
#include <QFont>
#include <QPalette>

namespace wavesmith {

class CanvasStyle {
public:
    explicit CanvasStyle(const QPalette &palette = {});

    bool isDark() const { return m_dark; }

    // Accent of a lane, by its position among the design's waves (not the wave number, so that
    // neighbouring lanes always differ).
    QColor waveAccent(int laneIndex) const;

    QColor canvasBackground() const { return m_canvas; }
    QColor gridDot() const { return m_gridDot; }
    QColor laneFill(const QColor &accent) const;
    QColor laneBorder(const QColor &accent) const;
    QColor laneHeaderFill(const QColor &accent) const;
    QColor nodeFill() const { return m_nodeFill; }
    QColor nodeBorder() const { return m_nodeBorder; }
    QColor nodeHoverBorder(const QColor &accent) const;
    QColor groupFill(const QColor &accent) const;
    QColor groupBorder(const QColor &accent) const;
    QColor shadow() const { return m_shadow; }
    QColor text() const { return m_text; }
    QColor secondaryText() const { return m_secondaryText; }
    QColor edge() const { return m_edge; }
    QColor dependencyEdge() const { return m_dependencyEdge; }
    QColor iconTile(const QColor &accent) const;
    // Text on an accent-coloured chip.
    QColor onAccent() const { return QColor(255, 255, 255); }

    // Fonts in pixels: scene geometry must not depend on the screen's DPI.
    const QFont &titleFont() const { return m_titleFont; }         // node names
    const QFont &bodyFont() const { return m_bodyFont; }           // namespace, source summary
    const QFont &smallFont() const { return m_smallFont; }         // chips, counts
    const QFont &laneTitleFont() const { return m_laneTitleFont; } // phase name
    const QFont &laneChipFont() const { return m_laneChipFont; }   // "WAVE 0"

private:
    QFont baseFont(int pixelSize, QFont::Weight weight) const;
    void makeFonts();

    bool m_dark = false;
    QColor m_canvas;
    QColor m_gridDot;
    QColor m_base;
    QColor m_nodeFill;
    QColor m_nodeBorder;
    QColor m_shadow;
    QColor m_text;
    QColor m_secondaryText;
    QColor m_edge;
    QColor m_dependencyEdge;
    QFont m_font;
    QFont m_titleFont;
    QFont m_bodyFont;
    QFont m_smallFont;
    QFont m_laneTitleFont;
    QFont m_laneChipFont;
};

// Mixes `b` into `a` by `amount` (0 = a, 1 = b), alpha included.
QColor mixColors(const QColor &a, const QColor &b, qreal amount);

} // namespace wavesmith
