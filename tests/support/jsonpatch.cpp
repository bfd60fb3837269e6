#include "jsonpatch.h"

#include <QJsonObject>
#include <QStringList>

namespace {

QStringList pointerTokens(const QString &pointer, bool *ok) {
    *ok = pointer.isEmpty() || pointer.startsWith(u'/');
    QStringList tokens = pointer.split(u'/');
    tokens.removeFirst();
    for (QString &t : tokens)
        t = t.replace(QStringLiteral("~1"), QStringLiteral("/"))
                .replace(QStringLiteral("~0"), QStringLiteral("~"));
    return tokens;
}

std::optional<QJsonValue> getAt(const QJsonValue &doc, const QStringList &tokens) {
    QJsonValue v = doc;
    for (const QString &t : tokens) {
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            if (!o.contains(t))
                return std::nullopt;
            v = o.value(t);
        } else if (v.isArray()) {
            bool ok = false;
            const int i = t.toInt(&ok);
            if (!ok || i < 0 || i >= v.toArray().size())
                return std::nullopt;
            v = v.toArray().at(i);
        } else {
            return std::nullopt;
        }
    }
    return v;
}

// Applies op ("add", "replace" or "remove") at tokens; returns false when the path is invalid.
bool modify(QJsonValue &node, const QStringList &tokens, int depth, const QString &op,
            const QJsonValue &value) {
    if (depth == tokens.size()) {
        if (op == QStringLiteral("remove"))
            return false;
        node = value;
        return true;
    }
    const QString &t = tokens.at(depth);
    const bool last = depth == tokens.size() - 1;
    if (node.isObject()) {
        QJsonObject o = node.toObject();
        if (last) {
            if (op == QStringLiteral("add")) {
                o.insert(t, value);
            } else {
                if (!o.contains(t))
                    return false;
                if (op == QStringLiteral("remove"))
                    o.remove(t);
                else
                    o.insert(t, value);
            }
        } else {
            if (!o.contains(t))
                return false;
            QJsonValue child = o.value(t);
            if (!modify(child, tokens, depth + 1, op, value))
                return false;
            o.insert(t, child);
        }
        node = o;
        return true;
    }
    if (node.isArray()) {
        QJsonArray a = node.toArray();
        bool ok = false;
        int i = t == QStringLiteral("-") ? int(a.size()) : t.toInt(&ok);
        if (t == QStringLiteral("-"))
            ok = true;
        if (!ok || i < 0 || i > a.size())
            return false;
        if (last) {
            if (op == QStringLiteral("add")) {
                a.insert(i, value);
            } else {
                if (i >= a.size())
                    return false;
                if (op == QStringLiteral("remove"))
                    a.removeAt(i);
                else
                    a.replace(i, value);
            }
        } else {
            if (i >= a.size())
                return false;
            QJsonValue child = a.at(i);
            if (!modify(child, tokens, depth + 1, op, value))
                return false;
            a.replace(i, child);
        }
        node = a;
        return true;
    }
    return false;
}

} // namespace

QJsonValue JsonPatch::mergePatch(const QJsonValue &target, const QJsonValue &patch) {
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), mergePatch(result.value(it.key()), it.value()));
    }
    return result;
}

std::optional<QJsonValue> JsonPatch::apply(const QJsonValue &document, const QJsonArray &operations,
                                           QString *error) {
    QJsonValue doc = document;
    for (const QJsonValue &opValue : operations) {
        const QJsonObject op = opValue.toObject();
        const QString name = op.value(QStringLiteral("op")).toString();
        const QString path = op.value(QStringLiteral("path")).toString();
        bool ok = false;
        const QStringList tokens = pointerTokens(path, &ok);
        if (!ok) {
            *error = QStringLiteral("invalid JSON pointer: %1").arg(path);
            return std::nullopt;
        }
        if (name == QStringLiteral("add") || name == QStringLiteral("replace") ||
            name == QStringLiteral("remove")) {
            ok = modify(doc, tokens, 0, name, op.value(QStringLiteral("value")));
        } else if (name == QStringLiteral("test")) {
            const auto current = getAt(doc, tokens);
            ok = current && *current == op.value(QStringLiteral("value"));
            if (!ok) {
                *error = QStringLiteral("testing value %1 failed").arg(path);
                return std::nullopt;
            }
        } else if (name == QStringLiteral("move") || name == QStringLiteral("copy")) {
            bool fromOk = false;
            const QStringList from =
                pointerTokens(op.value(QStringLiteral("from")).toString(), &fromOk);
            const auto value = fromOk ? getAt(doc, from) : std::nullopt;
            ok = value.has_value();
            if (ok && name == QStringLiteral("move"))
                ok = modify(doc, from, 0, QStringLiteral("remove"), {});
            if (ok)
                ok = modify(doc, tokens, 0, QStringLiteral("add"), *value);
        } else {
            *error = QStringLiteral("Unexpected kind: %1").arg(name);
            return std::nullopt;
        }
        if (!ok) {
            *error = QStringLiteral("%1 operation does not apply: doc is missing path: \"%2\"")
                         .arg(name, path);
            return std::nullopt;
        }
    }
    return doc;
}
