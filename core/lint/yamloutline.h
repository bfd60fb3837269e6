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
    std::vector<YamlNode> children;

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

// One YAML document of a file with the line range it spans.
struct YamlDocument {
    QByteArray source; // the file's text; keys and plain values of the nodes point into it
    YamlNode root;
    int firstLine = 1;
    int lastLine = 1;
    // Every rule asks these of every document: read once by parseYamlOutline.
    QString kind() const { return m_kind; }
    QString apiVersion() const { return m_apiVersion; }
    QString name() const { return m_name; }
    // metadata.annotations[name], empty when absent.
    const YamlNode *annotation(const char *name) const;

    // Fills kind, apiVersion and name from `root` (parseYamlOutline calls it).
    void readIdentity();

private:
    QString m_kind;
    QString m_apiVersion;
    QString m_name;
};

// Every document of one file.
std::vector<YamlDocument> parseYamlOutline(const QByteArray &content);

} // namespace wavesmith::lint
