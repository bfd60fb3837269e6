// Commit of 5,000 changed files: Wavesmith (GitRepository::commit, libgit2, in process)
// against `git add -A && git commit` of the same change in a copy of the same repository, in
// the same run. Each iteration rewrites all 5,000 files in both copies (untimed), then times
// each commit. Target: ratio ≤ 1.0.
//
//   build/tests/bench/bench_git --benchmark_counters_tabular=true

#include <wavesmith/gitrepository.h>

#include <benchmark/benchmark.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace {

constexpr int fileCount = 5000;
constexpr int folderCount = 50;

QProcessEnvironment gitEnvironment(const QString &home) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home);
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    return env;
}

bool run(const QString &program, const QStringList &arguments, const QString &dir,
         const QProcessEnvironment &env) {
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    return process.waitForFinished(600000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

// Rewrites every file with content that depends on `round`, so each round changes all.
void rewriteAll(const QString &dir, int round) {
    for (int i = 0; i < fileCount; ++i) {
        const QString path =
            QStringLiteral("%1/apps/group%2/app%3.yaml").arg(dir).arg(i % folderCount).arg(i);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(QStringLiteral("apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
                                  "metadata:\n  name: app%1\n  annotations:\n"
                                  "    argocd.argoproj.io/sync-wave: \"%2\"\n")
                       .arg(i)
                       .arg(round)
                       .toUtf8());
    }
}

void BM_Commit5000ChangedFiles(benchmark::State &state) {
    QTemporaryDir root;
    const QString home = root.path() + QStringLiteral("/home");
    QDir().mkpath(home);
    const QProcessEnvironment env = gitEnvironment(home);
    const QString git = QStringLiteral("git");
    const QString ours = root.path() + QStringLiteral("/wavesmith");
    const QString theirs = root.path() + QStringLiteral("/git");

    // One repository with 5,000 committed files, then an identical copy.
    QDir().mkpath(ours);
    bool ok = run(git,
                  {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                   QStringLiteral("main")},
                  ours, env);
    ok = ok &&
         run(git, {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Bench")},
             ours, env);
    ok = ok && run(git,
                   {QStringLiteral("config"), QStringLiteral("user.email"),
                    QStringLiteral("bench@example.com")},
                   ours, env);
    // No automatic gc in either copy: libgit2 never runs one, so git must not either.
    ok = ok && run(git, {QStringLiteral("config"), QStringLiteral("gc.auto"), QStringLiteral("0")},
                   ours, env);
    rewriteAll(ours, 0);
    ok = ok && run(git, {QStringLiteral("add"), QStringLiteral("-A")}, ours, env);
    ok = ok && run(git, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("base")},
                   ours, env);
    ok = ok && run(QStringLiteral("cp"), {QStringLiteral("-a"), ours, theirs}, root.path(), env);
    if (!ok) {
        state.SkipWithError("could not build the fixture repositories with git");
        return;
    }

    double oursTotal = 0;
    double theirsTotal = 0;
    int round = 0;
    for (auto _ : state) {
        ++round;
        rewriteAll(ours, round);
        rewriteAll(theirs, round);

        QElapsedTimer timer;
        timer.start();
        wavesmith::Result<wavesmith::GitRepository> repo = wavesmith::GitRepository::open(ours);
        const auto info = repo ? repo->commit(QStringLiteral("round %1").arg(round))
                               : wavesmith::Result<wavesmith::CommitInfo>(repo.error());
        const double oursSeconds = double(timer.nsecsElapsed()) / 1e9;
        if (!info) {
            state.SkipWithError(info.error().toString().toUtf8().constData());
            return;
        }

        timer.restart();
        const bool gitOk =
            run(QStringLiteral("sh"),
                {QStringLiteral("-c"),
                 QStringLiteral("git add -A && git commit -q -m 'round %1'").arg(round)},
                theirs, env);
        const double theirsSeconds = double(timer.nsecsElapsed()) / 1e9;
        if (!gitOk) {
            state.SkipWithError("git add -A && git commit failed");
            return;
        }
        oursTotal += oursSeconds;
        theirsTotal += theirsSeconds;
        state.SetIterationTime(oursSeconds);
    }
    state.counters[("wavesmith_ms")] = oursTotal * 1000.0 / round;
    state.counters[("git_ms")] = theirsTotal * 1000.0 / round;
    state.counters[("ratio")] = theirsTotal > 0 ? oursTotal / theirsTotal : 0;
    state.counters[("files")] = fileCount;
}

} // namespace

// The reported time is Wavesmith's; git's is in the git_ms counter, ratio = wavesmith / git.
BENCHMARK(BM_Commit5000ChangedFiles)->UseManualTime()->Iterations(5)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
