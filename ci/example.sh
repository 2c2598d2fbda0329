#!/usr/bin/env bash
# The main job: builds the harness and runs `verify-host --sandbox`: a fake launchd, a fake
# Discord and the runbook's main + rescue gateways in a temporary HOME, checked with the static,
# live and disruptive checks, then torn down. Extra arguments go to verify-host, e.g.
#   ci/example.sh --format json          ci/example.sh --keep
# `ci/example.sh --static [args]` writes the example home instead and runs the static checks on it.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "example: building (first run takes a few minutes)..." >&2
bash ci/build.sh default >/dev/null
if [ "${1:-}" = "--static" ]; then
  shift
  home="$(mktemp -d "${TMPDIR:-/tmp}/verify-host-example.XXXXXX")"
  trap 'rm -rf "$home"' EXIT
  build/default/harness/testing/make-example-home "$home" >/dev/null
  build/default/harness/cli/verify-host --home "$home" "$@"
  exit $?
fi
exec build/default/harness/cli/verify-host --sandbox "$@"
