#pragma once

// View → Theme: the system look, or Fusion with a light or a dark palette. The canvas, the YAML
// preview and the docks repaint from the application palette, so switching is immediate.

#include <QString>

namespace wavesmith {

enum class Theme { System, Light, Dark };

QString themeKey(Theme theme); // "system", "light", "dark" (the QSettings value)
Theme themeFromKey(const QString &key);
// Applies `theme` to the running application.
void applyTheme(Theme theme);

} // namespace wavesmith
