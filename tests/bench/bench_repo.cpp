// Figures for the Foundation issue: `init` of the homelab template and `import` + `waves` of
// the result, each next to a baseline measured in the same run:
//   - init   vs writing the same bytes with QFile and committing them with the git CLI;
//   - import vs yaml-cpp alone parsing the same files.
// Run: build/tests/bench/bench_repo --benchmark_min_time=2

#include <wavesmith/catalog.h>
#include <wavesmith/git.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>
#include <wavesmith/waveplan.h>

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

using namespace wavesmith;

namespace {

const Catalog &catalog() {
    static const Catalog c = Catalog::builtin();
    return c;
}

void runGit(const QString &dir, const QStringList &arguments) {
    QProcess git;
    git.setWorkingDirectory(dir);
    git.start(QStringLiteral("git"), arguments);
    git.waitForFinished();
}

void BM_InitHomelab(benchmark::State &state) {
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir tmp;
        state.ResumeTiming();
        const QList<FileContent> files = renderDesign(homelabTemplate(catalog()), catalog());
        if (!writeFilesAtomically(tmp.path(), files))
            state.SkipWithError("write failed");
        if (!initRepositoryWithCommit(tmp.path(), QStringLiteral("bench")))
            state.SkipWithError("commit failed");
        state.PauseTiming();
        tmp.remove();
        state.ResumeTiming();
    }
}

void BM_Baseline_QFileAndGitCli(benchmark::State &state) {
    const QList<FileContent> files = renderDesign(homelabTemplate(catalog()), catalog());
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir tmp;
        state.ResumeTiming();
        for (const FileContent &f : files) {
            const QString path = tmp.filePath(f.path);
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile out(path);
            out.open(QIODevice::WriteOnly);
            out.write(f.content);
        }
        runGit(tmp.path(), {QStringLiteral("init"), QStringLiteral("-q")});
        runGit(tmp.path(), {QStringLiteral("add"), QStringLiteral("-A")});
        runGit(tmp.path(), {QStringLiteral("-c"), QStringLiteral("user.name=bench"),
                            QStringLiteral("-c"), QStringLiteral("user.email=bench@localhost"),
                            QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("b")});
        state.PauseTiming();
        tmp.remove();
        state.ResumeTiming();
    }
}

struct HomelabRepo {
    QTemporaryDir dir;
    HomelabRepo() {
        writeFilesAtomically(dir.path(), renderDesign(homelabTemplate(catalog()), catalog()));
    }
};

const HomelabRepo &repo() {
    static const HomelabRepo r;
    return r;
}

void BM_ImportAndWavesHomelab(benchmark::State &state) {
    for (auto _ : state) {
        auto design = importRepository(repo().dir.path(), catalog());
        if (!design)
            state.SkipWithError("import failed");
        benchmark::DoNotOptimize(formatWavePlan(design.value()));
    }
}

void BM_Baseline_YamlCppParse(benchmark::State &state) {
    QStringList files;
    QDirIterator it(repo().dir.path(), {QStringLiteral("*.yaml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    for (auto _ : state) {
        for (const QString &path : files) {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            benchmark::DoNotOptimize(YAML::LoadAll(f.readAll().toStdString()));
        }
    }
}

} // namespace

BENCHMARK(BM_InitHomelab)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Baseline_QFileAndGitCli)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportAndWavesHomelab)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Baseline_YamlCppParse)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
