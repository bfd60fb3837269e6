#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

// The --scenario file (YAML or JSON; see README.md): faults, deployment availability and what the
// Argo CD simulation does per Application.
struct Scenario {
    struct Faults {
        int dropWatchEvery = 0; // cut every Nth watch stream (connection closed mid-stream)
        // Where the cut comes: after this many events of the stream (ADDED, MODIFIED, DELETED;
        // replayed ones included); 0: right after its initial events.
        int dropWatchAfterEvents = 0;
        double errorRate = 0.0; // fraction of resource requests answered 503
        int latencyMs = 0;      // added before every answer
        quint32 seed = 1;       // for errorRate, so runs repeat
    };
    // What the Argo CD simulation does to one Application (by name), from `components:`; the
    // entries of `defaults:` apply to every Application without its own.
    struct Component {
        int healthyAfterMs = 0; // the Application stays Progressing this long after its sync starts
        QString degraded;       // non-empty: Degraded with this message once healthyAfterMs passed
        QString syncError;      // non-empty: the sync fails with a SyncError condition
    };
    Faults faults;
    Component defaults;
    QHash<QString, Component> components;
    Component component(const QString &name) const { return components.value(name, defaults); }
    bool deploymentsAvailable = true;
    int deploymentAvailableAfterMs = 100;
    QJsonObject document;

    static std::optional<Scenario> load(const QString &path, QString *error);
};
