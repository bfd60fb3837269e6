#pragma once

#include "store.h"

#include <QObject>

class ResourceRegistry;

// Plays the deployment/statefulset controllers: shortly after a spec change the workload
// becomes Available with all replicas ready. Turned off per object by the annotation
// wavesmith.dev/test-available: "false", or for all by the scenario; tests may also set status
// themselves through the status subresource. The annotation wavesmith.dev/test-available-after-ms
// sets the delay of one object.
class DeploymentController : public QObject {
    Q_OBJECT
public:
    DeploymentController(Store *store, ResourceRegistry *registry, QObject *parent = nullptr);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    void setDelay(int milliseconds) { m_delay = milliseconds; }

private:
    void onObjectChanged(const Store::Event &event);
    void markAvailable(const QString &groupResource, const QString &ns, const QString &name);

    Store *m_store;
    ResourceRegistry *m_registry;
    bool m_enabled = true;
    int m_delay = 100;
};
