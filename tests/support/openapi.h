#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

class ResourceRegistry;

// The OpenAPI v3 stub `kubectl apply` needs to trust our field validation (notes §3): an index
// of group-versions and, per group-version, PATCH operations tagged with their GVK.
class OpenApi {
public:
    explicit OpenApi(const ResourceRegistry *registry);

    QJsonObject index() const;
    // key: "api/v1" or "apis/G/V"
    std::optional<QJsonObject> document(const QString &key) const;

private:
    const ResourceRegistry *m_registry;
};
