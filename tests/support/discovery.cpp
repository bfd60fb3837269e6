#include "discovery.h"

#include "resourceregistry.h"

#include <QJsonArray>

namespace {

QJsonArray toArray(const QStringList &list) {
    return QJsonArray::fromStringList(list);
}

QJsonObject groupVersionObject(const QString &group, const QString &version) {
    return {{QStringLiteral("groupVersion"), group + u'/' + version},
            {QStringLiteral("version"), version}};
}

} // namespace

Discovery::Discovery(const ResourceRegistry *registry)
    : m_registry(registry) {}

QByteArray Discovery::aggregatedContentType() {
    return QByteArrayLiteral(
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
}

QJsonObject Discovery::aggregated(bool core) const {
    QJsonArray items;
    QStringList groups;
    const auto types = m_registry->types();
    for (const ResourceType &t : types) {
        if ((t.group.isEmpty()) == core && !groups.contains(t.group))
            groups << t.group;
    }
    for (const QString &group : groups) {
        QStringList versions;
        for (const ResourceType &t : types) {
            if (t.group == group && !versions.contains(t.version))
                versions << t.version;
        }
        QJsonArray versionItems;
        for (const QString &version : versions) {
            QJsonArray resources;
            for (const ResourceType &t : types) {
                if (t.group != group || t.version != version)
                    continue;
                const QJsonObject responseKind{{QStringLiteral("group"), t.group},
                                               {QStringLiteral("version"), t.version},
                                               {QStringLiteral("kind"), t.kind}};
                QJsonArray subresources;
                if (t.hasStatus) {
                    subresources << QJsonObject{
                        {QStringLiteral("subresource"), QStringLiteral("status")},
                        {QStringLiteral("responseKind"), responseKind},
                        {QStringLiteral("verbs"),
                         QJsonArray{QStringLiteral("get"), QStringLiteral("patch"),
                                    QStringLiteral("update")}}};
                }
                resources << QJsonObject{
                    {QStringLiteral("resource"), t.resource},
                    {QStringLiteral("singularResource"), t.singular},
                    {QStringLiteral("scope"),
                     t.namespaced ? QStringLiteral("Namespaced") : QStringLiteral("Cluster")},
                    {QStringLiteral("responseKind"), responseKind},
                    {QStringLiteral("verbs"), toArray(t.verbs())},
                    {QStringLiteral("shortNames"), toArray(t.shortNames)},
                    {QStringLiteral("categories"), toArray(t.categories)},
                    {QStringLiteral("subresources"), subresources}};
            }
            versionItems << QJsonObject{{QStringLiteral("version"), version},
                                        {QStringLiteral("freshness"), QStringLiteral("Current")},
                                        {QStringLiteral("resources"), resources}};
        }
        items << QJsonObject{
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), group}}},
            {QStringLiteral("versions"), versionItems}};
    }
    return {{QStringLiteral("kind"), QStringLiteral("APIGroupDiscoveryList")},
            {QStringLiteral("apiVersion"), QStringLiteral("apidiscovery.k8s.io/v2")},
            {QStringLiteral("metadata"), QJsonObject()},
            {QStringLiteral("items"), items}};
}

QJsonObject Discovery::apiVersions(const QString &serverAddress) const {
    return {{QStringLiteral("kind"), QStringLiteral("APIVersions")},
            {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
            {QStringLiteral("serverAddressByClientCIDRs"),
             QJsonArray{QJsonObject{{QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                                    {QStringLiteral("serverAddress"), serverAddress}}}}};
}

QJsonObject Discovery::groupList() const {
    QJsonArray groups;
    QStringList seen;
    for (const ResourceType &t : m_registry->types()) {
        if (t.group.isEmpty() || seen.contains(t.group))
            continue;
        seen << t.group;
        groups << *group(t.group);
    }
    return {{QStringLiteral("kind"), QStringLiteral("APIGroupList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("groups"), groups}};
}

std::optional<QJsonObject> Discovery::group(const QString &name) const {
    QJsonArray versions;
    QStringList seen;
    for (const ResourceType &t : m_registry->types()) {
        if (t.group == name && !seen.contains(t.version)) {
            seen << t.version;
            versions << groupVersionObject(t.group, t.version);
        }
    }
    if (versions.isEmpty())
        return std::nullopt;
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIGroup")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("versions"), versions},
                       {QStringLiteral("preferredVersion"), versions.first()}};
}

std::optional<QJsonObject> Discovery::resourceList(const QString &groupVersion) const {
    QJsonArray resources;
    for (const ResourceType &t : m_registry->types()) {
        if (t.apiVersion() != groupVersion)
            continue;
        resources << QJsonObject{{QStringLiteral("name"), t.resource},
                                 {QStringLiteral("singularName"), t.singular},
                                 {QStringLiteral("namespaced"), t.namespaced},
                                 {QStringLiteral("kind"), t.kind},
                                 {QStringLiteral("verbs"), toArray(t.verbs())},
                                 {QStringLiteral("shortNames"), toArray(t.shortNames)},
                                 {QStringLiteral("categories"), toArray(t.categories)}};
        if (t.hasStatus) {
            resources << QJsonObject{
                {QStringLiteral("name"), t.resource + QStringLiteral("/status")},
                {QStringLiteral("singularName"), QString()},
                {QStringLiteral("namespaced"), t.namespaced},
                {QStringLiteral("kind"), t.kind},
                {QStringLiteral("verbs"), QJsonArray{QStringLiteral("get"), QStringLiteral("patch"),
                                                     QStringLiteral("update")}}};
        }
    }
    if (resources.isEmpty())
        return std::nullopt;
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIResourceList")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("groupVersion"), groupVersion},
                       {QStringLiteral("resources"), resources}};
}
