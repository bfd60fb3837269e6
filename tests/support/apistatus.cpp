#include "apistatus.h"

#include "resourcetype.h"

#include <QJsonArray>

namespace {

ApiStatus make(int code, const QString &reason, const QString &message,
               const QJsonObject &details = {}) {
    ApiStatus s;
    s.code = code;
    s.reason = reason;
    s.message = message;
    s.details = details;
    return s;
}

QJsonObject detailsFor(const ResourceType &type, const QString &name) {
    QJsonObject d{{QStringLiteral("group"), type.group}, {QStringLiteral("kind"), type.resource}};
    if (!name.isEmpty())
        d.insert(QStringLiteral("name"), name);
    return d;
}

} // namespace

QJsonObject ApiStatus::toJson() const {
    QJsonObject o{{QStringLiteral("kind"), QStringLiteral("Status")},
                  {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                  {QStringLiteral("metadata"), QJsonObject()},
                  {QStringLiteral("status"), QStringLiteral("Failure")},
                  {QStringLiteral("message"), message},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("code"), code}};
    if (!details.isEmpty())
        o.insert(QStringLiteral("details"), details);
    return o;
}

ApiStatus ApiStatus::unauthorized() {
    return make(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
}

ApiStatus ApiStatus::notFound(const ResourceType &type, const QString &name) {
    return make(404, QStringLiteral("NotFound"),
                QStringLiteral("%1 \"%2\" not found").arg(type.groupResource(), name),
                detailsFor(type, name));
}

ApiStatus ApiStatus::namespaceNotFound(const QString &ns) {
    return make(
        404, QStringLiteral("NotFound"), QStringLiteral("namespaces \"%1\" not found").arg(ns),
        {{QStringLiteral("name"), ns}, {QStringLiteral("kind"), QStringLiteral("namespaces")}});
}

ApiStatus ApiStatus::pathNotFound() {
    return make(404, QStringLiteral("NotFound"),
                QStringLiteral("the server could not find the requested resource"));
}

ApiStatus ApiStatus::alreadyExists(const ResourceType &type, const QString &name) {
    return make(409, QStringLiteral("AlreadyExists"),
                QStringLiteral("%1 \"%2\" already exists").arg(type.groupResource(), name),
                detailsFor(type, name));
}

ApiStatus ApiStatus::optimisticLock(const ResourceType &type, const QString &name) {
    return make(409, QStringLiteral("Conflict"),
                QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": the object has been "
                               "modified; please apply your changes to the latest version and "
                               "try again")
                    .arg(type.groupResource(), name),
                detailsFor(type, name));
}

ApiStatus ApiStatus::badRequest(const QString &message) {
    return make(400, QStringLiteral("BadRequest"), message);
}

ApiStatus ApiStatus::invalid(const ResourceType &type, const QString &name, const QString &field,
                             const QString &reason, const QString &error) {
    const QString kindGroup = type.group.isEmpty() ? type.kind : type.kind + u'.' + type.group;
    QJsonObject details = detailsFor(type, name);
    details.insert(QStringLiteral("kind"), type.kind);
    details.insert(QStringLiteral("causes"),
                   QJsonArray{QJsonObject{{QStringLiteral("reason"), reason},
                                          {QStringLiteral("message"), error},
                                          {QStringLiteral("field"), field}}});
    return make(422, QStringLiteral("Invalid"),
                QStringLiteral("%1 \"%2\" is invalid: %3: %4").arg(kindGroup, name, field, error),
                details);
}

ApiStatus ApiStatus::unsupportedMediaType(const QString &contentType) {
    return make(
        415, QStringLiteral("UnsupportedMediaType"),
        QStringLiteral("the body of the request was in an unknown format - accepted "
                       "media types include: application/json-patch+json, "
                       "application/merge-patch+json, application/apply-patch+yaml (got %1)")
            .arg(contentType));
}

ApiStatus ApiStatus::methodNotAllowed() {
    return make(405, QStringLiteral("MethodNotAllowed"),
                QStringLiteral("the server does not allow this method on the requested resource"));
}

ApiStatus ApiStatus::expired(const QString &message) {
    return make(410, QStringLiteral("Expired"), message);
}

ApiStatus ApiStatus::internalError(const QString &message) {
    return make(500, QStringLiteral("InternalError"), message);
}
