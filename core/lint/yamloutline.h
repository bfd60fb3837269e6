#pragma once

// A fast, tolerant reader for the block-style YAML that Kubernetes manifests are written in.
// The linter needs keys, scalar values and their line and column for every manifest of a
// repository; yaml-cpp builds far more than that and costs as much as a whole import, so the
// linter reads files with this outline instead. It understands block maps and sequences
// (including the compact "key:\n- item" form), quoted and plain scalars, block scalars (| and
// >), simple flow sequences and maps on one line, comments and document separators. Anything it
// does not understand is skipped, never fatal: the importer has already refused broken YAML in
// the files the design depends on.

#include <QByteArray>
#include <QList>
#include <QString>

#include <vector>

namespace wavesmith::lint {

struct YamlNode;

// A node's children: a run of its document's node storage (YamlDocument::nodes), so that a
// document costs one allocation for all its nodes rather than one per map and sequence.
class YamlNodes {
public:
    const YamlNode *begin() const { return m_first; }
    const YamlNode *end() const;
    const YamlNode *data() const { return m_first; }
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const YamlNode &operator[](size_t i) const;

    // For the parser: the run is first known by its place in the storage being filled, and
    // resolved to the storage once that is complete.
    void setRun(size_t offset, size_t size) {
        m_offset = offset;
        m_size = size;
    }
    void resolve(const YamlNode *storage);

private:
    const YamlNode *m_first = nullptr;
    size_t m_offset = 0;
    size_t m_size = 0;
};

struct YamlNode {
    enum class Type { Null, Scalar, Map, Sequence };
    Type type = Type::Null;
    // Both usually point into YamlDocument::source (QByteArray::fromRawData): valid while the
    // document is, not '\0'-terminated.
    QByteArray key;   // the key under which this node sits in its parent map
    QByteArray value; // scalar text, unquoted
    bool quoted = false;
    int line = 0;      // 1-based line of the key (or of the sequence item / scalar)
    int column = 0;    // 1-based column of the same
    int valueLine = 0; // 1-based line where the value starts (block scalars: first content line)
    YamlNodes children;

    bool isMap() const { return type == Type::Map; }
    bool isSequence() const { return type == Type::Sequence; }
    bool isScalar() const { return type == Type::Scalar; }
    // The child under `name` in a map, or nullptr.
    const YamlNode *child(const char *name) const;
    // Walks a path of map keys: node.at({"spec", "syncPolicy"}).
    const YamlNode *at(std::initializer_list<const char *> path) const;
    QString text() const { return QString::fromUtf8(value); }
    // Scalar items of a sequence (a single scalar counts as one item).
    QStringList texts() const;
};

inline const YamlNode *YamlNodes::end() const {
    return m_first + m_size;
}
inline const YamlNode &YamlNodes::operator[](size_t i) const {
    return m_first[i];
}
inline void YamlNodes::resolve(const YamlNode *storage) {
    m_first = m_size ? storage + m_offset : nullptr;
}

// One YAML document of a file with the line range it spans.
struct YamlDocument {
    YamlDocument() = default;
    // Moved, never copied: the nodes' children point into `nodes`.
    YamlDocument(YamlDocument &&) = default;
    YamlDocument &operator=(YamlDocument &&) = default;
    YamlDocument(const YamlDocument &) = delete;
    YamlDocument &operator=(const YamlDocument &) = delete;

    QByteArray source; // the file's text; keys and plain values of the nodes point into it
    std::vector<YamlNode> nodes; // every node but the root, each one's children side by side
    YamlNode root;
    int firstLine = 1;
    int lastLine = 1;
    // Every rule asks these of every document: read once by parseYamlOutline (the usual kinds
    // and API versions without allocating).
    QString kind() const { return m_kind; }
    QString apiVersion() const { return m_apiVersion; }
    // metadata.name; converted when asked, since most documents are never named in a finding.
    QString name() const { return QString::fromUtf8(m_name); }
    bool isNamed(QByteArrayView name) const { return QByteArrayView(m_name) == name; }
    // metadata.annotations[name], empty when absent.
    const YamlNode *annotation(const char *name) const;

    // Fills kind, apiVersion and name from `root` (parseYamlOutline calls it).
    void readIdentity();

private:
    QString m_kind;
    QString m_apiVersion;
    QByteArray m_name; // points into `source`, as the node's value does
    // metadata.annotations as indexes into root's children and metadata's (-1: none), found
    // once: every rule asks for annotations of every document.
    int m_metadataIndex = -1;
    int m_annotationsIndex = -1;
};

// Every document of one file.
std::vector<YamlDocument> parseYamlOutline(const QByteArray &content);

} // namespace wavesmith::lint
