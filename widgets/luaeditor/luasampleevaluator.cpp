#include "luasampleevaluator.h"

#include "luaevaluationworker.h"

namespace wavesmith {

LuaSampleEvaluator::LuaSampleEvaluator(QObject *parent)
    : QObject(parent) {
    qRegisterMetaType<wavesmith::LuaRunReport>();
    m_worker = new LuaEvaluationWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &LuaEvaluationWorker::finished, this, [this](const LuaRunReport &report) {
        // Drop reports overtaken by a newer request; its own report follows.
        if (report.generation == m_generation)
            Q_EMIT finished(report);
    });
    m_thread.setObjectName(QStringLiteral("lua-evaluator"));
    m_thread.start();
}

LuaSampleEvaluator::~LuaSampleEvaluator() {
    // A running script stops within its 1 s limit, so this wait is bounded.
    m_thread.quit();
    m_thread.wait();
}

quint64 LuaSampleEvaluator::evaluate(const QString &script, const QList<HealthSample> &samples,
                                     bool openLibs) {
    m_worker->submit({++m_generation, script.toUtf8(), samples, openLibs});
    return m_generation;
}

} // namespace wavesmith
