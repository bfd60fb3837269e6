#include "kubetransport.h"

#include "kubetls.h"

#include <wavesmith/kubeclient.h>

#include <QFile>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QUrl>

namespace wavesmith {

namespace {

const char sslErrorsProperty[] = "wavesmithSslErrors";
const char methodProperty[] = "wavesmithMethod";
constexpr int tokenFileRereadMs = 60 * 1000; // client-go re-reads tokenFile about once a minute

QString environment(const char *upper, const char *lower) {
    const QByteArray value = qgetenv(upper);
    return QString::fromLocal8Bit(value.isEmpty() ? qgetenv(lower) : value);
}

// proxy-url or HTTPS_PROXY text → a Qt proxy (Go assumes http:// without a scheme).
QNetworkProxy parseProxy(const QString &text, QString *error) {
    QUrl url(text.contains(QLatin1String("://")) ? text : QStringLiteral("http://") + text);
    const QString scheme = url.scheme();
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (scheme == QLatin1String("socks5")) {
        type = QNetworkProxy::Socks5Proxy;
    } else if (scheme == QLatin1String("https")) {
        // Qt speaks to a proxy in plain text only.
        *error = QStringLiteral("the proxy %1 uses https, which Wavesmith cannot use; give an "
                                "http:// or socks5:// proxy")
                     .arg(url.toString(QUrl::RemoveUserInfo));
        return QNetworkProxy(QNetworkProxy::NoProxy);
    } else if (scheme != QLatin1String("http")) {
        *error = QStringLiteral("unsupported proxy scheme \"%1\"").arg(scheme);
        return QNetworkProxy(QNetworkProxy::NoProxy);
    }
    const int defaultPort = type == QNetworkProxy::Socks5Proxy ? 1080 : 80;
    return QNetworkProxy(type, url.host(), quint16(url.port(defaultPort)), url.userName(),
                         url.password());
}

} // namespace

bool bypassesProxy(const QString &host, int port, const QString &noProxy) {
    const QHostAddress address(host);
    if (host == QLatin1String("localhost") || address.isLoopback())
        return true;
    for (QString entry : noProxy.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        entry = entry.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        if (entry == QLatin1String("*"))
            return true;
        if (entry.contains(QLatin1Char('/'))) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            if (!address.isNull() &&
                subnet.first.protocol() != QHostAddress::UnknownNetworkLayerProtocol &&
                address.isInSubnet(subnet))
                return true;
            continue;
        }
        const int colon = entry.lastIndexOf(QLatin1Char(':'));
        if (colon > 0 && !entry.contains(QLatin1Char(']')) && entry.count(QLatin1Char(':')) == 1) {
            if (entry.mid(colon + 1).toInt() != port)
                continue;
            entry = entry.left(colon);
        }
        if (entry.startsWith(QLatin1String("*.")))
            entry = entry.mid(1);
        const QString lowerHost = host.toLower();
        if (entry.startsWith(QLatin1Char('.'))) {
            if (lowerHost.endsWith(entry))
                return true;
        } else if (lowerHost == entry || lowerHost.endsWith(QLatin1Char('.') + entry)) {
            return true;
        }
    }
    return false;
}

KubeTransport::KubeTransport(const ClientConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_manager(std::make_unique<QNetworkAccessManager>()) {
    // Credentials must never follow a redirect to another host.
    m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_ssl = makeSslConfiguration(config, config.clientCertificateData, config.clientKeyData);
    if (config.exec)
        m_runner = std::make_unique<ExecPluginRunner>(m_config);

    const QUrl server(config.server);
    if (!config.proxyUrl.isEmpty()) {
        m_proxy = parseProxy(config.proxyUrl, &m_proxyError);
    } else {
        const QString proxy = server.scheme() == QLatin1String("https")
                                  ? environment("HTTPS_PROXY", "https_proxy")
                                  : environment("HTTP_PROXY", "http_proxy");
        const int port = server.port(server.scheme() == QLatin1String("https") ? 443 : 80);
        if (proxy.isEmpty() ||
            bypassesProxy(server.host(), port, environment("NO_PROXY", "no_proxy")))
            m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        else
            m_proxy = parseProxy(proxy, &m_proxyError);
    }
    m_manager->setProxy(m_proxy);
}

KubeTransport::~KubeTransport() = default;

KubeRequestContext KubeTransport::context(const KubeHttpRequest &request) const {
    KubeRequestContext context;
    context.method = QString::fromLatin1(request.method);
    context.path = request.path.section(QLatin1Char('?'), 0, 0);
    context.server = m_config.server;
    context.user = m_config.userName;
    context.cluster = m_config.clusterName;
    context.customCa = !m_config.certificateAuthorityData.isEmpty();
    return context;
}

QString KubeTransport::redact(const QString &text) const {
    QStringList extra{m_fileToken};
    if (m_execCredential) {
        extra << m_execCredential->token << QString::fromLatin1(m_execCredential->clientKey);
        for (const QByteArray &line : m_execCredential->clientKey.split('\n'))
            if (line.size() >= 16 && !line.startsWith("-----"))
                extra << QString::fromLatin1(line);
    }
    return redactSecrets(text, m_config, extra);
}

std::optional<KubeFailure> KubeTransport::refreshFileToken() {
    if (m_config.tokenFile.isEmpty())
        return std::nullopt;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_fileTokenReadAt.isValid() && m_fileTokenReadAt.msecsTo(now) < tokenFileRereadMs)
        return std::nullopt;
    // A few bytes from a local file; kept on this thread like client-go's cached reader.
    QFile file(m_config.tokenFile);
    if (!file.open(QIODevice::ReadOnly)) {
        if (!m_fileToken.isEmpty())
            return std::nullopt; // keep the last good token, as client-go does
        KubeFailure failure;
        failure.kind = KubeReply::ErrorKind::Authentication;
        failure.message = QStringLiteral("unable to read tokenFile %1 of user \"%2\": %3")
                              .arg(m_config.tokenFile, m_config.userName, file.errorString());
        return failure;
    }
    m_fileToken = QString::fromUtf8(file.readAll()).trimmed();
    m_fileTokenReadAt = now;
    return std::nullopt;
}

void KubeTransport::withCredentials(QObject *owner,
                                    std::function<void(const std::optional<KubeFailure> &)> ready) {
    if (!m_proxyError.isEmpty()) {
        ready(KubeFailure{KubeReply::ErrorKind::Network, m_proxyError, 0, {}, {}});
        return;
    }
    if (const auto failure = refreshFileToken()) {
        ready(failure);
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!m_runner || (m_execCredential && !m_execCredential->isExpired(now))) {
        ready(std::nullopt);
        return;
    }
    m_execCredential.reset();
    // Requests that need credentials while the plugin runs wait for that same run.
    m_credentialWaiters.append({QPointer<QObject>(owner), std::move(ready)});
    if (m_credentialWaiters.size() > 1)
        return;
    m_runner->run([this](const Result<ExecCredential> &result) {
        if (result) {
            m_execCredential = result.value();
            ++m_generation;
            if (!m_execCredential->clientCertificate.isEmpty()) {
                m_ssl = makeSslConfiguration(m_config, m_execCredential->clientCertificate,
                                             m_execCredential->clientKey);
                // Pooled connections were made with the old certificate.
                m_manager->clearConnectionCache();
            }
            Q_EMIT credentialsRefreshed(m_execCredential->expiresAt.isValid()
                                            ? m_execCredential->expiresAt.toString(Qt::ISODate)
                                            : QString());
        }
        std::optional<KubeFailure> failure;
        if (!result)
            failure = KubeFailure{
                KubeReply::ErrorKind::Authentication, redact(result.error().message), 0, {}, {}};
        const auto waiters = std::exchange(m_credentialWaiters, {});
        for (const auto &[owner, callback] : waiters)
            if (owner)
                callback(failure);
    });
}

bool KubeTransport::credentialsRejected(quint64 generation) {
    if (!m_runner)
        return false;
    if (generation == m_generation)
        m_execCredential.reset(); // the next request runs the plugin again
    return true;
}

QNetworkReply *KubeTransport::send(const KubeHttpRequest &request) {
    QString base = m_config.server;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest http(QUrl(base + request.path, QUrl::TolerantMode));
    http.setSslConfiguration(m_ssl);
    if (!m_config.tlsServerName.isEmpty())
        http.setPeerVerifyName(m_config.tlsServerName);
    http.setRawHeader("Accept", request.accept);
    if (!request.contentType.isEmpty())
        http.setRawHeader("Content-Type", request.contentType);
    http.setRawHeader("User-Agent", "wavesmith/1.0");
    if (m_config.disableCompression)
        http.setRawHeader("Accept-Encoding", "identity");
    http.setTransferTimeout(request.stream ? 0 : m_requestTimeoutMs);
    // client-go sends no credentials over plain http.
    if (http.url().scheme() == QLatin1String("https")) {
        QString token;
        if (m_execCredential)
            token = m_execCredential->token;
        else if (!m_fileToken.isEmpty())
            token = m_fileToken;
        else
            token = m_config.token;
        if (!token.isEmpty())
            http.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        else if (!m_config.username.isEmpty() || !m_config.password.isEmpty())
            http.setRawHeader(
                "Authorization",
                "Basic " +
                    (m_config.username + QLatin1Char(':') + m_config.password).toUtf8().toBase64());
    }
    if (!m_config.impersonateUser.isEmpty()) {
        http.setRawHeader("Impersonate-User", m_config.impersonateUser.toUtf8());
        if (!m_config.impersonateUid.isEmpty())
            http.setRawHeader("Impersonate-Uid", m_config.impersonateUid.toUtf8());
        // One value each: the loader refuses several (QtNetwork cannot repeat a header).
        if (!m_config.impersonateGroups.isEmpty())
            http.setRawHeader("Impersonate-Group", m_config.impersonateGroups.first().toUtf8());
        for (auto it = m_config.impersonateExtra.cbegin(); it != m_config.impersonateExtra.cend();
             ++it)
            if (!it.value().isEmpty())
                http.setRawHeader("Impersonate-Extra-" + QUrl::toPercentEncoding(it.key()),
                                  it.value().first().toUtf8());
    }
    QNetworkReply *reply = request.body.isEmpty() && request.method == "GET"
                               ? m_manager->get(http)
                               : m_manager->sendCustomRequest(http, request.method, request.body);
    reply->setProperty(methodProperty, QString::fromLatin1(request.method));
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &error : errors)
            texts << error.errorString();
        reply->setProperty(sslErrorsProperty, texts);
    });
    return reply;
}

std::optional<KubeFailure> KubeTransport::failureOf(QNetworkReply *reply,
                                                    const QByteArray &body) const {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    KubeHttpRequest request;
    request.method = reply->property(methodProperty).toString().toLatin1();
    request.path = reply->url().path();
    const KubeRequestContext context = this->context(request);
    std::optional<KubeFailure> failure;
    if (status >= 200 && status < 300) {
        // A 2xx whose body broke off is still a failure.
        if (reply->error() != QNetworkReply::NoError &&
            reply->error() < QNetworkReply::ContentAccessDenied)
            failure = describeNetworkFailure(reply->error(), reply->errorString(), {}, context);
    } else if (status > 0) {
        failure = describeHttpFailure(status, body, context);
    } else {
        failure =
            describeNetworkFailure(reply->error(), reply->errorString(),
                                   reply->property(sslErrorsProperty).toStringList(), context);
    }
    if (failure)
        failure->message = redact(failure->message);
    return failure;
}

void KubeTransport::perform(KubeReply *reply, const KubeHttpRequest &request,
                            std::function<void(const KubeHttpAnswer &)> onSuccess) {
    sendAttempt(reply, request, std::move(onSuccess), 0);
}

void KubeTransport::sendAttempt(KubeReply *reply, const KubeHttpRequest &request,
                                std::function<void(const KubeHttpAnswer &)> onSuccess,
                                int attempt) {
    QPointer<KubeReply> guard(reply);
    withCredentials(reply, [=, this](const std::optional<KubeFailure> &failure) {
        if (!guard || guard->isFinished())
            return;
        if (failure) {
            guard->finishError(failure->kind, failure->message, failure->httpStatus,
                               failure->reason, failure->status);
            return;
        }
        const quint64 generation = m_generation;
        QNetworkReply *network = send(request);
        network->setParent(guard); // deleting the reply aborts the request
        connect(guard, &KubeReply::abortRequested, network, &QNetworkReply::abort);
        connect(network, &QNetworkReply::finished, guard, [=, this] {
            network->deleteLater();
            if (!guard || guard->isFinished())
                return;
            const QByteArray body = network->readAll();
            if (const auto failure = failureOf(network, body)) {
                // A keep-alive connection the server (or a proxy) closed under us: the request
                // did not get an answer, and our verbs (GET, apply, merge patch, DELETE) are
                // safe to send again once (client-go retries such resets too).
                if (failure->httpStatus == 0 &&
                    network->error() == QNetworkReply::RemoteHostClosedError && attempt == 0) {
                    sendAttempt(guard, request, onSuccess, attempt + 1);
                    return;
                }
                // Every 401 drops exec credentials (the next request runs the plugin again);
                // the first one also retries with fresh ones.
                if (failure->httpStatus == 401 && credentialsRejected(generation) && attempt == 0) {
                    sendAttempt(guard, request, onSuccess, attempt + 1);
                    return;
                }
                guard->finishError(failure->kind, failure->message, failure->httpStatus,
                                   failure->reason, failure->status);
                return;
            }
            onSuccess(
                KubeHttpAnswer{network->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                               body, network->rawHeader("Content-Type")});
        });
    });
}

void KubeTransport::openStream(QObject *owner, const KubeHttpRequest &request,
                               std::function<void(QNetworkReply *, quint64)> opened,
                               std::function<void(const KubeFailure &)> failed) {
    QPointer<QObject> guard(owner);
    withCredentials(owner, [=, this](const std::optional<KubeFailure> &failure) {
        if (!guard)
            return;
        if (failure) {
            failed(*failure);
            return;
        }
        QNetworkReply *network = send(request);
        network->setParent(guard);
        opened(network, m_generation);
    });
}

} // namespace wavesmith
