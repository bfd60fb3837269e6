#include "yamltext.h"

#include "repo/yamlload.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace wavesmith::edit {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t';
}

bool isLineBreak(char c) {
    return c == '\n' || c == '\r';
}

bool isFlowCollection(const YAML::Node &node) {
    return (node.IsMap() || node.IsSequence()) && node.Style() == YAML::EmitterStyle::Flow;
}

QByteArray spaces(int count) {
    return QByteArray(qMax(0, count), ' ');
}

// Whether `text` can be written as a plain scalar without changing its characters. Type
// resolution (a number staying a number) is the caller's concern.
bool plainSyntaxOk(const QString &text, bool inFlow = true) {
    if (text.isEmpty() || text.front().isSpace() || text.back().isSpace())
        return false;
    static const QString indicators = QStringLiteral("?:,[]{}#&*!|>'\"%@`");
    const QChar first = text.front();
    if (indicators.contains(first))
        return false;
    if (first == QLatin1Char('-') && (text.size() == 1 || text.at(1).isSpace()))
        return false;
    if (text.contains(QLatin1String(": ")) || text.contains(QLatin1String(" #")) ||
        text.endsWith(QLatin1Char(':')) || text.contains(QLatin1Char('\n')) ||
        text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\t')))
        return false;
    // Commas and brackets would end the scalar inside flow collections.
    for (const QChar c : text) {
        if (!inFlow)
            break;
        if (c == QLatin1Char(',') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
            c == QLatin1Char('{') || c == QLatin1Char('}'))
            return false;
    }
    return true;
}

// Plain scalars a YAML reader resolves to something other than a string.
bool resolvesToNonString(const QString &text) {
    static const QRegularExpression special(QStringLiteral(
        "^(?:[-+]?(?:\\d[\\d_]*)(?:\\.\\d*)?(?:[eE][-+]?\\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|"
        "[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)|"
        "true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|"
        "null|Null|NULL|~)$"));
    return special.match(text).hasMatch();
}

QString singleQuoted(const QString &text) {
    if (text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')))
        return doubleQuoted(text);
    QString escaped = text;
    escaped.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString formatNew(const QString &value, NewScalarStyle style) {
    return style == NewScalarStyle::DoubleQuoted ? doubleQuoted(value) : yamlScalar(value);
}

} // namespace

QString doubleQuoted(const QString &text) {
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        default:
            out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString yamlScalar(const QString &text) {
    return plainSyntaxOk(text) && !resolvesToNonString(text) ? text : doubleQuoted(text);
}

NewNode NewNode::text(const QString &yamlScalar) {
    NewNode n;
    n.scalar = yamlScalar;
    return n;
}

NewNode NewNode::map(QList<std::pair<QString, NewNode>> entries) {
    NewNode n;
    n.kind = Kind::Map;
    n.entries = std::move(entries);
    return n;
}

NewNode NewNode::seq(QList<NewNode> items) {
    NewNode n;
    n.kind = Kind::Seq;
    n.items = std::move(items);
    return n;
}

Result<YamlText> YamlText::parse(const QString &file, const QByteArray &bytes) {
    auto docs = loadYamlDocuments(bytes, file);
    if (!docs)
        return docs.error();
    YamlText text;
    text.m_file = file;
    text.m_bytes = bytes;
    text.m_documents = std::make_shared<const std::vector<YAML::Node>>(std::move(docs).value());
    text.m_lineStarts.push_back(0);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes.at(i) == '\n')
            text.m_lineStarts.push_back(i + 1);
    }
    const qsizetype firstBreak = bytes.indexOf('\n');
    if (firstBreak > 0 && bytes.at(firstBreak - 1) == '\r')
        text.m_newline = "\r\n";

    // Learn the file's indentation: the step of a nested block map, and where block sequences
    // put their dashes relative to their key (`key:\n  - a` or `key:\n- a`).
    bool unitFound = false;
    bool seqFound = false;
    std::vector<YAML::Node> pending(text.m_documents->begin(), text.m_documents->end());
    while (!pending.empty() && !(unitFound && seqFound)) {
        const YAML::Node node = pending.back();
        pending.pop_back();
        if (node.IsSequence()) {
            for (const YAML::Node &item : node)
                pending.push_back(item);
            continue;
        }
        if (!node.IsMap() || isFlowCollection(node))
            continue;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node value = it->second;
            const int keyColumn = it->first.Mark().column;
            if (!unitFound && value.IsMap() && !isFlowCollection(value) && value.size() > 0) {
                const int step = value.begin()->first.Mark().column - keyColumn;
                if (step > 0) {
                    text.m_indentUnit = step;
                    unitFound = true;
                }
            }
            if (!seqFound && value.IsSequence() && !isFlowCollection(value) && value.size() > 0) {
                const int step = value.Mark().column - keyColumn;
                if (step >= 0) {
                    text.m_seqIndent = step;
                    seqFound = true;
                }
            }
            pending.push_back(value);
        }
    }
    if (!seqFound)
        text.m_seqIndent = text.m_indentUnit;
    return text;
}

QByteArray YamlText::apply(QByteArray bytes, Patch patch) {
    std::sort(patch.begin(), patch.end(),
              [](const Splice &a, const Splice &b) { return a.offset > b.offset; });
    for (const Splice &s : patch)
        bytes.replace(s.offset, s.length, s.text);
    return bytes;
}

YamlText::Walk YamlText::walk(int doc, const KeyPath &path) const {
    Walk w;
    if (doc < 0 || doc >= int(m_documents->size()))
        return w;
    YAML::Node current = m_documents->at(std::size_t(doc));
    w.steps.append({current, {}, {}, false});
    bool inFlow = false;
    for (const PathStep &step : path) {
        const bool childInFlow = inFlow || isFlowCollection(current);
        std::optional<Step> next;
        if (const QString *key = std::get_if<QString>(&step); key && current.IsMap()) {
            const std::string wanted = key->toStdString();
            for (auto it = current.begin(); it != current.end(); ++it) {
                if (it->first.IsScalar() && it->first.Scalar() == wanted) {
                    next = Step{it->second, it->first, current, childInFlow};
                    break;
                }
            }
        } else if (const int *index = std::get_if<int>(&step);
                   index && current.IsSequence() && *index >= 0 &&
                   std::size_t(*index) < current.size()) {
            next = Step{current[std::size_t(*index)], {}, current, childInFlow};
        }
        if (!next)
            return w;
        w.steps.append(*next);
        current.reset(next->node); // rebind; `=` would overwrite the node in the tree
        inFlow = childInFlow;
    }
    w.complete = true;
    return w;
}

int YamlText::findDocument(const QString &kind, const QString &name) const {
    for (int i = 0; i < int(m_documents->size()); ++i) {
        if (scalar(i, {QStringLiteral("kind")}) == kind &&
            scalar(i, {QStringLiteral("metadata"), QStringLiteral("name")}) == name)
            return i;
    }
    return -1;
}

YAML::Node YamlText::node(int doc, const KeyPath &path) const {
    const Walk w = walk(doc, path);
    return w.complete ? w.steps.last().node : YAML::Node(YAML::NodeType::Undefined);
}

std::optional<QString> YamlText::scalar(int doc, const KeyPath &path) const {
    const Walk w = walk(doc, path);
    if (!w.complete || !w.steps.last().node.IsScalar())
        return std::nullopt;
    return QString::fromStdString(w.steps.last().node.Scalar());
}

qsizetype YamlText::lineStart(int line) const {
    return line < lineCount() ? m_lineStarts.at(std::size_t(line)) : m_bytes.size();
}

qsizetype YamlText::nextLineStart(int line) const {
    return lineStart(line + 1);
}

qsizetype YamlText::lineEnd(int line) const {
    qsizetype end = nextLineStart(line);
    while (end > lineStart(line) && isLineBreak(m_bytes.at(end - 1)))
        --end;
    return end;
}

qsizetype YamlText::offsetOf(const YAML::Mark &mark) const {
    return qMin(lineStart(mark.line) + mark.column, m_bytes.size());
}

int YamlText::indentOf(int line) const {
    const qsizetype start = lineStart(line);
    const qsizetype end = lineEnd(line);
    qsizetype i = start;
    while (i < end && m_bytes.at(i) == ' ')
        ++i;
    return int(i - start);
}

bool YamlText::isBlank(int line) const {
    for (qsizetype i = lineStart(line); i < lineEnd(line); ++i) {
        if (!isSpace(m_bytes.at(i)))
            return false;
    }
    return true;
}

bool YamlText::isComment(int line) const {
    const qsizetype i = lineStart(line) + indentOf(line);
    return i < lineEnd(line) && m_bytes.at(i) == '#';
}

// The last line of an entry that starts on `startLine` at `column`: every following line
// indented deeper belongs to it. Blank lines and comments at or left of `column` belong to it
// only when more of the entry follows them.
int YamlText::entryEndLine(int startLine, int column, bool dashAtColumnContinues) const {
    int last = startLine;
    for (int line = startLine + 1; line < lineCount(); ++line) {
        if (isBlank(line))
            continue;
        const int indent = indentOf(line);
        if (indent > column) {
            last = line;
            continue;
        }
        if (isComment(line))
            continue;
        const qsizetype at = lineStart(line) + indent;
        if (dashAtColumnContinues && indent == column && m_bytes.at(at) == '-' &&
            (at + 1 >= lineEnd(line) || isSpace(m_bytes.at(at + 1)))) {
            last = line;
            continue;
        }
        break;
    }
    return last;
}

qsizetype YamlText::scalarEnd(qsizetype start, bool inFlow) const {
    const qsizetype n = m_bytes.size();
    if (start >= n)
        return n;
    const char first = m_bytes.at(start);
    if (first == '"') {
        for (qsizetype i = start + 1; i < n; ++i) {
            if (m_bytes.at(i) == '\\')
                ++i;
            else if (m_bytes.at(i) == '"')
                return i + 1;
        }
        return n;
    }
    if (first == '\'') {
        for (qsizetype i = start + 1; i < n; ++i) {
            if (m_bytes.at(i) != '\'')
                continue;
            if (i + 1 < n && m_bytes.at(i + 1) == '\'')
                ++i;
            else
                return i + 1;
        }
        return n;
    }
    qsizetype i = start;
    for (; i < n; ++i) {
        const char c = m_bytes.at(i);
        if (isLineBreak(c))
            break;
        if (c == '#' && i > start && isSpace(m_bytes.at(i - 1)))
            break;
        if (c == ':' &&
            (i + 1 >= n || isSpace(m_bytes.at(i + 1)) || isLineBreak(m_bytes.at(i + 1)) ||
             (inFlow && (m_bytes.at(i + 1) == ',' || m_bytes.at(i + 1) == '}'))))
            break;
        if (inFlow && (c == ',' || c == ']' || c == '}'))
            break;
    }
    while (i > start && isSpace(m_bytes.at(i - 1)))
        --i;
    return i;
}

qsizetype YamlText::flowEnd(qsizetype open) const {
    const qsizetype n = m_bytes.size();
    int depth = 0;
    for (qsizetype i = open; i < n;) {
        const char c = m_bytes.at(i);
        if (c == '"' || c == '\'') {
            i = scalarEnd(i, true);
            continue;
        }
        if (c == '#' && i > open &&
            (isSpace(m_bytes.at(i - 1)) || isLineBreak(m_bytes.at(i - 1)))) {
            while (i < n && m_bytes.at(i) != '\n')
                ++i;
            continue;
        }
        if (c == '[' || c == '{')
            ++depth;
        else if (c == ']' || c == '}') {
            if (--depth == 0)
                return i + 1;
        }
        ++i;
    }
    return n;
}

qsizetype YamlText::nodeEnd(const YAML::Node &node, bool inFlow) const {
    const qsizetype start = offsetOf(node.Mark());
    if (isFlowCollection(node))
        return flowEnd(start);
    return scalarEnd(start, inFlow);
}

qsizetype YamlText::afterColon(const YAML::Node &key, bool inFlow) const {
    qsizetype i = scalarEnd(offsetOf(key.Mark()), inFlow);
    while (i < m_bytes.size() && m_bytes.at(i) != ':' && !isLineBreak(m_bytes.at(i)))
        ++i;
    return i < m_bytes.size() && m_bytes.at(i) == ':' ? i + 1 : i;
}

// A null written as nothing (`key:`), as opposed to `key: ~` or `key: null`.
bool YamlText::isEmptyNull(const YAML::Node &value, const YAML::Node &key) const {
    if (!value.IsNull() || !key.IsDefined() || key.IsNull())
        return false;
    if (value.Mark().line != key.Mark().line)
        return true;
    const QByteArray rest = m_bytes.mid(offsetOf(value.Mark()), 4);
    return !(rest.startsWith('~') || rest.startsWith("null") || rest.startsWith("Null") ||
             rest.startsWith("NULL"));
}

QString YamlText::flowText(const NewNode &value) const {
    switch (value.kind) {
    case NewNode::Kind::Scalar:
        return value.scalar;
    case NewNode::Kind::Map: {
        QStringList parts;
        for (const auto &[key, child] : value.entries)
            parts.append(yamlScalar(key) + QStringLiteral(": ") + flowText(child));
        return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    case NewNode::Kind::Seq: {
        QStringList parts;
        for (const NewNode &item : value.items)
            parts.append(flowText(item));
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    }
    return {};
}

QByteArray YamlText::blockEntry(const QString &key, const NewNode &value, int indent) const {
    QByteArray out = spaces(indent) + yamlScalar(key).toUtf8() + ':';
    switch (value.kind) {
    case NewNode::Kind::Scalar:
        out += ' ' + value.scalar.toUtf8() + m_newline;
        break;
    case NewNode::Kind::Map:
        out += m_newline;
        for (const auto &[childKey, child] : value.entries)
            out += blockEntry(childKey, child, indent + m_indentUnit);
        break;
    case NewNode::Kind::Seq:
        out += m_newline;
        for (const NewNode &item : value.items)
            out += blockItem(item, indent + m_seqIndent);
        break;
    }
    return out;
}

// `contentGap` is the distance from the dash to the item's text (`- a` is 2, `-   a` is 4).
QByteArray YamlText::blockItem(const NewNode &item, int dashColumn, int contentGap) const {
    const QByteArray dash = spaces(dashColumn) + '-' + spaces(contentGap - 1);
    if (item.kind != NewNode::Kind::Map || item.entries.isEmpty())
        return dash + flowText(item).toUtf8() + m_newline;
    QByteArray out;
    for (const auto &[key, child] : item.entries)
        out += blockEntry(key, child, dashColumn + contentGap);
    return out.replace(0, dashColumn + contentGap, dash);
}

Result<Patch> YamlText::insertIntoMap(const Step &mapStep, const QString &key,
                                      const NewNode &value) const {
    const YAML::Node map = mapStep.node;
    if (map.IsNull() && isEmptyNull(map, mapStep.key)) {
        // `key:` with nothing after it becomes a block map.
        const qsizetype at = afterColon(mapStep.key, mapStep.inFlow);
        QByteArray text =
            m_newline + blockEntry(key, value, mapStep.key.Mark().column + m_indentUnit);
        text.chop(m_newline.size());
        return Patch{{at, 0, text}};
    }
    if (!map.IsMap()) {
        return Error{m_file, map.Mark().line + 1,
                     QStringLiteral("cannot add \"%1\": the value here is not a map").arg(key)};
    }
    if (isFlowCollection(map)) {
        const qsizetype open = offsetOf(map.Mark());
        qsizetype at = flowEnd(open) - 1;
        while (at > open + 1 && (isSpace(m_bytes.at(at - 1)) || isLineBreak(m_bytes.at(at - 1))))
            --at;
        const QString entry = yamlScalar(key) + QStringLiteral(": ") + flowText(value);
        return Patch{
            {at, 0, ((map.size() > 0 ? QStringLiteral(", ") : QString()) + entry).toUtf8()}};
    }
    YAML::Node lastKey;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!lastKey.IsDefined() || lastKey.IsNull() ||
            offsetOf(it->first.Mark()) > offsetOf(lastKey.Mark()))
            lastKey.reset(it->first);
    }
    const int column = lastKey.Mark().column;
    const int endLine = entryEndLine(lastKey.Mark().line, column, true);
    const qsizetype at = nextLineStart(endLine);
    QByteArray text = blockEntry(key, value, column);
    if (at == m_bytes.size() && !m_bytes.isEmpty() && m_bytes.back() != '\n')
        text.prepend(m_newline);
    return Patch{{at, 0, text}};
}

Result<Patch> YamlText::insertEntry(const Walk &w, const KeyPath &path,
                                    const NewNode &value) const {
    if (w.steps.isEmpty())
        return Error{m_file, 0, QStringLiteral("no such document")};
    const KeyPath missing = path.mid(w.steps.size() - 1);
    NewNode nested = value;
    for (qsizetype i = missing.size() - 1; i >= 0; --i) {
        const QString *key = std::get_if<QString>(&missing.at(i));
        if (!key) {
            return Error{
                m_file, w.steps.last().node.Mark().line + 1,
                QStringLiteral("list item %1 does not exist").arg(std::get<int>(missing.at(i)))};
        }
        if (i == 0)
            return insertIntoMap(w.steps.last(), *key, nested);
        nested = NewNode::map({{*key, nested}});
    }
    return Error{m_file, 0, QStringLiteral("nothing to insert")};
}

Result<Patch> YamlText::setScalar(int doc, const KeyPath &path, const QString &value,
                                  NewScalarStyle style) const {
    const Walk w = walk(doc, path);
    if (!w.complete)
        return insertEntry(w, path, NewNode::text(formatNew(value, style)));
    const Step &step = w.steps.last();
    if (step.node.IsNull() && isEmptyNull(step.node, step.key)) {
        const qsizetype at = afterColon(step.key, step.inFlow);
        return Patch{{at, 0, (QLatin1Char(' ') + formatNew(value, style)).toUtf8()}};
    }
    if (!step.node.IsScalar() && !step.node.IsNull()) {
        return Error{m_file, step.node.Mark().line + 1,
                     QStringLiteral("expected a single value here, found a list or map")};
    }
    const qsizetype start = offsetOf(step.node.Mark());
    const char first = start < m_bytes.size() ? m_bytes.at(start) : '\0';
    if (first == '|' || first == '>') {
        return Error{m_file, step.node.Mark().line + 1,
                     QStringLiteral("block scalars are not edited in place")};
    }
    const qsizetype end = scalarEnd(start, step.inFlow);
    QString text;
    if (first == '"')
        text = doubleQuoted(value);
    else if (first == '\'')
        text = singleQuoted(value);
    else // keep the file's plain style (an unquoted wave stays unquoted) unless it cannot hold it
        text = plainSyntaxOk(value, step.inFlow) ? value : doubleQuoted(value);
    return Patch{{start, end - start, text.toUtf8()}};
}

Result<Patch> YamlText::setBlockScalar(int doc, const KeyPath &path, const QString &text) const {
    const Walk w = walk(doc, path);
    if (!w.complete || !w.steps.last().key.IsDefined())
        return Error{m_file, 0, QStringLiteral("no entry to hold the text")};
    const Step &step = w.steps.last();
    if (step.inFlow) {
        return Error{m_file, step.key.Mark().line + 1,
                     QStringLiteral("this entry sits inside a `{…}` mapping, which cannot hold a "
                                    "multi-line block; rewrite it in block style first")};
    }
    if (!step.node.IsScalar() && !step.node.IsNull()) {
        return Error{m_file, step.node.Mark().line + 1,
                     QStringLiteral("expected a single value here, found a list or map")};
    }
    const int keyColumn = step.key.Mark().column;
    const qsizetype start = afterColon(step.key, false);
    const qsizetype end = lineEnd(entryEndLine(step.key.Mark().line, keyColumn, false));

    QString body = text;
    const bool finalNewline = body.endsWith(QLatin1Char('\n'));
    if (finalNewline)
        body.chop(1);
    const QStringList lines = body.split(QLatin1Char('\n'));
    // A first line that starts with a space needs the indentation said explicitly.
    const auto firstText = std::find_if(lines.cbegin(), lines.cend(),
                                        [](const QString &l) { return !l.trimmed().isEmpty(); });
    QByteArray out = " |";
    if (firstText != lines.cend() && firstText->at(0).isSpace())
        out += QByteArray::number(m_indentUnit);
    if (!finalNewline)
        out += '-';
    const QByteArray indent = spaces(keyColumn + m_indentUnit);
    for (const QString &line : lines) {
        out += m_newline;
        if (!line.isEmpty())
            out += indent + line.toUtf8();
    }
    return Patch{{start, end - start, out}};
}

Result<Patch> YamlText::appendItem(int doc, const KeyPath &seqPath, const NewNode &item) const {
    const Walk w = walk(doc, seqPath);
    if (!w.complete)
        return insertEntry(w, seqPath, NewNode::seq({item}));
    const Step &step = w.steps.last();
    const YAML::Node seq = step.node;
    if (seq.IsNull() && isEmptyNull(seq, step.key)) {
        const qsizetype at = afterColon(step.key, step.inFlow);
        QByteArray text = m_newline + blockItem(item, step.key.Mark().column + m_seqIndent);
        text.chop(m_newline.size());
        return Patch{{at, 0, text}};
    }
    if (!seq.IsSequence())
        return Error{m_file, seq.Mark().line + 1, QStringLiteral("expected a list here")};
    if (isFlowCollection(seq)) {
        const qsizetype open = offsetOf(seq.Mark());
        qsizetype at = flowEnd(open) - 1;
        while (at > open + 1 && (isSpace(m_bytes.at(at - 1)) || isLineBreak(m_bytes.at(at - 1))))
            --at;
        return Patch{
            {at, 0,
             ((seq.size() > 0 ? QStringLiteral(", ") : QString()) + flowText(item)).toUtf8()}};
    }
    const int dashColumn = seq.Mark().column;
    const YAML::Node last = seq[seq.size() - 1];
    const int endLine = entryEndLine(last.Mark().line, dashColumn, false);
    const qsizetype at = nextLineStart(endLine);
    // Follow the last item's spacing after its dash when it starts on the dash's line.
    int gap = 2;
    if (last.Mark().line == seq.Mark().line ||
        (last.Mark().column > dashColumn &&
         m_bytes.at(lineStart(last.Mark().line) + dashColumn) == '-'))
        gap = qMax(2, last.Mark().column - dashColumn);
    QByteArray text = blockItem(item, dashColumn, gap);
    if (at == m_bytes.size() && !m_bytes.isEmpty() && m_bytes.back() != '\n')
        text.prepend(m_newline);
    return Patch{{at, 0, text}};
}

Result<Patch> YamlText::removeEntry(int doc, const KeyPath &path) const {
    const Walk w = walk(doc, path);
    if (!w.complete || w.steps.size() < 2)
        return Error{m_file, 0, QStringLiteral("nothing to remove at this path")};
    const Step &step = w.steps.last();
    const bool mapEntry = std::holds_alternative<QString>(path.last());
    const YAML::Mark startMark = mapEntry ? step.key.Mark() : step.node.Mark();

    if (step.inFlow) {
        const qsizetype start = offsetOf(startMark);
        const qsizetype end = nodeEnd(step.node, true);
        qsizetype after = end;
        while (after < m_bytes.size() && isSpace(m_bytes.at(after)))
            ++after;
        if (after < m_bytes.size() && m_bytes.at(after) == ',') {
            ++after;
            while (after < m_bytes.size() && isSpace(m_bytes.at(after)))
                ++after;
            return Patch{{start, after - start, {}}};
        }
        qsizetype before = start;
        while (before > 0 &&
               (isSpace(m_bytes.at(before - 1)) || isLineBreak(m_bytes.at(before - 1))))
            --before;
        if (before > 0 && m_bytes.at(before - 1) == ',')
            return Patch{{before - 1, end - before + 1, {}}};
        return Patch{{start, end - start, {}}};
    }

    const int startLine = startMark.line;
    const int column = mapEntry ? startMark.column : step.parent.Mark().column;
    const QByteArray before =
        m_bytes.mid(lineStart(startLine), offsetOf(startMark) - lineStart(startLine));
    const QByteArray expected = mapEntry ? spaces(column) : spaces(column) + '-';
    if (!before.trimmed().isEmpty() && before.trimmed() != expected.trimmed()) {
        return Error{m_file, startLine + 1,
                     QStringLiteral("this entry shares its line with other YAML; not removed")};
    }
    const int endLine = entryEndLine(startLine, column, mapEntry);
    Patch patch{{lineStart(startLine), nextLineStart(endLine) - lineStart(startLine), {}}};
    const Step &parentStep = w.steps.at(w.steps.size() - 2);
    if (step.parent.size() == 1 && parentStep.key.IsDefined() && !parentStep.key.IsNull() &&
        parentStep.key.Mark().line < startLine) {
        // Keep the collection's type: an emptied list is `[]`, not null.
        const qsizetype at = afterColon(parentStep.key, parentStep.inFlow);
        patch.append({at, 0, mapEntry ? QByteArray(" {}") : QByteArray(" []")});
    }
    return patch;
}

Result<Patch> YamlText::removeDocument(int doc) const {
    if (doc < 0 || doc >= int(m_documents->size()))
        return Error{m_file, 0, QStringLiteral("no such document")};
    QList<int> separators;
    for (int line = 0; line < lineCount(); ++line) {
        const QByteArray start = m_bytes.mid(lineStart(line), 4);
        if (start.startsWith("---") &&
            (start.size() == 3 || isSpace(start.at(3)) || isLineBreak(start.at(3))))
            separators.append(line);
    }
    const int rootLine = m_documents->at(std::size_t(doc)).Mark().line;
    int previous = -1;
    int next = -1;
    for (int line : separators) {
        if (line <= rootLine)
            previous = line;
        else if (next < 0)
            next = line;
    }
    if (next >= 0) {
        const int first = previous >= 0 && previous < rootLine ? previous + 1 : qMax(previous, 0);
        return Patch{{lineStart(first), nextLineStart(next) - lineStart(first), {}}};
    }
    if (previous >= 0)
        return Patch{{lineStart(previous), m_bytes.size() - lineStart(previous), {}}};
    return Patch{{0, m_bytes.size(), {}}};
}

} // namespace wavesmith::edit
