#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Server-side apply and managedFields bookkeeping (notes §4), a small model of
// structured-merge-diff: fields are tracked as paths ("f:data", "f:foo"), lists of objects with a
// "name" are keyed ("k:{\"name\":\"x\"}"), every other list is atomic.
class FieldManager {
public:
    struct Conflict {
        QString manager; // already printed as apiserver prints it: "m" or "m" using v1 at T
        QString field;   // ".data.foo"
    };
    struct ApplyResult {
        QJsonObject object; // the merged object with metadata.managedFields updated
        QList<Conflict> conflicts;
    };

    // Applies config as `manager` onto live (an empty object when creating).
    static ApplyResult apply(const QJsonObject &live, const QJsonObject &config,
                             const QString &manager, bool force, const QString &now);
    // Records a non-apply write: the manager takes the fields it changed from everyone else.
    static QJsonArray recordUpdate(const QJsonArray &managedFields, const QJsonObject &oldObject,
                                   const QJsonObject &newObject, const QString &manager,
                                   const QString &apiVersion, const QString &subresource,
                                   const QString &now);
    static QString conflictMessage(const QList<Conflict> &conflicts);
};
