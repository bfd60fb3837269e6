#pragma once

// The worker-thread half of LuaSampleEvaluator: owns the thread's HealthEngine and the parsed
// samples, and runs only the newest request it was given.

#include "luasampleevaluator.h"

#include <QHash>
#include <QMutex>
#include <QObject>

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

Q_SIGNALS:
    void finished(const wavesmith::LuaRunReport &report);

private:
    void runPending() {
        std::optional<Request> request;
        {
            QMutexLocker lock(&m_mutex);
            request.swap(m_pending);
        }
        if (request)
            Q_EMIT finished(run(*request));
    }

    // Parsed samples by YAML text: typing in the script editor re-parses nothing.
    Result<HealthObject> parsed(const QByteArray &yaml) {
        auto it = m_objects.constFind(yaml);
        if (it != m_objects.constEnd())
            return *it;
        Result<HealthObject> object = HealthObject::fromYaml(yaml, QStringLiteral("sample"));
        if (object) {
            if (m_objects.size() > 200)
                m_objects.clear();
            m_objects.insert(yaml, object.value());
        }
        return object;
    }

    LuaRunReport run(const Request &request) {
        LuaRunReport report;
        report.generation = request.generation;
        HealthOptions options;
        options.openLibs = request.openLibs;
        const Status compiled = m_engine.compile(request.script, options);
        if (!compiled)
            report.scriptError = compiled.error();
        for (const HealthSample &sample : request.samples) {
            LuaSampleResult result;
            const Result<HealthObject> object = parsed(sample.yaml);
            if (!object) {
                result.error = object.error();
                result.objectError = true;
            } else if (!compiled) {
                result.error = compiled.error();
            } else {
                for (const QString &path : object->fieldPaths()) {
                    const QString full = QStringLiteral("obj.") + path;
                    if (!report.objectPaths.contains(full))
                        report.objectPaths.append(full);
                }
                const Result<HealthResult> actual =
                    m_engine.evaluate(request.script, object.value(), options);
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

    HealthEngine m_engine;
    QHash<QByteArray, HealthObject> m_objects;
    QMutex m_mutex;
    std::optional<Request> m_pending;
};

} // namespace wavesmith
