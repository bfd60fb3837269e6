#pragma once

// The parameters an ApplicationSet git directory generator gives its template, filled in for
// one generated folder. Shared by import (member names and namespaces) and the simulation
// (whole Application templates).

#include <QString>

namespace wavesmith {

// Replaces {{path}}, {{path.basename}}, {{path[1]}} (fasttemplate) and {{ .path.path }},
// {{ .path.basenameNormalized }}, {{ .path.segments[1] }}, {{ index .path.segments 1 }}
// (Go template) in `text` for the generated folder `path`. Anything else is kept as written.
QString expandPathTemplate(const QString &text, const QString &path);

} // namespace wavesmith
