#pragma once

// QScintilla's headers use the `signals` and `slots` keywords, which the project turns off
// (QT_NO_KEYWORDS); map them for these includes only.

#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexerlua.h>
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots
