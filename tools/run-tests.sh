#!/usr/bin/env bash
# Installs what Wavesmith needs, builds everything (warnings are errors) and runs the whole
# test suite through CTest. Used by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci "$@"
