// The Bootstrap dock (widgets/bootstrap) against the test API server with the kubeconfig it
// writes: the context picker follows $KUBECONFIG, Start runs the homelab plan to all-Healthy and
// the canvas nodes say so, a failing component explains itself with Argo CD's message and
// conditions, Cancel stops and Retry finishes, the log never holds the token, Rehearse colours
// the canvas from core/sim (with and without the health check) after simulating it on a worker,
// Cancel stops a rehearsal, an insecure context is flagged, closing the window during a run asks
// first, and the plan's options and context name (never a token) persist in QSettings.

#include <bootstrap/bootstrapdock.h>
#include <bootstrap/bootstrapsession.h>
#include <bootstrap/bootstrapsteplist.h>
#include <bootstrap/kubecontextpicker.h>
#include <bootstrap/rehearsal.h>
#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/wavelaneitem.h>
#include <window/mainwindow.h>

#include <wavesmith/atomicwrite.h>
#include <wavesmith/bootstrap.h>
#include <wavesmith/catalog.h>
#include <wavesmith/render.h>
#include <wavesmith/sim.h>
#include <wavesmith/templates.h>

#include <QCheckBox>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <testapiserver.h>

using namespace wavesmith;

namespace {

const QString kRepoUrl = QStringLiteral("https://git.example.test/homelab-gitops.git");

using Server = kubetest::HomelabServer;

// A dock wired to a canvas showing the server's design, reading the server's kubeconfig.
struct DockFixture {
    DesignScene scene{Catalog::builtin()};
    BootstrapDock dock;

    // `untitled`: the design as the window shows the example, without a folder (the dock
    // renders it for its root.yaml).
    // `kubeconfig`: another file than the server's own.
    bool setUp(const Server &server, const QString &context, bool untitled = false,
               const QString &kubeconfig = {}) {
        scene.setDesign(server.design());
        dock.setCanvas(&scene);
        dock.setDesign(server.design(), untitled ? QString() : server.repo(), Catalog::builtin());
        KubeconfigLoadOptions options;
        options.files = {kubeconfig.isEmpty() ? server.kubeconfig() : kubeconfig};
        dock.contextPicker()->setLoadOptions(options);
        QSignalSpy loaded(dock.contextPicker(), &KubeContextPicker::loaded);
        dock.contextPicker()->reload();
        if (!loaded.wait(10000))
            return false;
        dock.manifestEdit()->setText(server.writeManifest());
        return dock.contextPicker()->setCurrentContext(context);
    }

    // Clicks Start and waits for the outcome.
    std::optional<BootstrapOutcome> run(QPushButton *button) {
        QSignalSpy finished(&dock, &BootstrapDock::bootstrapFinished);
        button->click();
        if (!finished.wait(90000))
            return std::nullopt;
        return finished.first().at(0).value<BootstrapOutcome>();
    }
};

const QByteArray kQuickScenario = Server::scenario(30);

// The homelab example on a canvas with a dock that rehearses it in `durationMs`.
struct RehearsalFixture {
    explicit RehearsalFixture(int durationMs) {
        scene.setDesign(design);
        dock.setCanvas(&scene);
        dock.setDesign(design, QString(), Catalog::builtin());
        dock.setRehearsalDuration(durationMs);
    }
    const Design design = homelabTemplate(Catalog::builtin(), {kRepoUrl, QStringLiteral("HEAD")});
    DesignScene scene{Catalog::builtin()};
    BootstrapDock dock;
};

} // namespace

class TestBootstrapDock : public QObject {
    Q_OBJECT

    QTemporaryDir m_settingsDir; // QSettings of this run only: nothing left from an earlier one

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("WavesmithTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_bootstrapdock"));
        if (!QFileInfo::exists(QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds")))
            QSKIP("the Argo CD CRDs (../shared/argocd-crds) are missing: tests skipped");
    }

    void pickerFollowsKubeconfigEnvironment() {
        Server server;
        QString why;
        QVERIFY2(server.start(kQuickScenario, &why), qPrintable(why));
        // $KUBECONFIG as kubectl reads it: a missing entry is skipped, the rest merged.
        qputenv("KUBECONFIG", QFile::encodeName(server.kubeconfig() +
                                                QStringLiteral(":/nonexistent/kubeconfig")));
        BootstrapDock dock;
        // Nothing is read until the dock is shown.
        QVERIFY(!dock.contextPicker()->isLoading());
        QVERIFY(dock.contextPicker()->contexts().isEmpty());
        QSignalSpy loaded(dock.contextPicker(), &KubeContextPicker::loaded);
        dock.show();
        QVERIFY(loaded.wait(10000));
        qunsetenv("KUBECONFIG");
        QStringList names;
        for (const KubeContextInfo &c : dock.contextPicker()->contexts())
            names << c.name;
        QCOMPARE(names, QStringList({QStringLiteral("admin"), QStringLiteral("bad-token"),
                                     QStringLiteral("token"), QStringLiteral("viewer")}));
        QCOMPARE(dock.contextPicker()->currentContext(), QStringLiteral("admin"));
        QVERIFY(dock.contextPicker()->errorText().isEmpty());
        const QString details = dock.contextPicker()->detailsText();
        QVERIFY2(details.contains(server.url()), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("User: admin")), qPrintable(details));
        QVERIFY(dock.contextPicker()->setCurrentContext(QStringLiteral("token")));
        QVERIFY2(dock.contextPicker()->detailsText().contains(QStringLiteral("User: token")),
                 qPrintable(dock.contextPicker()->detailsText()));
    }

    void brokenKubeconfigIsExplainedInTheDock() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken-kubeconfig"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nkind: Config\ncontexts: [ {name: a\n");
        f.close();
        BootstrapDock dock;
        dock.setDesign(homelabTemplate(Catalog::builtin(), {kRepoUrl, QStringLiteral("HEAD")}),
                       QString(), Catalog::builtin());
        KubeconfigLoadOptions options;
        options.files = {path};
        dock.contextPicker()->setLoadOptions(options);
        QSignalSpy loaded(dock.contextPicker(), &KubeContextPicker::loaded);
        dock.contextPicker()->reload();
        QVERIFY(loaded.wait(10000));
        QVERIFY2(dock.contextPicker()->errorText().contains(QStringLiteral("broken-kubeconfig")),
                 qPrintable(dock.contextPicker()->errorText()));
        QVERIFY(dock.contextPicker()->contexts().isEmpty());
        QVERIFY(!dock.startButton()->isEnabled());
    }

    void startRunsToAllHealthyAndTheCanvasSaysSo() {
        Server server;
        QString why;
        QVERIFY2(server.start(kQuickScenario, &why), qPrintable(why));
        DockFixture f;
        QVERIFY(f.setUp(server, QStringLiteral("token"))); // a bearer token that must not leak
        // The wave Argo CD works on, as the canvas highlighted it, in the order seen.
        QList<int> currentWaves;
        connect(f.dock.session(), &BootstrapSession::healthChanged, this, [&] {
            if (f.scene.liveWave() &&
                (currentWaves.isEmpty() || currentWaves.constLast() != *f.scene.liveWave()))
                currentWaves.append(*f.scene.liveWave());
        });
        f.dock.waveBudgetBox()->setValue(120); // reaches the runner as its per-wave budget
        const auto outcome = f.run(f.dock.startButton());
        QVERIFY(outcome);
        QVERIFY2(*outcome == BootstrapOutcome::Succeeded, qPrintable(f.dock.statusText()));
        QCOMPARE(f.dock.session()->runner()->waveBudgetMs(), qint64(120000));

        for (int id = 0; id < 7; ++id)
            QCOMPARE(f.dock.stepList()->stepState(BootstrapStepId(id)), StepState::Done);
        QVERIFY(!f.dock.stepList()->timeText(BootstrapStepId::WatchApplications).isEmpty());
        for (const Component &c : server.design().components) {
            const ComponentNodeItem *node = f.scene.componentItem(c.name);
            QVERIFY(node);
            QCOMPARE(node->liveStatus(), QStringLiteral("Healthy"));
            QCOMPARE(node->liveHealth()->sync, QStringLiteral("Synced"));
        }
        for (const WaveLaneItem *lane : f.scene.laneItems()) {
            QVERIFY(lane->liveProgress());
            QVERIFY(lane->liveProgress()->total > 0);
            QCOMPARE(lane->liveProgress()->ready, lane->liveProgress()->total);
            QVERIFY(!lane->isLiveCurrent()); // finished: no wave is being waited for
        }
        QVERIFY(!currentWaves.isEmpty());
        QVERIFY2(std::is_sorted(currentWaves.begin(), currentWaves.end()),
                 qPrintable(QString::number(currentWaves.size())));
        QVERIFY2(f.dock.statusText().contains(QStringLiteral("succeeded")),
                 qPrintable(f.dock.statusText()));

        const QString token = server.secrets().token;
        QVERIFY(token.size() >= 8);
        const QString log = f.dock.logText();
        QVERIFY(log.contains(QStringLiteral("[watch]")) || log.contains(QStringLiteral("wave")));
        QVERIFY2(!log.contains(token), "the log shows the bearer token");
        const QString key = server.secrets().clientKeyData;
        QVERIFY(!key.isEmpty());
        QVERIFY(!log.contains(key));
        QVERIFY(!f.dock.statusText().contains(token));
    }

    // A context that turns TLS verification off still runs, and the dock says so beside the
    // steps, not only in the log.
    void insecureContextIsShownAsAWarning() {
        Server server;
        QString why;
        QVERIFY2(server.start(kQuickScenario, &why), qPrintable(why));
        const QString kubeconfig = server.path(QStringLiteral("insecure.kubeconfig"));
        QVERIFY(kubetest::writeFile(
            kubeconfig, QStringLiteral("apiVersion: v1\nkind: Config\n"
                                       "clusters:\n- name: lab\n  cluster:\n"
                                       "    server: %1\n    insecure-skip-tls-verify: true\n"
                                       "users:\n- name: ops\n  user:\n    token: %2\n"
                                       "contexts:\n- name: lab-insecure\n"
                                       "  context: {cluster: lab, user: ops}\n"
                                       "current-context: lab-insecure\n")
                            .arg(server.url(), server.secrets().token)
                            .toUtf8()));
        DockFixture f;
        QVERIFY(f.setUp(server, QStringLiteral("lab-insecure"), false, kubeconfig));
        QVERIFY(f.dock.warningText().isEmpty());
        const auto outcome = f.run(f.dock.startButton());
        QVERIFY(outcome);
        QVERIFY2(*outcome == BootstrapOutcome::Succeeded, qPrintable(f.dock.statusText()));
        QVERIFY2(f.dock.warningText().contains(QStringLiteral("insecure-skip-tls-verify")),
                 qPrintable(f.dock.warningText()));
        QVERIFY(f.dock.warningText().contains(QStringLiteral("\"lab\"")));
        QVERIFY(!f.dock.warningText().contains(server.secrets().token));
    }

    void failedComponentShowsArgoCdsMessageAndConditions() {
        Server server;
        QString why;
        QVERIFY2(server.start("deployments:\n  availableAfterMs: 20\ndefaults:\n"
                              "  healthyAfterMs: 30\ncomponents:\n  tempo:\n"
                              "    syncError: \"one or more objects failed to apply: quota "
                              "exceeded\"\n",
                              &why),
                 qPrintable(why));
        DockFixture f;
        QVERIFY(f.setUp(server, QStringLiteral("admin")));
        const auto outcome = f.run(f.dock.startButton());
        QVERIFY(outcome);
        QCOMPARE(*outcome, BootstrapOutcome::Failed);
        QVERIFY2(f.dock.statusText().contains(QStringLiteral("tempo")),
                 qPrintable(f.dock.statusText()));
        const ComponentNodeItem *tempo = f.scene.componentItem(QStringLiteral("tempo"));
        QVERIFY(tempo && tempo->liveHealth());
        QVERIFY(tempo->liveHealth()->isFailed());
        QCOMPARE(tempo->liveStatus(), QStringLiteral("Failed"));
        QCOMPARE(tempo->liveHealth()->sync, QStringLiteral("OutOfSync"));
        QVERIFY(tempo->toolTip().contains(QStringLiteral("quota exceeded")));
        QCOMPARE(f.dock.stepList()->stepState(BootstrapStepId::WatchApplications),
                 StepState::Failed);

        // Clicking another node hides the details; clicking the failed one shows them again,
        // with the Application's conditions read from the cluster.
        QVERIFY(f.scene.selectComponent(QStringLiteral("cilium")));
        QVERIFY(f.dock.failureDetailsText().isEmpty());
        QVERIFY(f.scene.selectComponent(QStringLiteral("tempo")));
        QVERIFY2(f.dock.failureDetailsText().contains(QStringLiteral("quota exceeded")),
                 qPrintable(f.dock.failureDetailsText()));
        QTRY_VERIFY_WITH_TIMEOUT(
            f.dock.failureDetailsText().contains(QStringLiteral("SyncError: ")), 10000);
    }

    void cancelStopsAndRetryFinishes() {
        Server server;
        QString why;
        QVERIFY2(server.start(Server::scenario(300), &why), qPrintable(why));
        DockFixture f;
        QVERIFY(f.setUp(server, QStringLiteral("token"), true));
        // Cancel as the first wave reports progress, as a user would press the button.
        bool clicked = false;
        connect(f.dock.session(), &BootstrapSession::event, this, [&](const BootstrapEvent &e) {
            if (e.type != BootstrapEvent::Type::Wave || clicked)
                return;
            clicked = true;
            QMetaObject::invokeMethod(
                this, [&] { f.dock.cancelButton()->click(); }, Qt::QueuedConnection);
        });
        const auto canceled = f.run(f.dock.startButton());
        QVERIFY(canceled);
        QVERIFY2(*canceled == BootstrapOutcome::Canceled,
                 qPrintable(f.dock.statusText() + f.dock.logText().right(600)));
        QVERIFY(!f.dock.isBusy());
        QVERIFY(f.dock.retryButton()->isEnabled());
        QVERIFY(f.dock.startButton()->isEnabled());
        QCOMPARE(f.dock.stepList()->stepState(BootstrapStepId::WatchApplications),
                 StepState::Pending);
        disconnect(f.dock.session(), &BootstrapSession::event, this, nullptr);

        const auto again = f.run(f.dock.retryButton());
        QVERIFY(again);
        QVERIFY2(*again == BootstrapOutcome::Succeeded, qPrintable(f.dock.statusText()));
        // What the first run applied is skipped, the waves finish.
        QCOMPARE(f.dock.stepList()->stepState(BootstrapStepId::Namespace), StepState::Skipped);
        QCOMPARE(f.dock.stepList()->stepState(BootstrapStepId::InstallArgoCd), StepState::Skipped);
        QCOMPARE(f.dock.stepList()->stepState(BootstrapStepId::WatchApplications), StepState::Done);
        QCOMPARE(f.scene.componentItem(QStringLiteral("jellyfin"))->liveStatus(),
                 QStringLiteral("Healthy"));
        QVERIFY(!f.dock.logText().contains(server.secrets().token));
    }

    void rehearsalTimelinesDifferWithoutTheHealthCheck() {
        const Design design =
            homelabTemplate(Catalog::builtin(), {kRepoUrl, QStringLiteral("HEAD")});
        SimulationOptions with;
        SimulationOptions without;
        without.healthCheck = false;
        const BootstrapSimulation a = simulateBootstrap(design, with);
        const BootstrapSimulation b = simulateBootstrap(design, without);
        // Half a minute in: with the check the root still waits on wave 0, without it every
        // wave has started.
        const auto atA = rehearsalHealthAt(a, 30000);
        const auto atB = rehearsalHealthAt(b, 30000);
        QCOMPARE(atA.value(QStringLiteral("cilium")).health, QStringLiteral("Progressing"));
        QVERIFY(!atA.value(QStringLiteral("longhorn")).present);
        QCOMPARE(atB.value(QStringLiteral("longhorn")).health, QStringLiteral("Progressing"));
        QVERIFY(atB.value(QStringLiteral("longhorn"))
                    .healthMessage.contains(QStringLiteral("started before")));
        QCOMPARE(rehearsalWaveAt(a, 30000), std::optional<int>(0));
        QCOMPARE(rehearsalWaveAt(a, 90000), std::optional<int>(1));
        QVERIFY(!rehearsalWaveAt(a, rehearsalEndMs(a)).has_value());
        QVERIFY(rehearsalSummary(a).startsWith(QStringLiteral("With the health check")));
        QVERIFY(rehearsalSummary(b).contains(QStringLiteral("14 components start before")));
    }

    void rehearseColoursTheCanvasFromTheSimulation_data() {
        QTest::addColumn<bool>("healthCheck");
        QTest::newRow("with the health check") << true;
        QTest::newRow("without the health check") << false;
    }

    void rehearseColoursTheCanvasFromTheSimulation() {
        QFETCH(bool, healthCheck);
        RehearsalFixture f(1500);
        const Design &design = f.design;
        DesignScene &scene = f.scene;
        BootstrapDock &dock = f.dock;
        dock.healthCheckToggle()->setChecked(healthCheck);
        // What the canvas showed for longhorn (wave 1) and cilium (wave 0) on each frame.
        qint64 longhornFirstSeen = -1;
        qint64 ciliumHealthy = -1;
        bool pulsedWhileProgressing = false;
        connect(dock.rehearsalPlayer(), &RehearsalPlayer::frame, this, [&](qint64 ms) {
            const ComponentNodeItem *longhorn = scene.componentItem(QStringLiteral("longhorn"));
            const ComponentNodeItem *cilium = scene.componentItem(QStringLiteral("cilium"));
            if (longhornFirstSeen < 0 && longhorn->liveStatus() != QLatin1String("Missing"))
                longhornFirstSeen = ms;
            if (ciliumHealthy < 0 && cilium->liveStatus() == QLatin1String("Healthy"))
                ciliumHealthy = ms;
            if (cilium->liveStatus() == QLatin1String("Progressing"))
                pulsedWhileProgressing = pulsedWhileProgressing || scene.isLivePulseRunning();
        });
        QSignalSpy finished(dock.rehearsalPlayer(), &RehearsalPlayer::finished);
        QSignalSpy started(&dock, &BootstrapDock::rehearsalStarted);
        QTest::mouseClick(dock.rehearseButton(), Qt::LeftButton);
        // The simulation runs on a worker: the click returns at once, the timeline plays later.
        QVERIFY(dock.isRehearsing());
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QVERIFY(longhornFirstSeen >= 0);
        QVERIFY(ciliumHealthy > 0);
        QVERIFY(pulsedWhileProgressing);
        if (healthCheck)
            QVERIFY2(longhornFirstSeen >= ciliumHealthy,
                     "wave 1 started before wave 0 was healthy");
        else
            QCOMPARE(longhornFirstSeen, qint64(0)); // the root does not wait: every wave at once
        // The end of the timeline: everything healthy, no wave waited for, no pulse left.
        for (const Component &c : design.components)
            QCOMPARE(scene.componentItem(c.name)->liveStatus(), QStringLiteral("Healthy"));
        QVERIFY(!scene.liveWave().has_value());
        QVERIFY(!scene.isLivePulseRunning());
        QVERIFY(dock.rehearsalSummaryText().startsWith(healthCheck ? QStringLiteral("With")
                                                                   : QStringLiteral("Without")));
        QTest::mouseClick(dock.findChild<QWidget *>(QStringLiteral("clearCanvas")), Qt::LeftButton);
        QVERIFY(!scene.hasLiveHealth());
        QVERIFY(scene.componentItem(QStringLiteral("cilium"))->liveStatus().isEmpty());
    }

    void cancelStopsARehearsal() {
        RehearsalFixture f(20000);
        DesignScene &scene = f.scene;
        BootstrapDock &dock = f.dock;
        QSignalSpy frames(dock.rehearsalPlayer(), &RehearsalPlayer::frame);
        QSignalSpy started(&dock, &BootstrapDock::rehearsalStarted);

        // Canceled while the worker simulates: its result is dropped, nothing is played.
        QTest::mouseClick(dock.rehearseButton(), Qt::LeftButton);
        QVERIFY(dock.isRehearsing());
        QVERIFY(dock.cancelButton()->isEnabled());
        QTest::mouseClick(dock.cancelButton(), Qt::LeftButton);
        QVERIFY(!dock.isRehearsing());
        QCOMPARE(dock.rehearseButton()->text(), QStringLiteral("Rehearse"));
        QTest::qWait(1000); // long enough for the simulation to end and be ignored
        QCOMPARE(started.size(), 0);
        QCOMPARE(frames.size(), 0);
        QVERIFY(!scene.hasLiveHealth());

        // Canceled while playing: the frames stop where they were.
        QTest::mouseClick(dock.rehearseButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, 10000);
        QVERIFY(dock.rehearsalPlayer()->isPlaying());
        QTest::mouseClick(dock.cancelButton(), Qt::LeftButton);
        QVERIFY(!dock.isRehearsing());
        QVERIFY(!dock.cancelButton()->isEnabled());
        const qsizetype seen = frames.size();
        QTest::qWait(300);
        QCOMPARE(frames.size(), seen);
    }

    void optionsAndContextPersistWithoutSecrets() {
        // Cleared last, after every dock below saved on destruction: the next tests start afresh.
        const auto clearSettings = qScopeGuard([] { QSettings().clear(); });
        // A kubeconfig of two contexts; the current one is "alpha", the user's choice "beta".
        QTemporaryDir dir;
        const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        const QByteArray token = "persist-test-token-7c1e";
        QVERIFY(kubetest::writeFile(
            kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: alpha\nclusters:\n"
                        "- name: lab\n  cluster: {server: 'https://127.0.0.1:1'}\nusers:\n"
                        "- name: a\n  user: {token: " +
                            token +
                            "}\ncontexts:\n- name: alpha\n  context: {cluster: lab, user: a}\n"
                            "- name: beta\n  context: {cluster: lab, user: a}\n"));
        KubeconfigLoadOptions options;
        options.files = {kubeconfig};
        const QString manifest = dir.filePath(QStringLiteral("install.yaml"));
        {
            BootstrapDock dock;
            dock.contextPicker()->setLoadOptions(options);
            QSignalSpy loaded(dock.contextPicker(), &KubeContextPicker::loaded);
            dock.show();
            QVERIFY(loaded.wait(10000));
            QCOMPARE(dock.contextPicker()->currentContext(), QStringLiteral("alpha"));
            QCOMPARE(dock.waveBudgetBox()->value(), 0); // default: design, else derived
            dock.manifestEdit()->setText(manifest);
            dock.timeoutEdit()->setText(QStringLiteral("45m"));
            dock.waveBudgetBox()->setValue(300);
            dock.dryRunBox()->setChecked(true);
            QVERIFY(dock.contextPicker()->setCurrentContext(QStringLiteral("beta")));
        }
        {
            // Never shown: its untouched defaults must not overwrite what the user chose.
            BootstrapDock unused;
            unused.manifestEdit()->setText(QStringLiteral("/elsewhere/install.yaml"));
        }
        {
            QSettings settings;
            settings.sync();
            QFile file(settings.fileName());
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
            const QByteArray stored = file.readAll();
            QVERIFY2(stored.contains("beta") && stored.contains("45m"), stored.constData());
            QVERIFY2(!stored.contains(token), stored.constData());
            QVERIFY(!stored.contains("127.0.0.1"));
        }
        {
            BootstrapDock dock;
            dock.contextPicker()->setLoadOptions(options);
            QSignalSpy loaded(dock.contextPicker(), &KubeContextPicker::loaded);
            dock.show();
            QVERIFY(loaded.wait(10000));
            QCOMPARE(dock.manifestEdit()->text(), manifest);
            QCOMPARE(dock.timeoutEdit()->text(), QStringLiteral("45m"));
            QCOMPARE(dock.waveBudgetBox()->value(), 300);
            QVERIFY(dock.dryRunBox()->isChecked());
            // The last chosen context, not the kubeconfig's current one.
            QCOMPARE(dock.contextPicker()->currentContext(), QStringLiteral("beta"));
        }
    }

    void closingTheWindowDuringARunAsksFirst() {
        Server server;
        QString why;
        // Slow components: the run is still watching when the window is closed.
        QVERIFY2(server.start(Server::scenario(60000), &why), qPrintable(why));
        MainWindow window(Catalog::builtin());
        window.showDesign(server.design(), server.repo());
        window.show();
        window.bootstrapAction()->trigger();
        BootstrapDock *dock = window.bootstrapDock();
        QVERIFY(dock->isVisible());
        KubeconfigLoadOptions options;
        options.files = {server.kubeconfig()};
        dock->contextPicker()->setLoadOptions(options);
        QSignalSpy loaded(dock->contextPicker(), &KubeContextPicker::loaded);
        dock->contextPicker()->reload();
        QVERIFY(loaded.wait(10000));
        dock->manifestEdit()->setText(server.writeManifest());
        QTest::mouseClick(dock->startButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dock->stepList()->stepState(BootstrapStepId::WatchApplications) ==
                                     StepState::Running,
                                 60000);

        int asked = 0;
        window.setRunningBootstrapPrompt([&] {
            ++asked;
            return MainWindow::RunningBootstrapChoice::KeepRunning;
        });
        QVERIFY(!window.close());
        QCOMPARE(asked, 1);
        QVERIFY(window.isVisible());
        QVERIFY(dock->isBusy());

        QSignalSpy finished(dock, &BootstrapDock::bootstrapFinished);
        window.setRunningBootstrapPrompt([&] {
            ++asked;
            return MainWindow::RunningBootstrapChoice::CancelAndClose;
        });
        window.close();
        QCOMPARE(asked, 2);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000); // may already have arrived
        QCOMPARE(finished.first().at(0).value<BootstrapOutcome>(), BootstrapOutcome::Canceled);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 10000);
        QVERIFY(!dock->isBusy());
        QCOMPARE(asked, 2);
    }
};

QTEST_MAIN(TestBootstrapDock)
#include "tst_bootstrapdock.moc"
