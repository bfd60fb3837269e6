#pragma once

// Matching ApplicationSet git directory generator paths the way the controller does (Go's
// path.Match): `*` and `?` never cross a `/`, `[...]` classes and `\` escapes work.

#include <QString>

#include <fnmatch.h>

namespace wavesmith {

inline bool gitPathMatches(const QString &pattern, const QString &path) {
    return ::fnmatch(pattern.toUtf8().constData(), path.toUtf8().constData(), FNM_PATHNAME) == 0;
}

} // namespace wavesmith
