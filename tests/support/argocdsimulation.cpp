#include "argocdsimulation.h"

#include "eventlog.h"
#include "repourl.h"
#include "resourceregistry.h"
#include "selector.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using wavesmith::HealthResult;

namespace {

const QString kArgocd = QStringLiteral("argocd");
const QString kManager = QStringLiteral("argocd-controller");
const QString kHealthy = QStringLiteral("Healthy");

QString isoNow() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QJsonObject metadataOf(const QJsonObject &o) {
    return o.value(QStringLiteral("metadata")).toObject();
}

QJsonObject sourceOf(const QJsonObject &spec) {
    if (spec.contains(QStringLiteral("source")))
        return spec.value(QStringLiteral("source")).toObject();
    return spec.value(QStringLiteral("sources")).toArray().first().toObject();
}

// The commit the repository's HEAD points at, as Argo CD reports a sync revision.
QString headRevision(const QString &repoDir) {
    QFile head(repoDir + QStringLiteral("/.git/HEAD"));
    if (!head.open(QIODevice::ReadOnly))
        return QStringLiteral("HEAD");
    const QString line = QString::fromUtf8(head.readAll()).trimmed();
    if (!line.startsWith(QLatin1String("ref: ")))
        return line;
    const QString ref = line.mid(5);
    QFile refFile(repoDir + QStringLiteral("/.git/") + ref);
    if (refFile.open(QIODevice::ReadOnly))
        return QString::fromUtf8(refFile.readAll()).trimmed();
    QFile packed(repoDir + QStringLiteral("/.git/packed-refs"));
    if (packed.open(QIODevice::ReadOnly)) {
        for (const QByteArray &l : packed.readAll().split('\n')) {
            const QString text = QString::fromUtf8(l);
            if (text.endsWith(QLatin1Char(' ') + ref))
                return text.section(QLatin1Char(' '), 0, 0);
        }
    }
    return QStringLiteral("HEAD");
}

QString ownerAppSet(const QJsonObject &app) {
    for (const QJsonValue &o : metadataOf(app).value(QStringLiteral("ownerReferences")).toArray()) {
        if (o[QStringLiteral("kind")] == QStringLiteral("ApplicationSet"))
            return o[QStringLiteral("name")].toString();
    }
    return {};
}

} // namespace

ArgoCdSimulation::ArgoCdSimulation(Store *store, ResourceRegistry *registry, const QString &repoDir,
                                   const QString &repoUrl, const Scenario &scenario,
                                   EventLog *events, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry)
    , m_repoDir(repoDir)
    , m_repoUrl(repoUrl)
    , m_revision(headRevision(repoDir))
    , m_scenario(scenario)
    , m_events(events) {
    m_clock.start();
    m_reconcileTimer.setSingleShot(true);
    m_reconcileTimer.setInterval(0);
    m_wakeTimer.setSingleShot(true);
    connect(&m_reconcileTimer, &QTimer::timeout, this, &ArgoCdSimulation::reconcile);
    connect(&m_wakeTimer, &QTimer::timeout, this, &ArgoCdSimulation::reconcile);
    connect(store, &Store::objectChanged, this, &ArgoCdSimulation::onObjectChanged);
}

ArgoCdSimulation::~ArgoCdSimulation() = default;

void ArgoCdSimulation::onObjectChanged(const Store::Event &) {
    // Any object may be a resource some Application waits for; reconcile once the write that
    // announced it has returned, never inside it.
    if (!m_reconcileTimer.isActive())
        m_reconcileTimer.start();
}

void ArgoCdSimulation::wakeAt(qint64 ms) {
    const qint64 delay = std::max<qint64>(0, ms - now()) + 1;
    if (!m_wakeTimer.isActive() || m_wakeTimer.remainingTime() > delay)
        m_wakeTimer.start(int(delay));
}

void ArgoCdSimulation::loadArgocdConfig() {
    const ResourceType *type = m_registry->findByGroupResource(QStringLiteral("configmaps"));
    const auto cm = type ? m_store->get(*type, kArgocd, QStringLiteral("argocd-cm")) : std::nullopt;
    const QJsonObject data = cm ? cm->value(QStringLiteral("data")).toObject() : QJsonObject();
    const QByteArray key = QJsonDocument(data).toJson(QJsonDocument::Compact);
    if (key == m_argocdConfigKey)
        return;
    m_argocdConfigKey = key;
    QMap<QString, QString> config;
    for (auto it = data.begin(); it != data.end(); ++it)
        config.insert(it.key(), it.value().toString());
    m_health.setArgocdConfig(config);
}

void ArgoCdSimulation::reconcile() {
    const ResourceType *found =
        m_registry->findByGroupResource(QStringLiteral("applications.argoproj.io"));
    if (!found)
        return;
    const ResourceType appType = *found;
    loadArgocdConfig();
    QString error;
    const auto everything = Selector::parse({}, {}, &error);
    QSet<QString> present;
    for (const QJsonObject &app : m_store->list(appType, kArgocd, *everything)) {
        present.insert(metadataOf(app).value(QStringLiteral("name")).toString());
        reconcileApplication(appType, app);
    }
    for (auto it = m_operations.begin(); it != m_operations.end();) {
        it = present.contains(it.key()) ? std::next(it) : m_operations.erase(it);
    }
}

void ArgoCdSimulation::reconcileApplication(const ResourceType &appType, const QJsonObject &app) {
    const QString name = metadataOf(app).value(QStringLiteral("name")).toString();
    const QJsonObject spec = app.value(QStringLiteral("spec")).toObject();
    const QJsonObject source = sourceOf(spec);
    Operation &op = m_operations[name];
    if (!sameRepoUrl(source.value(QStringLiteral("repoURL")).toString(), m_repoUrl) ||
        source.value(QStringLiteral("path")).toString().isEmpty()) {
        // Argo CD could not fetch it either: a ComparisonError, no sync.
        op.phase = Phase::None;
        if (op.conditions.isEmpty()) // set once: an unchanged condition keeps its time
            op.conditions = QJsonArray{QJsonObject{
                {QStringLiteral("type"), QStringLiteral("ComparisonError")},
                {QStringLiteral("message"),
                 QStringLiteral("the simulation serves only path sources of %1").arg(m_repoUrl)},
                {QStringLiteral("lastTransitionTime"), isoNow()}}};
        writeStatus(appType, app, op, {QStringLiteral("Unknown"), {}}, QStringLiteral("Unknown"));
        return;
    }
    const QByteArray specKey = QJsonDocument(spec).toJson(QJsonDocument::Compact);
    const bool automated =
        spec.value(QStringLiteral("syncPolicy")).toObject().contains(QStringLiteral("automated"));
    const bool requested = app.contains(QStringLiteral("operation"));
    if ((automated && op.specKey != specKey) || requested)
        startOperation(op, app, specKey);
    if (op.phase == Phase::Running)
        advance(op, app);
    const HealthResult health = applicationHealth(op, name);
    writeStatus(appType, app, op, health,
                op.phase == Phase::Succeeded ? QStringLiteral("Synced")
                                             : QStringLiteral("OutOfSync"));
}

void ArgoCdSimulation::startOperation(Operation &op, const QJsonObject &app,
                                      const QByteArray &specKey) {
    const QString name = metadataOf(app).value(QStringLiteral("name")).toString();
    const QString health = op.health;
    op = Operation{};
    op.health = health;
    op.specKey = specKey;
    op.phase = Phase::Running;
    op.startedMs = now();
    op.startedAt = isoNow();
    op.message = QStringLiteral("one or more tasks are running");
    const Scenario::Component scenario = m_scenario.component(name);
    if (!scenario.syncError.isEmpty()) {
        fail(op, scenario.syncError);
        return;
    }
    const QJsonObject spec = app.value(QStringLiteral("spec")).toObject();
    const auto rendered = wavesmith::renderRepoPath(
        m_repoDir, sourceOf(spec).value(QStringLiteral("path")).toString());
    if (!rendered) {
        fail(op, QStringLiteral("ComparisonError: %1").arg(rendered.error().toString()));
        op.conditions =
            QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("ComparisonError")},
                                   {QStringLiteral("message"), rendered.error().toString()},
                                   {QStringLiteral("lastTransitionTime"), isoNow()}}};
        return;
    }
    op.steps = wavesmith::syncSteps(rendered.value());
    const QJsonObject destination = spec.value(QStringLiteral("destination")).toObject();
    const QString targetNamespace = destination.value(QStringLiteral("namespace")).toString();
    const QJsonArray options = spec.value(QStringLiteral("syncPolicy"))
                                   .toObject()
                                   .value(QStringLiteral("syncOptions"))
                                   .toArray();
    const ResourceType *namespaces = m_registry->findByGroupResource(QStringLiteral("namespaces"));
    if (options.contains(QStringLiteral("CreateNamespace=true")) && !targetNamespace.isEmpty() &&
        namespaces) {
        Store::WriteOptions write;
        write.manager = kManager;
        write.force = true;
        m_store->apply(
            *namespaces, {}, targetNamespace,
            {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
             {QStringLiteral("kind"), QStringLiteral("Namespace")},
             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), targetNamespace}}}},
            write);
    }
}

void ArgoCdSimulation::advance(Operation &op, const QJsonObject &app) {
    while (op.step < op.steps.size()) {
        const wavesmith::SyncStep &step = op.steps.at(op.step);
        if (!op.stepApplied) {
            for (const QJsonObject &object : step.objects) {
                if (!applyObject(op, app, object, step.wave))
                    return;
            }
            op.stepApplied = true;
        }
        // The next wave starts only once every resource of this one is healthy.
        if (op.step + 1 < op.steps.size()) {
            for (const QJsonObject &object : step.objects) {
                const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
                const QString kind = object.value(QStringLiteral("kind")).toString();
                const ResourceType *type = m_registry->findByKind(apiVersion, kind);
                const Tracked *tracked = nullptr;
                const QString name = metadataOf(object).value(QStringLiteral("name")).toString();
                for (const Tracked &t : op.resources) {
                    if (t.kind == kind && t.name == name)
                        tracked = &t;
                }
                const auto live = type && tracked
                                      ? m_store->get(*type, tracked->namespace_, tracked->name)
                                      : std::nullopt;
                const auto health =
                    live ? m_health.assess(*live)
                         : std::optional<HealthResult>(HealthResult{QStringLiteral("Missing"), {}});
                if (health && health->status != kHealthy) {
                    const QString group = apiVersion.contains(QLatin1Char('/'))
                                              ? apiVersion.section(QLatin1Char('/'), 0, 0)
                                              : QString();
                    op.message = QStringLiteral("waiting for healthy state of %1/%2/%3")
                                     .arg(group, kind, name);
                    return;
                }
            }
        }
        ++op.step;
        op.stepApplied = false;
    }
    op.phase = Phase::Succeeded;
    op.finishedAt = isoNow();
    op.message = QStringLiteral("successfully synced (all tasks run)");
}

bool ArgoCdSimulation::applyObject(Operation &op, const QJsonObject &app, QJsonObject object,
                                   int wave) {
    const QString appName = metadataOf(app).value(QStringLiteral("name")).toString();
    const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
    const QString kind = object.value(QStringLiteral("kind")).toString();
    const ResourceType *found = m_registry->findByKind(apiVersion, kind);
    if (!found) {
        fail(op, QStringLiteral("one or more objects failed to apply, reason: the server could not "
                                "find the requested resource (%1 %2)")
                     .arg(apiVersion, kind));
        return false;
    }
    const ResourceType type = *found; // applying a CRD changes the registry under the pointer
    QJsonObject metadata = metadataOf(object);
    const QString name = metadata.value(QStringLiteral("name")).toString();
    QString ns = metadata.value(QStringLiteral("namespace")).toString();
    if (type.namespaced && ns.isEmpty()) {
        ns = app.value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("destination"))
                 .toObject()
                 .value(QStringLiteral("namespace"))
                 .toString();
        if (ns.isEmpty())
            ns = QStringLiteral("default");
    }
    if (!type.namespaced)
        ns.clear();
    if (ns.isEmpty())
        metadata.remove(QStringLiteral("namespace"));
    else
        metadata.insert(QStringLiteral("namespace"), ns);
    // Argo CD's default resource tracking.
    QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
    labels.insert(QStringLiteral("app.kubernetes.io/instance"), appName);
    metadata.insert(QStringLiteral("labels"), labels);
    const int delay = m_scenario.component(appName).healthyAfterMs;
    if (delay > 0 && type.group == QLatin1String("apps")) {
        QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
        annotations.insert(QStringLiteral("wavesmith.dev/test-available-after-ms"),
                           QString::number(delay));
        metadata.insert(QStringLiteral("annotations"), annotations);
    }
    object.insert(QStringLiteral("metadata"), metadata);

    Store::WriteOptions options;
    options.manager = kManager;
    options.force = true;
    const auto result = m_store->apply(type, ns, name, object, options);
    if (!result.ok()) {
        fail(op, QStringLiteral("one or more objects failed to apply, reason: %1 %2: %3")
                     .arg(kind, name, result.error->message));
        return false;
    }
    const wavesmith::SyncStep &step = op.steps.at(op.step);
    op.resources.append(
        {type.group, type.version, kind, ns, name, wave, wavesmith::syncPhaseName(step.phase)});
    if (type.group == QLatin1String("argoproj.io") && kind == QLatin1String("Application"))
        m_appliedBy.insert(name, appName);
    if (m_events)
        m_events->record(QStringLiteral("applied"), kind, ns, name, wave, appName);
    return true;
}

void ArgoCdSimulation::fail(Operation &op, const QString &message) {
    op.phase = Phase::Failed;
    op.message = message;
    op.finishedAt = isoNow();
    op.conditions = QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("SyncError")},
                                           {QStringLiteral("message"), message},
                                           {QStringLiteral("lastTransitionTime"), isoNow()}}};
}

HealthResult ArgoCdSimulation::applicationHealth(Operation &op, const QString &appName) {
    if (op.phase == Phase::None || op.resources.isEmpty())
        return {QStringLiteral("Missing"), {}};
    HealthResult worst{kHealthy, {}};
    for (const Tracked &r : op.resources) {
        if (r.kind == QLatin1String("Application") && r.name == appName)
            continue; // an app that manages itself does not affect its own health
        const QString apiVersion = r.group.isEmpty() ? r.version : r.group + u'/' + r.version;
        const ResourceType *type = m_registry->findByKind(apiVersion, r.kind);
        const auto live = type ? m_store->get(*type, r.namespace_, r.name) : std::nullopt;
        const auto health =
            live ? m_health.assess(*live)
                 : std::optional<HealthResult>(HealthResult{QStringLiteral("Missing"), {}});
        if (health && wavesmith::ResourceHealth::isWorse(health->status, worst.status))
            worst = *health;
    }
    if (op.phase == Phase::Running &&
        wavesmith::ResourceHealth::isWorse(QStringLiteral("Missing"), worst.status))
        worst = {QStringLiteral("Missing"), {}}; // later waves are not applied yet
    const Scenario::Component scenario = m_scenario.component(appName);
    const qint64 readyAt = op.startedMs + scenario.healthyAfterMs;
    if (now() < readyAt) {
        wakeAt(readyAt);
        if (worst.status == kHealthy || !scenario.degraded.isEmpty())
            worst = {QStringLiteral("Progressing"), {}};
    } else if (!scenario.degraded.isEmpty()) {
        worst = {QStringLiteral("Degraded"), scenario.degraded};
    }
    return worst;
}

void ArgoCdSimulation::writeStatus(const ResourceType &appType, const QJsonObject &app,
                                   Operation &op, const HealthResult &health,
                                   const QString &syncStatus) {
    const QJsonObject spec = app.value(QStringLiteral("spec")).toObject();
    const QJsonObject old = app.value(QStringLiteral("status")).toObject();
    const QString now = isoNow();
    QJsonObject status;
    status.insert(QStringLiteral("sync"),
                  QJsonObject{{QStringLiteral("status"), syncStatus},
                              {QStringLiteral("revision"), m_revision},
                              {QStringLiteral("comparedTo"),
                               QJsonObject{{QStringLiteral("source"), sourceOf(spec)},
                                           {QStringLiteral("destination"),
                                            spec.value(QStringLiteral("destination"))}}}});
    QJsonObject healthJson{{QStringLiteral("status"), health.status}};
    if (!health.message.isEmpty())
        healthJson.insert(QStringLiteral("message"), health.message);
    const QJsonObject oldHealth = old.value(QStringLiteral("health")).toObject();
    healthJson.insert(QStringLiteral("lastTransitionTime"),
                      oldHealth.value(QStringLiteral("status")) == health.status
                          ? oldHealth.value(QStringLiteral("lastTransitionTime"))
                          : QJsonValue(now));
    status.insert(QStringLiteral("health"), healthJson);

    QJsonArray resources;
    QJsonArray results;
    for (const Tracked &r : op.resources) {
        const QJsonObject ref{{QStringLiteral("group"), r.group},
                              {QStringLiteral("version"), r.version},
                              {QStringLiteral("kind"), r.kind},
                              {QStringLiteral("namespace"), r.namespace_},
                              {QStringLiteral("name"), r.name}};
        QJsonObject resource = ref;
        resource.insert(QStringLiteral("status"), QStringLiteral("Synced"));
        resource.insert(QStringLiteral("syncWave"), r.wave);
        resources.append(resource);
        QJsonObject result = ref;
        result.insert(QStringLiteral("status"), QStringLiteral("Synced"));
        result.insert(QStringLiteral("message"),
                      QStringLiteral("%1 serverside-applied").arg(r.name));
        result.insert(QStringLiteral("syncPhase"), r.syncPhase);
        results.append(result);
    }
    status.insert(QStringLiteral("resources"), resources);
    status.insert(QStringLiteral("resourceHealthSource"), QStringLiteral("appTree"));
    if (!op.conditions.isEmpty())
        status.insert(QStringLiteral("conditions"), op.conditions);
    if (op.phase != Phase::None) {
        static const QStringList phases = {QString(), QStringLiteral("Running"),
                                           QStringLiteral("Succeeded"), QStringLiteral("Failed")};
        const QJsonObject requested = app.value(QStringLiteral("operation")).toObject();
        QJsonObject operation{
            {QStringLiteral("initiatedBy"), QJsonObject{{QStringLiteral("automated"), true}}},
            {QStringLiteral("sync"), QJsonObject{{QStringLiteral("revision"), m_revision},
                                                 {QStringLiteral("prune"), true},
                                                 {QStringLiteral("syncOptions"),
                                                  spec.value(QStringLiteral("syncPolicy"))
                                                      .toObject()
                                                      .value(QStringLiteral("syncOptions"))}}},
            {QStringLiteral("retry"), QJsonObject{{QStringLiteral("limit"), 5}}}};
        const QJsonObject oldOperation = old.value(QStringLiteral("operationState"))
                                             .toObject()
                                             .value(QStringLiteral("operation"))
                                             .toObject();
        if (!requested.isEmpty())
            operation = requested;
        else if (!oldOperation.isEmpty() &&
                 op.startedAt == old.value(QStringLiteral("operationState"))
                                     .toObject()
                                     .value(QStringLiteral("startedAt"))
                                     .toString())
            operation = oldOperation; // the same operation keeps what started it
        QJsonObject state{
            {QStringLiteral("operation"), operation},
            {QStringLiteral("phase"), phases.at(int(op.phase))},
            {QStringLiteral("message"), op.message},
            {QStringLiteral("startedAt"), op.startedAt},
            {QStringLiteral("syncResult"), QJsonObject{{QStringLiteral("revision"), m_revision},
                                                       {QStringLiteral("source"), sourceOf(spec)},
                                                       {QStringLiteral("resources"), results}}}};
        if (!op.finishedAt.isEmpty())
            state.insert(QStringLiteral("finishedAt"), op.finishedAt);
        status.insert(QStringLiteral("operationState"), state);
    }
    status.insert(QStringLiteral("reconciledAt"), old.value(QStringLiteral("reconciledAt")));
    const bool requested = app.contains(QStringLiteral("operation"));
    if (status == old && !requested)
        return;
    status.insert(QStringLiteral("reconciledAt"), now);
    QJsonObject next = app;
    next.insert(QStringLiteral("status"), status);
    next.remove(QStringLiteral("operation")); // the controller clears a finished request
    Store::WriteOptions options;
    options.manager = QStringLiteral("argocd-application-controller");
    options.subresource = appType.hasStatus ? QStringLiteral("status") : QString();
    m_store->update(appType, next, options);

    if (health.status != op.health && m_events) {
        const QString name = metadataOf(app).value(QStringLiteral("name")).toString();
        QString parent = m_appliedBy.value(name);
        if (parent.isEmpty())
            parent = ownerAppSet(app);
        if (health.status == kHealthy || health.status == QLatin1String("Degraded"))
            m_events->record(
                health.status == kHealthy ? QStringLiteral("healthy") : QStringLiteral("degraded"),
                QStringLiteral("Application"), kArgocd, name, wavesmith::syncWaveOf(app), parent);
    }
    op.health = health.status;
}
