#!/usr/bin/env bash
# Configures and builds one CMake preset (default: "default"). Usage: ci/build.sh [preset]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
jobs="${HARNESS_JOBS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu)}"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake --preset "$preset" "${generator[@]}" >/dev/null
cmake --build --preset "$preset" -j "$jobs"
