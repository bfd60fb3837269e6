#pragma once

#include "httprequest.h"

#include <QObject>
#include <QPointer>

#include <QSslSocket>

// One client connection: parses requests one at a time (keep-alive, pipelining), writes plain or
// chunked (streaming) responses. The next request is only parsed once the current response is
// finished, so a handler may answer later (latency injection, watches).
class HttpConnection : public QObject {
    Q_OBJECT
public:
    explicit HttpConnection(QSslSocket *socket, QObject *parent = nullptr);

    QSslSocket *socket() const { return m_socket; }
    void sendResponse(int code, const QByteArray &contentType, const QByteArray &body);
    void startStream(int code, const QByteArray &contentType);
    void sendChunk(const QByteArray &data);
    void endStream();
    void abort(); // drops the connection without finishing the response (fault injection)
    // Ends the connection mid-response (fault injection): what was written is still delivered,
    // then the socket closes without the final chunk, as a restarting API server or load
    // balancer does. The client sees a stream cut short, not a finished one.
    void closeMidStream();
    bool isStreaming() const { return m_streaming; }

    static constexpr qint64 maxBodySize = 8 * 1024 * 1024;

Q_SIGNALS:
    void requestReceived(HttpConnection *connection, const HttpRequest &request);
    void closed(); // the peer went away, or abort()

private:
    void onReadyRead();
    bool parseOne();
    void finishResponse();
    void fail(int code, const QByteArray &message);
    // Marks the connection closed and says so, once; false if it already was.
    bool markClosed();

    QPointer<QSslSocket> m_socket;
    QByteArray m_buffer;
    bool m_busy = false; // a request is being answered
    bool m_streaming = false;
    bool m_closeAfter = false;
    bool m_closed = false;
};
