#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time (the ctest `fuzz` label; see README.md here).
# Usage: run_fuzz_target.sh <fuzzer binary> <seed corpus dir> <work dir in the build tree>
# The seeds are copied into <work dir>/corpus, which is emptied first: the source tree is never
# written, and every run starts from the same seeds. Crash, leak and timeout inputs are saved
# as <work dir>/artifacts/{crash,leak,timeout,oom}-<sha1>, and the test fails.
# Environment: HARNESS_FUZZ_SECONDS (default 15) total fuzzing time; HARNESS_FUZZ_ARGS extra
# libFuzzer flags (e.g. "-jobs=2" or "-max_len=65536").
set -euo pipefail
fuzzer="$1" seeds="$2" work="$3"
seconds="${HARNESS_FUZZ_SECONDS:-15}"
name="$(basename "$fuzzer")"

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp -R "$seeds/." "$work/corpus/"
dict=()
[ -f "$seeds/../../dict/$name.dict" ] && dict=(-dict="$seeds/../../dict/$name.dict")

# Reports on stderr, in this test's output (the build's default is the sanitizer-reports dir).
export ASAN_OPTIONS="log_path=stderr:detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="log_path=stderr:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="log_path=stderr"

status=0
# -timeout: one input running longer than 10 s is a hang; -rss_limit_mb: a memory blow-up.
# shellcheck disable=SC2086  # HARNESS_FUZZ_ARGS is a list of flags
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "${dict[@]}" ${HARNESS_FUZZ_ARGS:-} "$work/corpus" \
  >"$work/fuzz.log" 2>&1 || status=$?

# The progress lines are many; the verdict, the report and the final stats are at the end.
tail -n 60 "$work/fuzz.log"
executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n 1)"
if [ "$status" -ne 0 ] || [ -n "$(find "$work/artifacts" -type f -print -quit)" ]; then
  echo "fuzz: $name FAILED (exit $status); full log: $work/fuzz.log" >&2
  for a in "$work"/artifacts/*; do
    [ -f "$a" ] && echo "fuzz: reproduce with: $fuzzer $a" >&2
  done
  exit 1
fi
echo "fuzz: $name: ${executions:-?} executions in ${seconds}s, no crash, leak or timeout"
