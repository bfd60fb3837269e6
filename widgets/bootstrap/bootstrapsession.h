#pragma once

// One bootstrap from the window: reads the chosen context's client configuration and the plan's
// manifests on a worker thread (kubeconfig files, token files, root.yaml, the Argo CD install
// manifest), then runs BootstrapRunner on the event loop. Everything it reports has passed
// through the runner's redact(). Retry runs the same plan again: each step is idempotent, so
// what is already applied is skipped.

#include <wavesmith/bootstrap.h>
#include <wavesmith/catalog.h>
#include <wavesmith/kubeconfig.h>
#include <wavesmith/model.h>

#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QTemporaryDir;
class QThread;

namespace wavesmith {

class KubeClient;

class BootstrapSession : public QObject {
    Q_OBJECT

public:
    explicit BootstrapSession(QObject *parent = nullptr);
    ~BootstrapSession() override;

    // What the next Start bootstraps. Without a folder (the untitled example) the design is
    // rendered into a temporary folder first, for its root.yaml.
    void setDesign(const Design &design, const QString &repositoryDir, const Catalog &catalog);
    const Design &design() const { return m_design; }

    // Preparing (worker) or running (runner): a bootstrap is under way.
    bool isBusy() const { return m_preparing || isRunning(); }
    bool isRunning() const;
    // A prepared plan exists and is not running: Retry runs it again.
    bool canRetry() const;
    BootstrapRunner *runner() const { return m_runner.get(); }

    // Argo CD's view of every component (tracker order), and the wave being waited for.
    QMap<QString, ComponentHealth> health() const;
    std::optional<int> currentWave() const;
    // `text` without any secret of the running configuration.
    QString redact(const QString &text) const;
    // What the chosen context's kubeconfig entry risks (insecure-skip-tls-verify, ...), redacted;
    // known once a run has started.
    QStringList configWarnings() const;

public Q_SLOTS:
    void start(const wavesmith::KubeconfigLoadOptions &kubeconfig,
               const wavesmith::BootstrapOptions &options);
    void retry();
    // Stops between requests (or before the first one while preparing); finished(Canceled)
    // follows.
    void cancel();
    // Asks the cluster for the Application's conditions (for a failed node's details).
    void fetchConditions(const QString &application);

Q_SIGNALS:
    void started();
    void event(const wavesmith::BootstrapEvent &event);
    // formatBootstrapEvent() lines and notes, redacted.
    void logLine(const QString &line);
    void healthChanged();
    void finished(wavesmith::BootstrapOutcome outcome, const QString &message);
    // `lines`: "Type: message" per condition, then the operation's message; redacted.
    void conditionsFetched(const QString &application, const QStringList &lines);

private:
    struct Prepared;
    void prepared(const std::shared_ptr<Prepared> &result);
    void runPrepared();
    void finishWithoutRunner(BootstrapOutcome outcome, const QString &message);

    Design m_design;
    QString m_repositoryDir;
    Catalog m_catalog;
    bool m_preparing = false;
    bool m_cancelWhilePreparing = false;
    int m_generation = 0;
    std::optional<ClientConfig> m_config;
    std::unique_ptr<QTemporaryDir> m_renderedRepo; // the untitled example's rendered files
    std::unique_ptr<BootstrapRunner> m_runner;
    std::unique_ptr<KubeClient> m_inspector; // fetches conditions of a failed Application
    QList<QPointer<QThread>> m_workers;      // waited for on destruction
};

} // namespace wavesmith
