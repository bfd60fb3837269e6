#include "resourceregistry.h"

namespace {

ResourceType builtin(const QString &group, const QString &version, const QString &resource,
                     const QString &singular, const QString &kind, bool namespaced,
                     QStringList shortNames = {}, bool hasStatus = false) {
    ResourceType t;
    t.group = group;
    t.version = version;
    t.resource = resource;
    t.singular = singular;
    t.kind = kind;
    t.namespaced = namespaced;
    t.shortNames = std::move(shortNames);
    t.hasStatus = hasStatus;
    return t;
}

PrinterColumn column(const QString &name, const QString &jsonPath,
                     const QString &type = QStringLiteral("string"), int priority = 0) {
    PrinterColumn c;
    c.name = name;
    c.jsonPath = jsonPath;
    c.type = type;
    c.priority = priority;
    return c;
}

// What Argo CD's install.yaml needs (notes §7), plus nodes for `kubectl get nodes`.
QList<ResourceType> builtinTypes() {
    const QString core;
    const QString v1 = QStringLiteral("v1");
    const QString apps = QStringLiteral("apps");
    const QString rbac = QStringLiteral("rbac.authorization.k8s.io");
    QList<ResourceType> types;
    auto ns = builtin(core, v1, QStringLiteral("namespaces"), QStringLiteral("namespace"),
                      QStringLiteral("Namespace"), false, {QStringLiteral("ns")}, true);
    ns.columns = {column(QStringLiteral("Status"), QStringLiteral(".status.phase"))};
    types << ns;
    auto cm = builtin(core, v1, QStringLiteral("configmaps"), QStringLiteral("configmap"),
                      QStringLiteral("ConfigMap"), true, {QStringLiteral("cm")});
    cm.columns = {
        column(QStringLiteral("Data"), QStringLiteral("#count .data"), QStringLiteral("integer"))};
    types << cm;
    auto secret = builtin(core, v1, QStringLiteral("secrets"), QStringLiteral("secret"),
                          QStringLiteral("Secret"), true);
    secret.columns = {
        column(QStringLiteral("Type"), QStringLiteral(".type")),
        column(QStringLiteral("Data"), QStringLiteral("#count .data"), QStringLiteral("integer"))};
    types << secret;
    auto svc = builtin(core, v1, QStringLiteral("services"), QStringLiteral("service"),
                       QStringLiteral("Service"), true, {QStringLiteral("svc")}, true);
    svc.columns = {column(QStringLiteral("Type"), QStringLiteral(".spec.type")),
                   column(QStringLiteral("Cluster-IP"), QStringLiteral(".spec.clusterIP"))};
    types << svc;
    types << builtin(core, v1, QStringLiteral("serviceaccounts"), QStringLiteral("serviceaccount"),
                     QStringLiteral("ServiceAccount"), true, {QStringLiteral("sa")});
    auto node = builtin(core, v1, QStringLiteral("nodes"), QStringLiteral("node"),
                        QStringLiteral("Node"), false, {QStringLiteral("no")}, true);
    node.columns = {
        column(QStringLiteral("Status"), QStringLiteral("#ready")),
        column(QStringLiteral("Roles"), QStringLiteral("#roles")),
        column(QStringLiteral("Version"), QStringLiteral(".status.nodeInfo.kubeletVersion"))};
    types << node;
    for (const auto &[res, singular, kind, shortName] :
         {std::tuple{QStringLiteral("deployments"), QStringLiteral("deployment"),
                     QStringLiteral("Deployment"), QStringLiteral("deploy")},
          std::tuple{QStringLiteral("statefulsets"), QStringLiteral("statefulset"),
                     QStringLiteral("StatefulSet"), QStringLiteral("sts")}}) {
        auto t = builtin(apps, v1, res, singular, kind, true, {shortName}, true);
        t.categories = {QStringLiteral("all")};
        t.columns = {column(QStringLiteral("Ready"), QStringLiteral("#ready-replicas")),
                     column(QStringLiteral("Up-to-date"), QStringLiteral(".status.updatedReplicas"),
                            QStringLiteral("integer")),
                     column(QStringLiteral("Available"),
                            QStringLiteral(".status.availableReplicas"),
                            QStringLiteral("integer"))};
        if (kind == QStringLiteral("StatefulSet"))
            t.columns = {t.columns.first()};
        types << t;
    }
    types << builtin(rbac, v1, QStringLiteral("roles"), QStringLiteral("role"),
                     QStringLiteral("Role"), true);
    types << builtin(rbac, v1, QStringLiteral("rolebindings"), QStringLiteral("rolebinding"),
                     QStringLiteral("RoleBinding"), true);
    types << builtin(rbac, v1, QStringLiteral("clusterroles"), QStringLiteral("clusterrole"),
                     QStringLiteral("ClusterRole"), false);
    types << builtin(rbac, v1, QStringLiteral("clusterrolebindings"),
                     QStringLiteral("clusterrolebinding"), QStringLiteral("ClusterRoleBinding"),
                     false);
    types << builtin(QStringLiteral("networking.k8s.io"), v1, QStringLiteral("networkpolicies"),
                     QStringLiteral("networkpolicy"), QStringLiteral("NetworkPolicy"), true,
                     {QStringLiteral("netpol")});
    auto crd = builtin(
        QStringLiteral("apiextensions.k8s.io"), v1, QStringLiteral("customresourcedefinitions"),
        QStringLiteral("customresourcedefinition"), QStringLiteral("CustomResourceDefinition"),
        false, {QStringLiteral("crd"), QStringLiteral("crds")}, true);
    crd.columns = {
        column(QStringLiteral("Created At"), QStringLiteral(".metadata.creationTimestamp"))};
    types << crd;
    return types;
}

} // namespace

ResourceRegistry::ResourceRegistry(QObject *parent)
    : QObject(parent)
    , m_types(builtinTypes()) {}

const ResourceType *ResourceRegistry::find(const QString &group, const QString &version,
                                           const QString &resource) const {
    for (const auto &t : m_types) {
        if (t.group == group && t.version == version && t.resource == resource)
            return &t;
    }
    return nullptr;
}

const ResourceType *ResourceRegistry::findByGroupResource(const QString &groupResource) const {
    for (const auto &t : m_types) {
        if (t.groupResource() == groupResource)
            return &t;
    }
    return nullptr;
}

const ResourceType *ResourceRegistry::findByKind(const QString &apiVersion,
                                                 const QString &kind) const {
    for (const auto &t : m_types) {
        if (t.apiVersion() == apiVersion && t.kind == kind)
            return &t;
    }
    return nullptr;
}

QStringList ResourceRegistry::groupVersions() const {
    QStringList result;
    for (const auto &t : m_types) {
        if (!result.contains(t.apiVersion()))
            result << t.apiVersion();
    }
    return result;
}

void ResourceRegistry::add(const ResourceType &type) {
    for (auto &t : m_types) {
        if (t.groupResource() == type.groupResource()) {
            t = type;
            Q_EMIT typesChanged();
            return;
        }
    }
    m_types << type;
    Q_EMIT typesChanged();
}

void ResourceRegistry::remove(const QString &groupResource) {
    const auto removed =
        m_types.removeIf([&](const ResourceType &t) { return t.groupResource() == groupResource; });
    if (removed > 0)
        Q_EMIT typesChanged();
}
