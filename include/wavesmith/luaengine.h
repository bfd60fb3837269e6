#pragma once

// Argo CD-faithful evaluation of resource health scripts (Lua 5.1, the language level of
// gopher-lua): the object is the global `obj`, the script returns {status=..., message=...}.

#include <wavesmith/luaobject.h>
#include <wavesmith/result.h>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>
#include <cstddef>
#include <memory>

namespace wavesmith {

// What a health script returned. Both empty when it returned nil (Argo CD's empty status).
struct HealthResult {
    QString status;
    QString message;

    bool operator==(const HealthResult &other) const = default;
};

// The statuses Argo CD accepts; anything else becomes Unknown.
QStringList healthStatuses();

struct LuaLimits {
    std::chrono::milliseconds time{1000};
    std::size_t memoryBytes = std::size_t(64) * 1024 * 1024;
};

struct HealthOptions {
    // Argo CD's useOpenLibs: adds string, math and coroutine. io, debug, package, module
    // loading, binary chunks and every os function except time and date stay out either way.
    bool openLibs = false;
    // The name errors carry ("health.lua:3: ...").
    QString chunkName = QStringLiteral("health.lua");
};

class LuaEngineState;

// Runs health scripts in a sandboxed Lua state that it keeps for its whole life: compiled chunks
// are cached by script text, and every evaluation gets fresh globals and a fresh `obj`, so
// nothing one evaluation does can be seen by the next. A cached script that provably writes
// only to tables it creates itself (no globals, no rawset, table.*, setmetatable, load, ...)
// cannot change either, so it gets the same prebuilt ones again: that is most of the speed of
// repeated evaluation.
//
// Thread-safety: an engine is not thread-safe. Use one engine per thread (engines are
// independent; creating one costs about as much as one evaluation).
class HealthEngine {
public:
    explicit HealthEngine(LuaLimits limits = {});
    ~HealthEngine();
    HealthEngine(const HealthEngine &) = delete;
    HealthEngine &operator=(const HealthEngine &) = delete;

    // Errors carry the chunk name as file and the Lua line when there is one; time and memory
    // limits, sandbox refusals and a wrong return type are errors too.
    Result<HealthResult> evaluate(const QByteArray &script, const HealthObject &object,
                                  const HealthOptions &options = {});
    Result<HealthResult> evaluate(const QString &script, const HealthObject &object,
                                  const HealthOptions &options = {});

    // Only compiles (and caches) the script: syntax errors and refused binary chunks.
    Status compile(const QByteArray &script, const HealthOptions &options = {});

    // What the last evaluation passed to print(); it is captured, never written to stdout.
    QString printedOutput() const;

    // For benchmarks: compile on every evaluation instead of reusing the cached chunk.
    void setCacheEnabled(bool enabled);
    // How many times a script was compiled (tests prove the cache with it).
    int compileCount() const;
    const LuaLimits &limits() const;

private:
    std::unique_ptr<LuaEngineState> m_state;
};

} // namespace wavesmith
