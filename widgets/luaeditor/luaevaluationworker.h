#pragma once

// The worker-thread half of LuaSampleEvaluator: owns the thread's HealthEngine and the parsed
// samples, and runs only the newest request it was given.

#include "luasampleevaluator.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>

#include <optional>

namespace wavesmith {

class LuaEvaluationWorker : public QObject {
    Q_OBJECT

public:
    struct Request {
        quint64 generation = 0;
        QByteArray script;
        QList<HealthSample> samples;
        bool openLibs = false;
    };

    // Called from the UI thread: replaces any request not yet started.
    void submit(Request request) {
        QMutexLocker lock(&m_mutex);
        const bool idle = !m_pending.has_value();
        m_pending = std::move(request);
        if (idle)
            QMetaObject::invokeMethod(this, &LuaEvaluationWorker::runPending, Qt::QueuedConnection);
    }

    // Runs one request on the calling thread (the worker's; public for bench_lua, which
    // measures exactly what a keystroke costs).
    LuaRunReport run(const Request &request) {
        LuaRunReport report;
        report.generation = request.generation;
        HealthOptions options;
        options.openLibs = request.openLibs;
        const Status compiled = m_engine.compile(request.script, options);
        if (!compiled)
            report.scriptError = compiled.error();
        QSet<QString> seenPaths;
        for (const HealthSample &sample : request.samples) {
            LuaSampleResult result;
            const ParsedSample *object = parsed(sample.yaml);
            if (!object->object) {
                result.error = object->object.error();
                result.objectError = true;
            } else if (!compiled) {
                result.error = compiled.error();
            } else {
                for (const QString &path : object->completions) {
                    if (!seenPaths.contains(path)) {
                        seenPaths.insert(path);
                        report.objectPaths.append(path);
                    }
                }
                const Result<HealthResult> actual =
                    m_engine.evaluate(request.script, object->object.value(), options);
                if (actual) {
                    result.actual = actual.value();
                    result.passed = result.actual == sample.expected;
                } else {
                    result.error = actual.error();
                    if (!report.scriptError && actual.error().line > 0)
                        report.scriptError = actual.error();
                }
            }
            report.results.append(result);
        }
        return report;
    }

Q_SIGNALS:
    void finished(const wavesmith::LuaRunReport &report);

private:
    // A sample's YAML parsed once, with its `obj.` completion paths.
    struct ParsedSample {
        Result<HealthObject> object;
        QStringList completions;
    };

    void runPending() {
        std::optional<Request> request;
        {
            QMutexLocker lock(&m_mutex);
            request.swap(m_pending);
        }
        if (request)
            Q_EMIT finished(run(*request));
    }

    // Parsed samples by YAML text: typing in the script editor re-parses nothing (and recomputes
    // no completion paths). The pointer stays valid until the next call.
    const ParsedSample *parsed(const QByteArray &yaml) {
        auto it = m_objects.constFind(yaml);
        if (it != m_objects.constEnd())
            return &*it;
        ParsedSample sample{HealthObject::fromYaml(yaml, QStringLiteral("sample")), {}};
        if (sample.object) {
            for (const QString &path : sample.object->fieldPaths())
                sample.completions.append(QStringLiteral("obj.") + path);
        }
        if (m_objects.size() > 200)
            m_objects.clear();
        return &*m_objects.insert(yaml, std::move(sample));
    }

    HealthEngine m_engine;
    QHash<QByteArray, ParsedSample> m_objects;
    QMutex m_mutex;
    std::optional<Request> m_pending;
};

} // namespace wavesmith
