#pragma once

// YAML → JSON as Argo CD reads manifests (sigs.k8s.io/yaml: YAML 1.1 resolution of plain
// scalars, then JSON), for the simulation's rendered objects.

#include <QJsonValue>

#include <yaml-cpp/node/node.h>

namespace wavesmith {

QJsonValue yamlToJson(const YAML::Node &node);

} // namespace wavesmith
