#pragma once

// Icons from square SVG files, parsed and rendered only when first painted: the palette's
// catalog icons (most rows are never scrolled to) and the window icon. Qt's own SVG icon engine
// parses the file when the icon is made and is loaded as a plugin for it.

#include <QIcon>
#include <QString>

#include <memory>

class QSvgRenderer;

namespace wavesmith {

// `parsed`, when given, is used instead of reading `path` (see parseSvgIcons()).
QIcon svgIcon(const QString &path, std::shared_ptr<QSvgRenderer> parsed = {});

} // namespace wavesmith
