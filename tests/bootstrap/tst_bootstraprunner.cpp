// BootstrapRunner in process against the test API server: the homelab plan runs to all-Healthy
// with steps in order and every step timed; cancel() mid-run stops between requests and a new
// run finishes the job; the application tracker maps Argo CD's status words to components.

#include <wavesmith/bootstrap.h>
#include <wavesmith/catalog.h>
#include <wavesmith/kubeconfig.h>
#include <wavesmith/render.h>
#include <wavesmith/templates.h>

#include <testapiserver.h>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace wavesmith;

namespace {

const QString kRepoUrl = QStringLiteral("https://git.example.test/homelab-gitops.git");

using Server = kubetest::HomelabServer;

struct RunResult {
    BootstrapOutcome outcome = BootstrapOutcome::Failed;
    QString message;
    QList<BootstrapEvent> events;
};

} // namespace

class TestBootstrapRunner : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<BootstrapRunner> makeRunner(const Server &server, BootstrapOptions options,
                                                std::optional<Design> design = std::nullopt) {
        KubeconfigLoadOptions load;
        load.files = {server.kubeconfig()};
        auto config = loadClientConfig(load);
        if (!config)
            return nullptr;
        options.repoDir = server.repo();
        options.argocdManifest = server.writeManifest();
        const Design planned = design.value_or(server.design());
        auto manifests = loadBootstrapManifests(planned, options);
        if (!manifests)
            return nullptr;
        return std::make_unique<BootstrapRunner>(config.value(), planned, manifests.value(),
                                                 options);
    }

    static RunResult run(BootstrapRunner &runner,
                         std::function<void(const BootstrapEvent &)> onEvent = {}) {
        RunResult result;
        QObject context;
        QObject::connect(&runner, &BootstrapRunner::event, &context, [&](const BootstrapEvent &e) {
            result.events.append(e);
            if (onEvent)
                onEvent(e);
        });
        QSignalSpy finished(&runner, &BootstrapRunner::finished);
        runner.start();
        if (!finished.wait(90000))
            return result;
        result.outcome = finished.first().at(0).value<BootstrapOutcome>();
        result.message = finished.first().at(1).toString();
        return result;
    }

private Q_SLOTS:
    void initTestCase() {
        if (!QFileInfo::exists(QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds")))
            QSKIP("the Argo CD CRDs (../shared/argocd-crds) are missing: tests skipped");
    }

    void homelabRunsEveryStepInOrder() {
        Server server;
        QString why;
        QVERIFY2(server.start("deployments:\n  availableAfterMs: 20\ndefaults:\n"
                              "  healthyAfterMs: 30\n",
                              &why),
                 qPrintable(why));
        auto runner = makeRunner(server, {});
        QVERIFY(runner);
        const RunResult result = run(*runner);
        QVERIFY2(result.outcome == BootstrapOutcome::Succeeded, qPrintable(result.message));
        // Steps started in plan order, each finished before the next started, all timed.
        qint64 lastFinished = -1;
        for (const BootstrapStep &step : runner->steps()) {
            QVERIFY2(step.state == StepState::Done, qPrintable(step.name));
            QVERIFY(step.startedMs >= lastFinished);
            QVERIFY(step.finishedMs >= step.startedMs);
            lastFinished = step.finishedMs;
        }
        QVERIFY(runner->tracker().allReady());
        QVERIFY(runner->tracker().unknownApplications().isEmpty());
        const auto projects = runner->tracker().component(QStringLiteral("projects"));
        QVERIFY(projects && projects->isReady());
    }

    void cancelStopsAndANewRunFinishes() {
        Server server;
        QString why;
        QVERIFY2(server.start(Server::scenario(300), &why), qPrintable(why));
        auto runner = makeRunner(server, {});
        QVERIFY(runner);
        BootstrapRunner *r = runner.get();
        // Cancel as soon as the first wave reports progress.
        const RunResult canceled = run(*runner, [r](const BootstrapEvent &e) {
            if (e.type == BootstrapEvent::Type::Wave)
                QMetaObject::invokeMethod(r, &BootstrapRunner::cancel, Qt::QueuedConnection);
        });
        QCOMPARE(canceled.outcome, BootstrapOutcome::Canceled);
        QVERIFY(!runner->isRunning());
        QCOMPARE(runner->steps().at(int(BootstrapStepId::WatchApplications)).state,
                 StepState::Pending);
        for (const BootstrapEvent &e : canceled.events)
            QVERIFY(e.type != BootstrapEvent::Type::Step || e.step.state != StepState::Failed);

        // The same runner starts again: what exists is skipped, the waves finish.
        const RunResult again = run(*runner);
        QVERIFY2(again.outcome == BootstrapOutcome::Succeeded, qPrintable(again.message));
        QCOMPARE(runner->steps().at(int(BootstrapStepId::InstallArgoCd)).state, StepState::Skipped);
        QCOMPARE(runner->steps().at(int(BootstrapStepId::Namespace)).state, StepState::Skipped);
    }

    void waveBudgetNamesTheWaveAndWhatItWaitsFor() {
        Server server;
        QString why;
        QVERIFY2(server.start(Server::scenario(30, true), &why), qPrintable(why));
        BootstrapOptions options;
        options.waveBudgetMs = 1500;
        auto runner = makeRunner(server, options);
        QVERIFY(runner);
        QCOMPARE(runner->waveBudgetMs(), 1500);
        const RunResult result = run(*runner);
        QCOMPARE(result.outcome, BootstrapOutcome::TimedOut);
        QVERIFY2(result.message.startsWith(
                     QLatin1String("wave 1 (Storage) exceeded its budget of 1.5 s: waiting for "
                                   "longhorn (Progressing/")),
                 qPrintable(result.message));
        QCOMPARE(runner->steps().at(int(BootstrapStepId::WatchApplications)).state,
                 StepState::Failed);
    }

    void designWaveBudgetOverridesTheOption() {
        // longhorn (wave 1) stays Progressing; the design gives Storage 1 s, far less than the
        // run's own per-wave budget, so the design's budget is the one that fails the wave.
        Server server;
        QString why;
        QVERIFY2(server.start(Server::scenario(30, true), &why), qPrintable(why));
        Design design = server.design();
        bool found = false;
        for (Wave &w : design.waves) {
            if (w.number == 1) {
                w.budgetSeconds = 1;
                found = true;
            }
        }
        QVERIFY(found);
        BootstrapOptions options;
        options.waveBudgetMs = 60000;
        auto runner = makeRunner(server, options, design);
        QVERIFY(runner);
        QCOMPARE(runner->waveBudgetMs(1), 1000);
        QCOMPARE(runner->waveBudgetMs(0), 60000); // no budget of its own: the option's
        QElapsedTimer clock;
        clock.start();
        const RunResult result = run(*runner);
        QCOMPARE(result.outcome, BootstrapOutcome::TimedOut);
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(result.message.startsWith(
                     QLatin1String("wave 1 (Storage) exceeded its design budget of 1 s: waiting "
                                   "for longhorn (Progressing/")),
                 qPrintable(result.message));
        // Only the component still waiting is named; the healthy ones of the wave are not.
        QVERIFY2(!result.message.contains(QLatin1String("volsync")), qPrintable(result.message));
        const auto failedWave =
            std::find_if(result.events.begin(), result.events.end(), [](const BootstrapEvent &e) {
                return e.type == BootstrapEvent::Type::Wave &&
                       e.waveState == QLatin1String("failed");
            });
        QVERIFY(failedWave != result.events.end());
        QCOMPARE(failedWave->wave.wave, 1);
        QCOMPARE(runner->steps().at(int(BootstrapStepId::WatchApplications)).state,
                 StepState::Failed);
    }

    void trackerReadsArgoCdStatus_data() {
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<bool>("ready");
        QTest::addColumn<QString>("problem");
        QTest::newRow("healthy") << QByteArray(R"({"health":{"status":"Healthy"},
            "sync":{"status":"Synced"},"operationState":{"phase":"Succeeded"}})")
                                 << true << QString();
        QTest::newRow("progressing") << QByteArray(R"({"health":{"status":"Progressing"},
            "sync":{"status":"Synced"}})")
                                     << false << QString();
        QTest::newRow("degraded") << QByteArray(R"({"health":{"status":"Degraded",
            "message":"engine image missing"},"sync":{"status":"Synced"}})")
                                  << false << QStringLiteral("Degraded: engine image missing");
        QTest::newRow("comparison error")
            << QByteArray(R"({"health":{"status":"Healthy"},
            "sync":{"status":"Unknown"},"conditions":[{"type":"SharedResourceWarning",
            "message":"shared"},{"type":"ComparisonError","message":"repo not found"}]})")
            << false << QStringLiteral("ComparisonError: repo not found");
        QTest::newRow("failed operation") << QByteArray(R"({"health":{"status":"Missing"},
            "sync":{"status":"OutOfSync"},"operationState":{"phase":"Error",
            "message":"hook failed"}})") << false
                                          << QStringLiteral("sync Error: hook failed");
        QTest::newRow("warning only") << QByteArray(R"({"health":{"status":"Healthy"},
            "sync":{"status":"Synced"},"conditions":[{"type":"OrphanedResourceWarning",
            "message":"orphans"}]})") << true
                                      << QString();
    }

    void trackerReadsArgoCdStatus() {
        QFETCH(QByteArray, status);
        QFETCH(bool, ready);
        QFETCH(QString, problem);
        const Design design =
            homelabTemplate(Catalog::builtin(), {kRepoUrl, QStringLiteral("HEAD")});
        ApplicationTracker tracker(design);
        QJsonObject app{{QStringLiteral("metadata"),
                         QJsonObject{{QStringLiteral("name"), QStringLiteral("longhorn")}}},
                        {QStringLiteral("status"), QJsonDocument::fromJson(status).object()}};
        tracker.update(app);
        const auto longhorn = tracker.component(QStringLiteral("longhorn"));
        QVERIFY(longhorn);
        QCOMPARE(longhorn->wave, 1);
        QCOMPARE(longhorn->isReady(), ready);
        QCOMPARE(longhorn->problem, problem);
        QCOMPARE(tracker.firstFailure().has_value(), !problem.isEmpty());
        const WaveHealth storage = tracker.waves().at(1);
        QCOMPARE(storage.wave, 1);
        QCOMPARE(storage.phase, QStringLiteral("Storage"));
        QCOMPARE(storage.ready, ready ? 1 : 0);
        QCOMPARE(storage.present, 1);
        QVERIFY(!tracker.allReady());
        tracker.remove(app);
        QVERIFY(!tracker.component(QStringLiteral("longhorn"))->present);
    }

    void durations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << QStringLiteral("90s") << qint64(90000);
        QTest::newRow("minutes") << QStringLiteral("10m") << qint64(600000);
        QTest::newRow("compound") << QStringLiteral("1h30m") << qint64(5400000);
        QTest::newRow("millis") << QStringLiteral("250ms") << qint64(250);
        QTest::newRow("fraction") << QStringLiteral("1.5s") << qint64(1500);
        QTest::newRow("plain") << QStringLiteral("45") << qint64(45000);
        QTest::newRow("word") << QStringLiteral("soon") << qint64(-1);
        QTest::newRow("unit only") << QStringLiteral("m") << qint64(-1);
        QTest::newRow("zero") << QStringLiteral("0s") << qint64(-1);
        QTest::newRow("negative") << QStringLiteral("-5") << qint64(-1);
    }

    void durations() {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(parseDurationMs(text).value_or(-1), ms);
    }
};

QTEST_GUILESS_MAIN(TestBootstrapRunner)
#include "tst_bootstraprunner.moc"
