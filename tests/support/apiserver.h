#pragma once

#include "router.h"
#include "scenario.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QRandomGenerator>

#include <memory>

class Discovery;
class HttpConnection;
class OpenApi;
class ResourceRegistry;
class Store;
class WatchHub;
struct ApiStatus;
struct HttpRequest;

// The Kubernetes REST surface: authentication, fault injection, /version, discovery, OpenAPI
// and the resource verbs, over the store.
class ApiServer : public QObject {
    Q_OBJECT
public:
    struct Credentials {
        QByteArray clientCertificate; // PEM of the one client certificate we accept
        QString token;                // bearer token of the `token` context
        QString viewerToken;          // a read-only user (403 on writes), for Forbidden tests
    };

    ApiServer(Store *store, ResourceRegistry *registry, WatchHub *watches,
              const Credentials &credentials, QObject *parent = nullptr);
    ~ApiServer() override;

    void setFaults(const Scenario::Faults &faults);
    void setServerAddress(const QString &address) { m_serverAddress = address; }
    void handle(HttpConnection *connection, const HttpRequest &request);

private:
    enum class User { None, Admin, Viewer, Rejected };
    User authenticate(HttpConnection *connection, const HttpRequest &request) const;
    void dispatch(HttpConnection *connection, const HttpRequest &request);
    bool handleNonResource(HttpConnection *connection, const HttpRequest &request);
    void handleResource(HttpConnection *connection, const HttpRequest &request,
                        const ResourceRoute &route, User user);
    void handleList(HttpConnection *connection, const HttpRequest &request,
                    const ResourceRoute &route);
    void handleWrite(HttpConnection *connection, const HttpRequest &request,
                     const ResourceRoute &route);

    static void sendJson(HttpConnection *connection, int code, const QJsonObject &body,
                         const QByteArray &contentType = "application/json");
    static void sendStatus(HttpConnection *connection, const ApiStatus &status);

    Store *m_store;
    ResourceRegistry *m_registry;
    WatchHub *m_watches;
    std::unique_ptr<Discovery> m_discovery;
    std::unique_ptr<OpenApi> m_openApi;
    Credentials m_credentials;
    Scenario::Faults m_faults;
    QRandomGenerator m_random;
    int m_watchCount = 0;
    QString m_serverAddress;
};
