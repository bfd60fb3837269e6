#pragma once

// Auto-arrange: the order of nodes inside their lanes (and inside ApplicationSet groups) that
// reduces dependency-edge crossings, by the barycenter heuristic of layered graph drawing.

#include "canvaslayout.h"

#include <wavesmith/model.h>

#include <QHash>
#include <QString>

namespace wavesmith {

// Pairs of dependency edges running between the same two lanes whose ends are in opposite
// vertical order: the crossings a reader has to untangle.
int countCrossings(const Design &design, const CanvasGeometry &geometry);

// Ranks (component name -> position in its lane or group) for LayoutOptions::order. Sweeps the
// lanes left to right and back, placing each node at the mean height of its neighbours in the
// lanes already placed, and keeps the best order seen (never worse than `options.order`).
QHash<QString, int> arrangeByBarycenter(const Design &design, const LayoutOptions &options);

} // namespace wavesmith
