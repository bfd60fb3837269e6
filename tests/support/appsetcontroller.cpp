#include "appsetcontroller.h"

#include "eventlog.h"
#include "repourl.h"
#include "resourceregistry.h"
#include "selector.h"

#include <wavesmith/sim.h>

#include <QDateTime>
#include <QJsonArray>

namespace {

const QString kManager = QStringLiteral("argocd-applicationset-controller");
const QString kArgocd = QStringLiteral("argocd");

QString nameOf(const QJsonObject &o) {
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

bool ownedBy(const QJsonObject &app, const QString &setName) {
    const QJsonArray owners = app.value(QStringLiteral("metadata"))
                                  .toObject()
                                  .value(QStringLiteral("ownerReferences"))
                                  .toArray();
    for (const QJsonValue &o : owners) {
        if (o[QStringLiteral("kind")] == QStringLiteral("ApplicationSet") &&
            o[QStringLiteral("name")] == setName)
            return true;
    }
    return false;
}

QJsonObject condition(const QString &type, bool status, const QString &reason,
                      const QString &message, const QString &now) {
    return {{QStringLiteral("type"), type},
            {QStringLiteral("status"), status ? QStringLiteral("True") : QStringLiteral("False")},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("message"), message},
            {QStringLiteral("lastTransitionTime"), now}};
}

} // namespace

AppSetController::AppSetController(Store *store, ResourceRegistry *registry, const QString &repoDir,
                                   const QString &repoUrl, EventLog *events, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry)
    , m_repoDir(repoDir)
    , m_repoUrl(repoUrl)
    , m_events(events) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &AppSetController::reconcile);
    connect(store, &Store::objectChanged, this, &AppSetController::onObjectChanged);
}

void AppSetController::onObjectChanged(const Store::Event &event) {
    // Reconcile after the write that announced the change has returned (no re-entry).
    if (event.groupResource == QStringLiteral("applicationsets.argoproj.io") ||
        event.groupResource == QStringLiteral("applications.argoproj.io"))
        m_timer.start();
}

void AppSetController::reconcile() {
    const ResourceType *setType =
        m_registry->findByGroupResource(QStringLiteral("applicationsets.argoproj.io"));
    const ResourceType *appType =
        m_registry->findByGroupResource(QStringLiteral("applications.argoproj.io"));
    if (!setType || !appType)
        return;
    const ResourceType sets = *setType;
    const ResourceType apps = *appType;
    QString error;
    const auto everything = Selector::parse({}, {}, &error);
    for (const QJsonObject &set : m_store->list(sets, kArgocd, *everything))
        reconcileSet(sets, apps, set);
}

void AppSetController::reconcileSet(const ResourceType &setType, const ResourceType &appType,
                                    const QJsonObject &set) {
    const QString setName = nameOf(set);
    const QJsonObject spec = set.value(QStringLiteral("spec")).toObject();
    const QJsonObject templ = spec.value(QStringLiteral("template")).toObject();
    QStringList paths;
    QString error;
    for (const QJsonValue &generator : spec.value(QStringLiteral("generators")).toArray()) {
        const QJsonObject git = generator[QStringLiteral("git")].toObject();
        if (git.isEmpty()) {
            error = QStringLiteral("the simulation only runs git directory generators");
            continue;
        }
        const QString repoURL = git.value(QStringLiteral("repoURL")).toString();
        if (!sameRepoUrl(repoURL, m_repoUrl)) {
            error = QStringLiteral("repository %1 is not served by the simulation").arg(repoURL);
            continue;
        }
        QList<wavesmith::DirectoryEntry> entries;
        for (const QJsonValue &d : git.value(QStringLiteral("directories")).toArray())
            entries.append(
                {d[QStringLiteral("path")].toString(), d[QStringLiteral("exclude")].toBool()});
        paths += wavesmith::matchGitDirectories(m_repoDir, entries);
    }

    QStringList generated;
    Store::WriteOptions options;
    options.manager = kManager;
    options.force = true;
    const QJsonObject setMeta = set.value(QStringLiteral("metadata")).toObject();
    for (const QString &path : paths) {
        const QJsonObject expanded = wavesmith::expandAppSetTemplate(templ, path);
        QJsonObject metadata = expanded.value(QStringLiteral("metadata")).toObject();
        const QString name = metadata.value(QStringLiteral("name")).toString();
        if (name.isEmpty() || generated.contains(name))
            continue;
        metadata.insert(QStringLiteral("namespace"), kArgocd);
        metadata.insert(
            QStringLiteral("ownerReferences"),
            QJsonArray{QJsonObject{{QStringLiteral("apiVersion"), setType.apiVersion()},
                                   {QStringLiteral("kind"), QStringLiteral("ApplicationSet")},
                                   {QStringLiteral("name"), setName},
                                   {QStringLiteral("uid"), setMeta.value(QStringLiteral("uid"))},
                                   {QStringLiteral("controller"), true},
                                   {QStringLiteral("blockOwnerDeletion"), true}}});
        const QJsonObject app{{QStringLiteral("apiVersion"), appType.apiVersion()},
                              {QStringLiteral("kind"), QStringLiteral("Application")},
                              {QStringLiteral("metadata"), metadata},
                              {QStringLiteral("spec"), expanded.value(QStringLiteral("spec"))}};
        const bool existed = m_store->get(appType, kArgocd, name).has_value();
        const auto result = m_store->apply(appType, kArgocd, name, app, options);
        if (!result.ok()) {
            error = QStringLiteral("Application %1: %2").arg(name, result.error->message);
            continue;
        }
        generated.append(name);
        if (!existed && m_events)
            m_events->record(QStringLiteral("applied"), QStringLiteral("Application"), kArgocd,
                             name, wavesmith::syncWaveOf(app), setName);
    }
    // Applications the set no longer generates are deleted, as with the default policy (sync).
    QString parseError;
    const auto everything = Selector::parse({}, {}, &parseError);
    for (const QJsonObject &app : m_store->list(appType, kArgocd, *everything)) {
        if (ownedBy(app, setName) && !generated.contains(nameOf(app)))
            m_store->remove(appType, kArgocd, nameOf(app), options);
    }
    writeStatus(setType, set, error, generated);
}

void AppSetController::writeStatus(const ResourceType &setType, const QJsonObject &set,
                                   const QString &error, const QStringList &applications) {
    const QJsonObject old = set.value(QStringLiteral("status")).toObject();
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const bool failed = !error.isEmpty();
    QJsonArray conditions{
        condition(QStringLiteral("ErrorOccurred"), failed,
                  failed ? QStringLiteral("ApplicationGenerationFromParamsError")
                         : QStringLiteral("ApplicationSetUpToDate"),
                  failed ? error
                         : QStringLiteral("All applications have been generated successfully"),
                  now),
        condition(QStringLiteral("ParametersGenerated"), true,
                  QStringLiteral("ParametersGenerated"),
                  QStringLiteral("Successfully generated parameters for all Applications"), now),
        condition(QStringLiteral("ResourcesUpToDate"), !failed,
                  failed ? QStringLiteral("ApplicationGenerationFromParamsError")
                         : QStringLiteral("ApplicationSetUpToDate"),
                  failed ? error
                         : QStringLiteral("All applications have been generated successfully"),
                  now)};
    // Keep the old transition times when nothing changed, so an unchanged set is not rewritten.
    const QJsonArray oldConditions = old.value(QStringLiteral("conditions")).toArray();
    for (qsizetype i = 0; i < conditions.size() && i < oldConditions.size(); ++i) {
        QJsonObject c = conditions[i].toObject();
        c.insert(QStringLiteral("lastTransitionTime"),
                 oldConditions[i][QStringLiteral("lastTransitionTime")]);
        if (c == oldConditions[i].toObject())
            conditions[i] = c;
    }
    QJsonArray resources;
    for (const QString &name : applications)
        resources.append(QJsonObject{{QStringLiteral("group"), QStringLiteral("argoproj.io")},
                                     {QStringLiteral("version"), QStringLiteral("v1alpha1")},
                                     {QStringLiteral("kind"), QStringLiteral("Application")},
                                     {QStringLiteral("namespace"), kArgocd},
                                     {QStringLiteral("name"), name}});
    const QJsonObject status{{QStringLiteral("conditions"), conditions},
                             {QStringLiteral("resources"), resources}};
    if (status == old)
        return;
    QJsonObject next = set;
    next.insert(QStringLiteral("status"), status);
    Store::WriteOptions options;
    options.manager = kManager;
    options.subresource = setType.hasStatus ? QStringLiteral("status") : QString();
    m_store->update(setType, next, options);
}
