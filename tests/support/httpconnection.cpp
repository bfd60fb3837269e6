#include "httpconnection.h"

#include <QSslSocket>
#include <QTimer>
#include <QUrl>

namespace {

QByteArray reasonPhrase(int code) {
    switch (code) {
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 413:
        return QByteArrayLiteral("Request Entity Too Large");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 422:
        return QByteArrayLiteral("Unprocessable Entity");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Status");
    }
}

QByteArray statusLine(int code) {
    return "HTTP/1.1 " + QByteArray::number(code) + ' ' + reasonPhrase(code) + "\r\n";
}

} // namespace

HttpConnection::HttpConnection(QSslSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket) {
    socket->setParent(this);
    connect(socket, &QSslSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, [this] {
        if (!m_closed) {
            m_closed = true;
            Q_EMIT closed();
        }
        deleteLater();
    });
    // Data may have arrived with the handshake.
    QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

void HttpConnection::onReadyRead() {
    if (!m_socket)
        return;
    m_buffer += m_socket->readAll();
    while (!m_busy && !m_closed && parseOne()) {
    }
}

bool HttpConnection::parseOne() {
    const int headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (m_buffer.size() > 64 * 1024)
            fail(431, "request header too large");
        return false;
    }
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() < 3) {
        fail(400, "malformed request line");
        return false;
    }
    HttpRequest request;
    request.method = requestLine.at(0);
    const QByteArray target = requestLine.at(1);
    const int q = target.indexOf('?');
    request.path = QUrl::fromPercentEncoding(q < 0 ? target : target.left(q));
    if (q >= 0)
        request.query.setQuery(QString::fromLatin1(target.mid(q + 1)));
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const int colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(),
                                   line.mid(colon + 1).trimmed());
    }
    const qint64 length = request.header("content-length").toLongLong();
    if (length > maxBodySize) {
        fail(413, "request body too large");
        return false;
    }
    if (request.header("transfer-encoding").toLower() == "chunked") {
        // Decode a chunked body once it is complete.
        qsizetype pos = headerEnd + 4;
        QByteArray body;
        for (;;) {
            const qsizetype lineEnd = m_buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return false;
            bool ok = false;
            const qint64 size =
                m_buffer.mid(pos, lineEnd - pos).split(';').first().toLongLong(&ok, 16);
            if (!ok) {
                fail(400, "bad chunk");
                return false;
            }
            if (m_buffer.size() < lineEnd + 2 + size + 2)
                return false;
            if (size == 0) {
                pos = lineEnd + 4;
                break;
            }
            body += m_buffer.mid(lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        request.body = body;
        m_buffer.remove(0, pos);
    } else {
        if (m_buffer.size() < headerEnd + 4 + length)
            return false;
        request.body = m_buffer.mid(headerEnd + 4, length);
        m_buffer.remove(0, headerEnd + 4 + length);
    }
    m_closeAfter = request.header("connection").toLower() == "close";
    m_busy = true;
    Q_EMIT requestReceived(this, request);
    return true;
}

void HttpConnection::fail(int code, const QByteArray &message) {
    m_busy = true;
    m_closeAfter = true;
    sendResponse(code, "text/plain", message);
}

void HttpConnection::sendResponse(int code, const QByteArray &contentType, const QByteArray &body) {
    if (!m_socket || m_closed)
        return;
    QByteArray head = statusLine(code);
    head += "Content-Type: " + contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += "Cache-Control: no-cache, private\r\n";
    if (m_closeAfter)
        head += "Connection: close\r\n";
    head += "\r\n";
    m_socket->write(head + body);
    finishResponse();
}

void HttpConnection::startStream(int code, const QByteArray &contentType) {
    if (!m_socket || m_closed)
        return;
    m_streaming = true;
    QByteArray head = statusLine(code);
    head += "Content-Type: " + contentType + "\r\n";
    head += "Transfer-Encoding: chunked\r\n";
    head += "Cache-Control: no-cache, private\r\n\r\n";
    m_socket->write(head);
}

void HttpConnection::sendChunk(const QByteArray &data) {
    if (!m_socket || m_closed || !m_streaming || data.isEmpty())
        return;
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void HttpConnection::endStream() {
    if (!m_socket || m_closed || !m_streaming)
        return;
    m_streaming = false;
    m_socket->write("0\r\n\r\n");
    finishResponse();
}

void HttpConnection::finishResponse() {
    m_busy = false;
    if (m_closeAfter) {
        m_socket->disconnectFromHost();
        return;
    }
    // Pipelined requests already buffered: continue with them, outside the caller's stack.
    if (!m_buffer.isEmpty())
        QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

bool HttpConnection::markClosed() {
    if (m_closed)
        return false;
    m_closed = true;
    m_streaming = false;
    Q_EMIT closed();
    return true;
}

void HttpConnection::closeMidStream() {
    if (!markClosed())
        return;
    // disconnectFromHost() flushes the written chunks first; deleteLater follows disconnected().
    if (m_socket)
        m_socket->disconnectFromHost();
    else
        deleteLater();
}

void HttpConnection::abort() {
    if (!markClosed())
        return;
    if (m_socket)
        m_socket->abort();
    deleteLater();
}
