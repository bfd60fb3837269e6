#pragma once

#include "resourcetype.h"

#include <QObject>

// The resource types the server serves: built-in kinds plus those CRDs add. Discovery and
// OpenAPI read it; the CRD controller writes it.
class ResourceRegistry : public QObject {
    Q_OBJECT
public:
    explicit ResourceRegistry(QObject *parent = nullptr);

    QList<ResourceType> types() const { return m_types; }
    const ResourceType *find(const QString &group, const QString &version,
                             const QString &resource) const;
    const ResourceType *findByGroupResource(const QString &groupResource) const;
    const ResourceType *findByKind(const QString &apiVersion, const QString &kind) const;
    // Group-versions in discovery order: core first, then built-in groups, then CRD groups.
    QStringList groupVersions() const;

    void add(const ResourceType &type); // replaces a type with the same group/resource
    void remove(const QString &groupResource);

Q_SIGNALS:
    void typesChanged();

private:
    QList<ResourceType> m_types;
};
