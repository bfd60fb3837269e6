#include <wavesmith/luaobject.h>

#include "luanode.h"

#include <QRegularExpression>
#include <QVariantList>
#include <QVariantMap>

#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cmath>
#include <limits>

namespace wavesmith {

namespace {

// YAML 1.1 resolution of plain scalars as go-yaml v2 does it (sigs.k8s.io/yaml, which Argo CD's
// tests use to read inputs); the API server's JSON gives the same types for real objects.
LuaNode resolvePlain(const std::string &text) {
    LuaNode node;
    static const QStringList nulls = {QString(), QStringLiteral("~"), QStringLiteral("null"),
                                      QStringLiteral("Null"), QStringLiteral("NULL")};
    static const QStringList trues = {
        QStringLiteral("y"),    QStringLiteral("Y"),    QStringLiteral("yes"),
        QStringLiteral("Yes"),  QStringLiteral("YES"),  QStringLiteral("true"),
        QStringLiteral("True"), QStringLiteral("TRUE"), QStringLiteral("on"),
        QStringLiteral("On"),   QStringLiteral("ON")};
    static const QStringList falses = {
        QStringLiteral("n"),     QStringLiteral("N"),     QStringLiteral("no"),
        QStringLiteral("No"),    QStringLiteral("NO"),    QStringLiteral("false"),
        QStringLiteral("False"), QStringLiteral("FALSE"), QStringLiteral("off"),
        QStringLiteral("Off"),   QStringLiteral("OFF")};
    const QString s = QString::fromStdString(text);
    if (nulls.contains(s))
        return node;
    if (trues.contains(s) || falses.contains(s)) {
        node.kind = LuaNode::Kind::Boolean;
        node.boolean = trues.contains(s);
        return node;
    }

    auto number = [&node](double value) {
        node.kind = LuaNode::Kind::Number;
        node.number = value;
        return node;
    };
    static const QRegularExpression infinity(QStringLiteral("^([-+]?)\\.(inf|Inf|INF)$"));
    if (const auto m = infinity.match(s); m.hasMatch())
        return number(m.captured(1) == QLatin1String("-")
                          ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity());
    if (s == QLatin1String(".nan") || s == QLatin1String(".NaN") || s == QLatin1String(".NAN"))
        return number(std::numeric_limits<double>::quiet_NaN());

    // Integers: go-yaml strips underscores and parses with base prefixes (0x, 0o, 0b, 0 octal).
    QString digits = s;
    digits.remove(QLatin1Char('_'));
    static const QRegularExpression integer(
        QStringLiteral("^([-+]?)(0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+|0[0-7]+|[0-9]+)$"));
    if (const auto m = integer.match(digits); m.hasMatch()) {
        const QString body = m.captured(2);
        bool ok = false;
        qulonglong value = 0;
        if (body.startsWith(QLatin1String("0x")))
            value = body.mid(2).toULongLong(&ok, 16);
        else if (body.startsWith(QLatin1String("0o")))
            value = body.mid(2).toULongLong(&ok, 8);
        else if (body.startsWith(QLatin1String("0b")))
            value = body.mid(2).toULongLong(&ok, 2);
        else if (body.size() > 1 && body.startsWith(QLatin1Char('0')))
            value = body.toULongLong(&ok, 8);
        else
            value = body.toULongLong(&ok, 10);
        if (ok) {
            const double d = double(value);
            return number(m.captured(1) == QLatin1String("-") ? -d : d);
        }
    }
    static const QRegularExpression floating(
        QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (floating.match(s).hasMatch())
        return number(s.toDouble());

    node.kind = LuaNode::Kind::String;
    node.text = text;
    return node;
}

LuaNode convertScalar(const YAML::Node &yaml) {
    const std::string &tag = yaml.Tag();
    const std::string &text = yaml.Scalar();
    if (tag == "?")
        return resolvePlain(text);
    if (tag == "tag:yaml.org,2002:null")
        return LuaNode{};
    if (tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:int" ||
        tag == "tag:yaml.org,2002:float") {
        LuaNode resolved = resolvePlain(text);
        if (resolved.kind != LuaNode::Kind::String)
            return resolved;
    }
    // Quoted, block and !!str scalars stay strings, as after a JSON round trip.
    LuaNode node;
    node.kind = LuaNode::Kind::String;
    node.text = text;
    return node;
}

LuaNode convert(const YAML::Node &yaml) {
    LuaNode node;
    switch (yaml.Type()) {
    case YAML::NodeType::Scalar:
        return convertScalar(yaml);
    case YAML::NodeType::Sequence:
        node.kind = LuaNode::Kind::Array;
        node.items.reserve(yaml.size());
        for (const YAML::Node &item : yaml)
            node.items.push_back(convert(item));
        return node;
    case YAML::NodeType::Map:
        node.kind = LuaNode::Kind::Map;
        node.fields.reserve(yaml.size());
        for (const auto &entry : yaml) {
            if (!entry.first.IsScalar())
                throw YAML::ParserException(entry.first.Mark(),
                                            "map keys must be strings, as in JSON");
            node.fields.emplace_back(entry.first.Scalar(), convert(entry.second));
        }
        return node;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return node;
    }
    return node;
}

QVariant nodeToVariant(const LuaNode &node) {
    switch (node.kind) {
    case LuaNode::Kind::Null:
        return {};
    case LuaNode::Kind::Boolean:
        return node.boolean;
    case LuaNode::Kind::Number:
        return node.number;
    case LuaNode::Kind::String:
        return QString::fromStdString(node.text);
    case LuaNode::Kind::Array: {
        QVariantList list;
        for (const LuaNode &item : node.items)
            list.append(nodeToVariant(item));
        return list;
    }
    case LuaNode::Kind::Map: {
        QVariantMap map;
        for (const auto &[key, value] : node.fields)
            map.insert(QString::fromStdString(key), nodeToVariant(value));
        return map;
    }
    }
    return {};
}

void collectPaths(const LuaNode &node, const QString &prefix, int depth, QStringList &paths) {
    if (depth <= 0)
        return;
    if (node.kind == LuaNode::Kind::Map) {
        for (const auto &[key, value] : node.fields) {
            const QString name = QString::fromStdString(key);
            const QString path = prefix.isEmpty() ? name : prefix + QLatin1Char('.') + name;
            if (!paths.contains(path))
                paths.append(path);
            collectPaths(value, path, depth - 1, paths);
        }
    } else if (node.kind == LuaNode::Kind::Array && !node.items.empty()) {
        // The first element stands for all of them.
        const QString path = prefix + QStringLiteral("[1]");
        if (!paths.contains(path))
            paths.append(path);
        collectPaths(node.items.front(), path, depth - 1, paths);
    }
}

} // namespace

HealthObject::HealthObject() = default;

HealthObject::HealthObject(std::shared_ptr<const LuaNode> root)
    : m_root(std::move(root)) {
    static std::atomic<quint64> nextId{1};
    m_id = nextId++;
}

Result<HealthObject> HealthObject::fromYaml(const QByteArray &text, const QString &fileName) {
    auto root = std::make_shared<LuaNode>();
    if (text.trimmed().isEmpty())
        return HealthObject(root);
    try {
        *root = convert(YAML::Load(text.toStdString()));
    } catch (const YAML::Exception &e) {
        return Error{fileName, e.mark.is_null() ? 0 : e.mark.line + 1,
                     QString::fromStdString(e.msg)};
    }
    if (root->kind != LuaNode::Kind::Map && root->kind != LuaNode::Kind::Null)
        return Error{fileName, 0, QStringLiteral("the object must be a YAML or JSON map")};
    return HealthObject(root);
}

Result<HealthObject> HealthObject::fromJson(const QByteArray &text, const QString &fileName) {
    return fromYaml(text, fileName);
}

bool HealthObject::isNull() const {
    return !m_root || m_root->kind == LuaNode::Kind::Null;
}

QVariant HealthObject::toVariant() const {
    return m_root ? nodeToVariant(*m_root) : QVariant();
}

QStringList HealthObject::fieldPaths(int maxDepth) const {
    QStringList paths;
    if (m_root)
        collectPaths(*m_root, QString(), maxDepth, paths);
    return paths;
}

} // namespace wavesmith
