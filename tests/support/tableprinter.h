#pragma once

#include "resourcetype.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

// Server-side printing for `kubectl get` (Accept: …;as=Table): Name, the type's columns (a
// CRD's additionalPrinterColumns), Age.
class TablePrinter {
public:
    enum class IncludeObject { None, Metadata, Object };

    static QJsonObject table(const ResourceType &type, const QList<QJsonObject> &objects,
                             const QString &resourceVersion, bool withColumnDefinitions,
                             IncludeObject include);
    static QJsonArray columnDefinitions(const ResourceType &type);
    static QJsonObject row(const ResourceType &type, const QJsonObject &object,
                           IncludeObject include);
    // Kubernetes' duration.HumanDuration ("5s", "3m20s", "4h", "12d").
    static QString humanDuration(qint64 seconds);
};
