#pragma once

#include "httprequest.h"

#include <QObject>
#include <QSslConfiguration>

class HttpConnection;
class QSslServer;

// HTTPS listener on 127.0.0.1: it asks for (but does not require) a client certificate so that
// kubectl presents the one from its kubeconfig.
class HttpServer : public QObject {
    Q_OBJECT
public:
    explicit HttpServer(const QSslConfiguration &configuration, QObject *parent = nullptr);

    bool listen(quint16 port, QString *error);
    quint16 port() const;

Q_SIGNALS:
    void requestReceived(HttpConnection *connection, const HttpRequest &request);

private:
    QSslServer *m_server;
};
