#!/usr/bin/env bash
# Runs ci/macos-smoke.sh against a fresh fake launchd root. Usage:
#   rehearse_macos_smoke.sh SOURCE_DIR BUILD_DIR FAKE_LAUNCHD [LABEL_PREFIX]
# With LABEL_PREFIX (an ai.openclaw.* one) it expects the refusal: exit 2, nothing booted.
set -uo pipefail
source_dir="$1" build_dir="$2" fake_launchd="$3" prefix="${4:-}"
root="$(mktemp -d "${TMPDIR:-/tmp}/smoke-launchd.XXXXXX")"
trap '"$fake_launchd" shutdown "$root" >/dev/null 2>&1; rm -rf "$root"' EXIT
"$fake_launchd" init "$root" >/dev/null || { echo "cannot set up a fake launchd root" >&2; exit 1; }
out="$(mktemp)"
if [ -n "$prefix" ]; then
  SMOKE_LAUNCHCTL="$root/bin/launchctl" SMOKE_LABEL_PREFIX="$prefix" bash "$source_dir/ci/macos-smoke.sh" "$build_dir" >"$out" 2>&1
  status=$?
  cat "$out"
  [ "$status" -eq 2 ] || { echo "expected exit 2 (refused), got $status" >&2; exit 1; }
  grep -q "refusing label $prefix.main" "$out" || { echo "no refusal naming the label" >&2; exit 1; }
  jobs="$("$fake_launchd" status "$root" 2>/dev/null || true)"
  if grep -q '"label"' <<<"$jobs"; then echo "a job was booted despite the refusal: $jobs" >&2; exit 1; fi
  echo "refused, nothing booted"
  exit 0
fi
SMOKE_LAUNCHCTL="$root/bin/launchctl" bash "$source_dir/ci/macos-smoke.sh" "$build_dir" >"$out" 2>&1
status=$?
cat "$out"
[ "$status" -eq 0 ] || { echo "macos-smoke exited $status" >&2; cat "$root/log/launchd.log" >&2; exit 1; }
grep -q "both checks passed" "$out" || exit 1
# It speaks the subcommand form: no old flag, no deprecation note.
if grep -q 'deprecated' "$out"; then echo "the smoke uses an old verify-host flag" >&2; exit 1; fi
# Booted out afterwards: the fake launchd holds no job of the smoke's.
jobs="$("$fake_launchd" status "$root")"
if grep -q 'openclaw-rescue-harness.smoke' <<<"$jobs"; then echo "jobs left behind: $jobs" >&2; exit 1; fi
echo "smoke passed and left nothing behind"
