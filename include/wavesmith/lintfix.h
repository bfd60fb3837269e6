#pragma once

// Quick fixes for lint findings where the fix is obvious: the label the GUI shows and the
// document edit (one undoable command) that applies it.

#include <wavesmith/document.h>
#include <wavesmith/lint.h>

#include <functional>
#include <optional>

namespace wavesmith {

struct LintQuickFix {
    QString label; // "Move cert-manager to wave 1"
    std::function<Status(DesignDocument &)> apply;
};

// WS001 (move the dependency one wave before its dependent), WS003 (add the seed's
// Application health check), WS006 / WS007 (remove ApplyOutOfSyncOnly=true /
// IgnoreMissingTemplate=true from the Application or ApplicationSet), WS008 (set the root's
// project to default); nullopt otherwise.
std::optional<LintQuickFix> quickFixFor(const LintFinding &finding, const Design &design);

} // namespace wavesmith
