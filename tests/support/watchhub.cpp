#include "watchhub.h"

#include "apistatus.h"
#include "httpconnection.h"

#include <QJsonDocument>
#include <QTimer>

WatchHub::WatchHub(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store) {
    connect(store, &Store::objectChanged, this, &WatchHub::onObjectChanged);
}

bool WatchHub::inScope(const Watch &watch, const QJsonObject &object) const {
    if (object.isEmpty())
        return false;
    const auto &r = watch.request;
    if (r.type.namespaced && !r.ns.isEmpty() &&
        object.value(QStringLiteral("metadata"))
                .toObject()
                .value(QStringLiteral("namespace"))
                .toString() != r.ns)
        return false;
    return r.selector.matches(object);
}

void WatchHub::start(HttpConnection *connection, const Request &request) {
    const int id = m_nextId++;
    Watch &watch = m_watches[id];
    watch.id = id;
    watch.connection = connection;
    watch.request = request;
    ++m_opened[request.type.groupResource()];
    connect(connection, &HttpConnection::closed, this,
            [this, id] { finish(id, Ending::Finished); });

    connection->startStream(200, "application/json");
    if (request.sinceRevision >= 0 && m_store->isExpired(request.sinceRevision)) {
        ApiStatus expired = ApiStatus::expired(QStringLiteral("too old resource version: %1 (%2)")
                                                   .arg(request.sinceRevision)
                                                   .arg(m_store->oldestRevision() - 1));
        send(watch, QStringLiteral("ERROR"), expired.toJson());
        finish(id, Ending::Finished);
        return;
    }
    if (request.sinceRevision < 0) {
        for (const QJsonObject &o : m_store->list(request.type, request.ns, request.selector)) {
            const auto it = m_watches.find(id);
            if (it == m_watches.end())
                return; // cut after its Nth event
            send(it->second, QStringLiteral("ADDED"), o);
        }
    } else {
        const auto events =
            m_store->eventsAfter(request.sinceRevision, request.type.groupResource());
        for (const Store::Event &e : events) {
            const auto it = m_watches.find(id);
            if (it == m_watches.end())
                return;
            const QString type = classify(it->second, e);
            if (!type.isEmpty())
                send(it->second, type, e.object);
        }
    }
    if (m_watches.find(id) == m_watches.end())
        return;
    if (request.drop && request.dropAfterEvents <= 0) {
        finish(id, Ending::Cut);
        return;
    }
    if (request.timeoutSeconds > 0) {
        watch.timeout = new QTimer(this);
        watch.timeout->setSingleShot(true);
        connect(watch.timeout, &QTimer::timeout, this,
                [this, id] { finish(id, Ending::Finished); });
        watch.timeout->start(request.timeoutSeconds * 1000);
    }
    if (request.bookmarks) {
        watch.bookmark = new QTimer(this);
        connect(watch.bookmark, &QTimer::timeout, this, [this, id] {
            const auto it = m_watches.find(id);
            if (it == m_watches.end())
                return;
            const auto &t = it->second.request.type;
            send(it->second, QStringLiteral("BOOKMARK"),
                 {{QStringLiteral("kind"), t.kind},
                  {QStringLiteral("apiVersion"), t.apiVersion()},
                  {QStringLiteral("metadata"),
                   QJsonObject{{QStringLiteral("resourceVersion"),
                                QString::number(m_store->revision())}}}});
        });
        watch.bookmark->start(m_bookmarkInterval);
    }
}

void WatchHub::onObjectChanged(const Store::Event &event) {
    // Collect ids first: sending may close a connection and erase a watch.
    QList<int> ids;
    for (const auto &[id, watch] : m_watches) {
        if (watch.request.type.groupResource() == event.groupResource)
            ids << id;
    }
    for (int id : ids) {
        const auto it = m_watches.find(id);
        if (it == m_watches.end())
            continue;
        const QString type = classify(it->second, event);
        if (!type.isEmpty())
            send(it->second, type, event.object);
    }
}

QString WatchHub::classify(const Watch &watch, const Store::Event &event) const {
    // A selector sees an object enter (ADDED) or leave (DELETED) as it changes.
    const bool now = inScope(watch, event.object);
    const bool before = inScope(watch, event.oldObject);
    switch (event.type) {
    case Store::EventType::Added:
        return now ? QStringLiteral("ADDED") : QString();
    case Store::EventType::Modified:
        if (now)
            return before ? QStringLiteral("MODIFIED") : QStringLiteral("ADDED");
        return before ? QStringLiteral("DELETED") : QString();
    case Store::EventType::Deleted:
        return now ? QStringLiteral("DELETED") : QString();
    }
    return {};
}

void WatchHub::send(Watch &watch, const QString &type, const QJsonObject &object) {
    if (!watch.connection)
        return;
    QJsonObject payload = object;
    if (watch.request.table && type != QStringLiteral("ERROR") &&
        type != QStringLiteral("BOOKMARK")) {
        const QString rv = object.value(QStringLiteral("metadata"))
                               .toObject()
                               .value(QStringLiteral("resourceVersion"))
                               .toString();
        // Only the first event carries the column definitions (kubectl reuses them).
        payload = TablePrinter::table(watch.request.type, {object}, rv, !watch.columnsSent,
                                      watch.request.include);
        watch.columnsSent = true;
    }
    const QJsonObject event{{QStringLiteral("type"), type}, {QStringLiteral("object"), payload}};
    watch.connection->sendChunk(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
    if (type == QLatin1String("ADDED") || type == QLatin1String("MODIFIED") ||
        type == QLatin1String("DELETED"))
        ++watch.eventsSent;
    const Request &r = watch.request;
    if (r.drop && r.dropAfterEvents > 0 && watch.eventsSent >= r.dropAfterEvents)
        finish(watch.id, Ending::Cut); // last: erases `watch`; callers look their watch up again
}

QJsonObject WatchHub::statistics() const {
    QJsonObject opened;
    for (auto it = m_opened.cbegin(); it != m_opened.cend(); ++it)
        opened.insert(it.key(), it.value());
    QJsonObject cut;
    for (auto it = m_cut.cbegin(); it != m_cut.cend(); ++it)
        cut.insert(it.key(), it.value());
    return {{QStringLiteral("opened"), opened}, {QStringLiteral("cut"), cut}};
}

void WatchHub::finish(int id, Ending ending) {
    const auto it = m_watches.find(id);
    if (it == m_watches.end())
        return;
    Watch watch = it->second;
    m_watches.erase(it);
    delete watch.timeout;
    delete watch.bookmark;
    if (watch.connection) {
        disconnect(watch.connection, nullptr, this, nullptr);
        if (ending == Ending::Cut) {
            ++m_cut[watch.request.type.groupResource()];
            watch.connection->closeMidStream();
        } else {
            watch.connection->endStream();
        }
    }
}
