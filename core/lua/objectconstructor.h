#pragma once

// Turns an object into Lua source that builds it: `return {kind="X", status={...}}`.
//
// Why: an evaluation needs a fresh `obj` (scripts may change it), and building a 50-condition
// object through the C API costs most of an evaluation. Compiled once per object and cached,
// the constructor lets the VM build the tables from interned constants, several times faster.
// Semantics are pushNode's: nulls are left out of maps and arrays.

#include <string>

namespace wavesmith {

struct LuaNode;

std::string objectConstructorSource(const LuaNode &root);

} // namespace wavesmith
