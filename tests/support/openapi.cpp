#include "openapi.h"

#include "resourceregistry.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

QString keyOf(const ResourceType &t) {
    return t.group.isEmpty() ? QStringLiteral("api/") + t.version
                             : QStringLiteral("apis/") + t.apiVersion();
}

QJsonObject patchOperation(const ResourceType &t) {
    const QJsonObject param{{QStringLiteral("name"), QStringLiteral("fieldValidation")},
                            {QStringLiteral("in"), QStringLiteral("query")},
                            {QStringLiteral("schema"),
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}};
    return {{QStringLiteral("x-kubernetes-group-version-kind"),
             QJsonObject{{QStringLiteral("group"), t.group},
                         {QStringLiteral("version"), t.version},
                         {QStringLiteral("kind"), t.kind}}},
            {QStringLiteral("parameters"), QJsonArray{param}},
            {QStringLiteral("responses"), QJsonObject()}};
}

} // namespace

OpenApi::OpenApi(const ResourceRegistry *registry)
    : m_registry(registry) {}

std::optional<QJsonObject> OpenApi::document(const QString &key) const {
    QJsonObject paths;
    for (const ResourceType &t : m_registry->types()) {
        if (keyOf(t) != key)
            continue;
        const QString path =
            t.namespaced
                ? QStringLiteral("/%1/namespaces/{namespace}/%2/{name}").arg(key, t.resource)
                : QStringLiteral("/%1/%2/{name}").arg(key, t.resource);
        paths.insert(path, QJsonObject{{QStringLiteral("patch"), patchOperation(t)}});
    }
    if (paths.isEmpty())
        return std::nullopt;
    return QJsonObject{{QStringLiteral("openapi"), QStringLiteral("3.0.0")},
                       {QStringLiteral("info"),
                        QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                                    {QStringLiteral("version"), QStringLiteral("v1.32.0")}}},
                       {QStringLiteral("paths"), paths},
                       {QStringLiteral("components"), QJsonObject()}};
}

QJsonObject OpenApi::index() const {
    QJsonObject paths;
    for (const ResourceType &t : m_registry->types()) {
        const QString key = keyOf(t);
        if (paths.contains(key))
            continue;
        // The hash is of the document itself, so it changes exactly when the document does.
        const QByteArray body = QJsonDocument(*document(key)).toJson(QJsonDocument::Compact);
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(body, QCryptographicHash::Sha512).toHex().toUpper());
        paths.insert(key, QJsonObject{{QStringLiteral("serverRelativeURL"),
                                       QStringLiteral("/openapi/v3/%1?hash=%2").arg(key, hash)}});
    }
    return {{QStringLiteral("paths"), paths}};
}
