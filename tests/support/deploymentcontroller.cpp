#include "deploymentcontroller.h"

#include "resourceregistry.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

namespace {

bool isWorkload(const QString &groupResource) {
    return groupResource == QStringLiteral("deployments.apps") ||
           groupResource == QStringLiteral("statefulsets.apps");
}

qint64 generationOf(const QJsonObject &o) {
    return o.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("generation"))
        .toInteger();
}

bool needsStatus(const QJsonObject &o) {
    const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
    if (meta.value(QStringLiteral("annotations"))
            .toObject()
            .value(QStringLiteral("wavesmith.dev/test-available")) == QStringLiteral("false"))
        return false;
    return o.value(QStringLiteral("status"))
               .toObject()
               .value(QStringLiteral("observedGeneration"))
               .toInteger() != generationOf(o);
}

QJsonObject condition(const QString &type, const QString &reason, const QString &message,
                      const QString &now) {
    return {
        {QStringLiteral("type"), type},          {QStringLiteral("status"), QStringLiteral("True")},
        {QStringLiteral("reason"), reason},      {QStringLiteral("message"), message},
        {QStringLiteral("lastUpdateTime"), now}, {QStringLiteral("lastTransitionTime"), now}};
}

} // namespace

DeploymentController::DeploymentController(Store *store, ResourceRegistry *registry,
                                           QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry) {
    connect(store, &Store::objectChanged, this, &DeploymentController::onObjectChanged);
}

void DeploymentController::onObjectChanged(const Store::Event &event) {
    if (!m_enabled || event.type == Store::EventType::Deleted || !isWorkload(event.groupResource) ||
        !needsStatus(event.object))
        return;
    const QJsonObject meta = event.object.value(QStringLiteral("metadata")).toObject();
    const QString ns = meta.value(QStringLiteral("namespace")).toString();
    const QString name = meta.value(QStringLiteral("name")).toString();
    const QString groupResource = event.groupResource;
    // A per-object delay (the Argo CD simulation sets it from the scenario) wins over the default.
    bool hasDelay = false;
    const int delay = meta.value(QStringLiteral("annotations"))
                          .toObject()
                          .value(QStringLiteral("wavesmith.dev/test-available-after-ms"))
                          .toString()
                          .toInt(&hasDelay);
    QTimer::singleShot(hasDelay && delay >= 0 ? delay : m_delay, this,
                       [this, groupResource, ns, name] { markAvailable(groupResource, ns, name); });
}

void DeploymentController::markAvailable(const QString &groupResource, const QString &ns,
                                         const QString &name) {
    const ResourceType *type = m_registry->findByGroupResource(groupResource);
    if (!type)
        return;
    const ResourceType copy = *type;
    const auto object = m_store->get(copy, ns, name);
    if (!object || !needsStatus(*object))
        return;
    const int replicas =
        object->value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas")).toInt(1);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QJsonObject status{{QStringLiteral("observedGeneration"), generationOf(*object)},
                       {QStringLiteral("replicas"), replicas},
                       {QStringLiteral("updatedReplicas"), replicas},
                       {QStringLiteral("readyReplicas"), replicas},
                       {QStringLiteral("availableReplicas"), replicas}};
    if (copy.kind == QStringLiteral("Deployment")) {
        status.insert(
            QStringLiteral("conditions"),
            QJsonArray{
                condition(QStringLiteral("Available"), QStringLiteral("MinimumReplicasAvailable"),
                          QStringLiteral("Deployment has minimum availability."), now),
                condition(
                    QStringLiteral("Progressing"), QStringLiteral("NewReplicaSetAvailable"),
                    QStringLiteral("ReplicaSet \"%1\" has successfully progressed.").arg(name),
                    now)});
    } else {
        status.insert(QStringLiteral("currentReplicas"), replicas);
    }
    QJsonObject next = *object;
    next.insert(QStringLiteral("status"), status);
    Store::WriteOptions options;
    options.manager = QStringLiteral("kube-controller-manager");
    options.subresource = QStringLiteral("status");
    m_store->update(copy, next, options);
}
