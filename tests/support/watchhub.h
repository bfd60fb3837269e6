#pragma once

#include "resourcetype.h"
#include "selector.h"
#include "store.h"
#include "tableprinter.h"

#include <QObject>
#include <QPointer>

#include <map>

class HttpConnection;
class QTimer;

// Serves watch streams: replays history after a resourceVersion (or synthetic ADDED for ""/"0"),
// then forwards matching store events as chunked JSON lines; bookmarks, timeouts, 410 Expired.
class WatchHub : public QObject {
    Q_OBJECT
public:
    struct Request {
        ResourceType type;
        QString ns;
        Selector selector;
        qint64 sinceRevision = -1; // -1: "" or "0", start with the current state
        bool bookmarks = false;
        bool table = false;
        TablePrinter::IncludeObject include = TablePrinter::IncludeObject::Metadata;
        int timeoutSeconds = 0;        // 0: until the client goes away
        bool dropAfterInitial = false; // fault injection: cut the stream after the first events
    };

    explicit WatchHub(Store *store, QObject *parent = nullptr);

    void start(HttpConnection *connection, const Request &request);
    int activeWatches() const { return int(m_watches.size()); }
    void setBookmarkInterval(int milliseconds) { m_bookmarkInterval = milliseconds; }

private:
    struct Watch {
        QPointer<HttpConnection> connection;
        Request request;
        bool columnsSent = false;
        QTimer *timeout = nullptr;
        QTimer *bookmark = nullptr;
    };
    void onObjectChanged(const Store::Event &event);
    bool inScope(const Watch &watch, const QJsonObject &object) const;
    QString classify(const Watch &watch, const Store::Event &event) const;
    void send(Watch &watch, const QString &type, const QJsonObject &object);
    void finish(int id, bool abort);

    Store *m_store;
    std::map<int, Watch> m_watches;
    int m_nextId = 1;
    int m_bookmarkInterval = 2000;
};
