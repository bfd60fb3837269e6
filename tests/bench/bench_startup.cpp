// Cold start of the window to its first paint: `wavesmith gui --screenshot out.png` (homelab
// example, offscreen) next to a bare Qt baseline in the same run (tests/bench/baseline: an empty
// QMainWindow of the same size, grabbed and written as PNG the same way). Target: ≤ 1.5×.
//
// A second baseline, the same bare program linked against every shared library `wavesmith` loads
// (calling nothing from them), separates what loading those mandated dependencies costs from
// what the app itself does before its first frame.
//
// Each iteration is a whole process: start, load libraries, build the window, paint, write the
// PNG, exit. The OS page cache is warm after the first run; the figure is "start-up as a user
// sees it the second time", which is the stable one to compare.
//
// Run: build/tests/bench/bench_startup [--benchmark_repetitions=5]
// (needs the baselines built: add_subdirectory(baseline) in tests/bench/CMakeLists.txt). On a
// shared machine add --benchmark_enable_random_interleaving=true: the repetitions of the three
// programs then alternate, so a burst of someone else's load does not land on one of them only.

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

namespace {

QString baselineExecutable() {
#ifdef WAVESMITH_BASELINE_EXECUTABLE
    return QStringLiteral(WAVESMITH_BASELINE_EXECUTABLE);
#else
    return QCoreApplication::applicationDirPath() + QStringLiteral("/baseline/startup_baseline");
#endif
}

QString sameLibrariesBaselineExecutable() {
#ifdef WAVESMITH_SAMELIBS_BASELINE_EXECUTABLE
    return QStringLiteral(WAVESMITH_SAMELIBS_BASELINE_EXECUTABLE);
#else
    return QCoreApplication::applicationDirPath() +
           QStringLiteral("/baseline/startup_baseline_samelibs");
#endif
}

// Runs `program args --screenshot <tmp>/out.png` offscreen; false when it failed.
bool runOnce(const QString &program, const QStringList &arguments, const QString &png) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice()); // Qt's start-up chatter
    process.start(program, arguments + QStringList{QStringLiteral("--screenshot"), png});
    if (!process.waitForFinished(60000))
        return false;
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0 &&
           QFileInfo(png).size() > 0;
}

void measure(benchmark::State &state, const QString &program, const QStringList &arguments) {
    QTemporaryDir temp;
    const QString png = temp.filePath(QStringLiteral("out.png"));
    if (!QFileInfo::exists(program)) {
        state.SkipWithError("executable not built");
        return;
    }
    for (auto _ : state) {
        if (!runOnce(program, arguments, png)) {
            state.SkipWithError("run failed");
            return;
        }
    }
}

void BM_Baseline_BareQtWindowScreenshot(benchmark::State &state) {
    measure(state, baselineExecutable(), {});
}

void BM_Baseline_BareQtWindowSameLibraries(benchmark::State &state) {
    measure(state, sameLibrariesBaselineExecutable(), {});
}

void BM_WavesmithGuiScreenshot(benchmark::State &state) {
    measure(state, QStringLiteral(WAVESMITH_EXECUTABLE), {QStringLiteral("gui")});
}

BENCHMARK(BM_Baseline_BareQtWindowScreenshot)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2);
BENCHMARK(BM_Baseline_BareQtWindowSameLibraries)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2);
BENCHMARK(BM_WavesmithGuiScreenshot)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

// Prints the usual table, then the ratio the target is stated in.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &run : runs) {
            // One iteration run, or the median when --benchmark_repetitions asks for aggregates.
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (run.error_occurred || (run.run_type != Run::RT_Iteration && !median))
                continue;
            const std::string name = run.benchmark_name();
            m_times[name.substr(0, name.find('/'))] = run.GetAdjustedRealTime();
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        const auto baseline = m_times.find("BM_Baseline_BareQtWindowScreenshot");
        if (baseline == m_times.end() || baseline->second <= 0)
            return;
        const double bare = baseline->second;
        std::printf("\n");
        const auto sameLibraries = m_times.find("BM_Baseline_BareQtWindowSameLibraries");
        if (sameLibraries != m_times.end()) {
            std::printf("library loading alone: %.1f ms = %.2fx of bare Qt (%.1f ms vs %.1f ms)\n",
                        sameLibraries->second - bare, sameLibraries->second / bare,
                        sameLibraries->second, bare);
        }
        const auto wavesmith = m_times.find("BM_WavesmithGuiScreenshot");
        if (wavesmith != m_times.end()) {
            std::printf("window start-up: %.1f ms vs bare Qt %.1f ms = %.2fx (target <= 1.50x)\n",
                        wavesmith->second, bare, wavesmith->second / bare);
            if (sameLibraries != m_times.end()) {
                std::printf("  of which the app's own work: %.1f ms = %.2fx of the same-libraries "
                            "baseline\n",
                            wavesmith->second - sameLibraries->second,
                            wavesmith->second / sameLibraries->second);
            }
        }
    }

private:
    std::map<std::string, double> m_times; // last run of each benchmark, in its unit
};

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
