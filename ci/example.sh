#!/usr/bin/env bash
# The main job: builds the harness and runs `verify-host --sandbox`: a fake launchd, a fake
# Discord and the runbook's main + rescue gateways in a temporary HOME, checked with the static,
# live and disruptive checks, then torn down. Extra arguments go to verify-host, e.g.
#   ci/example.sh --format json          ci/example.sh --keep
# `ci/example.sh --static [args]` writes the example home instead and runs `verify-host static` on it.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "example: building the product and the lab (first run takes a few minutes)..." >&2
if [ "${1:-}" = "--static" ]; then
  bash ci/build.sh example verify-host make-example-home >/dev/null
  shift
  home="$(mktemp -d "${TMPDIR:-/tmp}/verify-host-example.XXXXXX")"
  trap 'rm -rf "$home"' EXIT
  build/example/harness/testing/make-example-home "$home" >/dev/null
  build/example/harness/cli/verify-host static --home "$home" "$@"
  exit $?
fi
# Only what the sandbox runs: verify-host, the lab (rescue-lab) and the fakes it starts, not the
# tests and benchmarks (ci/test.sh builds those); preset "example" is -O1 without debug info,
# which compiles in about half the time of RelWithDebInfo.
bash ci/build.sh example verify-host rescue-lab >/dev/null
exec build/example/harness/cli/verify-host --sandbox "$@"
