#include "bootstrapsession.h"

#include <wavesmith/atomicwrite.h>
#include <wavesmith/kubeclient.h>
#include <wavesmith/render.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>

namespace wavesmith {

// What the worker read, handed to the UI thread as a whole.
struct BootstrapSession::Prepared {
    int generation = 0;
    std::optional<ClientConfig> config;
    std::optional<BootstrapManifests> manifests;
    BootstrapOptions options;
    std::unique_ptr<QTemporaryDir> renderedRepo;
    QString error;
};

BootstrapSession::BootstrapSession(QObject *parent)
    : QObject(parent) {}

BootstrapSession::~BootstrapSession() {
    // Workers only read files into their own result; they end on their own.
    for (const QPointer<QThread> &worker : std::as_const(m_workers)) {
        if (worker)
            worker->wait();
    }
}

void BootstrapSession::setDesign(const Design &design, const QString &repositoryDir,
                                 const Catalog &catalog) {
    m_design = design;
    m_repositoryDir = repositoryDir;
    m_catalog = catalog;
}

bool BootstrapSession::isRunning() const {
    return m_runner && m_runner->isRunning();
}

bool BootstrapSession::canRetry() const {
    return m_runner && !m_runner->isRunning() && !m_preparing;
}

QString BootstrapSession::redact(const QString &text) const {
    if (m_runner)
        return m_runner->redact(text);
    return m_config ? redactSecrets(text, *m_config) : text;
}

QMap<QString, ComponentHealth> BootstrapSession::health() const {
    QMap<QString, ComponentHealth> health;
    if (!m_runner)
        return health;
    for (const ComponentHealth &c : m_runner->tracker().components())
        health.insert(c.name, c);
    return health;
}

std::optional<int> BootstrapSession::currentWave() const {
    if (!m_runner || !m_runner->isRunning())
        return std::nullopt;
    const BootstrapStep &watch = m_runner->steps().at(int(BootstrapStepId::WatchApplications));
    if (watch.state != StepState::Running)
        return std::nullopt;
    for (const WaveHealth &w : m_runner->tracker().waves()) {
        if (!w.isReady())
            return w.wave;
    }
    return std::nullopt;
}

void BootstrapSession::start(const KubeconfigLoadOptions &kubeconfig,
                             const BootstrapOptions &options) {
    if (isBusy())
        return;
    m_preparing = true;
    m_cancelWhilePreparing = false;
    // A new plan: the previous runner (and what it knew) goes, so nothing reported from here on
    // can be mistaken for this run's.
    m_runner.reset();
    m_config.reset();
    m_inspector.reset();
    const int generation = ++m_generation;
    Q_EMIT logLine(tr("Reading the kubeconfig and the plan's manifests…"));

    auto result = std::make_shared<Prepared>();
    result->generation = generation;
    result->options = options;
    QThread *thread = QThread::create([result, kubeconfig, design = m_design,
                                       repositoryDir = m_repositoryDir, catalog = m_catalog] {
        // kubeconfig files, certificates and token files: disk work, off the UI thread.
        auto config = loadClientConfig(kubeconfig);
        if (!config) {
            result->error = config.error().toString();
            return;
        }
        result->config = config.value();
        if (repositoryDir.isEmpty()) {
            // The untitled example has no folder: its root.yaml comes from rendering it.
            result->renderedRepo = std::make_unique<QTemporaryDir>();
            const Status written =
                writeFilesAtomically(result->renderedRepo->path(), renderDesign(design, catalog));
            if (!written) {
                result->error = written.error().toString();
                return;
            }
            result->options.repoDir = result->renderedRepo->path();
        } else {
            result->options.repoDir = repositoryDir;
        }
        auto manifests = loadBootstrapManifests(design, result->options);
        if (!manifests) {
            result->error = manifests.error().toString();
            return;
        }
        result->manifests = manifests.value();
    });
    m_workers.removeIf([](const QPointer<QThread> &worker) { return worker.isNull(); });
    m_workers.append(thread);
    connect(thread, &QThread::finished, this, [this, thread, result] {
        thread->deleteLater();
        prepared(result);
    });
    thread->start();
}

void BootstrapSession::prepared(const std::shared_ptr<Prepared> &result) {
    if (result->generation != m_generation)
        return;
    m_preparing = false;
    if (m_cancelWhilePreparing) {
        finishWithoutRunner(BootstrapOutcome::Canceled, tr("canceled before the first request"));
        return;
    }
    if (!result->error.isEmpty()) {
        const QString message =
            result->config ? redactSecrets(result->error, *result->config) : result->error;
        finishWithoutRunner(BootstrapOutcome::Failed, message);
        return;
    }
    m_config = *result->config;
    m_inspector.reset();
    m_renderedRepo = std::move(result->renderedRepo);
    m_runner = std::make_unique<BootstrapRunner>(*result->config, m_design, *result->manifests,
                                                 result->options);
    connect(m_runner.get(), &BootstrapRunner::event, this, [this](const BootstrapEvent &e) {
        Q_EMIT event(e);
        Q_EMIT logLine(m_runner->redact(formatBootstrapEvent(e)));
        if (e.type == BootstrapEvent::Type::Component || e.type == BootstrapEvent::Type::Wave ||
            e.type == BootstrapEvent::Type::Step)
            Q_EMIT healthChanged();
    });
    connect(m_runner.get(), &BootstrapRunner::finished, this,
            [this](BootstrapOutcome outcome, const QString &message) {
                Q_EMIT healthChanged();
                Q_EMIT finished(outcome, m_runner->redact(message));
            });
    for (const QString &warning : m_config->warnings())
        Q_EMIT logLine(tr("warning: %1").arg(redact(warning)));
    runPrepared();
}

QStringList BootstrapSession::configWarnings() const {
    QStringList warnings;
    if (m_config) {
        for (const QString &warning : m_config->warnings())
            warnings << redact(warning);
    }
    return warnings;
}

void BootstrapSession::retry() {
    if (!canRetry())
        return;
    runPrepared();
}

void BootstrapSession::runPrepared() {
    // Running before anyone hears "started": the dock enables Cancel from isRunning().
    m_runner->start();
    Q_EMIT started();
    Q_EMIT healthChanged();
}

void BootstrapSession::cancel() {
    if (m_preparing) {
        m_cancelWhilePreparing = true;
        return;
    }
    if (isRunning()) {
        Q_EMIT logLine(tr("Canceling: the request in flight finishes first…"));
        m_runner->cancel();
    }
}

void BootstrapSession::finishWithoutRunner(BootstrapOutcome outcome, const QString &message) {
    Q_EMIT logLine(QStringLiteral("%1: %2").arg(bootstrapOutcomeName(outcome), message));
    Q_EMIT finished(outcome, message);
}

void BootstrapSession::fetchConditions(const QString &application) {
    if (!m_config)
        return;
    if (!m_inspector)
        m_inspector = std::make_unique<KubeClient>(*m_config);
    m_inspector
        ->get(QStringLiteral("argoproj.io/v1alpha1"), QStringLiteral("Application"), application,
              QStringLiteral("argocd"))
        ->then(this, [this, application](const KubeReply &reply) {
            QStringList lines;
            if (!reply.ok()) {
                lines << tr("Could not read the Application: %1").arg(reply.errorString());
            } else {
                const QJsonObject status =
                    reply.object().value(QStringLiteral("status")).toObject();
                for (const QJsonValue &value :
                     status.value(QStringLiteral("conditions")).toArray()) {
                    const QJsonObject condition = value.toObject();
                    lines << QStringLiteral("%1: %2").arg(
                        condition.value(QStringLiteral("type")).toString(),
                        condition.value(QStringLiteral("message")).toString());
                }
                const QJsonObject operation =
                    status.value(QStringLiteral("operationState")).toObject();
                const QString phase = operation.value(QStringLiteral("phase")).toString();
                const QString message = operation.value(QStringLiteral("message")).toString();
                if (!message.isEmpty())
                    lines << tr("Sync %1: %2")
                                 .arg(phase.isEmpty() ? tr("operation") : phase, message);
                if (lines.isEmpty())
                    lines << tr("Argo CD reports no conditions for %1.").arg(application);
            }
            for (QString &line : lines)
                line = redact(line);
            Q_EMIT conditionsFetched(application, lines);
        });
}

} // namespace wavesmith
