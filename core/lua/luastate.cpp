#include "luastate.h"

#include <QtGlobal>

#include <cstdlib>

namespace wavesmith {

namespace {

void *limitedAllocate(void *ud, void *ptr, size_t osize, size_t nsize) {
    auto *context = static_cast<LuaStateContext *>(ud);
    if (nsize == 0) {
        std::free(ptr);
        context->used -= osize;
        return nullptr;
    }
    // Lua 5.1 assumes shrinking never fails, so only growth is checked against the cap.
    if (nsize > osize && context->capActive && context->used - osize + nsize > context->cap) {
        context->capHit = true;
        return nullptr;
    }
    void *block = std::realloc(ptr, nsize);
    if (!block)
        return nullptr;
    context->used = context->used - osize + nsize;
    return block;
}

void deadlineHook(lua_State *L, lua_Debug *) {
    LuaStateContext &context = luaContext(L);
    if (std::chrono::steady_clock::now() < context.deadline)
        return;
    context.timedOut = true;
    // From now on fire on every instruction, so a script that catches the error with pcall
    // gets it again at its very next instruction and cannot keep running.
    lua_sethook(L, deadlineHook, LUA_MASKCOUNT, 1);
    lua_Debug ar;
    if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
        lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline,
                        context.timeoutMessage.c_str());
    else
        lua_pushstring(L, context.timeoutMessage.c_str());
    lua_error(L);
}

int panic(lua_State *L) {
    // Every call into Lua is protected; reaching this is a bug in the engine.
    qFatal("unprotected Lua error: %s", lua_tostring(L, -1));
    return 0;
}

} // namespace

LuaStateContext &luaContext(lua_State *L) {
    void *ud = nullptr;
    lua_getallocf(L, &ud);
    return *static_cast<LuaStateContext *>(ud);
}

LuaState::LuaState(std::size_t memoryCap, std::chrono::milliseconds timeLimit)
    : m_context(std::make_unique<LuaStateContext>())
    , m_timeLimit(timeLimit) {
    m_context->cap = memoryCap;
    m_state = lua_newstate(limitedAllocate, m_context.get());
    if (!m_state)
        return;
    lua_atpanic(m_state, panic);
    lua_sethook(m_state, deadlineHook, LUA_MASKCOUNT, kHookInstructionCount);
}

LuaState::~LuaState() {
    if (m_state)
        lua_close(m_state);
}

void LuaState::arm(bool openLibs) {
    LuaStateContext &context = *m_context;
    context.capHit = false;
    context.timedOut = false;
    context.openLibs = openLibs;
    context.printed.clear();
    lua_sethook(m_state, deadlineHook, LUA_MASKCOUNT, kHookInstructionCount);
    context.deadline = std::chrono::steady_clock::now() + m_timeLimit;
    context.capActive = true;
}

void LuaState::disarm() {
    m_context->capActive = false;
    m_context->deadline = std::chrono::steady_clock::time_point::max();
    lua_sethook(m_state, deadlineHook, LUA_MASKCOUNT, kHookInstructionCount);
}

} // namespace wavesmith
