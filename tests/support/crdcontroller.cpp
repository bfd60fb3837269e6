#include "crdcontroller.h"

#include "resourceregistry.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

namespace {

const QString crdResource = QStringLiteral("customresourcedefinitions.apiextensions.k8s.io");

QJsonObject chosenVersion(const QJsonObject &spec) {
    const QJsonArray versions = spec.value(QStringLiteral("versions")).toArray();
    for (const QJsonValue &v : versions) {
        if (v[QStringLiteral("storage")].toBool())
            return v.toObject();
    }
    return versions.isEmpty() ? QJsonObject() : versions.first().toObject();
}

QJsonObject acceptedNames(const QJsonObject &spec) {
    QJsonObject names = spec.value(QStringLiteral("names")).toObject();
    if (!names.contains(QStringLiteral("singular")))
        names.insert(QStringLiteral("singular"),
                     names.value(QStringLiteral("kind")).toString().toLower());
    if (!names.contains(QStringLiteral("listKind")))
        names.insert(QStringLiteral("listKind"),
                     names.value(QStringLiteral("kind")).toString() + QStringLiteral("List"));
    return names;
}

} // namespace

CrdController::CrdController(Store *store, ResourceRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry) {
    connect(store, &Store::objectChanged, this, &CrdController::onObjectChanged);
}

ResourceType CrdController::typeFromCrd(const QJsonObject &crd) {
    const QJsonObject spec = crd.value(QStringLiteral("spec")).toObject();
    const QJsonObject names = acceptedNames(spec);
    const QJsonObject version = chosenVersion(spec);
    ResourceType t;
    t.group = spec.value(QStringLiteral("group")).toString();
    t.version = version.value(QStringLiteral("name")).toString();
    t.resource = names.value(QStringLiteral("plural")).toString();
    t.singular = names.value(QStringLiteral("singular")).toString();
    t.kind = names.value(QStringLiteral("kind")).toString();
    t.namespaced = spec.value(QStringLiteral("scope")).toString() != QStringLiteral("Cluster");
    for (const QJsonValue &v : names.value(QStringLiteral("shortNames")).toArray())
        t.shortNames << v.toString();
    for (const QJsonValue &v : names.value(QStringLiteral("categories")).toArray())
        t.categories << v.toString();
    t.hasStatus =
        version.value(QStringLiteral("subresources")).toObject().contains(QStringLiteral("status"));
    t.builtin = false;
    for (const QJsonValue &v :
         version.value(QStringLiteral("additionalPrinterColumns")).toArray()) {
        PrinterColumn c;
        c.name = v[QStringLiteral("name")].toString();
        c.type = v[QStringLiteral("type")].toString();
        c.format = v[QStringLiteral("format")].toString();
        c.description = v[QStringLiteral("description")].toString();
        c.jsonPath = v[QStringLiteral("jsonPath")].toString();
        c.priority = v[QStringLiteral("priority")].toInt();
        t.columns << c;
    }
    return t;
}

void CrdController::onObjectChanged(const Store::Event &event) {
    if (event.groupResource != crdResource)
        return;
    const ResourceType type = typeFromCrd(event.object);
    if (type.group.isEmpty() || type.resource.isEmpty() || type.version.isEmpty())
        return;
    if (event.type == Store::EventType::Deleted) {
        m_store->removeAll(type.groupResource());
        m_registry->remove(type.groupResource());
        return;
    }
    // Registered synchronously: the next discovery request already lists the kind.
    m_registry->add(type);
    const QString name = event.object.value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("name"))
                             .toString();
    // The status write is a second write, as in a real cluster, made after the current one
    // has returned.
    QTimer::singleShot(0, this, [this, name] { establish(name); });
}

void CrdController::establish(const QString &name) {
    const ResourceType *crdType = m_registry->findByGroupResource(crdResource);
    const auto crd = m_store->get(*crdType, {}, name);
    if (!crd)
        return;
    const QJsonObject spec = crd->value(QStringLiteral("spec")).toObject();
    const QJsonObject names = acceptedNames(spec);
    const QJsonObject current = crd->value(QStringLiteral("status")).toObject();
    if (current.value(QStringLiteral("acceptedNames")) == names &&
        current.value(QStringLiteral("conditions")).toArray().size() >= 2)
        return;
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QJsonObject status{
        {QStringLiteral("conditions"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("NamesAccepted")},
                                {QStringLiteral("status"), QStringLiteral("True")},
                                {QStringLiteral("reason"), QStringLiteral("NoConflicts")},
                                {QStringLiteral("message"), QStringLiteral("no conflicts found")},
                                {QStringLiteral("lastTransitionTime"), now}},
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("Established")},
                                {QStringLiteral("status"), QStringLiteral("True")},
                                {QStringLiteral("reason"), QStringLiteral("InitialNamesAccepted")},
                                {QStringLiteral("message"),
                                 QStringLiteral("the initial names have been accepted")},
                                {QStringLiteral("lastTransitionTime"), now}}}},
        {QStringLiteral("acceptedNames"), names},
        {QStringLiteral("storedVersions"),
         QJsonArray{chosenVersion(spec).value(QStringLiteral("name"))}}};
    QJsonObject next = *crd;
    next.insert(QStringLiteral("status"), status);
    Store::WriteOptions options;
    options.manager = QStringLiteral("kube-apiserver");
    options.subresource = QStringLiteral("status");
    m_store->update(*crdType, next, options);
}
