#include <wavesmith/luaengine.h>

#include "luaerror.h"
#include "luanode.h"
#include "luasandbox.h"
#include "luastate.h"
#include "objectconstructor.h"
#include "selfcontainedchunk.h"

#include <QHash>

#include <cstring>
#include <strings.h>
#include <string>

namespace wavesmith {

namespace {

constexpr int kCacheSize = 32;
constexpr int kConstructorCacheSize = 64; // the editor evaluates up to a few dozen samples
// Garbage from earlier evaluations is collected before a run once the state holds this much,
// so it never counts against the next script's memory cap.
constexpr std::size_t kCollectAbove = std::size_t(8) * 1024 * 1024;

QString formatDuration(std::chrono::milliseconds time) {
    if (time.count() % 1000 == 0)
        return QStringLiteral("%1 s").arg(time.count() / 1000);
    return QStringLiteral("%1 ms").arg(time.count());
}

QString formatBytes(std::size_t bytes) {
    constexpr std::size_t mb = 1024 * 1024;
    if (bytes % mb == 0)
        return QStringLiteral("%1 MB").arg(bytes / mb);
    return QStringLiteral("%1 KB").arg(bytes / 1024);
}

struct CompileCall {
    const char *data = nullptr;
    size_t size = 0;
    const char *name = nullptr;
    bool analyse = false; // also decide whether the chunk is self-contained
    int ref = LUA_NOREF;
    bool selfContained = false;
};

int compileProtected(lua_State *L) {
    auto *call = static_cast<CompileCall *>(lua_touserdata(L, 1));
    if (isBinaryChunk(call->data, call->size)) {
        lua_pushstring(L, kBinaryChunkRefused);
        return lua_error(L);
    }
    if (luaL_loadbuffer(L, call->data, call->size, call->name) != 0)
        return lua_error(L);
    if (call->analyse)
        call->selfContained = isSelfContainedChunk(L, -1);
    call->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

// What a run produced, copied out of Lua before the stack goes away.
struct RunCall {
    int chunkRef = LUA_NOREF;
    int constructorRef = LUA_NOREF; // LUA_NOREF: build `obj` through the C API instead
    const LuaNode *object = nullptr;
    bool openLibs = false;
    // A self-contained chunk (selfcontainedchunk.h) runs in `environment` and sees the `obj`
    // kept in *builtObjectRef, both built on first use and reused; any other chunk gets fresh
    // ones.
    SandboxEnvironment *environment = nullptr;
    int *builtObjectRef = nullptr;

    bool isNil = false;
    std::string status;
    std::string message;
    std::string error; // a conversion error (wrong return type, not JSON-encodable, ...)
};

// gopher-json's rules, which Argo CD applies before json.Unmarshal into HealthStatus: an empty
// or array-like table is a JSON array; keys must be all strings or a 1..n sequence; values must
// be nil, booleans, numbers, strings or tables.
const char *valueEncodeError(lua_State *L, int index, int depth);

const char *tableEncodeError(lua_State *L, int table, int depth, bool *isArray) {
    if (depth > 100)
        return "cannot encode recursively nested tables to JSON";
    lua_pushnil(L);
    if (lua_next(L, table) == 0) {
        *isArray = true;
        return nullptr;
    }
    const int firstKeyType = lua_type(L, -2);
    *isArray = firstKeyType == LUA_TNUMBER;
    if (firstKeyType != LUA_TNUMBER && firstKeyType != LUA_TSTRING) {
        lua_pop(L, 2);
        return "cannot encode mixed or invalid key types";
    }
    lua_Number expected = 1;
    do {
        if (lua_type(L, -2) != firstKeyType) {
            lua_pop(L, 2);
            return "cannot encode mixed or invalid key types";
        }
        if (firstKeyType == LUA_TNUMBER && lua_tonumber(L, -2) != expected++) {
            lua_pop(L, 2);
            return "cannot encode sparse array";
        }
        if (const char *error = valueEncodeError(L, lua_gettop(L), depth + 1)) {
            lua_pop(L, 2);
            return error;
        }
        lua_pop(L, 1);
    } while (lua_next(L, table) != 0);
    return nullptr;
}

const char *valueEncodeError(lua_State *L, int index, int depth) {
    switch (lua_type(L, index)) {
    case LUA_TNIL:
    case LUA_TBOOLEAN:
    case LUA_TNUMBER:
    case LUA_TSTRING:
        return nullptr;
    case LUA_TTABLE: {
        bool isArray = false;
        return tableEncodeError(L, index, depth, &isArray);
    }
    case LUA_TFUNCTION:
        return "cannot encode function to JSON";
    case LUA_TUSERDATA:
    case LUA_TLIGHTUSERDATA:
        return "cannot encode userdata to JSON";
    case LUA_TTHREAD:
        return "cannot encode thread to JSON";
    }
    return "cannot encode value to JSON";
}

// Reads one HealthStatus field as encoding/json would: exact key first, then any key equal
// ignoring case; only strings fit a Go string field.
const char *readField(lua_State *L, int table, const char *name, std::string *out) {
    lua_getfield(L, table, name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushnil(L);
        while (lua_next(L, table) != 0) {
            if (lua_type(L, -2) == LUA_TSTRING && strcasecmp(lua_tostring(L, -2), name) == 0) {
                lua_remove(L, -2);
                break;
            }
            lua_pop(L, 1);
        }
        if (lua_gettop(L) == table) // no key matched: lua_next popped everything
            lua_pushnil(L);
    }
    const int type = lua_type(L, -1);
    const char *error = nullptr;
    if (type == LUA_TSTRING) {
        size_t size = 0;
        const char *text = lua_tolstring(L, -1, &size);
        out->assign(text, size);
    } else if (type == LUA_TNUMBER) {
        error = std::strcmp(name, "status") == 0
                    ? "json: cannot unmarshal number into Go struct field HealthStatus.status of "
                      "type string"
                    : "json: cannot unmarshal number into Go struct field HealthStatus.message "
                      "of type string";
    } else if (type == LUA_TBOOLEAN) {
        error = std::strcmp(name, "status") == 0
                    ? "json: cannot unmarshal bool into Go struct field HealthStatus.status of "
                      "type string"
                    : "json: cannot unmarshal bool into Go struct field HealthStatus.message of "
                      "type string";
    } else if (type == LUA_TTABLE) {
        error = std::strcmp(name, "status") == 0
                    ? "json: cannot unmarshal object into Go struct field HealthStatus.status of "
                      "type string"
                    : "json: cannot unmarshal object into Go struct field HealthStatus.message "
                      "of type string";
    }
    lua_pop(L, 1);
    return error;
}

int runProtected(lua_State *L) {
    auto *call = static_cast<RunCall *>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    if (call->environment)
        pushReusableEnvironment(L, *call->environment, call->openLibs);
    else
        pushFreshEnvironment(L, call->openLibs);
    const int env = lua_gettop(L);
    if (call->object && call->builtObjectRef && *call->builtObjectRef != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, *call->builtObjectRef);
    } else if (call->object) {
        if (call->constructorRef != LUA_NOREF) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, call->constructorRef);
            lua_call(L, 0, 1);
        } else {
            pushNode(L, *call->object);
        }
        if (call->builtObjectRef) {
            lua_pushvalue(L, -1);
            *call->builtObjectRef = luaL_ref(L, LUA_REGISTRYINDEX);
        }
    } else {
        lua_pushnil(L);
    }
    lua_setfield(L, env, "obj");

    lua_rawgeti(L, LUA_REGISTRYINDEX, call->chunkRef);
    lua_pushvalue(L, env);
    lua_setfenv(L, -2); // the cached chunk is shared; its globals are this evaluation's
    lua_call(L, 0, LUA_MULTRET);

    // Argo CD reads the top of the stack: the last value returned, nil when none.
    if (lua_gettop(L) == env || lua_isnil(L, -1)) {
        call->isNil = true;
        return 0;
    }
    if (!lua_istable(L, -1)) {
        call->error =
            std::string("expect table output from Lua script, not ") + luaL_typename(L, -1);
        return 0;
    }
    const int result = lua_gettop(L);
    bool isArray = false;
    if (const char *error = tableEncodeError(L, result, 0, &isArray)) {
        call->error = error;
        return 0;
    }
    if (isArray) {
        call->error = "json: cannot unmarshal array into Go value of type health.HealthStatus";
        return 0;
    }
    std::string status;
    std::string message;
    const char *error = readField(L, result, "status", &status);
    if (!error)
        error = readField(L, result, "message", &message);
    if (error) {
        call->error = error;
        return 0;
    }
    call->status = std::move(status);
    call->message = std::move(message);
    return 0;
}

QString errorText(lua_State *L) {
    // Read without converting: lua_tolstring on a number would allocate outside protection.
    switch (lua_type(L, -1)) {
    case LUA_TSTRING:
        return QString::fromUtf8(lua_tostring(L, -1));
    case LUA_TNUMBER:
        return QString::number(lua_tonumber(L, -1));
    default:
        return QStringLiteral("(error object is a %1 value)")
            .arg(QString::fromUtf8(luaL_typename(L, -1)));
    }
}

} // namespace

// The engine's private half: the state, the sandbox refs and the chunk cache.
class LuaEngineState {
public:
    explicit LuaEngineState(LuaLimits limits)
        : limits(limits)
        , state(limits.memoryBytes, limits.time) {
        state.context().timeoutMessage = QStringLiteral("health script exceeded the %1 time limit")
                                             .arg(formatDuration(limits.time))
                                             .toStdString();
        if (!state.isValid())
            return;
        int refs[2] = {LUA_NOREF, LUA_NOREF};
        if (lua_cpcall(state.get(), openSandbox, refs) != 0) {
            setupError = errorText(state.get());
            lua_settop(state.get(), 0);
            return;
        }
        pristineRef = refs[0];
    }

    Result<HealthResult> evaluate(const QByteArray &script, const HealthObject &object,
                                  const HealthOptions &options);

    LuaLimits limits;
    LuaState state;
    QString setupError;
    int pristineRef = LUA_NOREF;

    struct CacheEntry {
        int ref = LUA_NOREF;
        quint64 lastUse = 0;
        bool selfContained = false; // chunks: see selfcontainedchunk.h
        int builtRef = LUA_NOREF;   // constructors: the object built once for such chunks
    };
    QHash<QByteArray, CacheEntry> cache;
    QHash<quint64, CacheEntry> constructors; // objectconstructor.h chunks by HealthObject::id()
    quint64 useCounter = 0;
    bool cacheEnabled = true;
    int compiles = 0;
    SandboxEnvironment reusableEnvironments[2]; // closed and open libs, for self-contained chunks

    struct Chunk {
        int ref = LUA_NOREF;
        bool selfContained = false;
    };
    // The compiled chunk's registry ref, from the cache or compiled now; `ownsChunk` is set when
    // the caller must release it (cache disabled). Only cached chunks are analysed: the
    // analysis is worth it when the chunk runs again.
    Result<Chunk> chunkFor(const QByteArray &script, const HealthOptions &options, bool *ownsChunk);
    void releaseChunk(int ref) { luaL_unref(state.get(), LUA_REGISTRYINDEX, ref); } // any ref
    void releaseEntry(const CacheEntry &entry) {
        releaseChunk(entry.ref);
        releaseChunk(entry.builtRef);
    }

    // The chunk found last, for chunkFor's fast path. Valid while the cache has not changed
    // (cacheVersion), so an evicted chunk is never handed out.
    QByteArray lastScript;
    QString lastName;
    CacheEntry *lastEntry = nullptr;
    Chunk lastChunk;
    quint64 cacheVersion = 0;
    quint64 lastCacheVersion = 0;
    void rememberLast(const QByteArray &script, const QString &name, CacheEntry *entry) {
        lastScript = script;
        lastName = name;
        lastEntry = entry;
        lastChunk = {entry->ref, entry->selfContained};
        lastCacheVersion = cacheVersion;
    }

private:
    Error limitError(const QString &raw, const QString &chunkName, bool openLibs);
    template <typename Key> void evictOldest(QHash<Key, CacheEntry> &entries);
    CacheEntry &constructorFor(const HealthObject &object);
};

template <typename Key> void LuaEngineState::evictOldest(QHash<Key, CacheEntry> &entries) {
    auto oldest = entries.begin();
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        if (it->lastUse < oldest->lastUse)
            oldest = it;
    }
    releaseEntry(*oldest);
    entries.erase(oldest);
    ++cacheVersion;
}

Error LuaEngineState::limitError(const QString &raw, const QString &chunkName, bool openLibs) {
    LuaStateContext &context = state.context();
    if (context.timedOut) {
        Error error = luaError(raw, chunkName, openLibs);
        error.message = QString::fromStdString(context.timeoutMessage);
        return error;
    }
    if (context.capHit && raw.contains(QLatin1String("not enough memory")))
        return Error{chunkName, 0,
                     QStringLiteral("health script exceeded the %1 memory limit")
                         .arg(formatBytes(limits.memoryBytes))};
    return luaError(raw, chunkName, openLibs);
}

Result<LuaEngineState::Chunk>
LuaEngineState::chunkFor(const QByteArray &script, const HealthOptions &options, bool *ownsChunk) {
    lua_State *L = state.get();
    const QByteArray name = QByteArray("=") + options.chunkName.toUtf8();
    // The cache key holds the name too: it is compiled into the chunk.
    QByteArray key;
    if (cacheEnabled) {
        // The editor and the benchmarks evaluate one script many times in a row: skip building
        // and hashing the key then.
        if (lastChunk.ref != LUA_NOREF && lastCacheVersion == cacheVersion &&
            lastScript == script && lastName == options.chunkName) {
            lastEntry->lastUse = ++useCounter;
            return lastChunk;
        }
        key = name + '\0' + script;
        auto it = cache.find(key);
        if (it != cache.end()) {
            it->lastUse = ++useCounter;
            rememberLast(script, options.chunkName, &*it);
            return lastChunk;
        }
    }
    CompileCall compile{script.constData(), size_t(script.size()), name.constData(), cacheEnabled};
    const int status = lua_cpcall(L, compileProtected, &compile);
    ++compiles;
    if (status != 0) {
        const QString raw = errorText(L);
        lua_settop(L, 0);
        return limitError(raw, options.chunkName, options.openLibs);
    }
    if (cacheEnabled) {
        if (cache.size() >= kCacheSize)
            evictOldest(cache);
        ++cacheVersion;
        auto it = cache.insert(key, {compile.ref, ++useCounter, compile.selfContained});
        rememberLast(script, options.chunkName, &*it);
        return lastChunk;
    }
    *ownsChunk = true;
    return Chunk{compile.ref, false};
}

LuaEngineState::CacheEntry &LuaEngineState::constructorFor(const HealthObject &object) {
    auto it = constructors.find(object.id());
    if (it != constructors.end()) {
        it->lastUse = ++useCounter;
        return *it;
    }
    const std::string source = objectConstructorSource(*object.root());
    CompileCall compile{source.data(), source.size(), "=obj"};
    int ref = LUA_NOREF; // too big or too deep for one chunk: pushNode does it instead
    if (lua_cpcall(state.get(), compileProtected, &compile) == 0)
        ref = compile.ref;
    lua_settop(state.get(), 0);
    if (constructors.size() >= kConstructorCacheSize)
        evictOldest(constructors);
    return *constructors.insert(object.id(), {ref, ++useCounter});
}

Result<HealthResult> LuaEngineState::evaluate(const QByteArray &script, const HealthObject &object,
                                              const HealthOptions &options) {
    if (!state.isValid() || pristineRef == LUA_NOREF)
        return Error{options.chunkName, 0,
                     QStringLiteral("could not create a Lua state: %1").arg(setupError)};
    lua_State *L = state.get();
    if (state.context().used > kCollectAbove) {
        lua_gc(L, LUA_GCCOLLECT, 0);
        // Still big after collecting: big objects' constructors are not worth keeping against
        // the next script's cap.
        if (state.context().used > kCollectAbove) {
            for (const CacheEntry &entry : std::as_const(constructors))
                releaseEntry(entry);
            constructors.clear();
            lua_gc(L, LUA_GCCOLLECT, 0);
        }
    }

    state.arm(options.openLibs);
    bool ownsChunk = false;
    const Result<Chunk> chunk = chunkFor(script, options, &ownsChunk);
    if (!chunk) {
        state.disarm();
        return chunk.error();
    }
    const int chunkRef = chunk->ref;

    RunCall run;
    run.chunkRef = chunkRef;
    if (!object.isNull()) {
        CacheEntry &constructor = constructorFor(object);
        run.object = object.root();
        run.constructorRef = constructor.ref;
        if (chunk->selfContained)
            run.builtObjectRef = &constructor.builtRef;
    }
    if (chunk->selfContained)
        run.environment = &reusableEnvironments[options.openLibs ? 1 : 0];
    run.openLibs = options.openLibs;
    const int status = lua_cpcall(L, runProtected, &run);
    QString raw;
    if (status != 0)
        raw = errorText(L);
    const bool timedOut = state.context().timedOut;
    state.disarm();
    lua_cpcall(L, resetEnvironment, nullptr);
    lua_settop(L, 0);
    if (ownsChunk)
        releaseChunk(chunkRef);

    if (status != 0 || timedOut)
        return limitError(raw, options.chunkName, options.openLibs);
    if (!run.error.empty())
        return Error{options.chunkName, 0, QString::fromStdString(run.error)};
    if (run.isNil)
        return HealthResult{};
    HealthResult result{QString::fromStdString(run.status), QString::fromStdString(run.message)};
    static const QStringList statuses = healthStatuses();
    if (!statuses.contains(result.status))
        return HealthResult{QStringLiteral("Unknown"),
                            QStringLiteral("Lua returned an invalid health status")};
    return result;
}

QStringList healthStatuses() {
    return {QStringLiteral("Healthy"),   QStringLiteral("Progressing"), QStringLiteral("Degraded"),
            QStringLiteral("Suspended"), QStringLiteral("Missing"),     QStringLiteral("Unknown")};
}

HealthEngine::HealthEngine(LuaLimits limits)
    : m_state(std::make_unique<LuaEngineState>(limits)) {}

HealthEngine::~HealthEngine() = default;

Result<HealthResult> HealthEngine::evaluate(const QByteArray &script, const HealthObject &object,
                                            const HealthOptions &options) {
    return m_state->evaluate(script, object, options);
}

Result<HealthResult> HealthEngine::evaluate(const QString &script, const HealthObject &object,
                                            const HealthOptions &options) {
    return evaluate(script.toUtf8(), object, options);
}

Status HealthEngine::compile(const QByteArray &script, const HealthOptions &options) {
    LuaEngineState &s = *m_state;
    if (!s.state.isValid() || s.pristineRef == LUA_NOREF)
        return Error{options.chunkName, 0, QStringLiteral("could not create a Lua state")};
    s.state.arm(options.openLibs);
    bool ownsChunk = false;
    const Result<LuaEngineState::Chunk> chunk = s.chunkFor(script, options, &ownsChunk);
    s.state.disarm();
    if (!chunk)
        return chunk.error();
    if (ownsChunk)
        s.releaseChunk(chunk->ref);
    return success();
}

QString HealthEngine::printedOutput() const {
    return QString::fromStdString(m_state->state.context().printed);
}

void HealthEngine::setCacheEnabled(bool enabled) {
    m_state->cacheEnabled = enabled;
}

int HealthEngine::compileCount() const {
    return m_state->compiles;
}

const LuaLimits &HealthEngine::limits() const {
    return m_state->limits;
}

} // namespace wavesmith
