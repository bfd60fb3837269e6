#include "tableprinter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

namespace {

bool hasAge(const ResourceType &type) {
    if (type.kind == QStringLiteral("CustomResourceDefinition"))
        return false;
    return type.builtin || type.columns.isEmpty();
}

QJsonValue lookup(const QJsonObject &object, const QString &jsonPath) {
    // Simple JSONPath: .a.b[0].c, optionally wrapped in {…}.
    QString path = jsonPath;
    if (path.startsWith(u'{') && path.endsWith(u'}'))
        path = path.mid(1, path.size() - 2);
    static const QRegularExpression token(QStringLiteral(R"(\.([^.\[]+)|\[(\d+)\])"));
    QJsonValue v = object;
    auto it = token.globalMatch(path);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedLength(1) > 0) {
            v = v.toObject().value(m.captured(1));
        } else {
            v = v.toArray().at(m.captured(2).toInt());
        }
        if (v.isUndefined())
            return {};
    }
    return v;
}

QString age(const QJsonObject &object) {
    const QString created = object.value(QStringLiteral("metadata"))
                                .toObject()
                                .value(QStringLiteral("creationTimestamp"))
                                .toString();
    const QDateTime t = QDateTime::fromString(created, Qt::ISODate);
    if (!t.isValid())
        return QStringLiteral("<unknown>");
    return TablePrinter::humanDuration(t.secsTo(QDateTime::currentDateTimeUtc()));
}

QJsonValue cell(const PrinterColumn &column, const QJsonObject &object) {
    const QJsonObject status = object.value(QStringLiteral("status")).toObject();
    if (column.jsonPath.startsWith(QStringLiteral("#count "))) {
        const QString field = column.jsonPath.mid(int(qstrlen("#count .")));
        return object.value(field).toObject().size() +
               object.value(QStringLiteral("binaryData")).toObject().size();
    }
    if (column.jsonPath == QStringLiteral("#ready")) {
        for (const QJsonValue &c : status.value(QStringLiteral("conditions")).toArray()) {
            if (c[QStringLiteral("type")] == QStringLiteral("Ready"))
                return c[QStringLiteral("status")] == QStringLiteral("True")
                           ? QStringLiteral("Ready")
                           : QStringLiteral("NotReady");
        }
        return QStringLiteral("Unknown");
    }
    if (column.jsonPath == QStringLiteral("#roles"))
        return QStringLiteral("<none>");
    if (column.jsonPath == QStringLiteral("#ready-replicas")) {
        const int replicas = object.value(QStringLiteral("spec"))
                                 .toObject()
                                 .value(QStringLiteral("replicas"))
                                 .toInt(1);
        return QStringLiteral("%1/%2")
            .arg(status.value(QStringLiteral("readyReplicas")).toInt())
            .arg(replicas);
    }
    const QJsonValue v = lookup(object, column.jsonPath);
    if (column.type == QStringLiteral("integer") || column.type == QStringLiteral("number"))
        return v.isDouble() ? v : QJsonValue(0);
    if (v.isUndefined() || v.isNull())
        return QString();
    if (column.type == QStringLiteral("date") && v.isString()) {
        const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODate);
        if (t.isValid() && column.name != QStringLiteral("Created At"))
            return TablePrinter::humanDuration(t.secsTo(QDateTime::currentDateTimeUtc()));
    }
    if (v.isString() || v.isDouble() || v.isBool())
        return v;
    const QJsonDocument doc =
        v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

} // namespace

QJsonArray TablePrinter::columnDefinitions(const ResourceType &type) {
    QJsonArray defs;
    defs << QJsonObject{
        {QStringLiteral("name"), QStringLiteral("Name")},
        {QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("format"), QStringLiteral("name")},
        {QStringLiteral("description"), QStringLiteral("Name must be unique within a namespace.")},
        {QStringLiteral("priority"), 0}};
    for (const PrinterColumn &c : type.columns) {
        defs << QJsonObject{{QStringLiteral("name"), c.name},
                            {QStringLiteral("type"),
                             c.type == QStringLiteral("date") ? QStringLiteral("string") : c.type},
                            {QStringLiteral("format"), c.format},
                            {QStringLiteral("description"), c.description},
                            {QStringLiteral("priority"), c.priority}};
    }
    if (hasAge(type)) {
        defs << QJsonObject{{QStringLiteral("name"), QStringLiteral("Age")},
                            {QStringLiteral("type"), QStringLiteral("string")},
                            {QStringLiteral("format"), QString()},
                            {QStringLiteral("description"),
                             QStringLiteral("CreationTimestamp is a timestamp representing the "
                                            "server time when this object was created.")},
                            {QStringLiteral("priority"), 0}};
    }
    return defs;
}

QJsonObject TablePrinter::row(const ResourceType &type, const QJsonObject &object,
                              IncludeObject include) {
    QJsonArray cells;
    cells << object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name"));
    for (const PrinterColumn &c : type.columns)
        cells << cell(c, object);
    if (hasAge(type))
        cells << age(object);
    QJsonObject row{{QStringLiteral("cells"), cells}};
    if (include == IncludeObject::Object) {
        row.insert(QStringLiteral("object"), object);
    } else if (include == IncludeObject::Metadata) {
        QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        meta.remove(QStringLiteral("managedFields"));
        row.insert(QStringLiteral("object"),
                   QJsonObject{{QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata")},
                               {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
                               {QStringLiteral("metadata"), meta}});
    }
    return row;
}

QJsonObject TablePrinter::table(const ResourceType &type, const QList<QJsonObject> &objects,
                                const QString &resourceVersion, bool withColumnDefinitions,
                                IncludeObject include) {
    QJsonArray rows;
    for (const QJsonObject &o : objects)
        rows << row(type, o, include);
    return {{QStringLiteral("kind"), QStringLiteral("Table")},
            {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("resourceVersion"), resourceVersion}}},
            {QStringLiteral("columnDefinitions"),
             withColumnDefinitions ? columnDefinitions(type) : QJsonArray()},
            {QStringLiteral("rows"), rows}};
}

QString TablePrinter::humanDuration(qint64 seconds) {
    if (seconds < 0)
        seconds = 0;
    const qint64 minutes = seconds / 60;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    if (seconds < 120)
        return QStringLiteral("%1s").arg(seconds);
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? QStringLiteral("%1m").arg(minutes)
                      : QStringLiteral("%1m%2s").arg(minutes).arg(s);
    }
    if (minutes < 180)
        return QStringLiteral("%1m").arg(minutes);
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? QStringLiteral("%1h").arg(hours)
                      : QStringLiteral("%1h%2m").arg(hours).arg(m);
    }
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 192) {
        const qint64 h = hours % 24;
        return h == 0 ? QStringLiteral("%1d").arg(days) : QStringLiteral("%1d%2h").arg(days).arg(h);
    }
    if (days < 730)
        return QStringLiteral("%1d").arg(days);
    return QStringLiteral("%1y").arg(days / 365);
}
