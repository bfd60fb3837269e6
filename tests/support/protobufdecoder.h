#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

// kubectl's typed generators (`kubectl create namespace|configmap|secret`) POST protobuf
// (`k8s\0` + runtime.Unknown). This decodes just those kinds' fields (ObjectMeta names, labels,
// annotations; ConfigMap/Secret data) into the JSON the store keeps.
class ProtobufDecoder {
public:
    static bool isProtobuf(const QByteArray &contentType) {
        return contentType == "application/vnd.kubernetes.protobuf";
    }
    static std::optional<QJsonObject> decode(const QByteArray &body, QString *error);
};
