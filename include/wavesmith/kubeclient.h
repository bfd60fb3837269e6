#pragma once

#include <wavesmith/kubeconfig.h>

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace wavesmith {

// An asynchronous Kubernetes REST client over QtNetwork: discovery, get, list, server-side
// apply, delete and watch, with the kubeconfig's TLS and credentials (exec plugins run
// asynchronously through QProcess). Nothing blocks the calling thread.
//
//   auto *client = new KubeClient(loadClientConfig(options).value(), this);
//   client->apply(namespaceObject)->then(this, [](const KubeReply &reply) {
//       if (!reply.ok())
//           show(reply.errorString()); // the Status message, e.g. namespaces "x" is forbidden: …
//   });
//   KubeWatch *watch = client->watch(QStringLiteral("argoproj.io/v1alpha1"),
//                                    QStringLiteral("Application"), {QStringLiteral("argocd")});
//   connect(watch, &KubeWatch::listed, ...);   // full state: initial list, or relist after 410
//   connect(watch, &KubeWatch::modified, ...);
//   watch->start();
//
// Requests return a KubeReply owned by the caller (parented to the client as a safety net):
// use then(), which deletes it afterwards, or connect to finished() and deleteLater() it.
// Deleting or abort()ing a reply cancels its request. Error strings never contain a secret.

// A resource type as discovery lists it (kind → plural and scope are never guessed).
struct KubeResource {
    QString group; // "" for the core group
    QString version;
    QString kind;
    QString plural; // the URL segment, e.g. "applications"
    QString singular;
    bool namespaced = false;
    QStringList verbs;
    QStringList shortNames;

    QString apiVersion() const;    // "v1" or "argoproj.io/v1alpha1"
    QString groupResource() const; // "applications.argoproj.io", or "namespaces" for core
};

// Server-side apply (PATCH application/apply-patch+yaml).
struct ApplyOptions {
    QString fieldManager = QStringLiteral("wavesmith");
    bool force = false;  // take over conflicting fields (only where the plan says)
    bool dryRun = false; // dryRun=All: validated and answered, nothing stored
};

struct ListOptions {
    ListOptions() = default;
    // Implicit, so `{QStringLiteral("argocd")}` names just the namespace.
    ListOptions(QString namespaceName)
        : namespaceName(std::move(namespaceName)) {}

    QString namespaceName; // empty: all namespaces (ignored for cluster-scoped kinds)
    QString labelSelector;
    QString fieldSelector;
};

struct WatchOptions {
    WatchOptions() = default;
    // Implicit, so `{QStringLiteral("argocd")}` names just the namespace.
    WatchOptions(QString namespaceName)
        : namespaceName(std::move(namespaceName)) {}

    QString namespaceName; // empty: all namespaces (ignored for cluster-scoped kinds)
    QString labelSelector;
    QString fieldSelector;
    // Empty: the watch lists first and emits `listed`. Otherwise it only reports changes after
    // this resourceVersion (the one of a list the caller made).
    QString resourceVersion;
    int initialBackoffMs = 200; // reconnect delay after a dropped stream, doubled up to max
    int maxBackoffMs = 5000;
};

// The answer to one request. Finishes exactly once (also when aborted).
class KubeReply : public QObject {
    Q_OBJECT

public:
    enum class ErrorKind {
        None,
        Api,            // the server answered with a Status (see reason())
        Authentication, // 401, or credentials could not be obtained (exec plugin, token file)
        Tls,            // certificate verification or handshake failed
        Network,        // connection refused, reset, DNS, proxy
        Timeout,
        Canceled,
        Decode,        // the answer was not the JSON expected
        NotDiscovered, // the kind is not served by the server
    };

    explicit KubeReply(QObject *parent = nullptr);
    ~KubeReply() override;

    bool isFinished() const { return m_finished; }
    bool ok() const { return m_finished && m_errorKind == ErrorKind::None; }
    ErrorKind errorKind() const { return m_errorKind; }
    // A message for a user: the Kubernetes Status message (e.g. `applications.argoproj.io "x"
    // is forbidden: …`), or what failed and with which server. Never a token.
    const QString &errorString() const { return m_errorString; }
    int httpStatus() const { return m_httpStatus; } // 0 when there was no HTTP answer
    // The Status reason ("NotFound", "Conflict", "Forbidden", "Unauthorized", "Invalid", …).
    const QString &reason() const { return m_reason; }
    bool isNotFound() const { return m_httpStatus == 404; }
    bool isConflict() const { return m_httpStatus == 409; }

    // The decoded body: the object, the List (with "items"), /version, or the Status on error.
    const QJsonObject &object() const { return m_object; }
    // The resource type the request was resolved to through discovery (get, list, apply,
    // remove, resourceFor).
    const KubeResource &resource() const { return m_resource; }

    // Cancels the request; finished() follows with ErrorKind::Canceled unless already finished.
    void abort();

    // Calls `handler` once finished (unless `context` is gone by then) and deletes the reply
    // afterwards.
    void then(QObject *context, std::function<void(const KubeReply &)> handler);

Q_SIGNALS:
    void finished();
    // Internal: asks the request in flight to stop.
    void abortRequested();

private:
    friend class KubeClient;
    friend class KubeTransport;
    friend class KubeWatch;
    void finishOk(QJsonObject object);
    void finishError(ErrorKind kind, QString message, int httpStatus = 0, QString reason = {},
                     QJsonObject status = {});
    void setResource(KubeResource resource) { m_resource = std::move(resource); }

    bool m_finished = false;
    ErrorKind m_errorKind = ErrorKind::None;
    QString m_errorString;
    int m_httpStatus = 0;
    QString m_reason;
    QJsonObject m_object;
    KubeResource m_resource;
};

class KubeClient;

// A watch on one resource type: lists (unless started from a resourceVersion), then streams
// changes; bookmarks advance the resourceVersion; a dropped stream reconnects with backoff from
// the last resourceVersion seen, so no change is missed; 410 Expired relists and emits the whole
// state again through `listed`. Runs until stop() or a permanent error (`failed`).
class KubeWatch : public QObject {
    Q_OBJECT

public:
    ~KubeWatch() override;

    void start();
    void stop(); // no signal follows
    bool isRunning() const;
    // The last resourceVersion seen (list, event or bookmark).
    QString resourceVersion() const;
    // Known once discovery answered.
    KubeResource resource() const;

Q_SIGNALS:
    // The complete current state: after the initial list, and after a relist (410 Expired).
    // Consumers replace what they knew.
    void listed(const QList<QJsonObject> &items, const QString &resourceVersion);
    void added(const QJsonObject &object);
    void modified(const QJsonObject &object);
    void deleted(const QJsonObject &object); // the object's last state
    void bookmarked(const QString &resourceVersion);
    // The stream dropped or a request failed transiently; the watch retries after `delayMs`.
    void reconnecting(const QString &why, int delayMs);
    // A permanent error (unknown kind, 401, 403, …); the watch has stopped.
    void failed(const QString &message);

private:
    friend class KubeClient;
    struct Private;
    KubeWatch(KubeClient *client, QString apiVersion, QString kind, WatchOptions options,
              QObject *parent);
    void detach(); // the client is going: stop and let go of its network objects now

    std::unique_ptr<Private> d;
};

class KubeClient : public QObject {
    Q_OBJECT

public:
    explicit KubeClient(ClientConfig config, QObject *parent = nullptr);
    ~KubeClient() override;

    const ClientConfig &config() const { return m_config; }

    // GET /version → object() {"major", "minor", "gitVersion", …}.
    KubeReply *serverVersion();
    // Fetches discovery again (aggregated, legacy when the server has no aggregated discovery).
    KubeReply *refreshDiscovery();
    // The resource of apiVersion + kind → reply->resource(). Uses cached discovery; a kind
    // missing from it refetches discovery once (a CRD just created) before answering
    // ErrorKind::NotDiscovered.
    KubeReply *resourceFor(const QString &apiVersion, const QString &kind);
    // From the discovery cache only (nothing when not fetched yet).
    std::optional<KubeResource> cachedResource(const QString &apiVersion,
                                               const QString &kind) const;
    QList<KubeResource> cachedResources() const;

    // An empty namespace means the config's namespace for namespaced kinds.
    KubeReply *get(const QString &apiVersion, const QString &kind, const QString &name,
                   const QString &namespaceName = {});
    KubeReply *list(const QString &apiVersion, const QString &kind,
                    const ListOptions &options = {});
    // Server-side apply of `object` (apiVersion, kind, metadata.name required; a namespaced
    // object without metadata.namespace goes to the config's namespace).
    KubeReply *apply(const QJsonObject &object, const ApplyOptions &options = {});
    // JSON merge patch (e.g. "status" through subresource "status").
    KubeReply *mergePatch(const QString &apiVersion, const QString &kind, const QString &name,
                          const QString &namespaceName, const QJsonObject &patch,
                          const QString &subresource = {});
    KubeReply *remove(const QString &apiVersion, const QString &kind, const QString &name,
                      const QString &namespaceName = {}, bool dryRun = false);
    // GET of any path below the server URL (e.g. "/api/v1/nodes", "/readyz").
    KubeReply *getPath(const QString &path);

    // A watch parented to `parent` (the client when null); call start() after connecting.
    KubeWatch *watch(const QString &apiVersion, const QString &kind,
                     const WatchOptions &options = {}, QObject *parent = nullptr);

    // Transfer timeout for ordinary requests (not watches); default 30 s.
    void setRequestTimeout(int milliseconds);

    // `text` with every secret this client knows (kubeconfig and exec-supplied) redacted.
    QString redact(const QString &text) const;

Q_SIGNALS:
    // An exec plugin supplied new credentials (no secret in the signal).
    void credentialsRefreshed(const QString &expiresAt);

private:
    friend class KubeWatch;
    struct Private;
    ClientConfig m_config;
    std::unique_ptr<Private> d;
};

} // namespace wavesmith
