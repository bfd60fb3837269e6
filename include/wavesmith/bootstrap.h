#pragma once

// The bootstrap plan (DESIGN.md "Bootstrap plan"): seven idempotent steps that take one
// kubeconfig context from a bare cluster to every component of a design Synced and Healthy,
// driven by the event loop through KubeClient. Shared by `wavesmith bootstrap`, `wavesmith
// status` and the window.

#include <wavesmith/kubeconfig.h>
#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace wavesmith {

class KubeClient;
class KubeReply;
class KubeWatch;

enum class StepState { Pending, Running, Done, Failed, Skipped };
QString stepStateName(StepState state); // "pending", "running", "done", "failed", "skipped"

enum class BootstrapStepId {
    Preflight,
    Namespace,
    InstallArgoCd,
    ArgoCdConfig,
    WaitForArgoCd,
    ApplyRoot,
    WatchApplications,
};

// One step of the plan with its state and timing (milliseconds since the run started).
struct BootstrapStep {
    BootstrapStepId id = BootstrapStepId::Preflight;
    QString name;  // stable id for JSON: "preflight", "namespace", "install", ...
    QString title; // for people: "Preflight", "Namespace argocd", ...
    StepState state = StepState::Pending;
    QString message;
    qint64 startedMs = -1;
    qint64 finishedMs = -1;
    qint64 durationMs() const { return finishedMs >= 0 ? finishedMs - startedMs : -1; }
};
// The seven steps, all pending.
QList<BootstrapStep> bootstrapSteps();

// Argo CD's view of one component of the design.
struct ComponentHealth {
    QString name;
    int wave = 0;
    bool present = false;   // its Application exists (the projects bundle: its AppProjects)
    QString health;         // Healthy, Progressing, Degraded, Missing, ... ("" before reconcile)
    QString healthMessage;  // Argo CD's health message
    QString sync;           // Synced, OutOfSync, Unknown
    QString operationPhase; // Running, Succeeded, Failed, Error
    // Why Argo CD says it failed (Degraded, an *Error condition, a failed operation), in Argo
    // CD's own words; empty while nothing failed.
    QString problem;

    bool isReady() const;
    bool isFailed() const { return !problem.isEmpty(); }
    bool operator==(const ComponentHealth &) const = default;
};

// The components of one wave and how many of them are Synced and Healthy.
struct WaveHealth {
    int wave = 0;
    QString phase;
    QStringList components;
    int ready = 0;
    int present = 0;
    bool isReady() const { return ready == int(components.size()); }
    bool operator==(const WaveHealth &) const = default;
};

// Maps the Applications of the argocd namespace to a design's components: an Application named
// like a component is that component; the projects bundle is done once the root reports its
// AppProjects Synced. Fed by a list and then watch events; knows nothing about the network.
class ApplicationTracker {
public:
    explicit ApplicationTracker(const Design &design);

    // Replaces everything known with a full list (the initial list, or a relist after 410).
    void reset(const QList<QJsonObject> &applications);
    void update(const QJsonObject &application);
    void remove(const QJsonObject &application);

    QList<ComponentHealth> components() const; // wave order, then model order
    std::optional<ComponentHealth> component(const QString &name) const;
    ComponentHealth root() const;
    QList<WaveHealth> waves() const; // only waves that hold components
    // Every component and the root Synced and Healthy.
    bool allReady() const;
    // The first failing component in wave order, else a failing root.
    std::optional<ComponentHealth> firstFailure() const;
    // Applications in argocd that belong to no component of the design (for information).
    QStringList unknownApplications() const;

private:
    ComponentHealth evaluate(const QString &name, int wave, bool projects) const;

    struct Expected {
        QString name;
        int wave = 0;
        bool projects = false;
    };
    QList<Expected> m_expected;
    QMap<int, QString> m_phases;
    QString m_rootName;
    QMap<QString, QJsonObject> m_applications; // by name
};

enum class BootstrapOutcome { Succeeded, Failed, TimedOut, Canceled };
QString bootstrapOutcomeName(BootstrapOutcome outcome); // "succeeded", "failed", ...

// Something the runner reports; the CLI prints it, the window shows it.
struct BootstrapEvent {
    enum class Type { Step, Wave, Component, Note, Finished };
    Type type = Type::Note;
    qint64 ms = 0; // since the run started
    BootstrapStep step;
    WaveHealth wave;
    QString waveState; // "started", "progress", "healthy", "failed"
    ComponentHealth component;
    QString message; // Note and Finished; never holds a secret
    BootstrapOutcome outcome = BootstrapOutcome::Succeeded;
};
// One line of `wavesmith bootstrap --json`: {"event": "step"|"wave"|"component"|"note"|
// "finished", "ms", ...}.
QJsonObject bootstrapEventJson(const BootstrapEvent &event);
// One line for people, e.g. "[namespace] done (12 ms): namespace argocd created".
QString formatBootstrapEvent(const BootstrapEvent &event);

// "90s", "5m", "1h30m", "250ms" (Go durations, as kubectl takes them) or plain seconds.
std::optional<qint64> parseDurationMs(const QString &text);

struct BootstrapOptions {
    QString repoDir;
    QString argocdManifest; // empty: Argo CD must already be installed
    qint64 timeoutMs = 30 * 60 * 1000;
    // Time one wave may take once every lower wave is ready, for waves without a budget of
    // their own in the design (Wave::budgetSeconds); 0: derived from timeoutMs.
    qint64 waveBudgetMs = 0;
    bool dryRun = false;
    int pollIntervalMs = 200; // while waiting for CRDs and Argo CD's workloads
};

// What the plan applies, read before anything touches the cluster so that bad input is
// reported (exit 2) without a single request.
struct BootstrapManifests {
    QList<QJsonObject> argocdInstall; // --argocd-manifest, in file order
    QJsonObject root;                 // root.yaml
    QJsonObject argocdConfig;         // argocd-cm data the design needs
    QJsonObject argocdParams;         // argocd-cmd-params-cm data the plan ensures
};
// Errors name the file and line.
Result<BootstrapManifests> loadBootstrapManifests(const Design &design,
                                                  const BootstrapOptions &options);

// The plan, run against one cluster. Never blocks: every request is asynchronous and the
// steps continue from their answers. cancel() stops between requests; what was applied stays
// applied, and a later run skips it.
class BootstrapRunner : public QObject {
    Q_OBJECT

public:
    BootstrapRunner(ClientConfig config, Design design, BootstrapManifests manifests,
                    BootstrapOptions options, QObject *parent = nullptr);
    ~BootstrapRunner() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const QList<BootstrapStep> &steps() const { return m_steps; }
    const ApplicationTracker &tracker() const { return m_tracker; }
    // The wave budget for waves without one of their own (explicit or derived from the overall
    // timeout).
    qint64 waveBudgetMs() const;
    // The budget in effect for `wave`: the design's (Wave::budgetSeconds), else waveBudgetMs().
    qint64 waveBudgetMs(int wave) const;
    // `text` without any secret of the kubeconfig or the exec plugin.
    QString redact(const QString &text) const;

Q_SIGNALS:
    void event(const wavesmith::BootstrapEvent &event);
    void finished(wavesmith::BootstrapOutcome outcome, const QString &message);

private:
    using Handler = std::function<void(const KubeReply &)>;
    // Sends nothing more once canceled or finished; counts requests in flight for cancel().
    void request(KubeReply *reply, Handler handler);
    void after(int ms, std::function<void()> next);

    void setStep(BootstrapStepId id, StepState state, const QString &message = {});
    void runStep(BootstrapStepId id);
    void failStep(BootstrapStepId id, const QString &message);
    void note(const QString &message);
    void finish(BootstrapOutcome outcome, const QString &message);
    qint64 elapsed() const { return m_clock.elapsed(); }

    void preflight();
    void checkNodes();
    void ensureNamespace();
    void checkArgoCdInstalled();
    void applyObjects(QList<QJsonObject> objects, std::function<void()> next);
    void waitEstablished(QStringList crds, std::function<void()> next);
    void installArgoCd();
    void ensureArgoCdConfig();
    void applyConfigMap(const QString &name, const QJsonObject &wanted, std::function<void()> next);
    void waitForArgoCd();
    void applyRoot();
    void watchApplications();
    void evaluateApplications();
    void startWaveBudget(int wave);
    void waveBudgetExpired();
    void deadlineReached();
    QString waitingFor(const WaveHealth &wave) const;

    ClientConfig m_config;
    Design m_design;
    BootstrapManifests m_manifests;
    BootstrapOptions m_options;
    QList<BootstrapStep> m_steps;
    ApplicationTracker m_tracker;
    std::unique_ptr<KubeClient> m_client;
    KubeWatch *m_watch = nullptr;
    QTimer *m_deadline = nullptr;
    QTimer *m_waveTimer = nullptr;
    QElapsedTimer m_clock;
    BootstrapStepId m_current = BootstrapStepId::Preflight;
    int m_generation = 0; // answers and timers of an earlier run are ignored
    int m_inFlight = 0;
    bool m_running = false;
    bool m_cancelRequested = false;
    bool m_namespaceExists = false;
    int m_notValidated = 0;          // dry run: objects the server could not check yet
    QStringList m_changedConfigMaps; // what the config step wrote
    QString m_serverVersion;
    QMap<QString, ComponentHealth> m_reported; // last component state reported
    QMap<int, QString> m_waveStates;           // last wave state reported
    QMap<int, int> m_waveReady;                // last ready count reported
    int m_budgetWave = -1;                     // the wave the budget timer runs for
    qint64 m_budgetStartedMs = 0;
};

} // namespace wavesmith
