#include "kubeclientprivate.h"

#include "kubediscovery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrl>

namespace wavesmith {

namespace {

constexpr int listPageSize = 500; // what kubectl asks for

QString resourceKey(const QString &apiVersion, const QString &kind) {
    return apiVersion + QLatin1Char('\n') + kind;
}

KubeFailure failureOf(const KubeReply &reply) {
    return KubeFailure{reply.errorKind(), reply.errorString(), reply.httpStatus(), reply.reason(),
                       reply.object()};
}

// Runs `start` on the next event-loop turn unless `reply` is gone, so no reply ever finishes
// before its caller could connect to it.
void defer(KubeReply *reply, std::function<void()> start) {
    QTimer::singleShot(0, reply, std::move(start));
}

QString joinQuery(const QStringList &parameters) {
    return parameters.isEmpty() ? QString() : QLatin1Char('?') + parameters.join(QLatin1Char('&'));
}

struct DiscoveryRun {
    int pending = 0;
    QList<KubeResource> resources;
    std::optional<KubeFailure> failure;
};

struct ListRun {
    QJsonObject first;
    QJsonArray items;
};

} // namespace

QString percentEncoded(const QString &value) {
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

KubeClient::Private::Private(KubeClient *client)
    : q(client)
    , transport(std::make_unique<KubeTransport>(client->m_config)) {
    connect(transport.get(), &KubeTransport::credentialsRefreshed, q,
            &KubeClient::credentialsRefreshed);
}

void KubeClient::Private::finish(KubeReply *reply, const KubeFailure &failure) {
    reply->finishError(failure.kind, failure.message, failure.httpStatus, failure.reason,
                       failure.status);
}

void KubeClient::Private::finishJson(KubeReply *reply, const KubeHttpAnswer &answer,
                                     const KubeRequestContext &context) {
    if (answer.body.trimmed().isEmpty()) {
        reply->finishOk({});
        return;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(answer.body, &error);
    if (!document.isObject()) {
        reply->finishError(
            KubeReply::ErrorKind::Decode,
            QStringLiteral("the server %1 answered %2 %3 with something that is not "
                           "a JSON object (%4)")
                .arg(context.server, context.method, context.path, error.errorString()),
            answer.status);
        return;
    }
    reply->finishOk(document.object());
}

void KubeClient::Private::send(KubeReply *reply, const KubeHttpRequest &request,
                               AnswerHandler handler) {
    const KubeRequestContext context = transport->context(request);
    transport->perform(reply, request, [reply, handler, context](const KubeHttpAnswer &answer) {
        if (handler)
            handler(reply, answer);
        else
            finishJson(reply, answer, context);
    });
}

KubeReply *KubeClient::Private::request(const KubeHttpRequest &request, AnswerHandler handler) {
    auto *reply = new KubeReply(q);
    QPointer<KubeReply> guard(reply);
    defer(reply, [this, guard, request, handler] {
        if (guard && !guard->isFinished())
            send(guard, request, handler);
    });
    return reply;
}

void KubeClient::Private::failLater(KubeReply *reply, KubeReply::ErrorKind kind,
                                    const QString &message) {
    QPointer<KubeReply> guard(reply);
    defer(reply, [guard, kind, message] {
        if (guard)
            guard->finishError(kind, message);
    });
}

QString KubeClient::Private::collectionPath(const KubeResource &resource,
                                            const QString &namespaceName) const {
    QString path = resource.group.isEmpty()
                       ? QStringLiteral("/api/") + resource.version
                       : QStringLiteral("/apis/%1/%2").arg(resource.group, resource.version);
    if (resource.namespaced && !namespaceName.isEmpty())
        path += QStringLiteral("/namespaces/") + percentEncoded(namespaceName);
    return path + QLatin1Char('/') + resource.plural;
}

void KubeClient::Private::fetchDiscovery(DiscoveryCallback done) {
    if (!discoveryRunning) {
        discoveryWaiters << std::move(done);
        startDiscovery();
    } else if (resources.isEmpty()) {
        discoveryWaiters << std::move(done); // the first fetch: nothing to be stale about
    } else {
        // The running fetch may have begun before what the caller looks for existed (a CRD
        // applied a moment ago): fetch again after it.
        nextDiscoveryWaiters << std::move(done);
    }
}

void KubeClient::Private::startDiscovery() {
    discoveryRunning = true;
    auto run = std::make_shared<DiscoveryRun>();
    auto oneDone = [this, run] {
        if (--run->pending == 0)
            discoveryFinished(run->failure, run->resources);
    };
    run->pending = 2;
    for (const QString &root : {QStringLiteral("/api"), QStringLiteral("/apis")}) {
        KubeHttpRequest http;
        http.path = root;
        http.accept = aggregatedDiscoveryAccept;
        KubeReply *reply = request(http, [this, run, oneDone](KubeReply *reply,
                                                              const KubeHttpAnswer &answer) {
            const QJsonObject document = QJsonDocument::fromJson(answer.body).object();
            if (isAggregatedDiscovery(answer.contentType)) {
                run->resources << parseAggregatedDiscovery(document);
            } else {
                // Legacy discovery: one more request per group-version.
                for (const QString &path : legacyGroupVersionPaths(document)) {
                    ++run->pending;
                    KubeHttpRequest groupVersion;
                    groupVersion.path = path;
                    KubeReply *part =
                        request(groupVersion, [run](KubeReply *part, const KubeHttpAnswer &answer) {
                            run->resources
                                << parseResourceList(QJsonDocument::fromJson(answer.body).object());
                            part->finishOk({});
                        });
                    // A failed group-version leaves its kinds out, as in client-go.
                    part->then(q, [oneDone](const KubeReply &) { oneDone(); });
                }
            }
            reply->finishOk({});
        });
        reply->then(q, [run, root, oneDone](const KubeReply &reply) {
            // A 404 on /api is tolerated (no core group); /apis must answer.
            if (!reply.ok() && !(root == QLatin1String("/api") && reply.isNotFound()) &&
                !run->failure)
                run->failure = failureOf(reply);
            oneDone();
        });
    }
}

void KubeClient::Private::discoveryFinished(const std::optional<KubeFailure> &failure,
                                            const QList<KubeResource> &found) {
    if (!failure) {
        resources.clear();
        // The first version listed is the preferred one; keys include the version anyway.
        for (const KubeResource &resource : found) {
            const QString key = resourceKey(resource.apiVersion(), resource.kind);
            if (!resources.contains(key))
                resources.insert(key, resource);
        }
    }
    discoveryRunning = false;
    const QList<DiscoveryCallback> waiters = std::exchange(discoveryWaiters, {});
    if (!nextDiscoveryWaiters.isEmpty()) {
        discoveryWaiters = std::exchange(nextDiscoveryWaiters, {});
        startDiscovery();
    }
    for (const DiscoveryCallback &callback : waiters)
        callback(failure);
}

void KubeClient::Private::resolve(const QString &apiVersion, const QString &kind, QObject *context,
                                  ResolveCallback done) {
    const QString key = resourceKey(apiVersion, kind);
    const auto cached = resources.constFind(key);
    if (cached != resources.cend()) {
        done(std::nullopt, *cached);
        return;
    }
    QPointer<QObject> guard(context);
    fetchDiscovery(
        [this, guard, key, apiVersion, kind, done](const std::optional<KubeFailure> &failure) {
            if (!guard)
                return;
            if (failure) {
                done(failure, {});
                return;
            }
            const auto found = resources.constFind(key);
            if (found != resources.cend()) {
                done(std::nullopt, *found);
                return;
            }
            done(KubeFailure{KubeReply::ErrorKind::NotDiscovered,
                             QStringLiteral("no matches for kind \"%1\" in version \"%2\" on the "
                                            "server %3: ensure CRDs are installed first")
                                 .arg(kind, apiVersion, q->m_config.server),
                             0,
                             QStringLiteral("NotFound"),
                             {}},
                 {});
        });
}

KubeClient::KubeClient(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , d(std::make_unique<Private>(this)) {}

KubeClient::~KubeClient() {
    // Network replies must go before the QNetworkAccessManager in d: stop the watches (they
    // may live elsewhere) and delete the pending replies (children) now.
    for (const QPointer<KubeWatch> &watch : std::as_const(d->watches))
        if (watch)
            watch->detach();
    qDeleteAll(findChildren<KubeReply *>(Qt::FindDirectChildrenOnly));
}

KubeReply *KubeClient::serverVersion() {
    KubeHttpRequest http;
    http.path = QStringLiteral("/version");
    return d->request(http);
}

KubeReply *KubeClient::getPath(const QString &path) {
    KubeHttpRequest http;
    http.path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    return d->request(http);
}

KubeReply *KubeClient::refreshDiscovery() {
    auto *reply = new KubeReply(this);
    QPointer<KubeReply> guard(reply);
    defer(reply, [this, guard] {
        d->fetchDiscovery([guard](const std::optional<KubeFailure> &failure) {
            if (!guard || guard->isFinished())
                return;
            if (failure)
                Private::finish(guard, *failure);
            else
                guard->finishOk({});
        });
    });
    return reply;
}

KubeReply *KubeClient::resourceFor(const QString &apiVersion, const QString &kind) {
    auto *reply = new KubeReply(this);
    QPointer<KubeReply> guard(reply);
    defer(reply, [this, guard, apiVersion, kind] {
        d->resolve(
            apiVersion, kind, guard,
            [guard](const std::optional<KubeFailure> &failure, const KubeResource &resource) {
                if (!guard || guard->isFinished())
                    return;
                if (failure) {
                    Private::finish(guard, *failure);
                    return;
                }
                guard->setResource(resource);
                guard->finishOk({});
            });
    });
    return reply;
}

std::optional<KubeResource> KubeClient::cachedResource(const QString &apiVersion,
                                                       const QString &kind) const {
    const auto found = d->resources.constFind(resourceKey(apiVersion, kind));
    if (found == d->resources.cend())
        return std::nullopt;
    return *found;
}

QList<KubeResource> KubeClient::cachedResources() const {
    return d->resources.values();
}

// get, list, apply, mergePatch and remove: resolve the kind through discovery, then send.
KubeReply *KubeClient::Private::resolvedRequest(const QString &apiVersion, const QString &kind,
                                                Build build) {
    auto *reply = new KubeReply(q);
    QPointer<KubeReply> guard(reply);
    defer(reply, [this, guard, apiVersion, kind, build] {
        resolve(apiVersion, kind, guard,
                [guard, build](const std::optional<KubeFailure> &failure,
                               const KubeResource &resource) {
                    if (!guard || guard->isFinished())
                        return;
                    if (failure) {
                        finish(guard, *failure);
                        return;
                    }
                    guard->setResource(resource);
                    build(guard, resource);
                });
    });
    return reply;
}

KubeReply *KubeClient::get(const QString &apiVersion, const QString &kind, const QString &name,
                           const QString &namespaceName) {
    const QString ns = namespaceName.isEmpty() ? m_config.namespaceName : namespaceName;
    return d->resolvedRequest(
        apiVersion, kind, [this, ns, name](KubeReply *reply, const KubeResource &resource) {
            KubeHttpRequest http;
            http.path = d->collectionPath(resource, ns) + QLatin1Char('/') + percentEncoded(name);
            d->send(reply, http);
        });
}

KubeReply *KubeClient::list(const QString &apiVersion, const QString &kind,
                            const ListOptions &options) {
    return d->resolvedRequest(
        apiVersion, kind, [this, options](KubeReply *reply, const KubeResource &resource) {
            const QString path = d->collectionPath(resource, options.namespaceName);
            auto run = std::make_shared<ListRun>();
            // One page after the other, following metadata.continue.
            auto page = std::make_shared<std::function<void(const QString &)>>();
            QPointer<KubeReply> guard(reply);
            *page = [this, path, options, run, guard,
                     weakPage = std::weak_ptr<std::function<void(const QString &)>>(page)](
                        const QString &continueToken) {
                QStringList query{QStringLiteral("limit=%1").arg(listPageSize)};
                if (!options.labelSelector.isEmpty())
                    query << QStringLiteral("labelSelector=") +
                                 percentEncoded(options.labelSelector);
                if (!options.fieldSelector.isEmpty())
                    query << QStringLiteral("fieldSelector=") +
                                 percentEncoded(options.fieldSelector);
                if (!continueToken.isEmpty())
                    query << QStringLiteral("continue=") + percentEncoded(continueToken);
                KubeHttpRequest http;
                http.path = path + joinQuery(query);
                const KubeRequestContext context = d->transport->context(http);
                d->transport->perform(
                    guard, http, [run, guard, weakPage, context](const KubeHttpAnswer &answer) {
                        const QJsonObject document = QJsonDocument::fromJson(answer.body).object();
                        if (document.isEmpty()) {
                            KubeClient::Private::finishJson(guard, answer, context);
                            return;
                        }
                        if (run->first.isEmpty())
                            run->first = document;
                        for (const QJsonValue &item :
                             document.value(QStringLiteral("items")).toArray())
                            run->items.append(item);
                        const QString next = document.value(QStringLiteral("metadata"))
                                                 .toObject()
                                                 .value(QStringLiteral("continue"))
                                                 .toString();
                        const auto pageFunction = weakPage.lock();
                        if (!next.isEmpty() && pageFunction) {
                            (*pageFunction)(next);
                            return;
                        }
                        QJsonObject result = run->first;
                        QJsonObject metadata =
                            document.value(QStringLiteral("metadata")).toObject();
                        metadata.remove(QStringLiteral("continue"));
                        result.insert(QStringLiteral("metadata"), metadata);
                        result.insert(QStringLiteral("items"), run->items);
                        guard->finishOk(result);
                    });
            };
            // The page function lives as long as the reply.
            QObject::connect(reply, &QObject::destroyed, [page] {});
            (*page)(QString());
        });
}

KubeReply *KubeClient::apply(const QJsonObject &object, const ApplyOptions &options) {
    const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
    const QString kind = object.value(QStringLiteral("kind")).toString();
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    const QString name = metadata.value(QStringLiteral("name")).toString();
    if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
        auto *reply = new KubeReply(this);
        d->failLater(reply, KubeReply::ErrorKind::Decode,
                     QStringLiteral("cannot apply an object without apiVersion, kind and "
                                    "metadata.name (%1 \"%2\")")
                         .arg(kind.isEmpty() ? QStringLiteral("(no kind)") : kind, name));
        return reply;
    }
    if (options.fieldManager.isEmpty()) {
        auto *reply = new KubeReply(this);
        d->failLater(reply, KubeReply::ErrorKind::Decode,
                     QStringLiteral("server-side apply needs a field manager"));
        return reply;
    }
    return d->resolvedRequest(
        apiVersion, kind,
        [this, object, metadata, name, options](KubeReply *reply, const KubeResource &resource) {
            QJsonObject body = object;
            QString ns = metadata.value(QStringLiteral("namespace")).toString();
            if (resource.namespaced && ns.isEmpty()) {
                // Like kubectl: namespaced objects without a namespace go to the context's.
                ns = m_config.namespaceName;
                QJsonObject withNamespace = metadata;
                withNamespace.insert(QStringLiteral("namespace"), ns);
                body.insert(QStringLiteral("metadata"), withNamespace);
            }
            QStringList query{
                QStringLiteral("fieldManager=") + percentEncoded(options.fieldManager),
                options.force ? QStringLiteral("force=true") : QStringLiteral("force=false")};
            if (options.dryRun)
                query << QStringLiteral("dryRun=All");
            KubeHttpRequest http;
            http.method = "PATCH";
            http.path = d->collectionPath(resource, ns) + QLatin1Char('/') + percentEncoded(name) +
                        joinQuery(query);
            // JSON is valid YAML; the apply-patch content type is what makes it an apply.
            http.contentType = "application/apply-patch+yaml";
            http.body = QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n';
            d->send(reply, http);
        });
}

KubeReply *KubeClient::mergePatch(const QString &apiVersion, const QString &kind,
                                  const QString &name, const QString &namespaceName,
                                  const QJsonObject &patch, const QString &subresource) {
    const QString ns = namespaceName.isEmpty() ? m_config.namespaceName : namespaceName;
    return d->resolvedRequest(
        apiVersion, kind,
        [this, ns, name, patch, subresource](KubeReply *reply, const KubeResource &resource) {
            KubeHttpRequest http;
            http.method = "PATCH";
            http.path = d->collectionPath(resource, ns) + QLatin1Char('/') + percentEncoded(name);
            if (!subresource.isEmpty())
                http.path += QLatin1Char('/') + subresource;
            http.contentType = "application/merge-patch+json";
            http.body = QJsonDocument(patch).toJson(QJsonDocument::Compact);
            d->send(reply, http);
        });
}

KubeReply *KubeClient::remove(const QString &apiVersion, const QString &kind, const QString &name,
                              const QString &namespaceName, bool dryRun) {
    const QString ns = namespaceName.isEmpty() ? m_config.namespaceName : namespaceName;
    return d->resolvedRequest(
        apiVersion, kind, [this, ns, name, dryRun](KubeReply *reply, const KubeResource &resource) {
            QStringList query{QStringLiteral("propagationPolicy=Background")};
            if (dryRun)
                query << QStringLiteral("dryRun=All");
            KubeHttpRequest http;
            http.method = "DELETE";
            http.path = d->collectionPath(resource, ns) + QLatin1Char('/') + percentEncoded(name) +
                        joinQuery(query);
            d->send(reply, http);
        });
}

KubeWatch *KubeClient::watch(const QString &apiVersion, const QString &kind,
                             const WatchOptions &options, QObject *parent) {
    auto *watch = new KubeWatch(this, apiVersion, kind, options, parent ? parent : this);
    d->watches.removeAll(nullptr);
    d->watches << watch;
    return watch;
}

void KubeClient::setRequestTimeout(int milliseconds) {
    d->transport->setRequestTimeout(milliseconds);
}

QString KubeClient::redact(const QString &text) const {
    return d->transport->redact(text);
}

} // namespace wavesmith
