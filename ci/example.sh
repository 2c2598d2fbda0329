#!/usr/bin/env bash
# The main job: builds the harness, writes the example home (the runbook's main + rescue
# layout, with canary secrets) into a temporary directory and runs verify-host on it.
# Extra arguments go to verify-host, e.g. ci/example.sh --format json
set -euo pipefail
cd "$(dirname "$0")/.."
echo "example: building (first run takes a few minutes)..." >&2
bash ci/build.sh default >/dev/null
home="$(mktemp -d "${TMPDIR:-/tmp}/verify-host-example.XXXXXX")"
trap 'rm -rf "$home"' EXIT
build/default/harness/testing/make-example-home "$home" >/dev/null
build/default/harness/cli/verify-host --home "$home" "$@"
