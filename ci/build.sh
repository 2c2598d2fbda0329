#!/usr/bin/env bash
# Configures and builds one CMake preset (default: "default"), all of it or only the given
# targets. Usage: ci/build.sh [preset] [target ...]
#   ci/build.sh default verify-host rescue-lab    # the product and the lab (the main job)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
shift || true
jobs="${HARNESS_JOBS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu)}"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake --preset "$preset" "${generator[@]}" >/dev/null
targets=()
[ $# -gt 0 ] && targets=(--target "$@")
cmake --build --preset "$preset" -j "$jobs" "${targets[@]}"
