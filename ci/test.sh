#!/usr/bin/env bash
# The test command (README, .ci/run): installs dependencies, builds, runs ctest.
# Usage: ci/test.sh [preset] [ctest label regex]
#   preset       CMake preset (default: default; "asan" for AddressSanitizer + UBSan)
#   label regex  which ctest labels to run (default: everything CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
labels="${2:-${HARNESS_TEST_LABELS:-}}"

bash ci/install-deps.sh
bash ci/build.sh "$preset"

jobs="${HARNESS_JOBS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu)}"
args=(--preset "$preset" --output-on-failure -j "$jobs" --timeout 300)
[ -n "$labels" ] && args+=(-L "$labels")
ctest "${args[@]}"
