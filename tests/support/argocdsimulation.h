#pragma once

#include "scenario.h"
#include "store.h"

#include <wavesmith/sim.h>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

class EventLog;
class ResourceRegistry;

// Plays Argo CD's application controller (k8s-api-notes §8-9): it watches Applications in
// `argocd`, syncs automated ones whose repoURL is the simulated repository — rendered with
// core/sim, applied phase by phase and wave by wave, the next wave only once every resource of
// the current one is healthy (health from core/sim's ResourceHealth, which runs argocd-cm's Lua
// with the core engine) — and writes their status as Argo CD does. The scenario delays or fails
// Applications by name.
class ArgoCdSimulation : public QObject {
    Q_OBJECT
public:
    ArgoCdSimulation(Store *store, ResourceRegistry *registry, const QString &repoDir,
                     const QString &repoUrl, const Scenario &scenario, EventLog *events,
                     QObject *parent = nullptr);
    ~ArgoCdSimulation() override;

private:
    enum class Phase { None, Running, Succeeded, Failed };
    struct Tracked {
        QString group, version, kind, namespace_, name;
        int wave = 0;
        QString syncPhase;
    };
    struct Operation {
        QByteArray specKey; // the spec this operation synced; a new spec starts a new one
        Phase phase = Phase::None;
        QList<wavesmith::SyncStep> steps;
        int step = 0;
        bool stepApplied = false;
        qint64 startedMs = 0;
        QString startedAt, finishedAt, message;
        QList<Tracked> resources;
        QJsonArray conditions;
        QString health; // last health written, for the events
    };

    void onObjectChanged(const Store::Event &event);
    void reconcile();
    void reconcileApplication(const ResourceType &appType, const QJsonObject &app);
    void startOperation(Operation &op, const QJsonObject &app, const QByteArray &specKey);
    void advance(Operation &op, const QJsonObject &app);
    bool applyObject(Operation &op, const QJsonObject &app, QJsonObject object, int wave);
    void fail(Operation &op, const QString &message);
    wavesmith::HealthResult applicationHealth(Operation &op, const QString &appName);
    void writeStatus(const ResourceType &appType, const QJsonObject &app, Operation &op,
                     const wavesmith::HealthResult &health, const QString &syncStatus);
    void loadArgocdConfig();
    void wakeAt(qint64 ms);
    qint64 now() const { return m_clock.elapsed(); }

    Store *m_store;
    ResourceRegistry *m_registry;
    QString m_repoDir;
    QString m_repoUrl;
    QString m_revision;
    Scenario m_scenario;
    EventLog *m_events;
    wavesmith::ResourceHealth m_health;
    QByteArray m_argocdConfigKey;
    QHash<QString, Operation> m_operations; // by Application name
    QHash<QString, QString> m_appliedBy;    // Application name → the Application that applied it
    QElapsedTimer m_clock;
    QTimer m_reconcileTimer;
    QTimer m_wakeTimer;
};
