#pragma once

// The bootstrap simulation: how Argo CD would sync an app-of-apps repository, phase by phase and
// wave by wave (k8s-api-notes §9). Shared by `wavesmith simulate` (a predicted timeline from the
// model alone) and the test API server's Argo CD controller simulation (which drives real
// objects through the same rendering, ordering and health rules).

#include <wavesmith/luaengine.h>
#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace wavesmith {

// ---- What Argo CD's repo server would render for one source path ----

// Renders `path` (relative to `repoDir`) the way Argo CD builds it, simplified: a
// kustomization.yaml's `resources:` (files, and folders recursively), otherwise every YAML/JSON
// file of the folder. Each `helmCharts:` entry stands for its chart as one synthetic Deployment
// named after the release; a remote resource (URL) as one ConfigMap recording it, since neither
// can be fetched here. Kustomize `namespace:` is set on namespaced objects. Errors name the file
// and line; a path outside the repository is refused.
Result<QList<QJsonObject>> renderRepoPath(const QString &repoDir, const QString &path);

// True for kinds that live outside namespaces (Namespace, CRDs, cluster RBAC, ...).
bool isClusterScopedKind(const QString &kind);

// ---- Sync order ----

enum class SyncPhase { PreSync = 0, Sync = 1, PostSync = 2 };
QString syncPhaseName(SyncPhase phase);

// One step of a sync: every object of one phase and one wave, in apply order.
struct SyncStep {
    SyncPhase phase = SyncPhase::Sync;
    int wave = 0;
    QList<QJsonObject> objects;
};

// The argocd.argoproj.io/sync-wave annotation (0 when absent or not a number).
int syncWaveOf(const QJsonObject &object);
// Orders objects as gitops-engine does: phase (hook annotation), wave, kind (Namespaces and
// CRDs first, workloads later), name. Objects with the hook annotation `Skip` are left out.
QList<SyncStep> syncSteps(const QList<QJsonObject> &objects);

// ---- Resource health ----

// Argo CD's health assessment of one live object: the built-in checks (Deployment, StatefulSet,
// DaemonSet, ApplicationSet, PersistentVolumeClaim, ...) and the Lua customizations of argocd-cm
// (resource.customizations.health.<group>_<kind>), evaluated with the core Lua engine. Since Argo
// CD 1.8 argoproj.io/Application has no built-in check: without a customization it has no health
// and counts as healthy the moment it exists.
class ResourceHealth {
public:
    ResourceHealth();
    ~ResourceHealth();
    ResourceHealth(const ResourceHealth &) = delete;
    ResourceHealth &operator=(const ResourceHealth &) = delete;

    // The data of argocd-cm; replaces the customizations known so far.
    void setArgocdConfig(const QMap<QString, QString> &data);
    bool hasCustomization(const QString &group, const QString &kind) const;
    // std::nullopt: the kind has no health assessment. A failing script gives Unknown with the
    // Lua error as message, as in Argo CD.
    std::optional<HealthResult> assess(const QJsonObject &object);

    // Argo CD's order: Healthy < Suspended < Progressing < Missing < Degraded < Unknown.
    static bool isWorse(const QString &status, const QString &than);

private:
    QMap<QString, QString> m_scripts; // "group_Kind" → Lua
    QStringList m_openLibs;           // "group_Kind" with useOpenLibs
    std::unique_ptr<HealthEngine> m_engine;
};

// ---- ApplicationSet git directory generator ----

// Directories of `repoDir` (relative, sorted) that the entries select: Go path.Match per entry,
// `exclude: true` entries remove matches. Hidden folders (.git, .wavesmith) never match.
QStringList matchGitDirectories(const QString &repoDir, const QList<DirectoryEntry> &entries);
// Replaces the path parameters ({{path}}, {{path.basename}}, {{ .path.path }},
// {{ index .path.segments 1 }}, {{path[1]}}, ...) in every string of an AppSet template.
QJsonObject expandAppSetTemplate(const QJsonObject &templ, const QString &path);

// ---- The predicted timeline of a bootstrap (`wavesmith simulate`) ----

struct SimulationOptions {
    // Whether argocd-cm holds the Application health customization. Without it the root treats
    // each child Application as healthy the moment it exists.
    bool healthCheck = true;
    // Nominal time a component takes to turn healthy after its sync starts.
    int helmComponentMs = 60000;
    int plainComponentMs = 20000;
    QMap<QString, int> componentMs; // overrides by component name
};

struct SimulatedComponent {
    QString name;
    QString kind; // "Application", "AppProjects", "ApplicationSet", "ApplicationSet member"
    int wave = 0;
    QString appSet;        // the generating ApplicationSet of a member
    qint64 startMs = -1;   // -1: never starts (an earlier wave never turns healthy)
    qint64 healthyMs = -1; // -1: never healthy (no automated sync, or never started)
    QStringList startedBeforeDependencies; // what it needs that was not yet healthy at its start
    QString note;
};

struct SimulatedWave {
    int wave = 0;
    QString phase;
    qint64 startMs = -1;   // when the root applies the wave
    qint64 releaseMs = -1; // when the root moves on to the next wave
    qint64 healthyMs = -1; // when everything the wave started is healthy
    QStringList components;
};

struct BootstrapSimulation {
    bool healthCheck = true;
    SimulationOptions options;
    QList<SimulatedWave> waves;
    QList<SimulatedComponent> components;
    qint64 totalMs = -1; // -1: the bootstrap never finishes
    QStringList notes;
    int violationCount() const;
};

// Simulates the root's sync of `design` (no cluster, no server). A component depends on what it
// names in wavesmith.dev/depends-on and on everything in a strictly lower wave; the result lists,
// per component, which of those were not yet healthy when it started.
BootstrapSimulation simulateBootstrap(const Design &design, const SimulationOptions &options);
QString formatSimulation(const BootstrapSimulation &simulation);
// {"healthCheck", "totalMs", "waves": [{"wave", "phase", "startMs", "releaseMs", "healthyMs",
//  "components"}], "components": [{"name", "kind", "wave", "appset", "startMs", "healthyMs",
//  "startedBefore"}], "violations", "notes"}; never-reached times are null.
QJsonObject simulationJson(const BootstrapSimulation &simulation);

} // namespace wavesmith
