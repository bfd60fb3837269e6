#pragma once

#include "execplugin.h"
#include "kubefailure.h"

#include <wavesmith/kubeconfig.h>

#include <QByteArray>
#include <QDateTime>
#include <QNetworkProxy>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace wavesmith {

class KubeReply;

struct KubeHttpRequest {
    QByteArray method = "GET";
    QString path; // below the server URL, with the query ("/api/v1/namespaces?limit=500")
    QByteArray body;
    QByteArray contentType;
    QByteArray accept = "application/json";
    bool stream = false; // a watch: no transfer timeout
};

struct KubeHttpAnswer {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
};

// The connection to one API server as one user: QNetworkAccessManager, TLS, proxy and
// credentials (static token, tokenFile re-read about once a minute, Basic, client certificate,
// exec plugin cached until expiry and run again after a 401).
class KubeTransport : public QObject {
    Q_OBJECT

public:
    explicit KubeTransport(const ClientConfig &config, QObject *parent = nullptr);
    ~KubeTransport() override;

    // One request with credentials; after a 401 with exec credentials the plugin runs again and
    // the request is sent once more. Finishes `reply` with the failure, or calls `onSuccess`
    // with a 2xx answer (which then finishes the reply). Aborting the reply cancels it.
    void perform(KubeReply *reply, const KubeHttpRequest &request,
                 std::function<void(const KubeHttpAnswer &)> onSuccess);

    // Opens a streaming request once credentials are ready: `opened` gets the QNetworkReply
    // (parented to `owner`) and the credential generation it used; `failed` when credentials
    // could not be obtained. Nothing is called when `owner` is gone.
    void openStream(QObject *owner, const KubeHttpRequest &request,
                    std::function<void(QNetworkReply *, quint64 generation)> opened,
                    std::function<void(const KubeFailure &)> failed);

    // The failure of a finished network reply, or nothing when it answered 2xx.
    std::optional<KubeFailure> failureOf(QNetworkReply *reply, const QByteArray &body) const;
    // After a 401 on a request sent with credential `generation`: drops exec credentials so the
    // plugin runs again; true when a retry can help.
    bool credentialsRejected(quint64 generation);

    KubeRequestContext context(const KubeHttpRequest &request) const;
    QString redact(const QString &text) const;
    void setRequestTimeout(int milliseconds) { m_requestTimeoutMs = milliseconds; }
    int execRunCount() const { return m_runner ? m_runner->runCount() : 0; }

Q_SIGNALS:
    void credentialsRefreshed(const QString &expiresAt);

private:
    void withCredentials(QObject *owner,
                         std::function<void(const std::optional<KubeFailure> &)> ready);
    QNetworkReply *send(const KubeHttpRequest &request);
    void sendAttempt(KubeReply *reply, const KubeHttpRequest &request,
                     std::function<void(const KubeHttpAnswer &)> onSuccess, int attempt);
    std::optional<KubeFailure> refreshFileToken();

    const ClientConfig &m_config;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ExecPluginRunner> m_runner;
    std::optional<ExecCredential> m_execCredential;
    using CredentialsReady = std::function<void(const std::optional<KubeFailure> &)>;
    QList<std::pair<QPointer<QObject>, CredentialsReady>> m_credentialWaiters;
    quint64 m_generation = 0; // counts credential changes
    QSslConfiguration m_ssl;
    QNetworkProxy m_proxy;
    QString m_proxyError; // a proxy-url Qt cannot use (https proxies)
    QString m_fileToken;
    QDateTime m_fileTokenReadAt;
    int m_requestTimeoutMs = 30000;
};

// Whether the environment's proxy applies to `host` (NO_PROXY semantics of Go's httpproxy:
// loopback and localhost never go through a proxy).
bool bypassesProxy(const QString &host, int port, const QString &noProxy);

} // namespace wavesmith
