#!/usr/bin/env bash
# The test command (README, .ci/run): installs dependencies, builds, runs ctest.
# Usage: ci/test.sh [preset] [ctest label regex]
#   preset       CMake preset (default: asan = clang with ASan + UBSan and the libFuzzer
#                targets: CI does this one build and runs every label on it; "default" is the
#                plain RelWithDebInfo build)
#   label regex  which ctest labels to run (default: all: unit, scenario, stress, fuzz, contract)
# Environment: HARNESS_SKIP_CONTRACT=1 skips installing OpenClaw releases (contract tests then
# skip); HARNESS_CONTRACT_RELEASES overrides which releases are installed; HARNESS_FUZZ_SECONDS
# (default 15) is how long each `fuzz` test fuzzes; HARNESS_JOBS the build and ctest parallelism.
#
# Sanitized builds (build/<preset>/sanitizer-reports exists): every process, including the fakes
# the tests spawn, writes its ASan/LSan/UBSan reports there (cmake/sanitizers/default_options.cc);
# ci/check-sanitizer-reports.sh then fails the run, printing them, even when every test passed.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-asan}"
labels="${2:-${HARNESS_TEST_LABELS:-}}"

bash ci/install-deps.sh
bash ci/build.sh "$preset"

reports="build/$preset/sanitizer-reports"
if [ -d "$reports" ]; then
  # Reports from an earlier run, or from the test discovery at build time, are not this run's.
  find "$reports" -mindepth 1 -delete
fi

# The macOS compile check runs beside the release install, which mostly waits on the network.
macos_check_pid=""
if [ "${HARNESS_SKIP_MACOS_CHECK:-0}" != 1 ]; then
  bash ci/macos-compile-check.sh > "build/$preset/macos-compile-check.out" 2>&1 &
  macos_check_pid=$!
fi

# Real OpenClaw releases for the `contract` tests (a release that cannot be had here is
# reported and skipped; its contract tests then skip with the same reason).
if [ "${HARNESS_SKIP_CONTRACT:-0}" != 1 ]; then
  # shellcheck disable=SC2086  # a list of versions
  "build/$preset/lab/upgrade/install-openclaw-releases" ${HARNESS_CONTRACT_RELEASES:-2026.3.24 2026.8.1 2026.9.6}
fi

status=0
if [ -n "$macos_check_pid" ]; then
  wait "$macos_check_pid" || status=1
  cat "build/$preset/macos-compile-check.out"
fi

jobs="${HARNESS_JOBS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu)}"
args=(--preset "$preset" --output-on-failure -j "$jobs" --timeout 300)
[ -n "$labels" ] && args+=(-L "$labels")
ctest "${args[@]}" || status=$?

bash ci/check-sanitizer-reports.sh "$reports" || status=1
exit "$status"
