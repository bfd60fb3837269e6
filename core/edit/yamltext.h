#pragma once

// A YAML file held as its exact bytes plus yaml-cpp's parse of them. Every edit is computed
// as byte splices located through the parser's marks (line and column), so bytes outside a
// splice never change: comments, blank lines, key order, quoting, indentation, document
// separators and CRLF line ends all survive.

#include <wavesmith/result.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <yaml-cpp/node/node.h>

#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace wavesmith::edit {

// A map key or a sequence index.
using PathStep = std::variant<QString, int>;
using KeyPath = QList<PathStep>;

// A value to insert where none exists yet. Rendered in the file's own style: block entries at
// the indentation of their siblings, or flow text inside `{}` / `[]`.
struct NewNode {
    enum class Kind { Scalar, Map, Seq };
    Kind kind = Kind::Scalar;
    QString scalar; // already formatted YAML (quoted where needed)
    QList<std::pair<QString, NewNode>> entries;
    QList<NewNode> items;

    static NewNode text(const QString &yamlScalar);
    static NewNode map(QList<std::pair<QString, NewNode>> entries);
    static NewNode seq(QList<NewNode> items);
};

// Replace `length` bytes at `offset` with `text`.
struct Splice {
    qsizetype offset = 0;
    qsizetype length = 0;
    QByteArray text;
};
using Patch = QList<Splice>;

// How a scalar that did not exist before is written.
enum class NewScalarStyle { Auto, DoubleQuoted };

class YamlText {
public:
    static Result<YamlText> parse(const QString &file, const QByteArray &bytes);

    const QString &file() const { return m_file; }
    const QByteArray &bytes() const { return m_bytes; }
    const std::vector<YAML::Node> &documents() const { return *m_documents; }

    // Index of the document whose `kind` and `metadata.name` match, or -1.
    int findDocument(const QString &kind, const QString &name) const;
    // The node at `path` in document `doc` (invalid when missing).
    YAML::Node node(int doc, const KeyPath &path) const;
    // The scalar at `path`, or nullopt when missing or not a scalar.
    std::optional<QString> scalar(int doc, const KeyPath &path) const;

    // Sets the scalar at `path`, keeping its quoting style; creates missing map entries along
    // the path (the last one written in `style`).
    Result<Patch> setScalar(int doc, const KeyPath &path, const QString &value,
                            NewScalarStyle style = NewScalarStyle::Auto) const;
    // Replaces the existing entry's value at `path` with `text` as a literal block scalar
    // (`key: |`), indented one step under the key; the entry must exist and sit in block style.
    Result<Patch> setBlockScalar(int doc, const KeyPath &path, const QString &text) const;
    // Appends an item to the sequence at `seqPath`, creating the sequence when missing.
    Result<Patch> appendItem(int doc, const KeyPath &seqPath, const NewNode &item) const;
    // Removes the map entry or sequence item at `path` with its lines (block style) or its
    // text and comma (flow style). A collection left empty becomes `{}` / `[]`.
    Result<Patch> removeEntry(int doc, const KeyPath &path) const;
    // Removes one document and one `---` separator next to it.
    Result<Patch> removeDocument(int doc) const;

    static QByteArray apply(QByteArray bytes, Patch patch);

private:
    struct Step {
        YAML::Node node;
        YAML::Node key; // for map entries
        YAML::Node parent;
        bool inFlow = false; // inside a flow collection
    };
    struct Walk {
        QList<Step> steps; // steps[0] is the document root
        bool complete = false;
    };

    Walk walk(int doc, const KeyPath &path) const;
    qsizetype offsetOf(const YAML::Mark &mark) const;
    qsizetype lineStart(int line) const;
    qsizetype lineEnd(int line) const; // offset of the line's newline (or end of file)
    qsizetype nextLineStart(int line) const;
    int lineCount() const { return int(m_lineStarts.size()); }
    int indentOf(int line) const;
    bool isBlank(int line) const;
    bool isComment(int line) const;
    int entryEndLine(int startLine, int column, bool dashAtColumnContinues) const;
    qsizetype scalarEnd(qsizetype start, bool inFlow) const;
    qsizetype flowEnd(qsizetype open) const; // one past the matching `]` or `}`
    qsizetype nodeEnd(const YAML::Node &node, bool inFlow) const;
    qsizetype afterColon(const YAML::Node &key, bool inFlow) const;
    bool isEmptyNull(const YAML::Node &value, const YAML::Node &key) const;

    QByteArray blockEntry(const QString &key, const NewNode &value, int indent) const;
    QByteArray blockItem(const NewNode &item, int dashColumn, int contentGap = 2) const;
    QString flowText(const NewNode &value) const;
    Result<Patch> insertEntry(const Walk &walk, const KeyPath &path, const NewNode &value) const;
    Result<Patch> insertIntoMap(const Step &mapStep, const QString &key,
                                const NewNode &value) const;

    QString m_file;
    QByteArray m_bytes;
    // Shared and never assigned to: assigning a YAML::Node rebinds the node it refers to
    // inside its tree, so copies of a YamlText must not assign element-wise.
    std::shared_ptr<const std::vector<YAML::Node>> m_documents;
    std::vector<qsizetype> m_lineStarts;
    QByteArray m_newline = "\n";
    int m_indentUnit = 2;
    int m_seqIndent = 2; // dash column relative to the owning key in block sequences
};

// `text` as a YAML scalar: plain when that reads back as the same string, double-quoted
// otherwise.
QString yamlScalar(const QString &text);
QString doubleQuoted(const QString &text);

} // namespace wavesmith::edit
