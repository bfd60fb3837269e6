#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrlQuery>

// One parsed HTTP/1.1 request. Header names are lower-cased.
struct HttpRequest {
    QByteArray method;
    QString path; // percent-decoded path without the query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const { return headers.value(name); }
    QString queryValue(const QString &name) const {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    }
    bool hasQuery(const QString &name) const { return query.hasQueryItem(name); }
};
