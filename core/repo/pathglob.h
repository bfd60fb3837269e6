#pragma once

// Matching ApplicationSet git directory generator paths the way the controller does (Go's
// path.Match): `*` and `?` never cross a `/`, `[...]` classes and `\` escapes work.

#include <QByteArray>
#include <QString>

#include <fnmatch.h>

namespace wavesmith {

// Both UTF-8; for matching one pattern against every folder of a repository without
// re-encoding either.
inline bool gitPathMatches(const QByteArray &pattern, const QByteArray &path) {
    // With FNM_PATHNAME only a literal '/' matches a '/': without classes or escapes (which could
    // hold one) a path with another number of them cannot match, so most folders are ruled out
    // without calling fnmatch.
    if (!pattern.contains('[') && !pattern.contains('\\') && pattern.count('/') != path.count('/'))
        return false;
    return ::fnmatch(pattern.constData(), path.constData(), FNM_PATHNAME) == 0;
}

inline bool gitPathMatches(const QString &pattern, const QString &path) {
    return gitPathMatches(pattern.toUtf8(), path.toUtf8());
}

} // namespace wavesmith
