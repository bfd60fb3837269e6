#pragma once

// An owned lua_State with the engine's limits built in: a counting allocator that refuses to
// grow past the memory cap, and a count hook that stops the script at the deadline.

#include <lua.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace wavesmith {

// Per-state bookkeeping, reachable from any C function through lua_getallocf's userdata, so
// the hook and the sandbox functions need no upvalues or registry look-ups.
struct LuaStateContext {
    std::size_t used = 0;
    std::size_t cap = 0;
    bool capActive = false; // only while a script runs; housekeeping never fails
    bool capHit = false;

    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    bool timedOut = false;
    std::string timeoutMessage; // "health script exceeded the 1 s time limit"

    bool openLibs = false;
    std::string printed; // what print() wrote, capped
};

LuaStateContext &luaContext(lua_State *L);

class LuaState {
public:
    LuaState(std::size_t memoryCap, std::chrono::milliseconds timeLimit);
    ~LuaState();
    LuaState(const LuaState &) = delete;
    LuaState &operator=(const LuaState &) = delete;

    lua_State *get() const { return m_state; }
    bool isValid() const { return m_state != nullptr; }
    LuaStateContext &context() { return *m_context; }

    // Arms the limits for one script run; disarm() afterwards (also resets the hook that a
    // timeout left firing on every instruction).
    void arm(bool openLibs);
    void disarm();

private:
    std::unique_ptr<LuaStateContext> m_context; // outlives m_state: the allocator uses it
    lua_State *m_state = nullptr;
    std::chrono::milliseconds m_timeLimit;
};

// How often (in VM instructions) the hook looks at the clock.
inline constexpr int kHookInstructionCount = 1000;

} // namespace wavesmith
