#include "httpserver.h"

#include "httpconnection.h"

#include <QSslServer>
#include <QSslSocket>

HttpServer::HttpServer(const QSslConfiguration &configuration, QObject *parent)
    : QObject(parent)
    , m_server(new QSslServer(this)) {
    m_server->setSslConfiguration(configuration);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (m_server->hasPendingConnections()) {
            auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
            if (!socket)
                continue;
            auto *connection = new HttpConnection(socket, this);
            connect(connection, &HttpConnection::requestReceived, this,
                    &HttpServer::requestReceived);
        }
    });
}

bool HttpServer::listen(quint16 port, QString *error) {
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 HttpServer::port() const {
    return m_server->serverPort();
}
