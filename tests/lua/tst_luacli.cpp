// `wavesmith lua eval|test`: exit codes and output of the real executable.

#include <QFileInfo>
#include <QProcess>
#include <QTest>

namespace {

QString fixture(const QString &relative) {
    return QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/lua/fixtures/") + relative;
}

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run wavesmith(const QStringList &arguments) {
    QProcess process;
    process.start(QStringLiteral(WAVESMITH_EXECUTABLE), arguments);
    Run run;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestLuaCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void evalPrintsJson();
    void evalScriptErrorExitsOne_data();
    void evalScriptErrorExitsOne();
    void evalUnreadableExitsTwo_data();
    void evalUnreadableExitsTwo();
    void testPassing();
    void testFailing();
    void testMissingPath();
    void help_data();
    void help();
    void badUsage_data();
    void badUsage();
};

void TestLuaCli::initTestCase() {
    // The executable is built by the `wavesmith` target; this test does not depend on it so
    // the Lua tests build even while the app does not.
    if (!QFileInfo::exists(QStringLiteral(WAVESMITH_EXECUTABLE)))
        QSKIP("the wavesmith executable is not built: build the `wavesmith` target first");
}

void TestLuaCli::evalPrintsJson() {
    const Run run = wavesmith({QStringLiteral("lua"), QStringLiteral("eval"),
                               fixture(QStringLiteral("suites/deployment/health.lua")),
                               fixture(QStringLiteral("suites/deployment/testdata/rolling.yaml"))});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), QStringLiteral(R"({"message":"Waiting for rollout: 1 of 3 )"
                                               R"(available","status":"Progressing"})"));

    const Run open = wavesmith({QStringLiteral("lua"), QStringLiteral("eval"),
                                fixture(QStringLiteral("scripts/invalid-status.lua")),
                                fixture(QStringLiteral("objects/deployment.yaml")),
                                QStringLiteral("--open-libs")});
    QCOMPARE(open.exitCode, 0);
    QCOMPARE(open.out.trimmed(),
             QStringLiteral(
                 R"({"message":"Lua returned an invalid health status","status":"Unknown"})"));
}

void TestLuaCli::evalScriptErrorExitsOne_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("error");
    QTest::newRow("runtime error") << QStringLiteral("scripts/runtime-error.lua")
                                   << QStringLiteral("runtime-error.lua:4: attempt to index");
    QTest::newRow("syntax error") << QStringLiteral("scripts/syntax-error.lua")
                                  << QStringLiteral("syntax-error.lua:6: 'end' expected");
    QTest::newRow("wrong type") << QStringLiteral("scripts/wrong-type.lua")
                                << QStringLiteral(
                                       "expect table output from Lua script, not string");
    QTest::newRow("sandbox") << QStringLiteral("scripts/os-execute.lua")
                             << QStringLiteral("os-execute.lua:1: attempt to call field 'execute'");
    QTest::newRow("time limit") << QStringLiteral("scripts/infinite-loop.lua")
                                << QStringLiteral("health script exceeded the 1 s time limit");
}

void TestLuaCli::evalScriptErrorExitsOne() {
    QFETCH(QString, script);
    QFETCH(QString, error);
    const Run run = wavesmith({QStringLiteral("lua"), QStringLiteral("eval"), fixture(script),
                               fixture(QStringLiteral("objects/deployment.yaml"))});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(error), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/wavesmith-pwned")));
}

void TestLuaCli::evalUnreadableExitsTwo_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("named");
    const QString script = fixture(QStringLiteral("scripts/nil-return.lua"));
    const QString object = fixture(QStringLiteral("objects/deployment.yaml"));
    const QString missing = fixture(QStringLiteral("no-such-file.lua"));
    QTest::newRow("script") << missing << object << missing;
    QTest::newRow("object") << script << missing << missing;
    QTest::newRow("bad yaml") << script
                              << fixture(QStringLiteral("suites/failing/health_test.yaml"))
                              << QString();
}

void TestLuaCli::evalUnreadableExitsTwo() {
    QFETCH(QString, script);
    QFETCH(QString, object);
    QFETCH(QString, named);
    const Run run = wavesmith({QStringLiteral("lua"), QStringLiteral("eval"), script, object});
    if (named.isEmpty()) {
        // A YAML map that is a valid object: nil-return.lua gives the empty result.
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out.trimmed(), QStringLiteral(R"({"message":"","status":""})"));
        return;
    }
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(named), qPrintable(run.err));
}

void TestLuaCli::testPassing() {
    const Run run = wavesmith({QStringLiteral("lua"), QStringLiteral("test"),
                               fixture(QStringLiteral("suites/conditions-crd")),
                               fixture(QStringLiteral("suites/deployment/health_test.yaml"))});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = run.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 9);
    for (int i = 0; i < 8; ++i)
        QVERIFY2(lines.at(i).startsWith(QStringLiteral("PASS ")), qPrintable(lines.at(i)));
    QVERIFY(lines.at(0).contains(QStringLiteral("testdata/ready.yaml: expected Healthy \"Bucket "
                                                "is available\", got Healthy \"Bucket is "
                                                "available\"")));
    QCOMPARE(lines.last(), QStringLiteral("8 passed, 0 failed"));
}

void TestLuaCli::testFailing() {
    const Run run = wavesmith({QStringLiteral("lua"), QStringLiteral("test"),
                               fixture(QStringLiteral("suites/failing")),
                               fixture(QStringLiteral("suites/broken-script"))});
    QCOMPARE(run.exitCode, 1);
    const QStringList lines = run.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines.at(0).startsWith(QStringLiteral("PASS ")));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("FAIL ")));
    QVERIFY(lines.at(2).startsWith(QStringLiteral("FAIL ")));
    QVERIFY2(lines.at(3).contains(QStringLiteral("got error: health.lua:4: attempt to index")),
             qPrintable(lines.at(3)));
    QCOMPARE(lines.last(), QStringLiteral("1 passed, 3 failed"));
}

void TestLuaCli::testMissingPath() {
    const QString missing = fixture(QStringLiteral("suites/nope"));
    const Run run = wavesmith({QStringLiteral("lua"), QStringLiteral("test"), missing});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(missing), qPrintable(run.err));
}

void TestLuaCli::help_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("usage");
    QTest::newRow("lua") << QStringList{QStringLiteral("lua"), QStringLiteral("--help")}
                         << QStringLiteral("Usage: wavesmith lua <command>");
    QTest::newRow("eval") << QStringList{QStringLiteral("lua"), QStringLiteral("eval"),
                                         QStringLiteral("--help")}
                          << QStringLiteral("Usage: wavesmith lua eval SCRIPT OBJECT.yaml");
    QTest::newRow("test") << QStringList{QStringLiteral("lua"), QStringLiteral("test"),
                                         QStringLiteral("-h")}
                          << QStringLiteral("Usage: wavesmith lua test PATH...");
}

void TestLuaCli::help() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, usage);
    const Run run = wavesmith(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(usage), qPrintable(run.out + run.err));
}

void TestLuaCli::badUsage_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no subcommand") << QStringList{QStringLiteral("lua")};
    QTest::newRow("unknown subcommand")
        << QStringList{QStringLiteral("lua"), QStringLiteral("run")};
    QTest::newRow("eval without object")
        << QStringList{QStringLiteral("lua"), QStringLiteral("eval"), QStringLiteral("x.lua")};
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("lua"), QStringLiteral("test"),
                       QStringLiteral("--frobnicate"), QStringLiteral(".")};
    QTest::newRow("test without path")
        << QStringList{QStringLiteral("lua"), QStringLiteral("test")};
}

void TestLuaCli::badUsage() {
    QFETCH(QStringList, arguments);
    const Run run = wavesmith(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestLuaCli)
#include "tst_luacli.moc"
