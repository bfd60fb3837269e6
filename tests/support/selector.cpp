#include "selector.h"

#include <QRegularExpression>

namespace {

// Splits on commas that are not inside parentheses ("a in (x,y),b").
QStringList splitTopLevel(const QString &text) {
    QStringList parts;
    QString current;
    int depth = 0;
    for (const QChar c : text) {
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        if (c == u',' && depth == 0) {
            parts << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.trimmed().isEmpty())
        parts << current.trimmed();
    return parts;
}

} // namespace

std::optional<Selector> Selector::parse(const QString &labelSelector, const QString &fieldSelector,
                                        QString *error) {
    Selector s;
    if (!parseLabels(labelSelector, &s.m_requirements, error))
        return std::nullopt;
    if (!parseFields(fieldSelector, &s.m_requirements, error))
        return std::nullopt;
    return s;
}

bool Selector::parseLabels(const QString &text, QList<Requirement> *out, QString *error) {
    static const QRegularExpression setExpr(
        QStringLiteral(R"(^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$)"));
    static const QRegularExpression eqExpr(QStringLiteral(R"(^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$)"));
    static const QRegularExpression keyExpr(QStringLiteral(R"(^(!?)\s*([^\s!=(),]+)$)"));
    for (const QString &part : splitTopLevel(text)) {
        Requirement r;
        if (const auto m = setExpr.match(part); m.hasMatch()) {
            r.key = m.captured(1);
            r.op = m.captured(2) == QStringLiteral("in") ? Op::In : Op::NotIn;
            for (const QString &v : m.captured(3).split(u','))
                r.values << v.trimmed();
        } else if (const auto m = eqExpr.match(part); m.hasMatch()) {
            r.key = m.captured(1);
            r.op = m.captured(2) == QStringLiteral("!=") ? Op::NotEquals : Op::Equals;
            r.values << m.captured(3);
        } else if (const auto m = keyExpr.match(part); m.hasMatch()) {
            r.key = m.captured(2);
            r.op = m.captured(1).isEmpty() ? Op::Exists : Op::NotExists;
        } else {
            *error = QStringLiteral("unable to parse requirement: %1").arg(part);
            return false;
        }
        out->append(r);
    }
    return true;
}

bool Selector::parseFields(const QString &text, QList<Requirement> *out, QString *error) {
    static const QRegularExpression eqExpr(QStringLiteral(R"(^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$)"));
    for (const QString &part : splitTopLevel(text)) {
        const auto m = eqExpr.match(part);
        if (!m.hasMatch()) {
            *error =
                QStringLiteral("invalid selector: '%1'; can't understand '%2'").arg(text, part);
            return false;
        }
        const QString key = m.captured(1);
        if (key != QStringLiteral("metadata.name") && key != QStringLiteral("metadata.namespace")) {
            *error = QStringLiteral("field label not supported: %1").arg(key);
            return false;
        }
        Requirement r;
        r.field = true;
        r.key = key;
        r.op = m.captured(2) == QStringLiteral("!=") ? Op::NotEquals : Op::Equals;
        r.values << m.captured(3);
        out->append(r);
    }
    return true;
}

bool Selector::matches(const QJsonObject &object) const {
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    const QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
    for (const Requirement &r : m_requirements) {
        bool present = false;
        QString value;
        if (r.field) {
            present = true;
            value = metadata.value(r.key.mid(int(qstrlen("metadata.")))).toString();
        } else {
            present = labels.contains(r.key);
            value = labels.value(r.key).toString();
        }
        bool ok = false;
        switch (r.op) {
        case Op::Equals:
            ok = present && value == r.values.first();
            break;
        case Op::NotEquals:
            ok = !present || value != r.values.first();
            break;
        case Op::In:
            ok = present && r.values.contains(value);
            break;
        case Op::NotIn:
            ok = !present || !r.values.contains(value);
            break;
        case Op::Exists:
            ok = present;
            break;
        case Op::NotExists:
            ok = !present;
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}
