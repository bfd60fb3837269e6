// Figures for the linter issue: lint of the homelab repository and of a generated
// 2,000-component repository, each next to the import of the same repository in the same run
// (the baseline: lint must stay a small fraction of it).
// Run: build/tests/bench/bench_lint --benchmark_min_time=1
//
// "Lint" is what `wavesmith lint` adds to an import: lintRepository (what the command runs)
// reads every manifest of the repository once, imports from those bytes and runs every rule.
// BM_LintRepository* time that whole command; the counters lint_ms (over nine imports and
// lintRepository runs in turn right before the timed loop, the median of each lint's time minus
// the import's just before it) and lint_vs_import (lint_ms / import_ms) are the figure.
// BM_LintReadFiles2000Components and BM_LintRules2000Components split the lint's own work:
// listing and reading every manifest (readLintFiles), and outlining the manifests plus every rule
// over files already in memory (lintDesign, what a re-lint of an already-read repository costs).
// BM_RelintUnchangedDisk2000Components is the window's re-lint after an edit: the files on disk
// stat'ed and found unchanged since the last lint (rereadLintFiles), then every rule.

#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace wavesmith;

namespace {

const Catalog &catalog() {
    static const Catalog c = Catalog::builtin();
    return c;
}

// The homelab template plus `count` standalone Applications in waves 7-16, each past wave 7
// depending on one component of the wave before (a valid design: no WS001 findings), with a
// folder holding a kustomization and a ConfigMap.
Design generatedDesign(int count) {
    Design design = homelabTemplate(catalog());
    const Component *templateApp = design.component(QStringLiteral("pvc-plumber"));
    const QStringList syncOptions = templateApp->syncOptions;
    for (int i = 0; i < count; ++i) {
        Component c;
        c.name = QStringLiteral("generated-%1").arg(i, 4, 10, QLatin1Char('0'));
        c.wave = 7 + i % 10;
        c.namespace_ = c.name;
        c.sources = {Source{design.repoURL,
                            QStringLiteral("generated/") + c.name,
                            design.targetRevision,
                            {},
                            {},
                            {},
                            {}}};
        c.syncOptions = syncOptions;
        if (i % 10 != 0) // component i - 1 sits in the wave just before this one
            c.dependsOn = {QStringLiteral("generated-%1").arg(i - 1, 4, 10, QLatin1Char('0'))};
        design.components.append(c);
    }
    for (int wave = 7; wave <= 16; ++wave)
        design.waves.append({wave, QStringLiteral("Generated %1").arg(wave)});
    return design;
}

struct Repo {
    QTemporaryDir dir;
    int components = 0;
    explicit Repo(const Design &design) {
        QList<FileContent> files = renderDesign(design, catalog());
        for (const Component &c : design.components) {
            if (!c.name.startsWith(QLatin1String("generated-")))
                continue;
            files.append({c.primarySource()->path + QStringLiteral("/configmap.yaml"),
                          QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %1\n"
                                         "  namespace: %1\ndata:\n  greeting: hello\n")
                              .arg(c.name)
                              .toUtf8()});
        }
        writeFilesAtomically(dir.path(), files);
        components = int(design.components.size());
    }
};

const Repo &homelab() {
    static const Repo r(homelabTemplate(catalog()));
    return r;
}

const Repo &large() {
    static const Repo r(generatedDesign(2000));
    return r;
}

Design importOrDie(const Repo &repo) {
    auto design = importRepository(repo.dir.path(), catalog());
    if (!design)
        qFatal("import failed: %s", qPrintable(design.error().toString()));
    return design.value();
}

template <typename Work> double timeOnceMs(Work work) {
    QElapsedTimer timer;
    timer.start();
    work();
    return timer.nsecsElapsed() / 1e6;
}

// Median of a few runs of each, so one slow run on a shared machine does not set the ratio.
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Imports and lints in turn; each pair's difference is what the lint added in that moment, and
// the median difference does not follow one slow run either way.
void setRatio(benchmark::State &state, const Repo &repo) {
    const auto importOnce = [&] {
        benchmark::DoNotOptimize(importRepository(repo.dir.path(), catalog()));
    };
    const auto lintOnce = [&] {
        benchmark::DoNotOptimize(lintRepository(repo.dir.path(), catalog()));
    };
    std::vector<double> import, added;
    for (int i = 0; i < 9; ++i) {
        const double importMs = timeOnceMs(importOnce);
        const double lintMs = timeOnceMs(lintOnce);
        import.push_back(importMs);
        added.push_back(lintMs - importMs);
    }
    state.counters["import_ms"] = median(import);
    state.counters["lint_ms"] = median(added);
    state.counters["lint_vs_import"] = median(added) / median(import);
    state.counters["components"] = repo.components;
}

void runLint(benchmark::State &state, const Repo &repo) {
    setRatio(state, repo);
    for (auto _ : state) {
        auto run = lintRepository(repo.dir.path(), catalog());
        if (!run)
            state.SkipWithError("lint failed");
        benchmark::DoNotOptimize(run.value().findings.size());
    }
}

void runImport(benchmark::State &state, const Repo &repo) {
    for (auto _ : state) {
        auto design = importRepository(repo.dir.path(), catalog());
        if (!design)
            state.SkipWithError("import failed");
        benchmark::DoNotOptimize(design.value().components.size());
    }
}

// The two halves of a lint: reading the repository's manifests, and the rules over files
// already in memory.
void BM_LintReadFiles2000Components(benchmark::State &state) {
    for (auto _ : state) {
        auto files = readLintFiles(large().dir.path());
        benchmark::DoNotOptimize(files.value().files.size());
    }
}

void BM_LintRules2000Components(benchmark::State &state) {
    const Design design = importOrDie(large());
    const LintFiles files = readLintFiles(large().dir.path()).value();
    for (auto _ : state)
        benchmark::DoNotOptimize(lintDesign(design, files, catalog()).size());
}

// The window's re-lint after an edit (the edit is in memory; the files on disk are as the
// last lint read them): every file is stat'ed, none read again, then the rules run. The files
// are dated an hour back first, as in a repository not written just now (a file modified
// within two seconds of a read is always read again).
void BM_RelintUnchangedDisk2000Components(benchmark::State &state) {
    const Design design = importOrDie(large());
    const QDateTime longAgo = QDateTime::currentDateTimeUtc().addSecs(-3600);
    QDirIterator it(large().dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadWrite) ||
            !file.setFileTime(longAgo, QFileDevice::FileModificationTime))
            state.SkipWithError("cannot date the files back");
    }
    LintFiles last = readLintFiles(large().dir.path()).value();
    for (auto _ : state) {
        auto files = rereadLintFiles(large().dir.path(), last);
        if (!files)
            state.SkipWithError("read failed");
        benchmark::DoNotOptimize(lintDesign(design, files.value(), catalog()).size());
        last = std::move(files).value();
    }
}

void BM_LintRepositoryHomelab(benchmark::State &state) {
    runLint(state, homelab());
}
void BM_Baseline_ImportHomelab(benchmark::State &state) {
    runImport(state, homelab());
}
void BM_LintRepository2000Components(benchmark::State &state) {
    runLint(state, large());
}
void BM_Baseline_Import2000Components(benchmark::State &state) {
    runImport(state, large());
}

} // namespace

// Reading files (lint) and parsing them (import) run on every core: the CPU column counts every
// thread of the process, and the Time column is wall clock.
BENCHMARK(BM_LintRepositoryHomelab)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_Baseline_ImportHomelab)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_LintRepository2000Components)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_Baseline_Import2000Components)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_LintReadFiles2000Components)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_LintRules2000Components)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_RelintUnchangedDisk2000Components)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
