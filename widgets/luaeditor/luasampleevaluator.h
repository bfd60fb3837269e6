#pragma once

// Runs a health script against the editor's samples on a worker thread with its own
// HealthEngine (engines are one per thread), so a slow or looping script never blocks the UI.
// Requests coalesce: while one run is in progress only the newest pending request is kept.

#include <wavesmith/luaengine.h>
#include <wavesmith/luatestrunner.h>

#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>

namespace wavesmith {

// One sample's outcome. `error` is set when the script or the sample's YAML failed.
struct LuaSampleResult {
    HealthResult actual;
    std::optional<Error> error;
    bool objectError = false; // the sample's YAML did not parse (not the script's fault)
    bool passed = false;
};

struct LuaRunReport {
    quint64 generation = 0;
    QList<LuaSampleResult> results;
    std::optional<Error> scriptError; // the first script error with a line, for the marker
    QStringList objectPaths;          // "obj.status.replicas", ... from every sample
};

class LuaEvaluationWorker;

class LuaSampleEvaluator : public QObject {
    Q_OBJECT

public:
    explicit LuaSampleEvaluator(QObject *parent = nullptr);
    ~LuaSampleEvaluator() override;

    // Queues a run and returns its generation; finished() reports it (or a newer one).
    quint64 evaluate(const QString &script, const QList<HealthSample> &samples, bool openLibs);

Q_SIGNALS:
    void finished(const wavesmith::LuaRunReport &report);

private:
    QThread m_thread;
    LuaEvaluationWorker *m_worker = nullptr; // lives in m_thread, deleted when it finishes
    quint64 m_generation = 0;
};

} // namespace wavesmith

Q_DECLARE_METATYPE(wavesmith::LuaRunReport)
