#pragma once

// Argo CD's library set for health scripts, built once per state ("pristine" tables kept in the
// registry) and copied into fresh globals for every evaluation.
//
// Both modes: base (minus dofile, loadfile, gcinfo, newproxy; load and loadstring refuse binary
// chunks; print is captured; require only hands out the sandbox's own modules), table, and a
// safe os holding time and date. Open libs add string (minus dump), math and coroutine.
// Never: io, debug, package, C modules, binary chunks, any other os function.

#include <lua.hpp>

namespace wavesmith {

struct LuaNode;

inline constexpr const char *kBinaryChunkRefused =
    "binary (precompiled) Lua chunks are not allowed in health scripts";

// lua_cpcall target: `ud` is an int[2] receiving registry refs of the pristine libraries and of
// the emptied original globals table.
int openSandbox(lua_State *L);

// Pushes a fresh globals table for one evaluation and installs it as the thread's globals and
// the string metatable (open libs only). The tables are built by a function openSandbox
// compiled from the pristine libraries.
void pushFreshEnvironment(lua_State *L, bool openLibs);

// Registry refs of an environment built once and reused by self-contained chunks
// (selfcontainedchunk.h), which cannot change it.
struct SandboxEnvironment {
    int globals = LUA_NOREF;
    int loaded = LUA_NOREF;
    int stringMetatable = LUA_NOREF; // LUA_REFNIL without open libs
};

// Like pushFreshEnvironment, but builds the tables only the first time and installs the same
// ones on every later call.
void pushReusableEnvironment(lua_State *L, SandboxEnvironment &environment, bool openLibs);

// Pushes `node` converted as Argo CD's decodeValue does: maps -> tables, lists -> arrays
// (nulls skipped, as gopher-lua's Append does), numbers, booleans, null -> nil.
// The fallback for objects objectconstructor.h cannot express.
void pushNode(lua_State *L, const LuaNode &node);

// Restores the empty globals and drops the string metatable after an evaluation.
int resetEnvironment(lua_State *L);

bool isBinaryChunk(const char *data, size_t size);

} // namespace wavesmith
