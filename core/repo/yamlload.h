#pragma once

// Parsing one repository file with the limits every reader of user YAML needs: a size cap
// and an alias-expansion cap, so a 50 MB file or a "billion laughs" document is refused
// quickly instead of exhausting memory when the nodes are later walked or emitted.

#include <wavesmith/result.h>

#include <QByteArray>
#include <QString>

#include <yaml-cpp/node/node.h>

#include <vector>

namespace wavesmith {

// More nodes than this after expanding aliases is treated as an alias bomb.
inline constexpr qint64 kMaxExpandedYamlNodes = 1'000'000;

// Parses every document of `content`; `file` names the file in errors (with the 1-based line).
Result<std::vector<YAML::Node>> loadYamlDocuments(const QByteArray &content, const QString &file);

// Reads `absolutePath` (refusing files over kMaxManifestBytes before reading them) and parses it.
Result<std::vector<YAML::Node>> loadYamlFile(const QString &absolutePath, const QString &file,
                                             QByteArray *contentOut = nullptr);

} // namespace wavesmith
