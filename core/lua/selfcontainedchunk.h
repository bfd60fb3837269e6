#pragma once

// Decides from a compiled chunk's bytecode whether a script is "self-contained": it writes only
// to tables it creates itself, assigns no global and cannot reach a function that writes to a
// table it is given (rawset, setmetatable, setfenv, table.*, load, ...).
//
// Why: such a script cannot change `obj`, its globals or the libraries, so the engine may hand
// it the same prebuilt `obj` and environment on every evaluation instead of building them
// again, which is most of an evaluation's cost. Anything the analysis does not understand
// makes a script not self-contained: it then gets fresh tables as before.

#include <lua.hpp>

namespace wavesmith {

// The Lua function at `index` (as luaL_loadbuffer left it). Compiled from source only: the
// engine refuses binary chunks, so the bytecode obeys the compiler's register discipline.
bool isSelfContainedChunk(lua_State *L, int index);

} // namespace wavesmith
