#include "yamloutline.h"

#include <QStringList>

#include <string_view>

namespace wavesmith::lint {

namespace {

struct Line {
    int number = 0;
    int indent = 0;
    std::string_view text; // after the indentation, trailing blanks and \r removed
    std::string_view raw;  // the whole line without \r
};

std::string_view trimRight(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string_view trimLeft(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

// Keys and plain values point into the document's text (YamlDocument::source keeps it alive):
// no allocation per node, which is most of what outlining thousands of manifests costs.
QByteArray bytes(std::string_view s) {
    return QByteArray::fromRawData(s.data(), qsizetype(s.size()));
}

bool isBlankOrComment(const Line &line) {
    return line.text.empty() || line.text.front() == '#';
}

bool isSequenceItem(std::string_view text) {
    return !text.empty() && text.front() == '-' && (text.size() == 1 || text[1] == ' ');
}

// A plain scalar ends before " #" (a comment).
std::string_view stripComment(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
            return trimRight(s.substr(0, i));
    }
    return trimRight(s);
}

// Position just past the closing quote of a quoted scalar starting at s[0], or npos.
size_t closingQuote(std::string_view s) {
    const char quote = s.front();
    for (size_t i = 1; i < s.size(); ++i) {
        if (quote == '"' && s[i] == '\\') {
            ++i;
        } else if (s[i] == quote) {
            if (quote == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
                ++i;
                continue;
            }
            return i + 1;
        }
    }
    return std::string_view::npos;
}

QByteArray unquote(std::string_view s) {
    const char quote = s.front();
    const size_t end = closingQuote(s);
    const std::string_view body =
        s.substr(1, (end == std::string_view::npos ? s.size() : end - 1) - 1);
    // Nothing escaped (the usual case): the text between the quotes is the value.
    if (body.find(quote == '"' ? '\\' : '\'') == std::string_view::npos)
        return bytes(body);
    QByteArray out;
    out.reserve(qsizetype(s.size()));
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (quote == '\'' && c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
            out.append('\'');
            ++i;
        } else if (quote == '"' && c == '\\' && i + 1 < body.size()) {
            const char e = body[++i];
            out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        } else {
            out.append(c);
        }
    }
    return out;
}

struct KeySplit {
    bool ok = false;
    QByteArray key;
    std::string_view rest;
};

// "key: rest" / "key:" / "'quoted key': rest".
KeySplit splitKey(std::string_view text) {
    KeySplit split;
    size_t colon = std::string_view::npos;
    if (text.front() == '"' || text.front() == '\'') {
        const size_t end = closingQuote(text);
        if (end == std::string_view::npos)
            return split;
        const std::string_view after = trimLeft(text.substr(end));
        if (after.empty() || after.front() != ':' || (after.size() > 1 && after[1] != ' '))
            return split;
        split.key = unquote(text.substr(0, end));
        split.rest = trimLeft(after.substr(1));
        split.ok = true;
        return split;
    }
    if (text.front() == '[' || text.front() == '{' || text.front() == '#')
        return split;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '#' && i > 0 && text[i - 1] == ' ')
            return split;
        if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) {
            colon = i;
            break;
        }
    }
    if (colon == std::string_view::npos)
        return split;
    split.key = bytes(trimRight(text.substr(0, colon)));
    split.rest = trimLeft(text.substr(colon + 1));
    split.ok = true;
    return split;
}

// Splits the inside of a one-line flow collection at top-level commas.
std::vector<std::string_view> splitFlow(std::string_view inside) {
    std::vector<std::string_view> items;
    int depth = 0;
    char quote = 0;
    size_t start = 0;
    for (size_t i = 0; i < inside.size(); ++i) {
        const char c = inside[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 0) {
            items.push_back(trimRight(trimLeft(inside.substr(start, i - start))));
            start = i + 1;
        }
    }
    const std::string_view last = trimRight(trimLeft(inside.substr(start)));
    if (!last.empty())
        items.push_back(last);
    return items;
}

void setScalar(YamlNode &node, std::string_view text) {
    text = trimLeft(text);
    if (text.empty())
        return;
    if (text.front() == '"' || text.front() == '\'') {
        node.type = YamlNode::Type::Scalar;
        node.value = unquote(text);
        node.quoted = true;
        return;
    }
    text = stripComment(text);
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return;
    node.type = YamlNode::Type::Scalar;
    node.value = bytes(text);
}

// Storage the parser reuses from document to document (and, per thread, from file to file):
// most manifests are small, so growing fresh vectors for every line list and every map's
// children was most of what outlining cost.
struct OutlineScratch {
    std::vector<Line> lines;
    std::vector<YamlNode> pending; // children of the maps and sequences being read, innermost last
    std::vector<YamlNode> nodes;   // the document's finished children runs, moved out at its end
};

class OutlineParser {
public:
    OutlineParser(std::vector<Line> &lines, OutlineScratch &scratch)
        : m_lines(lines)
        , m_pending(scratch.pending)
        , m_nodes(scratch.nodes) {}

    YamlNode parseDocument() {
        YamlNode root;
        skipBlank();
        if (m_pos < m_lines.size())
            root = parseBlock(m_lines[m_pos].indent);
        return root;
    }

private:
    void skipBlank() {
        while (m_pos < m_lines.size() && isBlankOrComment(m_lines[m_pos]))
            ++m_pos;
    }

    YamlNode parseBlock(int indent) {
        return isSequenceItem(m_lines[m_pos].text) ? parseSequence(indent) : parseMap(indent);
    }

    YamlNode parseMap(int indent) {
        YamlNode map;
        map.type = YamlNode::Type::Map;
        map.line = m_lines[m_pos].number;
        map.column = indent + 1;
        const size_t first = m_pending.size();
        for (;;) {
            skipBlank();
            if (m_pos >= m_lines.size() || m_lines[m_pos].indent < indent)
                break;
            const Line line = m_lines[m_pos];
            if (line.indent > indent) { // stray deeper line: not ours to understand
                ++m_pos;
                continue;
            }
            if (isSequenceItem(line.text))
                break;
            KeySplit split = splitKey(line.text);
            ++m_pos;
            if (!split.ok)
                continue;
            YamlNode child;
            child.key = std::move(split.key);
            child.line = line.number;
            child.column = indent + 1;
            child.valueLine = line.number;
            m_currentLine = line.raw;
            parseValue(child, split.rest, indent, true);
            m_pending.push_back(std::move(child));
        }
        takePending(map, first);
        return map;
    }

    YamlNode parseSequence(int indent) {
        YamlNode seq;
        seq.type = YamlNode::Type::Sequence;
        seq.line = m_lines[m_pos].number;
        seq.column = indent + 1;
        const size_t first = m_pending.size();
        for (;;) {
            skipBlank();
            if (m_pos >= m_lines.size() || m_lines[m_pos].indent != indent ||
                !isSequenceItem(m_lines[m_pos].text))
                break;
            Line &line = m_lines[m_pos];
            const std::string_view content = trimLeft(line.text.substr(1));
            const int contentIndent = indent + int(line.text.size() - content.size());
            YamlNode item;
            item.line = line.number;
            item.column = contentIndent + 1;
            item.valueLine = line.number;
            if (content.empty() || content.front() == '#') {
                ++m_pos;
                parseValue(item, {}, indent, false);
            } else if (isSequenceItem(content) || splitKey(content).ok) {
                // "- key: value" opens a map (or "- - x" a sequence) at the content's column.
                line.indent = contentIndent;
                line.text = content;
                item = parseBlock(contentIndent);
            } else {
                ++m_pos;
                m_currentLine = line.raw;
                parseValue(item, content, indent, false);
            }
            m_pending.push_back(std::move(item));
        }
        takePending(seq, first);
        return seq;
    }

    // Moves the children read since `first` to the document's storage as `node`'s run. Nested
    // containers have taken theirs before, so the range holds only `node`'s own.
    void takePending(YamlNode &node, size_t first) {
        const auto begin = m_pending.begin() + std::ptrdiff_t(first);
        node.children.setRun(m_nodes.size(), m_pending.size() - first);
        m_nodes.insert(m_nodes.end(), std::make_move_iterator(begin),
                       std::make_move_iterator(m_pending.end()));
        m_pending.erase(begin, m_pending.end());
    }

    // The value of a key (or sequence item) whose text after the colon is `rest`.
    void parseValue(YamlNode &node, std::string_view rest, int indent, bool compactSequence) {
        if (!rest.empty() && (rest.front() == '&' || rest.front() == '!')) {
            const size_t space = rest.find(' ');
            rest =
                space == std::string_view::npos ? std::string_view() : trimLeft(rest.substr(space));
        }
        if (rest.empty() || rest.front() == '#') {
            skipBlank();
            if (m_pos >= m_lines.size())
                return;
            const Line &next = m_lines[m_pos];
            if (next.indent > indent ||
                (compactSequence && next.indent == indent && isSequenceItem(next.text))) {
                const QByteArray key = node.key;
                const int line = node.line;
                const int column = node.column;
                node = parseBlock(next.indent);
                node.key = key;
                node.line = line;
                node.column = column;
                node.valueLine = next.number;
            }
            return;
        }
        if (rest.front() == '|' || rest.front() == '>') {
            readBlockScalar(node, indent, rest.front() == '>');
            return;
        }
        if (rest.front() == '[' || rest.front() == '{') {
            readFlow(node, rest);
            return;
        }
        setScalar(node, rest);
    }

    void readBlockScalar(YamlNode &node, int indent, bool folded) {
        node.type = YamlNode::Type::Scalar;
        int contentIndent = -1;
        QByteArray value;
        size_t pendingBlank = 0;
        while (m_pos < m_lines.size()) {
            const Line &line = m_lines[m_pos];
            if (line.text.empty()) {
                ++pendingBlank;
                ++m_pos;
                continue;
            }
            if (line.indent <= indent)
                break;
            if (contentIndent < 0) {
                contentIndent = line.indent;
                node.valueLine = line.number;
            }
            if (!value.isEmpty() || pendingBlank)
                value.append(QByteArray(qsizetype(pendingBlank), '\n'));
            pendingBlank = 0;
            const size_t from = size_t(std::min<int>(contentIndent, line.indent));
            value.append(bytes(trimRight(line.raw.substr(from))));
            value.append(folded ? ' ' : '\n');
            ++m_pos;
        }
        node.value = value;
    }

    void readFlow(YamlNode &node, std::string_view rest) {
        const bool isMap = rest.front() == '{';
        const char close = isMap ? '}' : ']';
        const size_t end = rest.rfind(close);
        const std::string_view inside =
            rest.substr(1, end == std::string_view::npos ? rest.size() - 1 : end - 1);
        node.type = isMap ? YamlNode::Type::Map : YamlNode::Type::Sequence;
        const size_t first = m_pending.size();
        for (std::string_view item : splitFlow(inside)) {
            YamlNode child;
            child.line = node.line;
            // Items point into the current line, so their column is their offset in it.
            const bool onLine = item.data() >= m_currentLine.data() &&
                                item.data() <= m_currentLine.data() + m_currentLine.size();
            child.column = onLine ? int(item.data() - m_currentLine.data()) + 1 : node.column;
            child.valueLine = node.line;
            if (isMap) {
                KeySplit split = splitKey(item);
                if (!split.ok)
                    continue;
                child.key = std::move(split.key);
                setScalar(child, split.rest);
            } else {
                setScalar(child, item);
            }
            m_pending.push_back(std::move(child));
        }
        takePending(node, first);
    }

    std::vector<Line> &m_lines;
    std::vector<YamlNode> &m_pending;
    std::vector<YamlNode> &m_nodes;
    size_t m_pos = 0;
    std::string_view m_currentLine; // the line whose value is being read (flow item columns)
};

} // namespace

const YamlNode *YamlNode::child(const char *name) const {
    if (type != Type::Map)
        return nullptr;
    // The rules look keys up hundreds of thousands of times per lint: measure the name once and
    // compare lengths before bytes.
    const std::string_view wanted(name);
    for (const YamlNode &c : children) {
        if (size_t(c.key.size()) == wanted.size() &&
            std::string_view(c.key.constData(), wanted.size()) == wanted)
            return &c;
    }
    return nullptr;
}

const YamlNode *YamlNode::at(std::initializer_list<const char *> path) const {
    const YamlNode *node = this;
    for (const char *name : path) {
        node = node->child(name);
        if (!node)
            return nullptr;
    }
    return node;
}

QStringList YamlNode::texts() const {
    QStringList result;
    if (type == Type::Scalar)
        result.append(text());
    for (const YamlNode &c : children) {
        if (type == Type::Sequence && c.type == Type::Scalar)
            result.append(c.text());
    }
    return result;
}

namespace {

// The text of `node`, shared with a static string when it is one of the usual kinds or API
// versions: thousands of documents then cost no allocation for their identity.
QString commonText(const YamlNode *node) {
    if (!node)
        return {};
    static const QString common[] = {
        QStringLiteral("Application"),
        QStringLiteral("ApplicationSet"),
        QStringLiteral("AppProject"),
        QStringLiteral("ConfigMap"),
        QStringLiteral("Secret"),
        QStringLiteral("Namespace"),
        QStringLiteral("Service"),
        QStringLiteral("Deployment"),
        QStringLiteral("Kustomization"),
        QStringLiteral("CustomResourceDefinition"),
        QStringLiteral("v1"),
        QStringLiteral("apps/v1"),
        QStringLiteral("argoproj.io/v1alpha1"),
        QStringLiteral("kustomize.config.k8s.io/v1beta1"),
        QStringLiteral("apiextensions.k8s.io/v1"),
    };
    for (const QString &text : common) {
        if (text.size() == node->value.size() && QLatin1String(node->value) == text)
            return text;
    }
    return node->text();
}

// The index of `child` among `parent`'s children, -1 for none.
int indexIn(const YamlNode &parent, const YamlNode *child) {
    return child ? int(child - parent.children.data()) : -1;
}

} // namespace

void YamlDocument::readIdentity() {
    m_kind = commonText(root.child("kind"));
    m_apiVersion = commonText(root.child("apiVersion"));
    const YamlNode *metadata = root.child("metadata");
    const YamlNode *name = metadata ? metadata->child("name") : nullptr;
    m_name = name ? name->value : QByteArray();
    m_metadataIndex = indexIn(root, metadata);
    const YamlNode *annotations = metadata ? metadata->child("annotations") : nullptr;
    m_annotationsIndex = metadata ? indexIn(*metadata, annotations) : -1;
}

const YamlNode *YamlDocument::annotation(const char *name) const {
    if (m_annotationsIndex < 0)
        return nullptr;
    const YamlNode &metadata = root.children[size_t(m_metadataIndex)];
    return metadata.children[size_t(m_annotationsIndex)].child(name);
}

std::vector<YamlDocument> parseYamlOutline(const QByteArray &content) {
    std::vector<YamlDocument> documents;
    // Shared, not copied; only text that is not already owned (raw data) is copied once, since
    // the nodes point into it.
    QByteArray source = content;
    if (!source.data_ptr().d_ptr())
        source = QByteArray(content.constData(), content.size());
    const std::string_view all(source.constData(), size_t(source.size()));
    thread_local OutlineScratch scratch;
    std::vector<Line> &lines = scratch.lines;
    lines.clear();
    int firstLine = 1;
    auto finish = [&](int lastLine) {
        bool empty = true;
        for (const Line &l : lines)
            empty = empty && isBlankOrComment(l);
        if (!empty) {
            YamlDocument doc;
            doc.source = source;
            doc.firstLine = firstLine;
            doc.lastLine = lastLine;
            doc.root = OutlineParser(lines, scratch).parseDocument();
            // One allocation for every node of the document, then the runs point into it.
            doc.nodes.assign(std::make_move_iterator(scratch.nodes.begin()),
                             std::make_move_iterator(scratch.nodes.end()));
            scratch.nodes.clear();
            doc.root.children.resolve(doc.nodes.data());
            for (YamlNode &node : doc.nodes)
                node.children.resolve(doc.nodes.data());
            doc.readIdentity();
            documents.push_back(std::move(doc));
        }
        lines.clear();
    };
    int number = 0;
    size_t start = 0;
    while (start < all.size()) {
        size_t end = all.find('\n', start);
        if (end == std::string_view::npos)
            end = all.size();
        ++number;
        Line line;
        line.number = number;
        line.raw = trimRight(all.substr(start, end - start));
        size_t indent = 0;
        while (indent < line.raw.size() && line.raw[indent] == ' ')
            ++indent;
        line.indent = int(indent);
        line.text = line.raw.substr(indent);
        start = end + 1;
        if (indent == 0 && (line.text.substr(0, 3) == "---" || line.text == "...")) {
            finish(number - 1);
            firstLine = number + 1;
            // "--- key: value" is rare in manifests; the separator line carries no content.
            continue;
        }
        if (indent == 0 && !line.text.empty() && line.text.front() == '%')
            continue;
        lines.push_back(line);
    }
    finish(number);
    return documents;
}

} // namespace wavesmith::lint
