#pragma once

#include <QJsonObject>
#include <QString>

struct ResourceType;

// A metav1.Status failure: every error the server answers carries one (notes §6).
struct ApiStatus {
    int code = 500;
    QString reason;
    QString message;
    QJsonObject details;

    QJsonObject toJson() const;

    static ApiStatus unauthorized();
    static ApiStatus notFound(const ResourceType &type, const QString &name);
    static ApiStatus namespaceNotFound(const QString &ns);
    static ApiStatus pathNotFound();
    static ApiStatus alreadyExists(const ResourceType &type, const QString &name);
    static ApiStatus optimisticLock(const ResourceType &type, const QString &name);
    static ApiStatus badRequest(const QString &message);
    static ApiStatus invalid(const ResourceType &type, const QString &name, const QString &field,
                             const QString &reason, const QString &error);
    static ApiStatus unsupportedMediaType(const QString &contentType);
    static ApiStatus methodNotAllowed();
    static ApiStatus expired(const QString &message);
    static ApiStatus internalError(const QString &message);
};
