#include "luasandbox.h"

#include "luanode.h"
#include "luastate.h"

#include <cstring>
#include <string>

namespace wavesmith {

namespace {

constexpr const char *kLoadedKey = "wavesmith.loaded";
constexpr const char *kEmptyGlobalsKey = "wavesmith.emptyglobals";
constexpr const char *kEnvironmentBuilderKey = "wavesmith.envbuilder";
constexpr std::size_t kPrintLimit = 64 * 1024;

int loadChecked(lua_State *L, const char *data, size_t size, const char *name) {
    if (isBinaryChunk(data, size)) {
        lua_pushnil(L);
        lua_pushstring(L, kBinaryChunkRefused);
        return 2;
    }
    // The new function's environment is the thread's globals: this evaluation's fresh table.
    if (luaL_loadbuffer(L, data, size, name) == 0)
        return 1;
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

int safeLoadString(lua_State *L) {
    size_t size = 0;
    const char *data = luaL_checklstring(L, 1, &size);
    const char *name = luaL_optstring(L, 2, data);
    return loadChecked(L, data, size, name);
}

// load(reader [, chunkname]): gathers every piece first, so the signature check sees the
// chunk's real first byte whatever the reader does.
int safeLoad(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    const char *name = luaL_optstring(L, 2, "=(load)");
    lua_settop(L, 2);
    lua_pushliteral(L, "");
    for (;;) {
        lua_pushvalue(L, 1);
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1) || (lua_isstring(L, -1) && lua_objlen(L, -1) == 0)) {
            lua_pop(L, 1);
            break;
        }
        if (!lua_isstring(L, -1)) {
            lua_pushnil(L);
            lua_pushliteral(L, "reader function must return a string");
            return 2;
        }
        lua_concat(L, 2);
    }
    size_t size = 0;
    const char *data = lua_tolstring(L, 3, &size);
    return loadChecked(L, data, size, name);
}

int capturedPrint(lua_State *L) {
    LuaStateContext &context = luaContext(L);
    const int n = lua_gettop(L);
    lua_getglobal(L, "tostring");
    for (int i = 1; i <= n; ++i) {
        lua_pushvalue(L, -1);
        lua_pushvalue(L, i);
        lua_call(L, 1, 1);
        size_t size = 0;
        const char *text = lua_tolstring(L, -1, &size);
        if (!text)
            return luaL_error(L, LUA_QL("tostring") " must return a string to " LUA_QL("print"));
        if (context.printed.size() + size < kPrintLimit) {
            if (i > 1)
                context.printed.push_back('\t');
            context.printed.append(text, size);
        }
        lua_pop(L, 1);
    }
    if (context.printed.size() < kPrintLimit)
        context.printed.push_back('\n');
    return 0;
}

// gopher-lua's collectgarbage only collects; stopping or tuning the collector of a shared,
// reused state is not the script's business.
int safeCollectGarbage(lua_State *L) {
    const char *option = luaL_optstring(L, 1, "collect");
    if (std::strcmp(option, "count") == 0) {
        lua_pushnumber(L, lua_gc(L, LUA_GCCOUNT, 0) + lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
        return 1;
    }
    if (std::strcmp(option, "collect") == 0)
        lua_gc(L, LUA_GCCOLLECT, 0);
    lua_pushinteger(L, 0);
    return 1;
}

// Argo CD preloads its safe os so `local os = require("os")` works; the other opened
// libraries can be required too. Nothing is ever searched for on disk.
int safeRequire(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, kLoadedKey);
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, name);
        if (!lua_isnil(L, -1))
            return 1;
    }
    return luaL_error(L,
                      "module '%s' not found: health scripts can only require os, table%s "
                      "(no modules are loaded from disk)",
                      name, luaContext(L).openLibs ? ", string, math and coroutine" : "");
}

// Presized: growing a table key by key rehashes it at every power of two, which was most of
// the cost of building fresh globals.
void copyTable(lua_State *L, int source, int extra = 0) {
    int count = 0;
    lua_pushnil(L);
    while (lua_next(L, source) != 0) {
        lua_pop(L, 1);
        ++count;
    }
    lua_createtable(L, 0, count + extra);
    lua_pushnil(L);
    while (lua_next(L, source) != 0) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

// Copies the named fields of the table at `from` into a new table left at the top.
void pickFields(lua_State *L, int from, const char *const *names) {
    lua_newtable(L);
    for (; *names; ++names) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

bool isLuaIdentifier(const char *name) {
    if (!name || !*name || (*name >= '0' && *name <= '9'))
        return false;
    for (const char *c = name; *c; ++c) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_'))
            return false;
    }
    return true;
}

// "name=X.name," for every string key of the table at `index`. Library keys are plain
// identifiers; anything else is skipped by openSandbox's check before it gets here.
std::string fieldCopies(lua_State *L, int index, const char *from) {
    std::string out;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING && isLuaIdentifier(lua_tostring(L, -1))) {
            const std::string key = lua_tostring(L, -1);
            out += key + '=' + from + '.' + key + ',';
        }
    }
    return out;
}

// Compiles the function that builds one evaluation's globals from the pristine libraries:
// `builder(openLibs) -> env, loaded`. Fresh tables every call, as copying them through the C
// API did, but built by table constructors, which presize and fill them several times faster.
// The builder reaches the pristine tables only through upvalues; scripts never see it.
void compileEnvironmentBuilder(lua_State *L, int pristine) {
    auto copies = [&](const char *library, const char *from) {
        lua_getfield(L, pristine, library);
        std::string out = fieldCopies(L, lua_gettop(L), from);
        lua_pop(L, 1);
        return out;
    };
    const std::string source =
        "local P = ...\n"
        "local B, T, O, S, M, C = P.base, P.table, P.os, P.string, P.math, P.coroutine\n"
        "return function(openLibs)\n"
        "  local table = {" +
        copies("table", "T") +
        "}\n"
        "  local os = {" +
        copies("os", "O") +
        "}\n"
        "  local env = {" +
        copies("base", "B") +
        "table = table, os = os}\n"
        "  local loaded = {table = table, os = os, _G = env}\n"
        "  env._G = env\n"
        "  if openLibs then\n"
        "    local string = {" +
        copies(LUA_STRLIBNAME, "S") +
        "}\n"
        "    local math = {" +
        copies(LUA_MATHLIBNAME, "M") +
        "}\n"
        "    local coroutine = {" +
        copies(LUA_COLIBNAME, "C") +
        "}\n"
        "    env.string, env.math, env.coroutine = string, math, coroutine\n"
        "    loaded.string, loaded.math, loaded.coroutine = string, math, coroutine\n"
        "  end\n"
        "  return env, loaded\n"
        "end\n";
    if (luaL_loadbuffer(L, source.data(), source.size(), "=sandbox") != 0)
        lua_error(L);
    lua_pushvalue(L, pristine);
    lua_call(L, 1, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, kEnvironmentBuilderKey);
}

// Every key of every library must survive the builder: a key it cannot write would silently
// vanish from the sandbox.
void checkLibraryKeys(lua_State *L, int pristine) {
    lua_pushnil(L);
    while (lua_next(L, pristine) != 0) {
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING || !isLuaIdentifier(lua_tostring(L, -1)))
                luaL_error(L, "sandbox library key is not an identifier");
        }
        lua_pop(L, 1);
    }
}

void openLibrary(lua_State *L, lua_CFunction open, const char *name) {
    lua_pushcfunction(L, open);
    lua_pushstring(L, name);
    lua_call(L, 1, 0);
}

} // namespace

bool isBinaryChunk(const char *data, size_t size) {
    // lua_load decides by the first byte alone (LUA_SIGNATURE[0]), so that is what we refuse.
    return size > 0 && data[0] == LUA_SIGNATURE[0];
}

int openSandbox(lua_State *L) {
    int *refs = static_cast<int *>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    openLibrary(L, luaopen_base, "");
    openLibrary(L, luaopen_table, LUA_TABLIBNAME);
    openLibrary(L, luaopen_string, LUA_STRLIBNAME);
    openLibrary(L, luaopen_math, LUA_MATHLIBNAME);
    openLibrary(L, luaopen_os, LUA_OSLIBNAME);

    const int globals = LUA_GLOBALSINDEX;
    lua_newtable(L); // 1: pristine
    const int pristine = 1;

    static const char *const baseNames[] = {
        "assert",   "error",    "getfenv", "getmetatable", "ipairs", "next",     "pairs",
        "pcall",    "rawequal", "rawget",  "rawset",       "select", "setfenv",  "setmetatable",
        "tonumber", "tostring", "type",    "unpack",       "xpcall", "_VERSION", nullptr};
    pickFields(L, globals, baseNames);
    const luaL_Reg safeBase[] = {
        {"print", capturedPrint},       {"load", safeLoad},
        {"loadstring", safeLoadString}, {"collectgarbage", safeCollectGarbage},
        {"require", safeRequire},       {nullptr, nullptr}};
    for (const luaL_Reg *f = safeBase; f->name; ++f) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, -2, f->name);
    }
    lua_setfield(L, pristine, "base");

    lua_getfield(L, globals, LUA_TABLIBNAME);
    copyTable(L, lua_gettop(L));
    lua_setfield(L, pristine, LUA_TABLIBNAME);
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_OSLIBNAME);
    static const char *const osNames[] = {"time", "date", nullptr};
    pickFields(L, lua_gettop(L), osNames);
    lua_setfield(L, pristine, LUA_OSLIBNAME);
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_STRLIBNAME);
    copyTable(L, lua_gettop(L));
    lua_pushnil(L);
    lua_setfield(L, -2, "dump"); // makes binary chunks; gopher-lua has none
    lua_pushnil(L);
    lua_setfield(L, -2, "gfind"); // 5.0 compatibility name, absent in gopher-lua
    lua_setfield(L, pristine, LUA_STRLIBNAME);
    lua_pop(L, 1);

    for (const char *name : {LUA_MATHLIBNAME, LUA_COLIBNAME}) {
        lua_getfield(L, globals, name);
        copyTable(L, lua_gettop(L));
        lua_setfield(L, pristine, name);
        lua_pop(L, 1);
    }

    // Empty the original globals: C functions created above keep it as their environment,
    // so nothing dangerous may stay reachable from it.
    lua_pushnil(L);
    while (lua_next(L, globals) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, globals);
    }
    lua_pushvalue(L, globals);
    lua_setfield(L, LUA_REGISTRYINDEX, kEmptyGlobalsKey);
    lua_pushliteral(L, "");
    lua_pushnil(L);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);

    checkLibraryKeys(L, pristine);
    compileEnvironmentBuilder(L, pristine);

    lua_pushvalue(L, pristine);
    refs[0] = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, globals);
    refs[1] = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

void pushFreshEnvironment(lua_State *L, bool openLibs) {
    // The builder holds the pristine libraries as upvalues.
    lua_getfield(L, LUA_REGISTRYINDEX, kEnvironmentBuilderKey);
    lua_pushboolean(L, openLibs);
    lua_call(L, 1, 2);
    lua_setfield(L, LUA_REGISTRYINDEX, kLoadedKey); // what require hands out; pops it
    const int env = lua_gettop(L);

    // Strings index the string library only with open libs, as in gopher-lua; the metatable
    // is new each time so a script changing it cannot affect the next evaluation.
    lua_pushliteral(L, "");
    if (openLibs) {
        lua_newtable(L);
        lua_getfield(L, env, LUA_STRLIBNAME);
        lua_setfield(L, -2, "__index");
    } else {
        lua_pushnil(L);
    }
    lua_setmetatable(L, -2);
    lua_pop(L, 1);

    lua_pushvalue(L, env);
    lua_replace(L, LUA_GLOBALSINDEX); // leaves env on top
}

void pushReusableEnvironment(lua_State *L, SandboxEnvironment &environment, bool openLibs) {
    if (environment.globals == LUA_NOREF) {
        pushFreshEnvironment(L, openLibs);
        lua_pushvalue(L, -1);
        const int globals = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_getfield(L, LUA_REGISTRYINDEX, kLoadedKey);
        const int loaded = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pushliteral(L, "");
        if (!lua_getmetatable(L, -1))
            lua_pushnil(L);
        const int stringMetatable = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pop(L, 1);
        // Only now: a memory error above leaves the environment unbuilt, never half-built.
        environment = {globals, loaded, stringMetatable};
        return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, environment.loaded);
    lua_setfield(L, LUA_REGISTRYINDEX, kLoadedKey);
    lua_pushliteral(L, "");
    lua_rawgeti(L, LUA_REGISTRYINDEX, environment.stringMetatable);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, environment.globals);
    lua_pushvalue(L, -1);
    lua_replace(L, LUA_GLOBALSINDEX); // leaves the environment on top
}

void pushNode(lua_State *L, const LuaNode &node) {
    switch (node.kind) {
    case LuaNode::Kind::Null:
        lua_pushnil(L);
        return;
    case LuaNode::Kind::Boolean:
        lua_pushboolean(L, node.boolean);
        return;
    case LuaNode::Kind::Number:
        lua_pushnumber(L, node.number);
        return;
    case LuaNode::Kind::String:
        lua_pushlstring(L, node.text.data(), node.text.size());
        return;
    case LuaNode::Kind::Array: {
        luaL_checkstack(L, 3, "object nested too deeply");
        lua_createtable(L, int(node.items.size()), 0);
        int index = 1;
        for (const LuaNode &item : node.items) {
            if (item.kind == LuaNode::Kind::Null)
                continue;
            pushNode(L, item);
            lua_rawseti(L, -2, index++);
        }
        return;
    }
    case LuaNode::Kind::Map:
        luaL_checkstack(L, 3, "object nested too deeply");
        lua_createtable(L, 0, int(node.fields.size()));
        for (const auto &field : node.fields) {
            if (field.second.kind == LuaNode::Kind::Null)
                continue;
            lua_pushlstring(L, field.first.data(), field.first.size());
            pushNode(L, field.second);
            lua_rawset(L, -3);
        }
        return;
    }
}

int resetEnvironment(lua_State *L) {
    lua_settop(L, 0);
    lua_getfield(L, LUA_REGISTRYINDEX, kEmptyGlobalsKey);
    lua_replace(L, LUA_GLOBALSINDEX);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, kLoadedKey);
    lua_pushliteral(L, "");
    lua_pushnil(L);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
    return 0;
}

} // namespace wavesmith
