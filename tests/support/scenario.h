#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

// The --scenario file (JSON; see README.md). The server reads `faults` and `deployments`; the
// rest is kept for the Argo CD simulation.
struct Scenario {
    struct Faults {
        int dropWatchEvery = 0; // cut every Nth watch stream after its initial events
        double errorRate = 0.0; // fraction of resource requests answered 503
        int latencyMs = 0;      // added before every answer
        quint32 seed = 1;       // for errorRate, so runs repeat
    };
    Faults faults;
    bool deploymentsAvailable = true;
    int deploymentAvailableAfterMs = 100;
    QJsonObject document;

    static std::optional<Scenario> load(const QString &path, QString *error);
};
