#pragma once

// Reading a GitOps repository into a Design.

#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QString>

namespace wavesmith {

class Catalog;

struct ImportOptions {
    QString rootFile; // repository-relative root Application; empty: the canonical root.yaml
};

// Imports the repository at `dir`. Fails (with file and line) only when the repository cannot
// be read at all: a missing folder, no root Application, malformed YAML in a file the design
// depends on, a file too large to be a manifest. Everything else it cannot model becomes a
// Diagnostic in the returned Design, and is left untouched on disk.
Result<Design> importRepository(const QString &dir, const Catalog &catalog,
                                const ImportOptions &options = {});

// Files larger than this are refused rather than parsed (an accidental binary or a YAML bomb).
inline constexpr qint64 kMaxManifestBytes = 8 * 1024 * 1024;

} // namespace wavesmith
