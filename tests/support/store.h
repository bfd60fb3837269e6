#pragma once

#include "apistatus.h"
#include "resourcetype.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QObject>

#include <deque>
#include <optional>

class ResourceRegistry;
class Selector;

// The in-process object store. Every write — from HTTP handlers or from in-process
// controllers (CRDs, deployments, later the Argo CD simulation) — goes through it, gets the next
// resourceVersion, and is announced with objectChanged() and kept in a bounded history so
// watches can resume from a resourceVersion.
class Store : public QObject {
    Q_OBJECT
public:
    enum class EventType { Added, Modified, Deleted };
    struct Event {
        qint64 revision = 0;
        EventType type = EventType::Added;
        QString groupResource;
        QJsonObject object;    // the new state (the last state for Deleted)
        QJsonObject oldObject; // the previous state for Modified, so selectors can see transitions
    };
    struct WriteOptions {
        QString manager;     // field manager; required for apply
        QString subresource; // "" or "status"
        bool dryRun = false;
        bool force = false;
    };
    struct WriteResult {
        QJsonObject object;
        std::optional<ApiStatus> error;
        bool created = false;
        bool ok() const { return !error.has_value(); }
    };

    explicit Store(ResourceRegistry *registry, QObject *parent = nullptr);

    std::optional<QJsonObject> get(const ResourceType &type, const QString &ns,
                                   const QString &name) const;
    // ns empty: all namespaces (or a cluster-scoped type).
    QList<QJsonObject> list(const ResourceType &type, const QString &ns,
                            const Selector &selector) const;

    WriteResult create(const ResourceType &type, const QJsonObject &object,
                       const WriteOptions &options);
    // Replaces the object; a resourceVersion in it is an optimistic-lock precondition.
    WriteResult update(const ResourceType &type, const QJsonObject &object,
                       const WriteOptions &options);
    WriteResult mergePatch(const ResourceType &type, const QString &ns, const QString &name,
                           const QJsonObject &patch, const WriteOptions &options);
    WriteResult jsonPatch(const ResourceType &type, const QString &ns, const QString &name,
                          const QJsonArray &operations, const WriteOptions &options);
    // Server-side apply: creates when absent, 409 on conflicts unless options.force.
    WriteResult apply(const ResourceType &type, const QString &ns, const QString &name,
                      const QJsonObject &config, const WriteOptions &options);
    WriteResult remove(const ResourceType &type, const QString &ns, const QString &name,
                       const WriteOptions &options);
    // Drops every object of a type (its CRD went away).
    void removeAll(const QString &groupResource);

    qint64 revision() const { return m_revision; }
    // True when the history no longer holds every event after `revision`.
    bool isExpired(qint64 revision) const;
    qint64 oldestRevision() const;
    QList<Event> eventsAfter(qint64 revision, const QString &groupResource) const;
    void setHistoryLimit(int limit) { m_historyLimit = limit; }

Q_SIGNALS:
    void objectChanged(const Store::Event &event);

private:
    WriteResult commit(const ResourceType &type, const std::optional<QJsonObject> &old,
                       QJsonObject object, const WriteOptions &options, bool recordManager);
    void record(const ResourceType &type, EventType eventType, const QJsonObject &object,
                const QJsonObject &oldObject);
    std::optional<ApiStatus> checkNamespace(const ResourceType &type, const QString &ns) const;
    static QString key(const QString &ns, const QString &name);

    ResourceRegistry *m_registry;
    QHash<QString, QMap<QString, QJsonObject>> m_objects; // groupResource → "ns/name" → object
    std::deque<Event> m_history;
    int m_historyLimit = 10000;
    bool m_truncated = false;
    qint64 m_revision = 0;
};
