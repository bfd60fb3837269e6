#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

class ResourceRegistry;

// Aggregated (apidiscovery.k8s.io/v2) and legacy discovery documents (notes §2), built from the
// registry on every request so a new CRD group shows up at once.
class Discovery {
public:
    explicit Discovery(const ResourceRegistry *registry);

    static QByteArray aggregatedContentType();
    // /api (core only) or /apis (every named group).
    QJsonObject aggregated(bool core) const;
    QJsonObject apiVersions(const QString &serverAddress) const;
    QJsonObject groupList() const;
    std::optional<QJsonObject> group(const QString &name) const;
    std::optional<QJsonObject> resourceList(const QString &groupVersion) const;

private:
    const ResourceRegistry *m_registry;
};
