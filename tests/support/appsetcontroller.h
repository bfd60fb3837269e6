#pragma once

#include "store.h"

#include <QObject>
#include <QTimer>

class EventLog;
class ResourceRegistry;

// Plays the ApplicationSet controller for git directory generators against the simulated
// repository: it creates, updates and deletes the generated Applications (owned by the set) and
// writes the set's status conditions (ResourcesUpToDate, ErrorOccurred) as Argo CD does.
class AppSetController : public QObject {
    Q_OBJECT
public:
    AppSetController(Store *store, ResourceRegistry *registry, const QString &repoDir,
                     const QString &repoUrl, EventLog *events, QObject *parent = nullptr);

private:
    void onObjectChanged(const Store::Event &event);
    void reconcile();
    void reconcileSet(const ResourceType &setType, const ResourceType &appType,
                      const QJsonObject &set);
    void writeStatus(const ResourceType &setType, const QJsonObject &set, const QString &error,
                     const QStringList &applications);

    Store *m_store;
    ResourceRegistry *m_registry;
    QString m_repoDir;
    QString m_repoUrl;
    EventLog *m_events;
    QTimer m_timer;
};
