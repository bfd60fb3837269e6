#include "yamljson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

namespace {

// A plain (unquoted) scalar resolved with YAML 1.1 rules, as go-yaml v2 does.
QJsonValue plainScalar(const QString &text) {
    static const QStringList nulls = {QString(), QStringLiteral("~"), QStringLiteral("null"),
                                      QStringLiteral("Null"), QStringLiteral("NULL")};
    static const QStringList trues = {
        QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("TRUE"),
        QStringLiteral("yes"),  QStringLiteral("Yes"),  QStringLiteral("YES"),
        QStringLiteral("on"),   QStringLiteral("On"),   QStringLiteral("ON")};
    static const QStringList falses = {
        QStringLiteral("false"), QStringLiteral("False"), QStringLiteral("FALSE"),
        QStringLiteral("no"),    QStringLiteral("No"),    QStringLiteral("NO"),
        QStringLiteral("off"),   QStringLiteral("Off"),   QStringLiteral("OFF")};
    if (nulls.contains(text))
        return QJsonValue::Null;
    if (trues.contains(text))
        return true;
    if (falses.contains(text))
        return false;
    static const QRegularExpression integer(QStringLiteral("^[-+]?(0|[1-9][0-9_]*)$"));
    static const QRegularExpression decimal(
        QStringLiteral("^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$"));
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qint64 value = QString(text).remove(QLatin1Char('_')).toLongLong(&ok);
        if (ok)
            return value;
    }
    if (decimal.match(text).hasMatch() && text != QLatin1String(".")) {
        bool ok = false;
        const double value = QString(text).remove(QLatin1Char('_')).toDouble(&ok);
        if (ok)
            return value;
    }
    return text;
}

} // namespace

QJsonValue yamlToJson(const YAML::Node &node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto &entry : node)
            object.insert(QString::fromStdString(entry.first.as<std::string>()),
                          yamlToJson(entry.second));
        return object;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node &item : node)
            array.append(yamlToJson(item));
        return array;
    }
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(node.Scalar());
        // "?" is the non-specific tag of plain scalars; quoted ones carry "!".
        return node.Tag() == "?" ? plainScalar(text) : QJsonValue(text);
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return QJsonValue::Null;
}

} // namespace wavesmith
