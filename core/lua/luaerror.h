#pragma once

// Turns a Lua error message into an Error that names the chunk and line, and explains what the
// sandbox took away when a script trips over a missing function.

#include <wavesmith/result.h>

#include <QString>

namespace wavesmith {

// `message` as Lua produced it ("health.lua:3: attempt to call field 'execute' (a nil value)").
Error luaError(const QString &message, const QString &chunkName, bool openLibs);

} // namespace wavesmith
