// KubeWatch: list, then watch from the list's resourceVersion like client-go's reflector.

#include "jsonvaluesplitter.h"
#include "kubeclientprivate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

namespace wavesmith {

namespace {

// Failures a retry cannot fix: the watch stops and says why.
bool isPermanent(KubeReply::ErrorKind kind, int httpStatus) {
    switch (kind) {
    case KubeReply::ErrorKind::Authentication:
    case KubeReply::ErrorKind::NotDiscovered:
    case KubeReply::ErrorKind::Tls:
        return true;
    default:
        return httpStatus == 400 || httpStatus == 401 || httpStatus == 403 || httpStatus == 404 ||
               httpStatus == 405 || httpStatus == 422;
    }
}

bool isExpired(int httpStatus, const QString &reason) {
    return httpStatus == 410 || reason == QLatin1String("Expired") ||
           reason == QLatin1String("Gone");
}

} // namespace

struct KubeWatch::Private {
    KubeWatch *q;
    QPointer<KubeClient> client;
    QString apiVersion;
    QString kind;
    WatchOptions options;
    KubeResource resource;
    bool resolved = false;
    QString resourceVersion;
    bool running = false;
    int backoffMs = 0;
    quint64 generation = 0; // invalidates callbacks of an earlier start or a stop
    QPointer<KubeReply> pending;
    QPointer<QNetworkReply> stream;
    quint64 streamCredentials = 0;
    bool streamDeliveredEvents = false;
    bool streamExpired = false;
    bool retriedAfter401 = false;
    QByteArray errorBody; // a non-200 watch answer (a Status)
    JsonValueSplitter splitter;
    QTimer retryTimer;

    KubeClient::Private *clientPrivate() const { return client->d.get(); }

    void begin();
    void relist();
    void openStream();
    void readStream();
    void streamFinished();
    bool handleEvent(const QByteArray &value);
    void retry(const QString &why, void (Private::*step)());
    void fail(const QString &message);
    void closeStream();
};

KubeWatch::KubeWatch(KubeClient *client, QString apiVersion, QString kind, WatchOptions options,
                     QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>()) {
    d->q = this;
    d->client = client;
    d->apiVersion = std::move(apiVersion);
    d->kind = std::move(kind);
    d->options = std::move(options);
    d->retryTimer.setSingleShot(true);
}

KubeWatch::~KubeWatch() {
    stop();
}

bool KubeWatch::isRunning() const {
    return d->running;
}

QString KubeWatch::resourceVersion() const {
    return d->resourceVersion;
}

KubeResource KubeWatch::resource() const {
    return d->resource;
}

void KubeWatch::start() {
    if (d->running)
        return;
    d->running = true;
    ++d->generation;
    d->backoffMs = std::max(1, d->options.initialBackoffMs);
    d->resourceVersion = d->options.resourceVersion;
    d->begin();
}

void KubeWatch::stop() {
    d->running = false;
    ++d->generation;
    d->retryTimer.stop();
    d->retryTimer.disconnect();
    if (d->pending && !d->pending->isFinished()) {
        // Its then() handler sees the new generation and does nothing.
        d->pending->abort();
    }
    d->pending.clear();
    d->closeStream();
}

void KubeWatch::detach() {
    QNetworkReply *old = d->stream.data();
    stop(); // schedules the stream's deletion; it must not outlive the client's manager
    delete old;
    d->client.clear();
}

void KubeWatch::Private::closeStream() {
    if (stream) {
        QNetworkReply *old = stream.data();
        stream.clear();
        old->disconnect(q);
        old->abort();
        old->deleteLater();
    }
    splitter.reset();
    errorBody.clear();
}

void KubeWatch::Private::fail(const QString &message) {
    q->stop();
    Q_EMIT q->failed(message);
}

void KubeWatch::Private::retry(const QString &why, void (Private::*step)()) {
    const int delay = backoffMs;
    backoffMs = std::min(backoffMs * 2, std::max(options.maxBackoffMs, options.initialBackoffMs));
    const quint64 current = generation;
    retryTimer.disconnect();
    QObject::connect(&retryTimer, &QTimer::timeout, q, [this, current, step] {
        if (running && generation == current)
            (this->*step)();
    });
    retryTimer.start(delay);
    Q_EMIT q->reconnecting(why, delay);
}

void KubeWatch::Private::begin() {
    if (!client) {
        fail(QStringLiteral("the Kubernetes client is gone"));
        return;
    }
    KubeReply *reply = client->resourceFor(apiVersion, kind);
    pending = reply;
    const quint64 current = generation;
    reply->then(q, [this, current](const KubeReply &reply) {
        if (!running || generation != current)
            return;
        if (!reply.ok()) {
            if (isPermanent(reply.errorKind(), reply.httpStatus()))
                fail(reply.errorString());
            else
                retry(reply.errorString(), &Private::begin);
            return;
        }
        resource = reply.resource();
        resolved = true;
        if (resourceVersion.isEmpty())
            relist();
        else
            openStream();
    });
}

void KubeWatch::Private::relist() {
    if (!client) {
        fail(QStringLiteral("the Kubernetes client is gone"));
        return;
    }
    closeStream();
    ListOptions list(options.namespaceName);
    list.labelSelector = options.labelSelector;
    list.fieldSelector = options.fieldSelector;
    KubeReply *reply = client->list(apiVersion, kind, list);
    pending = reply;
    const quint64 current = generation;
    reply->then(q, [this, current](const KubeReply &reply) {
        if (!running || generation != current)
            return;
        if (!reply.ok()) {
            if (isPermanent(reply.errorKind(), reply.httpStatus()))
                fail(reply.errorString());
            else
                retry(reply.errorString(), &Private::relist);
            return;
        }
        const QJsonArray array = reply.object().value(QStringLiteral("items")).toArray();
        QList<QJsonObject> items;
        items.reserve(array.size());
        for (const QJsonValue &item : array)
            items << item.toObject();
        resourceVersion = reply.object()
                              .value(QStringLiteral("metadata"))
                              .toObject()
                              .value(QStringLiteral("resourceVersion"))
                              .toString();
        Q_EMIT q->listed(items, resourceVersion);
        if (running && generation == current)
            openStream();
    });
}

void KubeWatch::Private::openStream() {
    if (!client) {
        fail(QStringLiteral("the Kubernetes client is gone"));
        return;
    }
    closeStream();
    QStringList query{
        QStringLiteral("watch=true"), QStringLiteral("allowWatchBookmarks=true"),
        QStringLiteral("resourceVersion=") + percentEncoded(resourceVersion),
        // client-go picks a random timeout in [300, 600) s so watches of many
        // clients do not all end at once.
        QStringLiteral("timeoutSeconds=%1").arg(QRandomGenerator::global()->bounded(300, 600))};
    if (!options.labelSelector.isEmpty())
        query << QStringLiteral("labelSelector=") + percentEncoded(options.labelSelector);
    if (!options.fieldSelector.isEmpty())
        query << QStringLiteral("fieldSelector=") + percentEncoded(options.fieldSelector);
    KubeHttpRequest http;
    http.path = clientPrivate()->collectionPath(resource, options.namespaceName) +
                QLatin1Char('?') + query.join(QLatin1Char('&'));
    http.stream = true;
    const quint64 current = generation;
    clientPrivate()->transport->openStream(
        q, http,
        [this, current](QNetworkReply *reply, quint64 credentials) {
            if (!running || generation != current) {
                reply->deleteLater();
                return;
            }
            stream = reply;
            streamCredentials = credentials;
            streamDeliveredEvents = false;
            streamExpired = false;
            QObject::connect(reply, &QNetworkReply::readyRead, q, [this] { readStream(); });
            QObject::connect(reply, &QNetworkReply::finished, q, [this] { streamFinished(); });
        },
        [this, current](const KubeFailure &failure) {
            if (running && generation == current)
                fail(failure.message);
        });
}

void KubeWatch::Private::readStream() {
    if (!stream)
        return;
    const QByteArray data = stream->readAll();
    const int status = stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) {
        errorBody += data.left(64 * 1024 - errorBody.size());
        return;
    }
    const quint64 current = generation;
    const QPointer<QNetworkReply> reading = stream;
    for (const QByteArray &value : splitter.feed(data)) {
        // A slot may stop the watch or an ERROR event may end this stream.
        if (!running || generation != current || stream != reading)
            return;
        if (!handleEvent(value))
            return;
    }
}

// Returns false when the stream must not be read further.
bool KubeWatch::Private::handleEvent(const QByteArray &value) {
    const QJsonObject event = QJsonDocument::fromJson(value).object();
    const QString type = event.value(QStringLiteral("type")).toString();
    const QJsonObject object = event.value(QStringLiteral("object")).toObject();
    streamDeliveredEvents = true;
    backoffMs = std::max(1, options.initialBackoffMs); // the server is answering again
    if (type == QLatin1String("ERROR")) {
        const KubeFailure failure =
            describeStatus(object, clientPrivate()->transport->context(KubeHttpRequest{}));
        if (isExpired(failure.httpStatus, failure.reason)) {
            // Our resourceVersion is older than the server's history: start again from a list.
            streamExpired = true;
            closeStream();
            relist();
        } else {
            closeStream();
            retry(clientPrivate()->transport->redact(failure.message), &Private::openStream);
        }
        return false;
    }
    const QString version = object.value(QStringLiteral("metadata"))
                                .toObject()
                                .value(QStringLiteral("resourceVersion"))
                                .toString();
    if (!version.isEmpty())
        resourceVersion = version;
    if (type == QLatin1String("ADDED"))
        Q_EMIT q->added(object);
    else if (type == QLatin1String("MODIFIED"))
        Q_EMIT q->modified(object);
    else if (type == QLatin1String("DELETED"))
        Q_EMIT q->deleted(object);
    else if (type == QLatin1String("BOOKMARK"))
        Q_EMIT q->bookmarked(resourceVersion);
    return true;
}

void KubeWatch::Private::streamFinished() {
    if (!stream)
        return;
    readStream(); // what arrived together with the end
    if (!stream || !running)
        return;
    QNetworkReply *reply = stream.data();
    const std::optional<KubeFailure> failure =
        clientPrivate()->transport->failureOf(reply, errorBody);
    const quint64 credentials = streamCredentials;
    const bool delivered = streamDeliveredEvents;
    closeStream();
    if (!failure) {
        // The server ended the watch (timeoutSeconds): carry on from where we are.
        retriedAfter401 = false;
        openStream();
        return;
    }
    if (isExpired(failure->httpStatus, failure->reason)) {
        relist();
        return;
    }
    if (failure->httpStatus == 401 && !retriedAfter401 &&
        clientPrivate()->transport->credentialsRejected(credentials)) {
        retriedAfter401 = true; // exec credentials: run the plugin again, once
        openStream();
        return;
    }
    if (isPermanent(failure->kind, failure->httpStatus)) {
        fail(failure->message);
        return;
    }
    if (delivered)
        retriedAfter401 = false;
    // Dropped connection, 5xx, timeout: reconnect from the last resourceVersion.
    retry(failure->message, &Private::openStream);
}

} // namespace wavesmith
