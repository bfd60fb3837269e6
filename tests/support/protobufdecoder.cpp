#include "protobufdecoder.h"

#include <QJsonArray>
#include <QList>

namespace {

struct Field {
    int number = 0;
    int wireType = 0;
    quint64 varint = 0;
    QByteArray bytes;
};

// Splits one message into its fields; false on malformed input.
bool parseMessage(const QByteArray &data, QList<Field> *fields) {
    qsizetype pos = 0;
    auto readVarint = [&](quint64 *out) {
        quint64 value = 0;
        for (int shift = 0; shift < 64 && pos < data.size(); shift += 7) {
            const auto byte = quint8(data.at(pos++));
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                *out = value;
                return true;
            }
        }
        return false;
    };
    while (pos < data.size()) {
        quint64 key = 0;
        if (!readVarint(&key))
            return false;
        Field f;
        f.number = int(key >> 3);
        f.wireType = int(key & 7);
        if (f.wireType == 0) {
            if (!readVarint(&f.varint))
                return false;
        } else if (f.wireType == 2) {
            quint64 length = 0;
            if (!readVarint(&length) || pos + qsizetype(length) > data.size())
                return false;
            f.bytes = data.mid(pos, qsizetype(length));
            pos += qsizetype(length);
        } else if (f.wireType == 1) {
            pos += 8;
        } else if (f.wireType == 5) {
            pos += 4;
        } else {
            return false;
        }
        fields->append(f);
    }
    return pos == data.size();
}

QString text(const QByteArray &bytes) {
    return QString::fromUtf8(bytes);
}

// map<string, string|bytes> entries: key = 1, value = 2.
void addMapEntry(QJsonObject &map, const QByteArray &entry, bool base64Value) {
    QList<Field> fields;
    if (!parseMessage(entry, &fields))
        return;
    QString key;
    QByteArray value;
    for (const Field &f : fields) {
        if (f.number == 1)
            key = text(f.bytes);
        else if (f.number == 2)
            value = f.bytes;
    }
    map.insert(key, base64Value ? QString::fromLatin1(value.toBase64()) : text(value));
}

QJsonObject objectMeta(const QByteArray &data) {
    QList<Field> fields;
    parseMessage(data, &fields);
    QJsonObject meta;
    QJsonObject labels;
    QJsonObject annotations;
    QJsonArray finalizers;
    for (const Field &f : fields) {
        switch (f.number) {
        case 1:
            meta.insert(QStringLiteral("name"), text(f.bytes));
            break;
        case 2:
            meta.insert(QStringLiteral("generateName"), text(f.bytes));
            break;
        case 3:
            meta.insert(QStringLiteral("namespace"), text(f.bytes));
            break;
        case 6:
            meta.insert(QStringLiteral("resourceVersion"), text(f.bytes));
            break;
        case 11:
            addMapEntry(labels, f.bytes, false);
            break;
        case 12:
            addMapEntry(annotations, f.bytes, false);
            break;
        case 14:
            finalizers << text(f.bytes);
            break;
        default:
            break;
        }
    }
    if (!labels.isEmpty())
        meta.insert(QStringLiteral("labels"), labels);
    if (!annotations.isEmpty())
        meta.insert(QStringLiteral("annotations"), annotations);
    if (!finalizers.isEmpty())
        meta.insert(QStringLiteral("finalizers"), finalizers);
    return meta;
}

} // namespace

std::optional<QJsonObject> ProtobufDecoder::decode(const QByteArray &body, QString *error) {
    const QByteArray magic("k8s\0", 4);
    QList<Field> unknown;
    if (!body.startsWith(magic) || !parseMessage(body.mid(4), &unknown)) {
        *error = QStringLiteral("the body is not a Kubernetes protobuf envelope");
        return std::nullopt;
    }
    QString apiVersion;
    QString kind;
    QByteArray raw;
    for (const Field &f : unknown) {
        if (f.number == 1) {
            QList<Field> typeMeta;
            parseMessage(f.bytes, &typeMeta);
            for (const Field &t : typeMeta) {
                if (t.number == 1)
                    apiVersion = text(t.bytes);
                else if (t.number == 2)
                    kind = text(t.bytes);
            }
        } else if (f.number == 2) {
            raw = f.bytes;
        }
    }
    QList<Field> fields;
    if (!parseMessage(raw, &fields)) {
        *error = QStringLiteral("malformed protobuf %1").arg(kind);
        return std::nullopt;
    }
    QJsonObject object{{QStringLiteral("apiVersion"), apiVersion}, {QStringLiteral("kind"), kind}};
    QJsonObject data;
    QJsonObject binaryData;
    for (const Field &f : fields) {
        if (f.number == 1) {
            object.insert(QStringLiteral("metadata"), objectMeta(f.bytes));
        } else if (kind == QStringLiteral("ConfigMap")) {
            if (f.number == 2)
                addMapEntry(data, f.bytes, false);
            else if (f.number == 3)
                addMapEntry(binaryData, f.bytes, true);
            else if (f.number == 4)
                object.insert(QStringLiteral("immutable"), f.varint != 0);
        } else if (kind == QStringLiteral("Secret")) {
            if (f.number == 2)
                addMapEntry(data, f.bytes, true);
            else if (f.number == 3)
                object.insert(QStringLiteral("type"), text(f.bytes));
            else if (f.number == 5)
                object.insert(QStringLiteral("immutable"), f.varint != 0);
        } else if (kind != QStringLiteral("Namespace")) {
            *error = QStringLiteral("the test API server decodes protobuf only for Namespace, "
                                    "ConfigMap and Secret, not %1; send JSON")
                         .arg(kind);
            return std::nullopt;
        }
    }
    if (!data.isEmpty())
        object.insert(QStringLiteral("data"), data);
    if (!binaryData.isEmpty())
        object.insert(QStringLiteral("binaryData"), binaryData);
    return object;
}
