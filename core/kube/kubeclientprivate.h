#pragma once

#include "kubefailure.h"
#include "kubetransport.h"

#include <wavesmith/kubeclient.h>

#include <QHash>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace wavesmith {

// The client's state: the transport and the discovery cache. Shared with KubeWatch.
struct KubeClient::Private {
    using ResolveCallback =
        std::function<void(const std::optional<KubeFailure> &, const KubeResource &)>;
    using DiscoveryCallback = std::function<void(const std::optional<KubeFailure> &)>;
    using AnswerHandler = std::function<void(KubeReply *, const KubeHttpAnswer &)>;
    using Build = std::function<void(KubeReply *, const KubeResource &)>;

    explicit Private(KubeClient *client);

    // A request whose 2xx answer `handler` turns into the reply's result (JSON object when
    // no handler).
    KubeReply *request(const KubeHttpRequest &request, AnswerHandler handler = {});
    void send(KubeReply *reply, const KubeHttpRequest &request, AnswerHandler handler = {});
    // The resource of apiVersion + kind from the cache, or after (re)fetching discovery.
    void resolve(const QString &apiVersion, const QString &kind, QObject *context,
                 ResolveCallback done);
    // A reply that resolves the kind first and then lets `build` send the request.
    KubeReply *resolvedRequest(const QString &apiVersion, const QString &kind, Build build);
    void fetchDiscovery(DiscoveryCallback done);
    void startDiscovery();
    void discoveryFinished(const std::optional<KubeFailure> &failure,
                           const QList<KubeResource> &resources);
    QString collectionPath(const KubeResource &resource, const QString &namespaceName) const;
    // Finishes `reply` on the next event-loop turn, so callers can connect first.
    void failLater(KubeReply *reply, KubeReply::ErrorKind kind, const QString &message);
    static void finishJson(KubeReply *reply, const KubeHttpAnswer &answer,
                           const KubeRequestContext &context);
    static void finish(KubeReply *reply, const KubeFailure &failure);

    KubeClient *q;
    std::unique_ptr<KubeTransport> transport;
    QList<QPointer<KubeWatch>> watches;     // stopped before the transport goes
    QHash<QString, KubeResource> resources; // "apiVersion\nkind"
    bool discoveryRunning = false;
    QList<DiscoveryCallback> discoveryWaiters;
    QList<DiscoveryCallback> nextDiscoveryWaiters; // joined a fetch that began too early
};

QString percentEncoded(const QString &value);

} // namespace wavesmith
