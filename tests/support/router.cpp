#include "router.h"

#include "resourceregistry.h"

#include <QStringList>

std::optional<ResourceRoute> Router::parse(const QString &path, const ResourceRegistry &registry) {
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    QString group;
    QString version;
    QStringList rest;
    if (parts.size() >= 3 && parts.first() == QStringLiteral("api")) {
        version = parts.at(1);
        rest = parts.mid(2);
    } else if (parts.size() >= 4 && parts.first() == QStringLiteral("apis")) {
        group = parts.at(1);
        version = parts.at(2);
        rest = parts.mid(3);
    } else {
        return std::nullopt;
    }

    ResourceRoute route;
    // namespaces/NS/RESOURCE… is a namespaced path when RESOURCE is a namespaced kind here.
    if (rest.size() >= 3 && rest.first() == QStringLiteral("namespaces")) {
        if (const ResourceType *t = registry.find(group, version, rest.at(2)); t && t->namespaced) {
            route.type = *t;
            route.ns = rest.at(1);
            rest = rest.mid(2);
            route.name = rest.value(1);
            route.subresource = rest.value(2);
            if (rest.size() > 3)
                return std::nullopt;
            return route;
        }
    }
    const ResourceType *t = registry.find(group, version, rest.first());
    if (!t || rest.size() > 3)
        return std::nullopt;
    route.type = *t;
    route.name = rest.value(1);
    route.subresource = rest.value(2);
    return route;
}
