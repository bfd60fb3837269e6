#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QString>

#include <optional>

// RFC 7386 merge patch and RFC 6902 JSON patch, the two patch types every resource accepts.
class JsonPatch {
public:
    static QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch);
    // Returns nullopt and sets *error when an operation fails (bad path, failed test).
    static std::optional<QJsonValue> apply(const QJsonValue &document, const QJsonArray &operations,
                                           QString *error);
};
