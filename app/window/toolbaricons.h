#pragma once

// Toolbar icons drawn with QPainter in the palette's text colour: the theme may have no zoom
// icons (offscreen, minimal desktops), and the toolbar should look the same everywhere.

#include <QIcon>

class QPalette;

namespace wavesmith {

enum class ToolbarIcon { Open, ZoomIn, ZoomOut, ZoomFit, ZoomOriginal };

QIcon toolbarIcon(ToolbarIcon which, const QPalette &palette);

} // namespace wavesmith
