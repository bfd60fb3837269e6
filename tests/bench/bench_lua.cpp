// Lua health engine throughput: a conditions-walking script on a 50-condition object, with and
// without the compiled-chunk cache, and the editor's re-run of 20 samples.
//
//   cmake --build build --target bench_lua && ./build/tests/bench/bench_lua
//
// Targets (issue 6): >= 50,000 evaluations/s per core with the cache (BM_Conditions50_Cached,
// against BM_Conditions50_Uncached in the same run); 20 samples <= 20 ms
// (BM_EditorWorkerRerun20Samples, the editor worker's whole keystroke path).

#include <luaeditor/luaevaluationworker.h>
#include <wavesmith/luaengine.h>

#include <benchmark/benchmark.h>

#include <QByteArray>

using namespace wavesmith;

namespace {

const QByteArray kConditionsScript = R"(
local hs = { status = "Progressing", message = "Waiting for conditions" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local failing = 0
for i, condition in ipairs(obj.status.conditions) do
  if condition.status == "False" and condition.type ~= "Ready" then
    failing = failing + 1
  end
  if condition.type == "Ready" then
    if condition.status == "True" then
      hs.status = "Healthy"
    else
      hs.status = "Degraded"
    end
    hs.message = condition.message or ""
  end
end
if failing > 0 and hs.status == "Healthy" then
  hs.status = "Degraded"
  hs.message = failing .. " conditions are failing"
end
return hs
)";

QByteArray conditionsObject(int count, int variant = 0) {
    QByteArray yaml = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"
                      "  generation: 4\nstatus:\n  observedGeneration: 4\n  conditions:\n";
    for (int i = 0; i < count; ++i) {
        const bool ready = i == count - 1;
        const bool ok = (i + variant) % 7 != 0;
        yaml += "  - type: " + (ready ? QByteArray("Ready") : "Check" + QByteArray::number(i)) +
                "\n    status: \"" + (ok || ready ? "True" : "False") +
                "\"\n    reason: Reconciled\n    message: condition " + QByteArray::number(i) +
                " is fine\n    lastTransitionTime: \"2024-05-01T10:00:00Z\"\n";
    }
    return yaml;
}

void evaluateConditions(benchmark::State &state, bool cache) {
    HealthEngine engine;
    engine.setCacheEnabled(cache);
    const HealthObject object = HealthObject::fromYaml(conditionsObject(50)).value();
    for (auto _ : state) {
        Result<HealthResult> result = engine.evaluate(kConditionsScript, object);
        if (!result)
            state.SkipWithError(qPrintable(result.error().toString()));
        benchmark::DoNotOptimize(result);
    }
    state.counters["evals/s"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

// Where the time goes: the fixed cost of one evaluation (fresh globals, limits) and the cost of
// converting the 50-condition object to Lua tables.
void BM_Overhead_NullObject(benchmark::State &state) {
    HealthEngine engine;
    for (auto _ : state) {
        Result<HealthResult> result = engine.evaluate(QByteArray("return nil"), HealthObject());
        benchmark::DoNotOptimize(result);
    }
}

void BM_Overhead_Conditions50Object(benchmark::State &state) {
    HealthEngine engine;
    const HealthObject object = HealthObject::fromYaml(conditionsObject(50)).value();
    for (auto _ : state) {
        Result<HealthResult> result = engine.evaluate(QByteArray("return nil"), object);
        benchmark::DoNotOptimize(result);
    }
}

void BM_Conditions50_Cached(benchmark::State &state) {
    evaluateConditions(state, true);
}
void BM_Conditions50_Uncached(benchmark::State &state) {
    evaluateConditions(state, false);
}

// What the editor does on a keystroke: the script changed (so it is compiled once), and the 20
// sample objects, parsed when their YAML was last edited, are evaluated with it by the worker's
// engine.
void BM_EditorRerun20Samples(benchmark::State &state) {
    QList<HealthObject> samples;
    for (int i = 0; i < 20; ++i)
        samples.append(HealthObject::fromYaml(conditionsObject(50, i)).value());
    HealthEngine engine;
    int edit = 0;
    for (auto _ : state) {
        const QByteArray script = kConditionsScript + "\n-- edit " + QByteArray::number(++edit);
        for (const HealthObject &object : samples) {
            Result<HealthResult> result = engine.evaluate(script, object);
            benchmark::DoNotOptimize(result);
        }
    }
}

// The editor's real keystroke path: LuaEvaluationWorker::run (compile check, the samples'
// cached parses and completion paths, 20 evaluations, the report). Target: <= 20 ms.
void BM_EditorWorkerRerun20Samples(benchmark::State &state) {
    LuaEvaluationWorker worker;
    LuaEvaluationWorker::Request request;
    for (int i = 0; i < 20; ++i) {
        request.samples.append(HealthSample{QStringLiteral("sample%1").arg(i),
                                            conditionsObject(50, i),
                                            {QStringLiteral("Healthy"), QString()}});
    }
    request.script = kConditionsScript;
    worker.run(request); // the samples were parsed when they were typed, not on this keystroke
    int edit = 0;
    for (auto _ : state) {
        request.script = kConditionsScript + "\n-- edit " + QByteArray::number(++edit);
        const LuaRunReport report = worker.run(request);
        if (report.results.size() != 20 || report.scriptError)
            state.SkipWithError("the samples did not all run");
        benchmark::DoNotOptimize(report);
    }
}

// The same with every sample's YAML parsed again (an edit in the samples panel).
void BM_EditorRerun20SamplesWithYaml(benchmark::State &state) {
    QList<QByteArray> samples;
    for (int i = 0; i < 20; ++i)
        samples.append(conditionsObject(50, i));
    HealthEngine engine;
    for (auto _ : state) {
        for (const QByteArray &yaml : samples) {
            const Result<HealthObject> object = HealthObject::fromYaml(yaml);
            Result<HealthResult> result = engine.evaluate(kConditionsScript, object.value());
            benchmark::DoNotOptimize(result);
        }
    }
}

} // namespace

BENCHMARK(BM_Overhead_NullObject)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Overhead_Conditions50Object)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Conditions50_Cached)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Conditions50_Uncached)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EditorRerun20Samples)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EditorWorkerRerun20Samples)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EditorRerun20SamplesWithYaml)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
