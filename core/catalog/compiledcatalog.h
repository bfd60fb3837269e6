#pragma once

// The built-in catalog compiled at build time (tools/catalogc): its entries as parsed from
// resources/catalog.yaml, in QDataStream form. Start-up reads them in a fraction of a millisecond
// instead of parsing 22 KB of YAML (about 2 ms), on the core that also reads the fonts.

#include <wavesmith/catalog.h>

#include <QByteArray>
#include <QList>

#include <optional>

namespace wavesmith {

QByteArray writeCompiledCatalog(const QList<CatalogEntry> &entries);
// Empty when `bytes` are not a compiled catalog of this format version (or are cut short).
std::optional<QList<CatalogEntry>> readCompiledCatalog(const QByteArray &bytes);

} // namespace wavesmith
