#include "yamlwriter.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

namespace {

// Plain scalars that YAML 1.1 or 1.2 readers resolve to something other than a string.
bool needsQuotes(const QString &text) {
    if (text.isEmpty())
        return true;
    static const QRegularExpression special(QStringLiteral(
        "^(?:[-+]?(?:\\d[\\d_]*)(?:\\.\\d*)?(?:[eE][-+]?\\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|"
        "[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)|"
        "true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|"
        "null|Null|NULL|~)$"));
    return special.match(text).hasMatch();
}

void emitNode(YAML::Emitter &out, const YAML::Node &node) {
    // Keep strings that look like numbers quoted when they were quoted in the source.
    out << node;
}

} // namespace

YamlWriter::YamlWriter() {
    m_emitter.SetIndent(2);
    m_emitter.SetSeqFormat(YAML::Block);
    m_emitter.SetMapFormat(YAML::Block);
}

YamlWriter &YamlWriter::beginMap() {
    m_emitter << YAML::BeginMap;
    return *this;
}

YamlWriter &YamlWriter::endMap() {
    m_emitter << YAML::EndMap;
    return *this;
}

YamlWriter &YamlWriter::beginSeq() {
    m_emitter << YAML::BeginSeq;
    return *this;
}

YamlWriter &YamlWriter::endSeq() {
    m_emitter << YAML::EndSeq;
    return *this;
}

YamlWriter &YamlWriter::key(const QString &key) {
    m_emitter << YAML::Key << key.toStdString() << YAML::Value;
    return *this;
}

YamlWriter &YamlWriter::value(const QString &text) {
    if (needsQuotes(text))
        m_emitter << YAML::DoubleQuoted;
    m_emitter << text.toStdString();
    return *this;
}

YamlWriter &YamlWriter::quoted(const QString &text) {
    m_emitter << YAML::DoubleQuoted << text.toStdString();
    return *this;
}

YamlWriter &YamlWriter::value(bool flag) {
    m_emitter << flag;
    return *this;
}

YamlWriter &YamlWriter::value(int number) {
    m_emitter << number;
    return *this;
}

YamlWriter &YamlWriter::literal(const QString &text) {
    // yaml-cpp writes `|` (clip) for text without a final newline, which reads back with one.
    QString body = text;
    while (body.endsWith(QLatin1Char('\n')))
        body.chop(1);
    m_emitter << YAML::Literal << body.toStdString();
    return *this;
}

YamlWriter &YamlWriter::stringList(const QString &k, const QStringList &items) {
    key(k).beginSeq();
    for (const QString &item : items)
        value(item);
    return endSeq();
}

YamlWriter &YamlWriter::fragment(const QString &yamlText) {
    emitNode(m_emitter, YAML::Load(yamlText.toStdString()));
    return *this;
}

QByteArray YamlWriter::document(const QStringList &header) const {
    QByteArray out;
    for (const QString &line : header)
        out += (QStringLiteral("# ") + line).toUtf8().trimmed() + '\n';
    out += QByteArray(m_emitter.c_str());
    if (!out.endsWith('\n'))
        out += '\n';
    return out;
}

QByteArray joinDocuments(const QList<QByteArray> &documents) {
    QByteArray out;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (i > 0)
            out += "---\n";
        out += documents.at(i);
    }
    return out;
}

} // namespace wavesmith
