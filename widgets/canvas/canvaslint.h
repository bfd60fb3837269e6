#pragma once

// Lint findings mapped onto what the canvas draws: the worst finding per node, the dependency
// edges a finding is about (WS001, WS002, WS010) and the findings about each lane. The linter
// reports findings per component; this is the one place that turns them into canvas marks.

#include <wavesmith/lint.h>
#include <wavesmith/model.h>

#include <QColor>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include <optional>

namespace wavesmith {

struct CanvasLintMarks {
    QHash<QString, Diagnostic::Severity> nodes; // component -> worst unsuppressed severity
    // (needed, dependent) -> the findings about that dependency edge
    QHash<QPair<QString, QString>, QList<LintFinding>> edges;
    // wave -> the findings on the components and ApplicationSets of that lane
    QMap<int, QList<LintFinding>> lanes;
};

// Suppressed findings mark nothing: they are shown in the lint panel only.
CanvasLintMarks mapLintFindings(const QList<LintFinding> &findings, const Design &design);

// The worst severity of `findings` (Error is worst), or none for an empty list.
std::optional<Diagnostic::Severity> worstSeverity(const QList<LintFinding> &findings);
// The colour a badge of this severity is painted in, the same on nodes, edges and lanes.
QColor lintSeverityColor(Diagnostic::Severity severity);
// "[WS001] error: message" lines for a tooltip, HTML-escaped; at most `limit`, then "… n more".
QString lintToolTipLines(const QList<LintFinding> &findings, int limit = 6);

} // namespace wavesmith
