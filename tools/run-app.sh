#!/usr/bin/env bash
# Installs what Wavesmith needs, builds it, and starts it: on REPO when given, on the embedded
# homelab example otherwise. Without a display it prints the wave plan and writes a
# screenshot (wavesmith-screenshot.png) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target wavesmith
exec build/app/wavesmith "$@"
