#pragma once

#include "resourcetype.h"

#include <QString>

#include <optional>

class ResourceRegistry;

// Turns /api/v1/namespaces/NS/RESOURCE/NAME/SUB (and the /apis/G/V and cluster-scoped forms)
// into a resource type and names.
struct ResourceRoute {
    ResourceType type;
    QString ns;
    QString name;        // empty for a collection
    QString subresource; // "" or "status"
};

class Router {
public:
    // nullopt: not a resource path (or an unknown resource).
    static std::optional<ResourceRoute> parse(const QString &path,
                                              const ResourceRegistry &registry);
};
