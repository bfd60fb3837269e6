#include "kubefailure.h"

#include <QJsonDocument>

namespace wavesmith {

namespace {

// Reason names of the Kubernetes Status for answers that carry no Status body.
QString reasonForCode(int code) {
    switch (code) {
    case 400:
        return QStringLiteral("BadRequest");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("NotFound");
    case 405:
        return QStringLiteral("MethodNotAllowed");
    case 409:
        return QStringLiteral("Conflict");
    case 410:
        return QStringLiteral("Gone");
    case 415:
        return QStringLiteral("UnsupportedMediaType");
    case 422:
        return QStringLiteral("Invalid");
    case 429:
        return QStringLiteral("TooManyRequests");
    case 500:
        return QStringLiteral("InternalError");
    case 503:
        return QStringLiteral("ServiceUnavailable");
    case 504:
        return QStringLiteral("Timeout");
    default:
        return {};
    }
}

QString unauthorizedMessage(const KubeRequestContext &context) {
    return QStringLiteral("You must be logged in to the server (Unauthorized): %1 rejected the "
                          "credentials of user \"%2\"")
        .arg(context.server, context.user);
}

} // namespace

KubeFailure describeStatus(const QJsonObject &status, const KubeRequestContext &context) {
    KubeFailure failure;
    failure.kind = KubeReply::ErrorKind::Api;
    failure.status = status;
    failure.httpStatus = status.value(QStringLiteral("code")).toInt();
    failure.reason = status.value(QStringLiteral("reason")).toString();
    if (failure.reason.isEmpty())
        failure.reason = reasonForCode(failure.httpStatus);
    failure.message = status.value(QStringLiteral("message")).toString();
    if (failure.httpStatus == 401) {
        failure.kind = KubeReply::ErrorKind::Authentication;
        failure.message = unauthorizedMessage(context);
    } else if (failure.message.isEmpty()) {
        failure.message =
            QStringLiteral("%1 answered %2 to %3 %4")
                .arg(context.server,
                     failure.reason.isEmpty() ? QStringLiteral("an error") : failure.reason,
                     context.method, context.path);
    }
    return failure;
}

KubeFailure describeHttpFailure(int httpStatus, const QByteArray &body,
                                const KubeRequestContext &context) {
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (object.value(QStringLiteral("kind")).toString() == QLatin1String("Status")) {
        QJsonObject status = object;
        if (!status.contains(QStringLiteral("code")))
            status.insert(QStringLiteral("code"), httpStatus);
        KubeFailure failure = describeStatus(status, context);
        failure.httpStatus = httpStatus;
        return failure;
    }
    KubeFailure failure;
    failure.kind =
        httpStatus == 401 ? KubeReply::ErrorKind::Authentication : KubeReply::ErrorKind::Api;
    failure.httpStatus = httpStatus;
    failure.reason = reasonForCode(httpStatus);
    if (httpStatus == 401) {
        failure.message = unauthorizedMessage(context);
        return failure;
    }
    // Not a Kubernetes answer (a proxy, a load balancer): say who answered what, with the
    // start of the text it sent.
    QString text = QString::fromUtf8(body.left(300)).simplified();
    failure.message = QStringLiteral("%1 answered %2 %3 to %4 %5")
                          .arg(context.server)
                          .arg(httpStatus)
                          .arg(failure.reason.isEmpty() ? QStringLiteral("(no Kubernetes Status)")
                                                        : failure.reason,
                               context.method, context.path);
    if (!text.isEmpty())
        failure.message += QStringLiteral(": ") + text;
    return failure;
}

KubeFailure describeNetworkFailure(QNetworkReply::NetworkError error, const QString &errorString,
                                   const QStringList &sslErrors,
                                   const KubeRequestContext &context) {
    KubeFailure failure;
    failure.kind = KubeReply::ErrorKind::Network;
    if (!sslErrors.isEmpty() || error == QNetworkReply::SslHandshakeFailedError) {
        failure.kind = KubeReply::ErrorKind::Tls;
        const QString details =
            sslErrors.isEmpty() ? errorString : sslErrors.join(QStringLiteral("; "));
        failure.message = QStringLiteral("TLS error talking to the server %1 of cluster \"%2\": %3")
                              .arg(context.server, context.cluster, details);
        if (context.customCa)
            failure.message += QStringLiteral(" (is certificate-authority of cluster \"%1\" the CA "
                                              "that signed the server's certificate?)")
                                   .arg(context.cluster);
        return failure;
    }
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        failure.message = QStringLiteral("cannot connect to the server %1: connection refused (is "
                                         "the cluster running?)")
                              .arg(context.server);
        break;
    case QNetworkReply::HostNotFoundError:
        failure.message =
            QStringLiteral("cannot connect to the server %1: host not found").arg(context.server);
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        failure.kind = KubeReply::ErrorKind::Timeout;
        failure.message = QStringLiteral("the server %1 did not answer %2 %3 in time")
                              .arg(context.server, context.method, context.path);
        break;
    case QNetworkReply::RemoteHostClosedError:
        failure.message = QStringLiteral("the server %1 closed the connection during %2 %3")
                              .arg(context.server, context.method, context.path);
        break;
    default:
        failure.message = QStringLiteral("%1 %2 on the server %3 failed: %4")
                              .arg(context.method, context.path, context.server, errorString);
        break;
    }
    return failure;
}

} // namespace wavesmith
