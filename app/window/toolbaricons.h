#pragma once

// Toolbar icons drawn with QPainter in the palette's text colour: the theme may have no zoom
// icons (offscreen, minimal desktops), and the toolbar should look the same everywhere.

#include <QIcon>

namespace wavesmith {

enum class ToolbarIcon { Open, ZoomIn, ZoomOut, ZoomFit, ZoomOriginal };

// Drawn at the size and in the palette colours of the moment it is painted (ButtonText; its
// Disabled colour when disabled).
QIcon toolbarIcon(ToolbarIcon which);

} // namespace wavesmith
