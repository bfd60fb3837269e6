#include "canvasstyle.h"

#include <QApplication>

#include <array>

namespace wavesmith {

QColor mixColors(const QColor &a, const QColor &b, qreal amount) {
    const auto mix = [amount](float x, float y) { return x + (y - x) * float(amount); };
    const QColor ra = a.toRgb();
    const QColor rb = b.toRgb();
    QColor result;
    result.setRgbF(mix(ra.redF(), rb.redF()), mix(ra.greenF(), rb.greenF()),
                   mix(ra.blueF(), rb.blueF()), mix(ra.alphaF(), rb.alphaF()));
    return result;
}

CanvasStyle::CanvasStyle(const QPalette &palette) {
    const QColor window = palette.color(QPalette::Window);
    m_base = palette.color(QPalette::Base);
    m_text = palette.color(QPalette::Text);
    // Judge darkness by the text: a dark theme writes light text.
    m_dark = m_text.lightnessF() > window.lightnessF();

    // The canvas sits a step away from Window so lanes and nodes read as layers on top of it.
    m_canvas = m_dark ? mixColors(window, QColor(0, 0, 0), 0.25) : mixColors(window, m_base, 0.35);
    m_gridDot = mixColors(m_canvas, m_text, m_dark ? 0.14 : 0.16);
    m_nodeFill = m_dark ? mixColors(m_base, m_text, 0.06) : m_base;
    m_nodeBorder = mixColors(m_nodeFill, m_text, m_dark ? 0.22 : 0.18);
    m_shadow = m_dark ? QColor(0, 0, 0, 110) : QColor(20, 30, 50, 28);
    m_secondaryText = mixColors(m_text, m_nodeFill, m_dark ? 0.38 : 0.42);
    m_edge = mixColors(m_text, m_canvas, 0.45);
    m_dependencyEdge = m_dark ? QColor(0xf5, 0xa5, 0x24) : QColor(0xd9, 0x77, 0x06);
    m_font = QApplication::font();
    makeFonts();
}

QColor CanvasStyle::waveAccent(int laneIndex) const {
    // Hues chosen to stay distinct next to each other and readable under white chip text.
    static constexpr std::array<QRgb, 8> accents = {
        0x0f9d8a, // teal
        0x2f7fd8, // blue
        0x6b5bd6, // indigo
        0xb04fc4, // violet
        0xd9534f, // coral
        0xd98a16, // amber
        0x4c9a2a, // green
        0x0b8fb3, // cyan
    };
    const int index =
        ((laneIndex % int(accents.size())) + int(accents.size())) % int(accents.size());
    QColor accent = QColor::fromRgb(accents[size_t(index)]);
    return m_dark ? accent.lighter(118) : accent;
}

QColor CanvasStyle::laneFill(const QColor &accent) const {
    return mixColors(m_dark ? mixColors(m_canvas, m_base, 0.6) : m_base, accent,
                     m_dark ? 0.07 : 0.045);
}

QColor CanvasStyle::laneBorder(const QColor &accent) const {
    return mixColors(laneFill(accent), accent, m_dark ? 0.35 : 0.28);
}

QColor CanvasStyle::laneHeaderFill(const QColor &accent) const {
    return mixColors(laneFill(accent), accent, m_dark ? 0.16 : 0.11);
}

QColor CanvasStyle::nodeHoverBorder(const QColor &accent) const {
    return accent;
}

QColor CanvasStyle::groupFill(const QColor &accent) const {
    return mixColors(laneFill(accent), accent, m_dark ? 0.10 : 0.07);
}

QColor CanvasStyle::groupBorder(const QColor &accent) const {
    return mixColors(groupFill(accent), accent, m_dark ? 0.55 : 0.5);
}

QColor CanvasStyle::iconTile(const QColor &accent) const {
    return mixColors(m_nodeFill, accent, m_dark ? 0.16 : 0.10);
}

QFont CanvasStyle::baseFont(int pixelSize, QFont::Weight weight) const {
    QFont font = m_font;
    font.setPixelSize(pixelSize);
    font.setWeight(weight);
    return font;
}

void CanvasStyle::makeFonts() {
    // Built once per palette: a font changed per paint detaches and looks its engine up again.
    m_titleFont = baseFont(13, QFont::DemiBold);
    m_bodyFont = baseFont(11, QFont::Normal);
    m_smallFont = baseFont(10, QFont::Normal);
    m_laneTitleFont = baseFont(15, QFont::Bold);
    m_laneChipFont = baseFont(10, QFont::Bold);
}

} // namespace wavesmith
