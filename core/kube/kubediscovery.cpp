#include "kubediscovery.h"

#include <QJsonArray>

namespace wavesmith {

const QByteArray aggregatedDiscoveryAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
    "application/json";

namespace {

QStringList strings(const QJsonValue &value) {
    QStringList result;
    for (const QJsonValue &item : value.toArray())
        result << item.toString();
    return result;
}

} // namespace

bool isAggregatedDiscovery(const QByteArray &contentType) {
    // Parameters may come in any order and with spaces.
    QByteArray compact = contentType;
    compact.replace(' ', "");
    const QList<QByteArray> parts = compact.split(';');
    return parts.contains("as=APIGroupDiscoveryList") && parts.contains("g=apidiscovery.k8s.io");
}

QList<KubeResource> parseAggregatedDiscovery(const QJsonObject &list) {
    QList<KubeResource> result;
    for (const QJsonValue &groupValue : list.value(QStringLiteral("items")).toArray()) {
        const QJsonObject group = groupValue.toObject();
        const QString groupName = group.value(QStringLiteral("metadata"))
                                      .toObject()
                                      .value(QStringLiteral("name"))
                                      .toString();
        for (const QJsonValue &versionValue : group.value(QStringLiteral("versions")).toArray()) {
            const QJsonObject version = versionValue.toObject();
            const QString versionName = version.value(QStringLiteral("version")).toString();
            for (const QJsonValue &resourceValue :
                 version.value(QStringLiteral("resources")).toArray()) {
                const QJsonObject resource = resourceValue.toObject();
                const QJsonObject responseKind =
                    resource.value(QStringLiteral("responseKind")).toObject();
                if (responseKind.isEmpty())
                    continue; // client-go drops resources without a responseKind
                KubeResource r;
                r.group = groupName;
                r.version = versionName;
                r.kind = responseKind.value(QStringLiteral("kind")).toString();
                r.plural = resource.value(QStringLiteral("resource")).toString();
                r.singular = resource.value(QStringLiteral("singularResource")).toString();
                r.namespaced = resource.value(QStringLiteral("scope")).toString() ==
                               QLatin1String("Namespaced");
                r.verbs = strings(resource.value(QStringLiteral("verbs")));
                r.shortNames = strings(resource.value(QStringLiteral("shortNames")));
                if (!r.kind.isEmpty() && !r.plural.isEmpty())
                    result << r;
            }
        }
    }
    return result;
}

QStringList legacyGroupVersionPaths(const QJsonObject &document) {
    QStringList paths;
    if (document.value(QStringLiteral("kind")).toString() == QLatin1String("APIVersions")) {
        for (const QString &version : strings(document.value(QStringLiteral("versions"))))
            paths << QStringLiteral("/api/") + version;
        return paths;
    }
    for (const QJsonValue &groupValue : document.value(QStringLiteral("groups")).toArray()) {
        for (const QJsonValue &version :
             groupValue.toObject().value(QStringLiteral("versions")).toArray())
            paths << QStringLiteral("/apis/") +
                         version.toObject().value(QStringLiteral("groupVersion")).toString();
    }
    return paths;
}

QList<KubeResource> parseResourceList(const QJsonObject &list) {
    QList<KubeResource> result;
    const QString groupVersion = list.value(QStringLiteral("groupVersion")).toString();
    const qsizetype slash = groupVersion.indexOf(QLatin1Char('/'));
    const QString group = slash < 0 ? QString() : groupVersion.left(slash);
    const QString version = slash < 0 ? groupVersion : groupVersion.mid(slash + 1);
    for (const QJsonValue &value : list.value(QStringLiteral("resources")).toArray()) {
        const QJsonObject resource = value.toObject();
        KubeResource r;
        r.plural = resource.value(QStringLiteral("name")).toString();
        if (r.plural.contains(QLatin1Char('/')))
            continue; // a subresource such as deployments/status
        // The URL uses the list's group-version (APIResource.group/version name the kind's
        // preferred home, not where it is served here).
        r.group = group;
        r.version = version;
        r.kind = resource.value(QStringLiteral("kind")).toString();
        r.singular = resource.value(QStringLiteral("singularName")).toString();
        r.namespaced = resource.value(QStringLiteral("namespaced")).toBool();
        r.verbs = strings(resource.value(QStringLiteral("verbs")));
        r.shortNames = strings(resource.value(QStringLiteral("shortNames")));
        if (!r.kind.isEmpty())
            result << r;
    }
    return result;
}

} // namespace wavesmith
