#pragma once

// A thin layer over yaml-cpp's emitter that takes QStrings and quotes every string that a
// YAML reader would otherwise turn into a number, boolean or null.

#include <QString>
#include <QStringList>

#include <yaml-cpp/emitter.h>

namespace wavesmith {

class YamlWriter {
public:
    YamlWriter();

    YamlWriter &beginMap();
    YamlWriter &endMap();
    YamlWriter &beginSeq();
    YamlWriter &endSeq();
    YamlWriter &key(const QString &key); // followed by a value or a begin*
    YamlWriter &value(const QString &text);
    YamlWriter &quoted(const QString &text); // always double-quoted (sync waves)
    YamlWriter &value(bool flag);
    YamlWriter &value(int number);
    YamlWriter &literal(const QString &text); // block scalar `|`
    YamlWriter &entry(const QString &name, const QString &text) { return key(name).value(text); }
    YamlWriter &stringList(const QString &key, const QStringList &items);
    // Re-emits a YAML fragment (e.g. helm values kept as text) as the value of the current key.
    YamlWriter &fragment(const QString &yamlText);

    // The document as UTF-8 with a final newline; `header` lines are prefixed with "# ".
    QByteArray document(const QStringList &header = {}) const;

private:
    YAML::Emitter m_emitter;
};

// Joins documents with "---" separators.
QByteArray joinDocuments(const QList<QByteArray> &documents);

} // namespace wavesmith
