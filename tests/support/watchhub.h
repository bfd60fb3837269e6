#pragma once

#include "resourcetype.h"
#include "selector.h"
#include "store.h"
#include "tableprinter.h"

#include <QHash>
#include <QJsonObject>
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
        int timeoutSeconds = 0; // 0: until the client goes away
        // Fault injection: the connection is closed mid-stream after `dropAfterEvents` events
        // (0: right after the initial ones).
        bool drop = false;
        int dropAfterEvents = 0;
    };

    explicit WatchHub(Store *store, QObject *parent = nullptr);

    void start(HttpConnection *connection, const Request &request);
    int activeWatches() const { return int(m_watches.size()); }
    // Watch streams opened and cut so far, per group-resource ("applications.argoproj.io",
    // "namespaces"): how a test proves a watch really was dropped and resumed.
    QJsonObject statistics() const;
    void setBookmarkInterval(int milliseconds) { m_bookmarkInterval = milliseconds; }

private:
    struct Watch {
        int id = 0;
        QPointer<HttpConnection> connection;
        Request request;
        bool columnsSent = false;
        int eventsSent = 0; // ADDED, MODIFIED, DELETED
        QTimer *timeout = nullptr;
        QTimer *bookmark = nullptr;
    };
    void onObjectChanged(const Store::Event &event);
    bool inScope(const Watch &watch, const QJsonObject &object) const;
    QString classify(const Watch &watch, const Store::Event &event) const;
    void send(Watch &watch, const QString &type, const QJsonObject &object);
    enum class Ending { Finished, Cut };
    void finish(int id, Ending ending);

    Store *m_store;
    std::map<int, Watch> m_watches;
    int m_nextId = 1;
    int m_bookmarkInterval = 2000;
    QHash<QString, int> m_opened; // by group-resource
    QHash<QString, int> m_cut;
};
