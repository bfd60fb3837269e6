#pragma once

#include <wavesmith/kubeclient.h>

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QString>
#include <QStringList>

namespace wavesmith {

// Why a request failed, in words a user can act on (the Kubernetes Status message when the
// server gave one), never a bare HTTP code. Messages are redacted by the caller.
struct KubeFailure {
    KubeReply::ErrorKind kind = KubeReply::ErrorKind::Network;
    QString message;
    int httpStatus = 0;
    QString reason;
    QJsonObject status; // the Status object, when the server sent one
};

// What one request was, for messages ("GET /api/v1/namespaces on https://host:6443").
struct KubeRequestContext {
    QString method;
    QString path;
    QString server;
    QString user;
    QString cluster;
    bool customCa = false;
};

// An HTTP answer outside 2xx: the Status message (401 gets kubectl's wording plus the user).
KubeFailure describeHttpFailure(int httpStatus, const QByteArray &body,
                                const KubeRequestContext &context);

// A request that got no HTTP answer: TLS (naming the server), refused, timeout, proxy.
KubeFailure describeNetworkFailure(QNetworkReply::NetworkError error, const QString &errorString,
                                   const QStringList &sslErrors, const KubeRequestContext &context);

// A Status object inside a watch stream (ERROR event).
KubeFailure describeStatus(const QJsonObject &status, const KubeRequestContext &context);

} // namespace wavesmith
