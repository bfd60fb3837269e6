// Argo CD-format health test suites, exporting samples as one, and the shipped templates.

#include <wavesmith/luatemplates.h>
#include <wavesmith/luatestrunner.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace wavesmith;

namespace {

QString suite(const QString &name) {
    return QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/lua/fixtures/suites/") + name;
}

QString templateScript(const QString &id) {
    for (const LuaTemplate &t : luaTemplates()) {
        if (t.id == id)
            return t.script;
    }
    return {};
}

// The script's tokens, ignoring indentation and line breaks (the seed text lost its indents).
QStringList tokens(const QString &text) {
    static const QRegularExpression space(QStringLiteral("\\s+"));
    return text.split(space, Qt::SkipEmptyParts);
}

} // namespace

class TestHealthTestRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passingSuites_data();
    void passingSuites();
    void failuresAreReported();
    void scriptErrorIsAFailedTest();
    void testFileAsPath();
    void unreadableSuites_data();
    void unreadableSuites();
    void exportRoundTrip();
    void templatesLoad();
    void seedTemplateMatchesSeed();
    void templateVerdicts_data();
    void templateVerdicts();
};

void TestHealthTestRunner::passingSuites_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("count");
    QTest::newRow("conditions CRD") << QStringLiteral("conditions-crd") << 4;
    QTest::newRow("deployment") << QStringLiteral("deployment") << 4;
}

void TestHealthTestRunner::passingSuites() {
    QFETCH(QString, name);
    QFETCH(int, count);
    HealthEngine engine;
    const Result<QList<HealthTestOutcome>> outcomes = runHealthTests(engine, suite(name));
    QVERIFY2(outcomes.ok(), qPrintable(outcomes.error().toString()));
    QCOMPARE(outcomes->size(), count);
    for (const HealthTestOutcome &outcome : outcomes.value()) {
        QVERIFY2(outcome.passed, qPrintable(outcome.toLine()));
        QVERIFY(outcome.toLine().startsWith(QStringLiteral("PASS ") + suite(name)));
    }
}

void TestHealthTestRunner::failuresAreReported() {
    HealthEngine engine;
    const Result<QList<HealthTestOutcome>> outcomes =
        runHealthTests(engine, suite(QStringLiteral("failing")));
    QVERIFY(outcomes.ok());
    QCOMPARE(outcomes->size(), 3);
    QVERIFY(outcomes->at(0).passed);

    const HealthTestOutcome &wrongMessage = outcomes->at(1);
    QVERIFY(!wrongMessage.passed);
    QCOMPARE(wrongMessage.actual.status, QStringLiteral("Progressing"));
    QCOMPARE(wrongMessage.toLine(),
             QStringLiteral("FAIL %1 testdata/rolling.yaml: expected Progressing \"Waiting for "
                            "rollout: 2 of 3 available\", got Progressing \"Waiting for rollout: "
                            "1 of 3 available\"")
                 .arg(suite(QStringLiteral("failing"))));

    const HealthTestOutcome &missingInput = outcomes->at(2);
    QVERIFY(!missingInput.passed);
    QVERIFY2(missingInput.error.contains(QStringLiteral("does-not-exist.yaml")),
             qPrintable(missingInput.error));
}

void TestHealthTestRunner::scriptErrorIsAFailedTest() {
    HealthEngine engine;
    const Result<QList<HealthTestOutcome>> outcomes =
        runHealthTests(engine, suite(QStringLiteral("broken-script")));
    QVERIFY(outcomes.ok());
    QCOMPARE(outcomes->size(), 1);
    QVERIFY(!outcomes->first().passed);
    QVERIFY2(outcomes->first().error.startsWith(
                 QStringLiteral("health.lua:4: attempt to index field 'missing'")),
             qPrintable(outcomes->first().error));
    QVERIFY(outcomes->first().toLine().contains(QStringLiteral("got error: health.lua:4:")));
}

void TestHealthTestRunner::testFileAsPath() {
    HealthEngine engine;
    const Result<QList<HealthTestOutcome>> outcomes = runHealthTests(
        engine, suite(QStringLiteral("deployment")) + QStringLiteral("/health_test.yaml"));
    QVERIFY(outcomes.ok());
    QCOMPARE(outcomes->size(), 4);
}

void TestHealthTestRunner::unreadableSuites_data() {
    QTest::addColumn<QString>("health");
    QTest::addColumn<QByteArray>("tests");
    QTest::addColumn<QString>("error");
    QTest::newRow("no health.lua")
        << QString() << QByteArray("tests: []\n") << QStringLiteral("health.lua");
    QTest::newRow("no health_test.yaml")
        << QStringLiteral("return nil") << QByteArray() << QStringLiteral("health_test.yaml");
    QTest::newRow("malformed yaml")
        << QStringLiteral("return nil") << QByteArray("tests: [ {inputPath: \n") << QString();
    QTest::newRow("no tests list") << QStringLiteral("return nil") << QByteArray("checks: []\n")
                                   << QStringLiteral("expected a 'tests:' list");
}

void TestHealthTestRunner::unreadableSuites() {
    QFETCH(QString, health);
    QFETCH(QByteArray, tests);
    QFETCH(QString, error);
    QTemporaryDir dir;
    if (!health.isNull()) {
        QFile file(dir.filePath(QStringLiteral("health.lua")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(health.toUtf8());
    }
    if (!tests.isNull()) {
        QFile file(dir.filePath(QStringLiteral("health_test.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(tests);
    }
    HealthEngine engine;
    const Result<QList<HealthTestOutcome>> outcomes = runHealthTests(engine, dir.path());
    QVERIFY(!outcomes.ok());
    QVERIFY2(outcomes.error().toString().contains(error), qPrintable(outcomes.error().toString()));

    QVERIFY(!runHealthTests(engine, dir.filePath(QStringLiteral("nothing-here"))).ok());
}

void TestHealthTestRunner::exportRoundTrip() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("argoproj.io/Application"));
    QFile seed(QStringLiteral(":/wavesmith/lua/wait-for-child.lua"));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    const QString script = QString::fromUtf8(seed.readAll());
    const QList<HealthSample> samples = {
        {QStringLiteral("Healthy child"),
         "kind: Application\nstatus:\n  health:\n    status: Healthy\n",
         {QStringLiteral("Healthy"), QString()}},
        {QStringLiteral("Healthy child"), // same name: gets a unique file
         "kind: Application\nstatus:\n  health:\n    status: Degraded\n    message: \"quote \\\" "
         "and: colon\"\n",
         {QStringLiteral("Degraded"), QStringLiteral("quote \" and: colon")}},
        {QString(), "kind: Application\n", {QStringLiteral("Progressing"), QString()}},
    };
    const Status written = exportHealthTestFolder(folder, script, samples);
    QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    QVERIFY(QFile::exists(folder + QStringLiteral("/health.lua")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/testdata/healthy-child.yaml")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/testdata/healthy-child-2.yaml")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/testdata/sample-3.yaml")));

    HealthEngine engine;
    const Result<QList<HealthTestOutcome>> outcomes = runHealthTests(engine, folder);
    QVERIFY2(outcomes.ok(), qPrintable(outcomes.error().toString()));
    QCOMPARE(outcomes->size(), 3);
    for (const HealthTestOutcome &outcome : outcomes.value())
        QVERIFY2(outcome.passed, qPrintable(outcome.toLine()));
}

void TestHealthTestRunner::templatesLoad() {
    const QList<LuaTemplate> templates = luaTemplates();
    QStringList ids;
    for (const LuaTemplate &t : templates) {
        ids.append(t.id);
        QVERIFY2(!t.script.isEmpty(), qPrintable(t.id));
        QVERIFY(!t.title.isEmpty());
        // Every template compiles and runs without open libs, on an empty object.
        HealthEngine engine;
        const Result<HealthResult> result =
            engine.evaluate(t.script, HealthObject::fromYaml("kind: X\n").value());
        QVERIFY2(result.ok(), qPrintable(t.id + QLatin1Char(' ') + result.error().toString()));
    }
    QCOMPARE(ids,
             QStringList({QStringLiteral("wait-for-child"), QStringLiteral("wait-for-child-fresh"),
                          QStringLiteral("applicationset"), QStringLiteral("conditions")}));
}

void TestHealthTestRunner::seedTemplateMatchesSeed() {
    QFile seedFile(QStringLiteral(WAVESMITH_SHARED_DIR "/seed/argocd-gitops-architecture.txt"));
    if (!seedFile.open(QIODevice::ReadOnly))
        QSKIP("the shared seed is not available");
    const QString seed = QString::fromUtf8(seedFile.readAll());
    const qsizetype start = seed.indexOf(QStringLiteral("hs = {}"));
    const qsizetype end = seed.indexOf(QStringLiteral("return hs"), start);
    QVERIFY(start >= 0 && end > start);
    const QString seedScript = seed.mid(start, end + 9 - start);
    QCOMPARE(tokens(templateScript(QStringLiteral("wait-for-child"))), tokens(seedScript));
}

void TestHealthTestRunner::templateVerdicts_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("message");

    const QByteArray spec = "spec:\n  source: {repoURL: https://git.example/r.git, path: apps/a, "
                            "targetRevision: HEAD}\n  destination: {server: "
                            "https://kubernetes.default.svc, namespace: a}\n";
    const QByteArray health = "  health: {status: Healthy}\n";
    QTest::newRow("fresh: compared with the current spec")
        << QStringLiteral("wait-for-child-fresh")
        << spec + "status:\n" + health +
               "  sync:\n    status: Synced\n    comparedTo:\n      source: {repoURL: "
               "https://git.example/r.git, path: apps/a, targetRevision: HEAD}\n      "
               "destination: {server: https://kubernetes.default.svc, namespace: a}\n"
        << QStringLiteral("Healthy") << QString();
    QTest::newRow("fresh: stale comparison")
        << QStringLiteral("wait-for-child-fresh")
        << spec + "status:\n" + health +
               "  sync:\n    comparedTo:\n      source: {repoURL: https://git.example/r.git, "
               "path: apps/old, targetRevision: HEAD}\n      destination: {server: "
               "https://kubernetes.default.svc, namespace: a}\n"
        << QStringLiteral("Progressing")
        << QStringLiteral("Waiting for Argo CD to compare the child with its current spec");
    QTest::newRow("fresh: sync running")
        << QStringLiteral("wait-for-child-fresh")
        << spec + "status:\n" + health + "  operationState: {phase: Running}\n"
        << QStringLiteral("Progressing")
        << QStringLiteral("Waiting for the running sync operation to finish");
    QTest::newRow("fresh: no status")
        << QStringLiteral("wait-for-child-fresh") << spec << QStringLiteral("Progressing")
        << QStringLiteral("Waiting for the child's first health "
                          "assessment");
    QTest::newRow("appset: error")
        << QStringLiteral("applicationset")
        << QByteArray("status:\n  conditions:\n  - {type: ErrorOccurred, status: \"True\", "
                      "message: bad template}\n")
        << QStringLiteral("Degraded") << QStringLiteral("bad template");
    QTest::newRow("appset: rollout")
        << QStringLiteral("applicationset")
        << QByteArray("status:\n  conditions:\n  - {type: RolloutProgressing, status: \"True\", "
                      "message: step 1}\n")
        << QStringLiteral("Progressing") << QStringLiteral("step 1");
    QTest::newRow("appset: fine")
        << QStringLiteral("applicationset")
        << QByteArray("status:\n  conditions:\n  - {type: ResourcesUpToDate, status: \"True\", "
                      "message: All applications have been generated successfully}\n")
        << QStringLiteral("Healthy")
        << QStringLiteral("All applications have been generated successfully");
    QTest::newRow("conditions: ready")
        << QStringLiteral("conditions")
        << QByteArray("metadata: {generation: 2}\nstatus:\n  observedGeneration: 2\n  "
                      "conditions:\n  - {type: Ready, status: \"True\", message: up}\n")
        << QStringLiteral("Healthy") << QStringLiteral("up");
    QTest::newRow("conditions: old generation")
        << QStringLiteral("conditions")
        << QByteArray("metadata: {generation: 3}\nstatus:\n  observedGeneration: 2\n  "
                      "conditions:\n  - {type: Ready, status: \"True\"}\n")
        << QStringLiteral("Progressing")
        << QStringLiteral("Waiting for the controller to observe generation 3");
    QTest::newRow("conditions: not ready")
        << QStringLiteral("conditions")
        << QByteArray("status:\n  conditions:\n  - {type: Ready, status: \"False\", message: "
                      "no capacity}\n")
        << QStringLiteral("Degraded") << QStringLiteral("no capacity");
}

void TestHealthTestRunner::templateVerdicts() {
    QFETCH(QString, id);
    QFETCH(QByteArray, yaml);
    QFETCH(QString, status);
    QFETCH(QString, message);
    HealthEngine engine;
    const Result<HealthObject> object = HealthObject::fromYaml(yaml);
    QVERIFY2(object.ok(), qPrintable(object.error().toString()));
    const Result<HealthResult> result = engine.evaluate(templateScript(id), object.value());
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result->status, status);
    QCOMPARE(result->message, message);
}

QTEST_GUILESS_MAIN(TestHealthTestRunner)
#include "tst_healthtestrunner.moc"
