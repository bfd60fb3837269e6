// The health engine: Argo CD semantics, the sandbox, the limits and the chunk cache.

#include <wavesmith/luaengine.h>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <lua.hpp>

using namespace wavesmith;

namespace {

QString fixture(const QString &relative) {
    return QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/lua/fixtures/") + relative;
}

QByteArray readFixture(const QString &relative) {
    QFile file(fixture(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(relative));
    return file.readAll();
}

HealthObject object(const QByteArray &yaml) {
    Result<HealthObject> parsed = HealthObject::fromYaml(yaml);
    if (!parsed)
        qFatal("bad test object: %s", qPrintable(parsed.error().toString()));
    return parsed.value();
}

HealthOptions mode(bool openLibs) {
    HealthOptions options;
    options.openLibs = openLibs;
    return options;
}

// A precompiled chunk made by an ordinary, unrestricted Lua state: what a hostile repository
// could ship.
int collectDump(lua_State *, const void *data, size_t size, void *ud) {
    static_cast<QByteArray *>(ud)->append(static_cast<const char *>(data), qsizetype(size));
    return 0;
}

QByteArray binaryChunk() {
    lua_State *L = luaL_newstate();
    luaL_loadstring(L, "return { status = 'Healthy', message = 'from bytecode' }");
    QByteArray bytes;
    lua_dump(L, collectDump, &bytes);
    lua_close(L);
    return bytes;
}

// The chunk as a Lua string literal with decimal escapes.
QByteArray luaLiteral(const QByteArray &bytes) {
    QByteArray literal = "\"";
    for (const char c : bytes)
        literal += '\\' + QByteArray::number(int(static_cast<unsigned char>(c)));
    return literal + '"';
}

} // namespace

class TestHealthEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void conversion_data();
    void conversion();
    void results_data();
    void results();
    void errorsCarryLines_data();
    void errorsCarryLines();
    void longChunkNamesStayWhole();
    void forbidden_data();
    void forbidden();
    void allowed_data();
    void allowed();
    void infiniteLoopStops_data();
    void infiniteLoopStops();
    void memoryBombStops_data();
    void memoryBombStops();
    void binaryChunkRefused_data();
    void binaryChunkRefused();
    void cacheAvoidsRecompiling();
    void evaluationsAreIsolated();
    void objectChangesDoNotLeak_data();
    void objectChangesDoNotLeak();
    void selfContainedScriptsReuseObject_data();
    void selfContainedScriptsReuseObject();
    void reusedObjectStaysUnchanged_data();
    void reusedObjectStaysUnchanged();
    void functionEnvironmentsDoNotLeak();
    void deepObjectFallsBack();
    void printIsCaptured();
    void seedScriptOnApplications_data();
    void seedScriptOnApplications();
};

void TestHealthEngine::conversion_data() {
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *yaml, const char *expr, const char *expected) {
        QTest::newRow(name) << QByteArray(yaml) << QString::fromUtf8(expr)
                            << QString::fromUtf8(expected);
    };
    row("int", "a: 3", "type(obj.a) .. ':' .. tostring(obj.a)", "number:3");
    row("quoted int", "a: '3'", "type(obj.a) .. ':' .. obj.a", "string:3");
    row("double-quoted bool", "a: \"true\"", "type(obj.a)", "string");
    row("float", "a: 1.5", "tostring(obj.a + 1)", "2.5");
    row("exponent", "a: 1e3", "tostring(obj.a)", "1000");
    row("hex", "a: 0x1F", "tostring(obj.a)", "31");
    row("octal", "a: 0755", "tostring(obj.a)", "493");
    row("bool", "a: true", "type(obj.a) .. ':' .. tostring(obj.a)", "boolean:true");
    row("yaml 1.1 bool", "a: off", "tostring(obj.a)", "false");
    row("null", "a: null", "tostring(obj.a)", "nil");
    row("tilde", "a: ~", "tostring(obj.a)", "nil");
    row("string", "a: hello world", "obj.a", "hello world");
    row("timestamp stays string", "a: 2024-05-01T10:00:00Z", "type(obj.a)", "string");
    row("block scalar", "a: |\n  line\n", "obj.a", "line\n");
    row("list is 1-based", "a: [x, y, z]", "obj.a[1] .. obj.a[3] .. #obj.a", "xz3");
    row("nulls skipped in lists", "a: [1, null, 3]", "#obj.a .. ':' .. obj.a[2]", "2:3");
    row("empty map", "a: {}", "type(obj.a) .. tostring(next(obj.a))", "tablenil");
    row("nested", "a:\n  b:\n    - c: 1\n", "tostring(obj.a.b[1].c)", "1");
    row("json", "{\"a\": {\"b\": [true, 2, \"3\"]}}",
        "type(obj.a.b[1]) .. type(obj.a.b[2]) .. type(obj.a.b[3])", "booleannumberstring");
    row("numeric key is a string", "a:\n  1: one\n", "tostring(obj.a['1'])", "one");
    row("reserved word key", "a:\n  end: 1\n", "tostring(obj.a['end'])", "1");
    row("label key", "a:\n  app.kubernetes.io/name: web\n", "obj.a['app.kubernetes.io/name']",
        "web");
    row("quotes and escapes", "a: 'say \"hi\" \\\\ 5'\n", "obj.a", "say \"hi\" \\\\ 5");
    row("utf-8", "a: gr\u00fc\u00dfe\n", "obj.a", "gr\u00fc\u00dfe");
    row("infinity", "a: .inf\n", "tostring(obj.a > 1e308)", "true");
    row("control characters", "a: \"tab\\there\\n\"\n", "obj.a", "tab\there\n");
}

void TestHealthEngine::conversion() {
    QFETCH(QByteArray, yaml);
    QFETCH(QString, expression);
    QFETCH(QString, expected);
    HealthEngine engine;
    const QString script =
        QStringLiteral("return { status = 'Healthy', message = %1 }").arg(expression);
    const Result<HealthResult> result = engine.evaluate(script, object(yaml));
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result->message, expected);
}

void TestHealthEngine::results_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("error"); // substring; empty when the evaluation succeeds
    auto row = [](const char *name, const char *script, const char *status, const char *message,
                  const char *error) {
        QTest::newRow(name) << QString::fromUtf8(script) << QString::fromUtf8(status)
                            << QString::fromUtf8(message) << QString::fromUtf8(error);
    };
    row("healthy", "return {status='Healthy', message='ok'}", "Healthy", "ok", "");
    row("no message", "return {status='Degraded'}", "Degraded", "", "");
    for (const QString &status : healthStatuses())
        QTest::newRow(qPrintable(QStringLiteral("status %1").arg(status)))
            << QStringLiteral("return {status='%1', message='m'}").arg(status) << status
            << QStringLiteral("m") << QString();
    row("invalid status", "return {status='Great', message='x'}", "Unknown",
        "Lua returned an invalid health status", "");
    row("lower-case status is invalid", "return {status='healthy'}", "Unknown",
        "Lua returned an invalid health status", "");
    row("missing status", "return {message='x'}", "Unknown",
        "Lua returned an invalid health status", "");
    row("nil", "return nil", "", "", "");
    row("no return", "local x = 1", "", "", "");
    row("last value counts", "return 'ignored', {status='Healthy'}", "Healthy", "", "");
    row("keys match ignoring case as encoding/json does", "return {Status='Healthy', MESSAGE='m'}",
        "Healthy", "m", "");
    row("extra fields ignored", "return {status='Healthy', message='', extra={1,2}}", "Healthy", "",
        "");
    row("string", "return 'Healthy'", "", "", "expect table output from Lua script, not string");
    row("number", "return 42", "", "", "expect table output from Lua script, not number");
    row("boolean", "return true", "", "", "expect table output from Lua script, not boolean");
    row("function", "return print", "", "", "expect table output from Lua script, not function");
    row("number status", "return {status=1}", "", "",
        "cannot unmarshal number into Go struct field HealthStatus.status");
    row("empty table is a JSON array", "return {}", "", "", "cannot unmarshal array");
    row("array", "return {'Healthy'}", "", "", "cannot unmarshal array");
    row("mixed keys", "return {status='Healthy', 'x'}", "", "",
        "cannot encode mixed or invalid key types");
    row("function value", "return {status='Healthy', f=print}", "", "",
        "cannot encode function to JSON");
}

void TestHealthEngine::results() {
    QFETCH(QString, script);
    QFETCH(QString, status);
    QFETCH(QString, message);
    QFETCH(QString, error);
    HealthEngine engine;
    const Result<HealthResult> result =
        engine.evaluate(script, object(readFixture(QStringLiteral("objects/deployment.yaml"))));
    if (!error.isEmpty()) {
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(error), qPrintable(result.error().toString()));
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result->status, status);
    QCOMPARE(result->message, message);
}

void TestHealthEngine::errorsCarryLines_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("runtime error") << QStringLiteral("scripts/runtime-error.lua") << 4
                                   << QStringLiteral("attempt to index field 'nothere'");
    QTest::newRow("syntax error") << QStringLiteral("scripts/syntax-error.lua") << 6
                                  << QStringLiteral("'end' expected (to close 'if' at line 3)");
    QTest::newRow("error()") << QString() << 2 << QStringLiteral("custom failure");
}

void TestHealthEngine::errorsCarryLines() {
    QFETCH(QString, script);
    QFETCH(int, line);
    QFETCH(QString, message);
    const QByteArray text = script.isEmpty() ? QByteArray("local x = 1\nerror('custom failure')\n")
                                             : readFixture(script);
    HealthEngine engine;
    const Result<HealthResult> result =
        engine.evaluate(text, object(readFixture(QStringLiteral("objects/deployment.yaml"))));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().file, QStringLiteral("health.lua"));
    QCOMPARE(result.error().line, line);
    QVERIFY2(result.error().message.contains(message), qPrintable(result.error().toString()));
    QVERIFY(result.error().toString().startsWith(QStringLiteral("health.lua:%1: ").arg(line)));
}

void TestHealthEngine::longChunkNamesStayWhole() {
    // Lua cuts chunk names at 60 bytes; repositories live in deep folders.
    HealthOptions options;
    options.chunkName =
        QStringLiteral("/home/someone/src/platform/gitops-repository/infrastructure/controllers/"
                       "argocd/health/argoproj.io_Application/health.lua");
    HealthEngine engine;
    const Result<HealthResult> result =
        engine.evaluate(QByteArray("local x = 1\nerror('custom failure')\n"),
                        object(readFixture(QStringLiteral("objects/deployment.yaml"))), options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().file, options.chunkName);
    QCOMPARE(result.error().line, 2);
}

void TestHealthEngine::forbidden_data() {
    QTest::addColumn<bool>("openLibs");
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("hint");
    const QList<QPair<QString, QString>> calls = {
        {QStringLiteral("os.execute('touch /tmp/wavesmith-sandbox-escape')"),
         QStringLiteral("os.execute is not available")},
        {QStringLiteral("os.remove('/tmp/wavesmith-sandbox-escape')"),
         QStringLiteral("os.remove is not available")},
        {QStringLiteral("os.rename('/a', '/b')"), QStringLiteral("os.rename is not available")},
        {QStringLiteral("os.exit(3)"), QStringLiteral("os.exit is not available")},
        {QStringLiteral("os.getenv('HOME')"), QStringLiteral("os.getenv is not available")},
        {QStringLiteral("io.open('/etc/passwd')"), QStringLiteral("'io' is not available")},
        {QStringLiteral("io.popen('id')"), QStringLiteral("'io' is not available")},
        {QStringLiteral("loadfile('/etc/passwd')"), QStringLiteral("'loadfile' is not available")},
        {QStringLiteral("dofile('/etc/passwd')"), QStringLiteral("'dofile' is not available")},
        {QStringLiteral("debug.getinfo(1)"), QStringLiteral("'debug' is not available")},
        {QStringLiteral("package.loadlib('libc.so.6', 'system')"),
         QStringLiteral("'package' is not available")},
        {QStringLiteral("module('x')"), QStringLiteral("'module' is not available")},
        {QStringLiteral("newproxy(true)"), QStringLiteral("'newproxy' is not available")},
        {QStringLiteral("require('io')"), QStringLiteral("module 'io' not found")},
        {QStringLiteral("require('debug')"), QStringLiteral("module 'debug' not found")},
        {QStringLiteral("require('socket.core')"),
         QStringLiteral("no modules are loaded from disk")},
        {QStringLiteral("require('os').execute('id')"),
         QStringLiteral("os.execute is not available")},
    };
    for (const bool openLibs : {false, true}) {
        for (const auto &[call, hint] : calls)
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(
                openLibs ? QStringLiteral("open") : QStringLiteral("closed"), call)))
                << openLibs << call << hint;
    }
    QTest::newRow("open string.dump") << true << QStringLiteral("string.dump(print)")
                                      << QStringLiteral("string.dump is not available");
    QTest::newRow("closed string") << false << QStringLiteral("string.format('%d', 1)")
                                   << QStringLiteral("'string' needs open libs");
    QTest::newRow("closed math") << false << QStringLiteral("math.floor(1.5)")
                                 << QStringLiteral("'math' needs open libs");
    QTest::newRow("closed coroutine") << false << QStringLiteral("coroutine.create(print)")
                                      << QStringLiteral("'coroutine' needs open libs");
    QTest::newRow("closed string method") << false << QStringLiteral("local s = 'x' s:upper()")
                                          << QStringLiteral("string methods need open libs");
}

void TestHealthEngine::forbidden() {
    QFETCH(bool, openLibs);
    QFETCH(QString, call);
    QFETCH(QString, hint);
    HealthEngine engine;
    const QString script =
        QStringLiteral("local hs = {status = 'Healthy'}\n%1\nreturn hs\n").arg(call);
    const Result<HealthResult> result = engine.evaluate(script, HealthObject(), mode(openLibs));
    QVERIFY2(!result.ok(), qPrintable(call));
    QVERIFY2(result.error().message.contains(hint), qPrintable(result.error().toString()));
    QCOMPARE(result.error().line, 2);
    QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/wavesmith-sandbox-escape")));
}

void TestHealthEngine::allowed_data() {
    QTest::addColumn<bool>("openLibs");
    QTest::addColumn<QString>("expression");
    for (const bool openLibs : {false, true}) {
        const char *m = openLibs ? "open " : "closed ";
        auto row = [&](const char *name, const char *expr) {
            QTest::newRow((QByteArray(m) + name).constData())
                << openLibs << QString::fromUtf8(expr);
        };
        row("os.time", "type(os.time()) == 'number'");
        row("os.date", "type(os.date('!%Y-%m-%dT%H:%M:%SZ', 0)) == 'string'");
        row("require os", "require('os').time ~= nil and require('os').execute == nil");
        row("table.insert", "(function() local t = {} table.insert(t, 1) return #t == 1 end)()");
        row("pcall", "pcall(error, 'x') == false");
        row("loadstring text", "loadstring('return 1 + 1')() == 2");
        row("load reader", "(function() local done = false return load(function() if done then "
                           "return nil end done = true return 'return 7' end)() == 7 end)()");
        row("getfenv(0) is the sandbox", "getfenv(0).io == nil and getfenv(0).obj == nil");
        row("no io in globals", "io == nil and debug == nil and package == nil");
    }
    auto open = [](const char *name, const char *expr) {
        QTest::newRow(name) << true << QString::fromUtf8(expr);
    };
    open("string.format", "string.format('%d-%s', 3, 'x') == '3-x'");
    open("string method", "('abc'):upper() == 'ABC'");
    open("math", "math.floor(2.7) == 2");
    open("coroutine", "coroutine.resume(coroutine.create(function() end))");
    open("require string", "require('string').rep('a', 2) == 'aa'");
}

void TestHealthEngine::allowed() {
    QFETCH(bool, openLibs);
    QFETCH(QString, expression);
    HealthEngine engine;
    const QString script =
        QStringLiteral("if %1 then return {status='Healthy'} end\nreturn {status='Degraded'}")
            .arg(expression);
    const Result<HealthResult> result = engine.evaluate(script, HealthObject(), mode(openLibs));
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result->status, QStringLiteral("Healthy"));
}

void TestHealthEngine::infiniteLoopStops_data() {
    QTest::addColumn<bool>("openLibs");
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("line");
    for (const bool openLibs : {false, true}) {
        const QByteArray m = openLibs ? "open " : "closed ";
        QTest::newRow(m + "while true") << openLibs
                                        << QStringLiteral("local x = 0\nwhile true do "
                                                          "x = x + 1 end")
                                        << 2;
        QTest::newRow(m + "pcall cannot swallow the timeout")
            << openLibs
            << QStringLiteral("while true do\n  pcall(function() while true do end end)\nend") << 0;
        QTest::newRow(m + "recursion via xpcall")
            << openLibs
            << QStringLiteral("local function f() return xpcall(f, f) end\nwhile true do f() end")
            << 0;
    }
    QTest::newRow("open coroutine loop")
        << true
        << QStringLiteral("while true do\n  coroutine.resume(coroutine.create(function() while "
                          "true do end end))\nend")
        << 0;
}

void TestHealthEngine::infiniteLoopStops() {
    QFETCH(bool, openLibs);
    QFETCH(QString, script);
    QFETCH(int, line);
    HealthEngine engine;
    QElapsedTimer timer;
    timer.start();
    const Result<HealthResult> result = engine.evaluate(script, HealthObject(), mode(openLibs));
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, QStringLiteral("health script exceeded the 1 s time limit"));
    if (line > 0)
        QCOMPARE(result.error().line, line);
    // It ran for its whole budget and then stopped: the upper bound only guards against a hang
    // (a loaded machine stretches wall time, so it is generous).
    QVERIFY2(elapsed >= 950 && elapsed < 30000, qPrintable(QString::number(elapsed)));

    // The engine is still usable, with a fresh time budget.
    const Result<HealthResult> next = engine.evaluate(QStringLiteral("return {status='Healthy'}"),
                                                      HealthObject(), mode(openLibs));
    QVERIFY2(next.ok(), qPrintable(next.error().toString()));
}

void TestHealthEngine::memoryBombStops_data() {
    QTest::addColumn<bool>("openLibs");
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("tightLimit");
    QTest::newRow("string.rep growth")
        << true << QStringLiteral("local s = 'x'\nwhile true do s = string.rep(s, 2) end") << false;
    QTest::newRow("string.rep huge")
        << true << QStringLiteral("return string.rep('x', 2^29)") << false;
    QTest::newRow("table growth closed")
        << false
        << QStringLiteral("local t = {}\nlocal i = 0\nwhile true do i = i + 1 t[i] = {i, i} end")
        << false;
    QTest::newRow("concat growth closed")
        << false << QStringLiteral("local s = 'xy'\nwhile true do s = s .. s end") << false;
    QTest::newRow("table.concat growth")
        << false
        << QStringLiteral("local t = {}\nfor i = 1, 2^20 do t[i] = 'abcdefghijklmnop' end\n"
                          "local s = table.concat(t)\nlocal all = {}\nwhile true do "
                          "all[#all + 1] = s .. #all end")
        << false;
    QTest::newRow("small cap") << false
                               << QStringLiteral("local t = {}\nfor i = 1, 1e6 do t[i] = i end")
                               << true;
}

void TestHealthEngine::memoryBombStops() {
    QFETCH(bool, openLibs);
    QFETCH(QString, script);
    QFETCH(bool, tightLimit);
    LuaLimits limits;
    if (tightLimit)
        limits.memoryBytes = 1024 * 1024;
    HealthEngine engine(limits);
    const Result<HealthResult> result = engine.evaluate(script, HealthObject(), mode(openLibs));
    QVERIFY(!result.ok());
    const QString expected = tightLimit
                                 ? QStringLiteral("health script exceeded the 1 MB memory limit")
                                 : QStringLiteral("health script exceeded the 64 MB memory limit");
    // The memory message (not the time limit's) says the cap stopped it, however loaded the
    // machine is.
    QCOMPARE(result.error().message, expected);

    const Result<HealthResult> next = engine.evaluate(
        readFixture(QStringLiteral("suites/deployment/health.lua")),
        object(readFixture(QStringLiteral("suites/deployment/testdata/healthy.yaml"))));
    QVERIFY2(next.ok(), qPrintable(next.error().toString()));
    QCOMPARE(next->status, QStringLiteral("Healthy"));
}

void TestHealthEngine::binaryChunkRefused_data() {
    QTest::addColumn<bool>("openLibs");
    QTest::addColumn<int>("entry");
    for (const bool openLibs : {false, true}) {
        const QByteArray m = openLibs ? "open " : "closed ";
        QTest::newRow(m + "main script") << openLibs << 0;
        QTest::newRow(m + "loadstring") << openLibs << 1;
        QTest::newRow(m + "load reader") << openLibs << 2;
        QTest::newRow(m + "load reader, signature split") << openLibs << 3;
    }
}

void TestHealthEngine::binaryChunkRefused() {
    QFETCH(bool, openLibs);
    QFETCH(int, entry);
    const QByteArray chunk = binaryChunk();
    QVERIFY(chunk.startsWith("\x1bLua"));
    QByteArray script;
    switch (entry) {
    case 0:
        script = chunk;
        break;
    case 1:
        script = "local f = assert(loadstring(" + luaLiteral(chunk) + "))\nreturn f()\n";
        break;
    case 2:
        script = "local done = false\nlocal f = assert(load(function() if done then return nil "
                 "end done = true return " +
                 luaLiteral(chunk) + " end))\nreturn f()\n";
        break;
    case 3:
        script = "local parts = {" + luaLiteral(chunk.left(1)) + ", " + luaLiteral(chunk.mid(1)) +
                 "}\nlocal i = 0\nlocal f = assert(load(function() i = i + 1 return parts[i] "
                 "end))\nreturn f()\n";
        break;
    }
    HealthEngine engine;
    const Result<HealthResult> result = engine.evaluate(script, HealthObject(), mode(openLibs));
    QVERIFY2(!result.ok(), "a binary chunk ran");
    QVERIFY2(result.error().message.contains(
                 QStringLiteral("binary (precompiled) Lua chunks are not allowed")),
             qPrintable(result.error().toString()));
    if (entry > 0)
        QVERIFY(result.error().line > 0);
}

void TestHealthEngine::cacheAvoidsRecompiling() {
    HealthEngine engine;
    const HealthObject obj = object(readFixture(QStringLiteral("objects/deployment.yaml")));
    const QString script = QStringLiteral("return {status='Healthy', message=obj.metadata.name}");
    for (int i = 0; i < 5; ++i) {
        const Result<HealthResult> result = engine.evaluate(script, obj);
        QVERIFY(result.ok());
        QCOMPARE(result->message, QStringLiteral("web"));
    }
    QCOMPARE(engine.compileCount(), 1);
    QVERIFY(engine.evaluate(script, obj, mode(true)).ok()); // same chunk, other libraries
    QCOMPARE(engine.compileCount(), 1);
    QVERIFY(engine.evaluate(script + QStringLiteral(" "), obj).ok());
    QCOMPARE(engine.compileCount(), 2);

    engine.setCacheEnabled(false);
    QVERIFY(engine.evaluate(script, obj).ok());
    QVERIFY(engine.evaluate(script, obj).ok());
    QCOMPARE(engine.compileCount(), 4);
}

void TestHealthEngine::evaluationsAreIsolated() {
    HealthEngine engine;
    const HealthObject obj = object(readFixture(QStringLiteral("objects/deployment.yaml")));
    const QString vandal = QStringLiteral("leaked = 1\n"
                                          "table.insert = nil\n"
                                          "os.time = nil\n"
                                          "_G.tostring = nil\n"
                                          "getmetatable('').__index.upper = nil\n"
                                          "obj.metadata.name = 'changed'\n"
                                          "setfenv(0, {})\n"
                                          "return {status='Healthy'}");
    const Result<HealthResult> first = engine.evaluate(vandal, obj, mode(true));
    QVERIFY2(first.ok(), qPrintable(first.error().toString()));

    const QString check = QStringLiteral(
        "local ok = leaked == nil and table.insert ~= nil and os.time ~= nil and tostring ~= nil "
        "and ('a'):upper() == 'A' and obj.metadata.name == 'web'\n"
        "return {status = ok and 'Healthy' or 'Degraded'}");
    const Result<HealthResult> second = engine.evaluate(check, obj, mode(true));
    QVERIFY2(second.ok(), qPrintable(second.error().toString()));
    QCOMPARE(second->status, QStringLiteral("Healthy"));

    // Open-libs string methods do not survive into a closed-libs evaluation.
    const Result<HealthResult> closed = engine.evaluate(
        QStringLiteral("return {status = pcall(function() return ('a'):upper() end) and "
                       "'Degraded' or 'Healthy'}"),
        obj, mode(false));
    QVERIFY(closed.ok());
    QCOMPARE(closed->status, QStringLiteral("Healthy"));
}

void TestHealthEngine::objectChangesDoNotLeak_data() {
    // Whatever a script does to `obj`, the next evaluation of the same object sees it as parsed
    // (the engine caches a compiled constructor per object; built tables are reused only by
    // scripts that cannot change them, see reusedObjectStaysUnchanged).
    QTest::addColumn<QString>("change");
    QTest::newRow("nothing") << QString();
    QTest::newRow("new key") << QStringLiteral("obj.extra = 1");
    QTest::newRow("removed key") << QStringLiteral("obj.kind = nil");
    QTest::newRow("changed number") << QStringLiteral("obj.spec.replicas = 3");
    QTest::newRow("changed nested string") << QStringLiteral("obj.metadata.labels.app = 'x'");
    QTest::newRow("array element removed") << QStringLiteral("table.remove(obj.items)");
    QTest::newRow("array element added") << QStringLiteral("table.insert(obj.items, 'z')");
    QTest::newRow("array element changed") << QStringLiteral("obj.items[1] = 'q'");
    QTest::newRow("metatable") << QStringLiteral(
        "setmetatable(obj.status, {__index = function() return 'ghost' end})");
    QTest::newRow("same value written back")
        << QStringLiteral("obj.kind = nil obj.kind = 'Deployment'");
    QTest::newRow("error after change") << QStringLiteral("obj.kind = 'X' error('stop')");
}

void TestHealthEngine::objectChangesDoNotLeak() {
    QFETCH(QString, change);
    HealthEngine engine;
    const HealthObject obj = object("kind: Deployment\nmetadata:\n  labels:\n    app: web\n"
                                    "spec:\n  replicas: 2\nitems: [a, b]\nstatus:\n  ready: 1\n");
    const QString check = QStringLiteral(
        "local ok = obj.kind == 'Deployment' and obj.extra == nil and obj.spec.replicas == 2 "
        "and obj.metadata.labels.app == 'web' and #obj.items == 2 and obj.items[1] == 'a' "
        "and obj.items[2] == 'b' and obj.status.nothing == nil and getmetatable(obj.status) == "
        "nil\nreturn {status = ok and 'Healthy' or 'Degraded'}");
    for (int round = 0; round < 3; ++round) {
        const Result<HealthResult> before = engine.evaluate(check, obj);
        QVERIFY2(before.ok(), qPrintable(before.error().toString()));
        QCOMPARE(before->status, QStringLiteral("Healthy"));
        engine.evaluate(change + QStringLiteral("\nreturn nil"), obj);
        const Result<HealthResult> after = engine.evaluate(check, obj);
        QVERIFY2(after.ok(), qPrintable(after.error().toString()));
        QCOMPARE(after->status, QStringLiteral("Healthy"));
    }
}

void TestHealthEngine::selfContainedScriptsReuseObject_data() {
    // Scripts that write only to tables they create and assign no global see the `obj` built
    // for their first evaluation again (the same table: tostring gives its address); that is
    // what makes repeated evaluation cheap.
    QTest::addColumn<bool>("openLibs");
    QTest::addColumn<QString>("script");
    QTest::newRow("reads only") << false << QStringLiteral("local n = obj.kind");
    QTest::newRow("own table") << false
                               << QStringLiteral(
                                      "local hs = {status = 'Healthy'}\nhs.message = obj.kind");
    QTest::newRow("conditions loop")
        << false
        << QStringLiteral("local hs = {}\nfor i, c in ipairs(obj.status.conditions or {}) do\n"
                          "  if c.type == 'Ready' then hs.status = c.status end\nend");
    QTest::newRow("local function with own table")
        << false
        << QStringLiteral("local function count(list)\n  local seen = {}\n"
                          "  for k, v in pairs(list) do seen[#seen + 1] = k end\n"
                          "  return #seen\nend\nlocal n = count(obj.metadata)");
    QTest::newRow("string methods, open libs")
        << true << QStringLiteral("local up = obj.kind:upper()\nlocal parts = {up:sub(1, 2)}");
    QTest::newRow("os and pcall") << false
                                  << QStringLiteral(
                                         "local t = os.time()\nlocal ok = pcall(error, 'x')");
}

void TestHealthEngine::selfContainedScriptsReuseObject() {
    QFETCH(bool, openLibs);
    QFETCH(QString, script);
    HealthEngine engine;
    const HealthObject obj = object("kind: Deployment\nmetadata: {name: web}\nstatus:\n"
                                    "  conditions:\n  - {type: Ready, status: 'True'}\n");
    const QString body = script + QStringLiteral("\nreturn {status = 'Healthy', message = "
                                                 "tostring(obj)}");
    const Result<HealthResult> first = engine.evaluate(body, obj, mode(openLibs));
    QVERIFY2(first.ok(), qPrintable(first.error().toString()));
    QVERIFY(first->message.startsWith(QLatin1String("table: ")));
    for (int round = 0; round < 3; ++round) {
        const Result<HealthResult> again = engine.evaluate(body, obj, mode(openLibs));
        QVERIFY2(again.ok(), qPrintable(again.error().toString()));
        QCOMPARE(again->message, first->message);
    }
}

void TestHealthEngine::reusedObjectStaysUnchanged_data() {
    // Every way a script can reach `obj`, its globals or the libraries and change them: the
    // script is then not self-contained, gets fresh tables, and a self-contained script run
    // before and after it (which reuses its `obj`) still sees everything as parsed.
    QTest::addColumn<QString>("change");
    QTest::newRow("field") << QStringLiteral("obj.kind = 'X'");
    QTest::newRow("alias") << QStringLiteral("local s = obj.status\ns.ready = 5");
    QTest::newRow("function parameter")
        << QStringLiteral("local function f(t) t.kind = 'X' end\nf(obj)");
    QTest::newRow("vararg") << QStringLiteral("local function f(...) local t = ... t.kind = 'X' "
                                              "end\nf(obj)");
    QTest::newRow("upvalue assigned by a closure")
        << QStringLiteral("local t = {}\nlocal function f() t = obj end\nf()\nt.kind = 'X'");
    QTest::newRow("upvalue written by a closure")
        << QStringLiteral("local t = obj\nlocal function f() t.kind = 'X' end\nf()");
    QTest::newRow("through _G") << QStringLiteral("_G.obj.kind = 'X'");
    QTest::newRow("through getfenv") << QStringLiteral("getfenv(1).obj.kind = 'X'");
    QTest::newRow("rawset") << QStringLiteral("rawset(obj, 'kind', 'X')");
    QTest::newRow("rawset through pcall") << QStringLiteral("pcall(rawset, obj, 'kind', 'X')");
    QTest::newRow("rawset found by pairs")
        << QStringLiteral("for k, v in pairs(getfenv(0)) do if k == 'rawset' then v(obj, 'kind', "
                          "'X') end end");
    QTest::newRow("table.insert") << QStringLiteral("table.insert(obj.items, 'z')");
    QTest::newRow("table.sort") << QStringLiteral(
        "table.sort(obj.items, function(a, b) return a > b end)");
    QTest::newRow("table.remove via require")
        << QStringLiteral("local t = require('table')\nt.remove(obj.items, 1)");
    QTest::newRow("setmetatable") << QStringLiteral("setmetatable(obj, {__index = {extra = 1}})");
    QTest::newRow("setfenv") << QStringLiteral("local function f() kind = 'X' end\n"
                                               "setfenv(f, obj)\nf()");
    QTest::newRow("loadstring") << QStringLiteral("loadstring('obj.kind = \"X\"')()");
    QTest::newRow("load") << QStringLiteral("local done = false\nload(function() if done then "
                                            "return nil end done = true return 'obj.kind = 1' "
                                            "end)()");
    QTest::newRow("global") << QStringLiteral("leaked = 1");
    QTest::newRow("library table") << QStringLiteral("local s = os\ns.time = nil");
    QTest::newRow("library through a function")
        << QStringLiteral("local function wipe(t) t.time = nil end\nwipe(os)");
    QTest::newRow("global function replaced")
        << QStringLiteral("tostring = function() return 'table: forged' end");
    QTest::newRow("string metatable")
        << QStringLiteral("local mt = getmetatable('')\nif mt then mt.__index = {} end");
}

void TestHealthEngine::reusedObjectStaysUnchanged() {
    QFETCH(QString, change);
    const HealthObject obj = object("kind: Deployment\nmetadata:\n  labels:\n    app: web\n"
                                    "items: [a, b]\nstatus:\n  ready: 1\n");
    // Self-contained (reads and its own table only), so it reuses obj and its environment.
    const QString check = QStringLiteral(
        "local ok = obj.kind == 'Deployment' and obj.extra == nil and obj.status.ready == 1 "
        "and obj.metadata.labels.app == 'web' and #obj.items == 2 and obj.items[1] == 'a' "
        "and obj.items[2] == 'b' and getmetatable(obj) == nil and leaked == nil "
        "and os.time ~= nil and tostring(obj) ~= 'table: forged'\n"
        "local keys = 0\nfor k in pairs(obj) do keys = keys + 1 end\n"
        "ok = ok and keys == 4 and ('a'):upper() == 'A'\n"
        "return {status = ok and 'Healthy' or 'Degraded', message = tostring(obj)}");
    for (const bool openLibs : {false, true}) {
        HealthEngine engine;
        const Result<HealthResult> before = engine.evaluate(check, obj, mode(true));
        QVERIFY2(before.ok(), qPrintable(before.error().toString()));
        QCOMPARE(before->status, QStringLiteral("Healthy"));
        for (int round = 0; round < 2; ++round) {
            const Result<HealthResult> changed =
                engine.evaluate(change + QStringLiteral("\nreturn nil"), obj, mode(openLibs));
            QVERIFY2(changed.ok(), qPrintable(changed.error().toString()));
            const Result<HealthResult> after = engine.evaluate(check, obj, mode(true));
            QVERIFY2(after.ok(), qPrintable(after.error().toString()));
            QCOMPARE(after->status, QStringLiteral("Healthy"));
            QCOMPARE(after->message, before->message); // the very same obj, unchanged
        }
    }
}

void TestHealthEngine::functionEnvironmentsDoNotLeak() {
    // getfenv on a library function hands out the running script's globals: what one script
    // stores there, or the metatable it sets on them, is gone for the next.
    HealthEngine engine;
    const QString store = QStringLiteral(
        "getfenv(print).leaked = 'yes'\nsetmetatable(getfenv(pairs), {__index = function() "
        "return 'ghost' end})\nreturn {status = 'Healthy'}");
    const QString check = QStringLiteral(
        "local env = getfenv(print)\nlocal ok = env == getfenv(0) and env.leaked == nil and "
        "env.other == nil and getmetatable(env) == nil and env.pairs ~= nil\n"
        "return {status = ok and 'Healthy' or 'Degraded'}");
    for (const bool openLibs : {false, true}) {
        const Result<HealthResult> stored = engine.evaluate(store, HealthObject(), mode(openLibs));
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        const Result<HealthResult> checked = engine.evaluate(check, HealthObject(), mode(openLibs));
        QVERIFY2(checked.ok(), qPrintable(checked.error().toString()));
        QCOMPARE(checked->status, QStringLiteral("Healthy"));
    }
}

void TestHealthEngine::deepObjectFallsBack() {
    // Too deep for one Lua constructor expression: converted through the C API instead.
    QByteArray yaml;
    for (int i = 0; i < 300; ++i)
        yaml += QByteArray(i * 2, ' ') + "a:\n";
    yaml += QByteArray(600, ' ') + "leaf: deep\n";
    HealthEngine engine;
    const QString script =
        QStringLiteral("local n, t = 0, obj\nwhile t.a do t = t.a n = n + 1 end\n"
                       "return {status = 'Healthy', message = n .. ' ' .. t.leaf}");
    for (int round = 0; round < 2; ++round) {
        const Result<HealthResult> result = engine.evaluate(script, object(yaml));
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(result->message, QStringLiteral("300 deep"));
    }
}

void TestHealthEngine::printIsCaptured() {
    HealthEngine engine;
    const Result<HealthResult> result =
        engine.evaluate(QStringLiteral("print('replicas', obj.spec.replicas)\nreturn nil"),
                        object(readFixture(QStringLiteral("objects/deployment.yaml"))));
    QVERIFY(result.ok());
    QCOMPARE(engine.printedOutput(), QStringLiteral("replicas\t2\n"));
}

void TestHealthEngine::seedScriptOnApplications_data() {
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("no status") << QByteArray("kind: Application\nmetadata: {name: cilium}\n")
                               << QStringLiteral("Progressing") << QString();
    QTest::newRow("healthy") << QByteArray("kind: Application\nstatus:\n  health:\n    status: "
                                           "Healthy\n")
                             << QStringLiteral("Healthy") << QString();
    QTest::newRow("degraded with message")
        << QByteArray("kind: Application\nstatus:\n  health:\n    status: Degraded\n    message: "
                      "back-off restarting\n")
        << QStringLiteral("Degraded") << QStringLiteral("back-off restarting");
}

void TestHealthEngine::seedScriptOnApplications() {
    QFETCH(QByteArray, yaml);
    QFETCH(QString, status);
    QFETCH(QString, message);
    QFile seed(QStringLiteral(WAVESMITH_SOURCE_DIR "/resources/lua/wait-for-child.lua"));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    HealthEngine engine;
    const Result<HealthResult> result = engine.evaluate(seed.readAll(), object(yaml));
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result->status, status);
    QCOMPARE(result->message, message);
}

QTEST_GUILESS_MAIN(TestHealthEngine)
#include "tst_healthengine.moc"
