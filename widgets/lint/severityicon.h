#pragma once

// The icon every list of findings shows for a severity (lint findings, import diagnostics).

#include <wavesmith/model.h>

#include <QIcon>

namespace wavesmith {

QIcon severityIcon(Diagnostic::Severity severity);

} // namespace wavesmith
