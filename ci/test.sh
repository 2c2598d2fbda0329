#!/usr/bin/env bash
# The test command (README, .ci/run): installs dependencies, builds, runs ctest.
# Usage: ci/test.sh [preset] [ctest label regex]
#   preset       CMake preset (default: default; "asan" for AddressSanitizer + UBSan)
#   label regex  which ctest labels to run (default: all: unit, stress, contract)
# Environment: HARNESS_SKIP_CONTRACT=1 skips installing OpenClaw releases (contract tests then
# skip); HARNESS_CONTRACT_RELEASES overrides which releases are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
labels="${2:-${HARNESS_TEST_LABELS:-}}"

bash ci/install-deps.sh
# Real OpenClaw releases for the `contract` tests (skipped with a message when unavailable).
[ "${HARNESS_SKIP_CONTRACT:-0}" = 1 ] || bash ci/install-openclaw.sh ${HARNESS_CONTRACT_RELEASES:-2026.3.24 2026.9.6}
bash ci/build.sh "$preset"

jobs="${HARNESS_JOBS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu)}"
args=(--preset "$preset" --output-on-failure -j "$jobs" --timeout 300)
[ -n "$labels" ] && args+=(-L "$labels")
ctest "${args[@]}"
