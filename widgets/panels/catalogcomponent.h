#pragma once

// Turning a catalog entry into a new component of a design: the catalog's defaults (name,
// namespace, chart, folder) at a chosen wave, renamed when the name is taken.

#include <wavesmith/catalog.h>
#include <wavesmith/model.h>

#include <QString>

namespace wavesmith {

// `base`, or `base-2`, `base-3`, … : the first name no component of `design` uses.
QString uniqueComponentName(const Design &design, const QString &base);
// A standalone Application for `entry` at `wave`, sourced from the design's repository.
Component componentFromCatalog(const CatalogEntry &entry, const Design &design, int wave);

} // namespace wavesmith
