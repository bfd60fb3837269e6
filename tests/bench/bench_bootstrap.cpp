// How soon `wavesmith bootstrap` notices the end: the time from the test API server's last
// `healthy` event (its --events-out file, read as it is written) to the CLI's exit, for the
// homelab template. Target <= 100 ms. Baseline in the same run: the start-to-exit cost of
// `wavesmith --version`, the floor any process exit pays.
//
// Run: cmake --build BUILD --target bench_bootstrap wavesmith wavesmith-test-apiserver
//      BUILD/tests/bench/bench_bootstrap
// Needs ../shared/argocd-crds (the Argo CD CRDs of the --argocd-manifest file).

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdio>

namespace {

const QString kRepoUrl = QStringLiteral("https://git.example.test/homelab-gitops.git");

QString buildDir() {
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../..");
}

bool runToEnd(const QString &program, const QStringList &args, QString *output = nullptr) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return false;
    if (output)
        *output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// One server, repository and manifest per iteration, so every bootstrap starts from nothing.
struct Setup {
    QTemporaryDir dir;
    QProcess server;

    bool start(QString *why) {
        const QString repo = dir.filePath(QStringLiteral("repo"));
        if (!runToEnd(QStringLiteral(WAVESMITH_EXECUTABLE),
                      {QStringLiteral("init"), repo, QStringLiteral("--repo-url"), kRepoUrl}, why))
            return false;
        QByteArray install;
        for (const char *crd :
             {"application-crd.yaml", "applicationset-crd.yaml", "appproject-crd.yaml"}) {
            QFile f(QStringLiteral(WAVESMITH_SOURCE_DIR "/../shared/argocd-crds/") +
                    QLatin1String(crd));
            if (!f.open(QIODevice::ReadOnly)) {
                *why = QStringLiteral("cannot read ") + f.fileName();
                return false;
            }
            install += f.readAll() + "\n---\n";
        }
        QFile workloads(
            QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/bootstrap/argocd-install.yaml"));
        if (!workloads.open(QIODevice::ReadOnly))
            return false;
        install += workloads.readAll();
        QFile manifest(dir.filePath(QStringLiteral("argocd-install.yaml")));
        QFile scenario(dir.filePath(QStringLiteral("scenario.yaml")));
        if (!manifest.open(QIODevice::WriteOnly) || !scenario.open(QIODevice::WriteOnly))
            return false;
        manifest.write(install);
        scenario.write("deployments:\n  availableAfterMs: 20\ndefaults:\n  healthyAfterMs: 30\n");
        manifest.close();
        scenario.close();
        server.start(buildDir() + QStringLiteral("/tests/support/wavesmith-test-apiserver"),
                     {QStringLiteral("--kubeconfig-out"),
                      dir.filePath(QStringLiteral("kubeconfig")), QStringLiteral("--repo"), repo,
                      QStringLiteral("--repo-url"), kRepoUrl, QStringLiteral("--scenario"),
                      scenario.fileName(), QStringLiteral("--events-out"),
                      dir.filePath(QStringLiteral("events.jsonl"))});
        QByteArray line;
        while (!line.endsWith('\n')) {
            if (!server.waitForReadyRead(10000)) {
                *why = QString::fromUtf8(server.readAllStandardError());
                return false;
            }
            line += server.readAllStandardOutput();
        }
        return line.startsWith("ready ");
    }

    ~Setup() {
        server.terminate();
        if (!server.waitForFinished(5000))
            server.kill();
    }
};

void BM_LastHealthyToExit_Bootstrap(benchmark::State &state) {
    double totalLatency = 0;
    int runs = 0;
    for (auto _ : state) {
        state.PauseTiming();
        Setup setup;
        QString why;
        if (!setup.start(&why)) {
            state.SkipWithError(qPrintable(why));
            return;
        }
        QFile events(setup.dir.filePath(QStringLiteral("events.jsonl")));
        QProcess cli;
        cli.start(QStringLiteral(WAVESMITH_EXECUTABLE),
                  {QStringLiteral("bootstrap"), setup.dir.filePath(QStringLiteral("repo")),
                   QStringLiteral("--kubeconfig"), setup.dir.filePath(QStringLiteral("kubeconfig")),
                   QStringLiteral("--argocd-manifest"),
                   setup.dir.filePath(QStringLiteral("argocd-install.yaml")),
                   QStringLiteral("--timeout"), QStringLiteral("90s"), QStringLiteral("--json")});
        // Follow the events file as the server writes it: a `healthy` line is timestamped
        // when it appears here, on the same clock as the CLI's exit.
        QElapsedTimer clock;
        clock.start();
        qint64 lastHealthy = -1;
        QByteArray pending;
        const auto readEvents = [&] {
            if (!events.isOpen() && !events.open(QIODevice::ReadOnly))
                return;
            pending += events.readAll();
            while (pending.contains('\n')) {
                const qsizetype end = pending.indexOf('\n');
                const QJsonObject e = QJsonDocument::fromJson(pending.left(end)).object();
                pending.remove(0, end + 1);
                if (e.value(QStringLiteral("event")).toString() == QLatin1String("healthy"))
                    lastHealthy = clock.nsecsElapsed();
            }
        };
        while (!cli.waitForFinished(1)) {
            readEvents();
            if (clock.elapsed() > 120000) {
                state.SkipWithError("bootstrap did not finish in 120 s");
                return;
            }
        }
        const qint64 exited = clock.nsecsElapsed();
        readEvents();
        if (cli.exitCode() != 0 || lastHealthy < 0) {
            state.SkipWithError(cli.readAllStandardError().constData());
            return;
        }
        const double latencyMs = double(exited - lastHealthy) / 1e6;
        state.SetIterationTime(latencyMs / 1000.0);
        totalLatency += latencyMs;
        ++runs;
        state.ResumeTiming();
    }
    state.counters["last_healthy_to_exit_ms"] = runs ? totalLatency / runs : -1;
}
BENCHMARK(BM_LastHealthyToExit_Bootstrap)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(5);

void BM_Baseline_VersionStartToExit(benchmark::State &state) {
    for (auto _ : state) {
        if (!runToEnd(QStringLiteral(WAVESMITH_EXECUTABLE), {QStringLiteral("--version")})) {
            state.SkipWithError("wavesmith --version failed");
            return;
        }
    }
}
BENCHMARK(BM_Baseline_VersionStartToExit)->Unit(benchmark::kMillisecond)->Iterations(10);

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::fflush(stdout);
    return 0;
}
