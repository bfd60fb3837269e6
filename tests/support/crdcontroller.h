#pragma once

#include "store.h"

#include <QObject>

class ResourceRegistry;

// Plays the apiextensions controller: a stored CRD registers its kind at once (discovery,
// OpenAPI, REST) and gets the NamesAccepted/Established status of notes §7.
class CrdController : public QObject {
    Q_OBJECT
public:
    CrdController(Store *store, ResourceRegistry *registry, QObject *parent = nullptr);

    static ResourceType typeFromCrd(const QJsonObject &crd);

private:
    void onObjectChanged(const Store::Event &event);
    void establish(const QString &name);

    Store *m_store;
    ResourceRegistry *m_registry;
};
