#pragma once

// Renders a Design into the canonical repository layout (DESIGN.md). Output is
// deterministic: stable key order, 2-space indent, quoted sync waves, LF, final newline.

#include <wavesmith/atomicwrite.h>
#include <wavesmith/model.h>

#include <QList>

namespace wavesmith {

class Catalog;

// Every file the design owns, paths relative to the repository root. The catalog supplies the
// manifests of plain (chart-less) component folders.
QList<FileContent> renderDesign(const Design &design, const Catalog &catalog);

// One standalone Application manifest, as renderDesign writes it into the apps folder.
QByteArray renderApplication(const Component &component);

// The layout sidecar (kLayoutSidecar): phase names, lane orders and time budgets of the
// design's waves.
QByteArray renderLayoutSidecar(const Design &design);

// The annotations Wavesmith reads and writes.
inline constexpr char16_t kSyncWaveAnnotation[] = u"argocd.argoproj.io/sync-wave";
inline constexpr char16_t kDependsOnAnnotation[] = u"wavesmith.dev/depends-on";
// The sidecar for what YAML cannot hold: phase names, canvas positions, notes.
inline constexpr char16_t kLayoutSidecar[] = u".wavesmith/layout.yaml";

} // namespace wavesmith
