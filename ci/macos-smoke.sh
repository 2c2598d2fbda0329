#!/usr/bin/env bash
# The real-launchd smoke (issue #13): two throwaway LaunchAgents running the stand-in gateway
# (tests/unit/live's live-test-gateway) in the caller's own gui/$(id -u) domain, checked with
# `verify-host live --wait`, then `verify-host disruptive --yes --hold 3`, then booted out and removed.
# The macOS workflow (.github/workflows/macos.yml) runs it; a Mac user can run it too:
#
#   ci/macos-smoke.sh BUILD_DIR          # BUILD_DIR: a build with the unit tests (make-example-home,
#                                        # live-test-gateway) and verify-host
#
# It never touches an OpenClaw job: its labels are dev.openclaw-rescue-harness.smoke.<pid>.*, its
# home is a new temporary directory, and it refuses any label in ai.openclaw.* (exit 2) whatever
# SMOKE_LABEL_PREFIX says. Environment: SMOKE_LAUNCHCTL (default /bin/launchctl; on Linux the
# fake launchd's, which is how ctest rehearses this script), SMOKE_LABEL_PREFIX, SMOKE_KEEP=1
# (leave the home for a look). Exit: 0 both checks passed, 1 a check failed, 2 cannot run.
set -euo pipefail
build="${1:?usage: ci/macos-smoke.sh BUILD_DIR}"
build="$(cd "$build" && pwd)"
launchctl="${SMOKE_LAUNCHCTL:-/bin/launchctl}"
prefix="${SMOKE_LABEL_PREFIX:-dev.openclaw-rescue-harness.smoke.$$}"
main_label="$prefix.main"
rescue_label="$prefix.rescue"

refuse_openclaw_label() {
  case "$1" in
    ai.openclaw | ai.openclaw.*)
      echo "macos-smoke: refusing label $1: ai.openclaw.* belongs to OpenClaw, and this smoke never touches it" >&2
      exit 2
      ;;
  esac
}
refuse_openclaw_label "$main_label"
refuse_openclaw_label "$rescue_label"

if [ "$(uname -s)" != Darwin ] && [ -z "${SMOKE_LAUNCHCTL:-}" ]; then
  echo "macos-smoke: needs macOS's launchd (or SMOKE_LAUNCHCTL=the fake launchd's launchctl)" >&2
  exit 2
fi
verify_host="$build/harness/cli/verify-host"
make_home="$build/harness/testing/make-example-home"
gateway="$build/tests/unit/live/live-test-gateway"
for tool in "$verify_host" "$make_home" "$gateway" "$launchctl"; do
  [ -x "$tool" ] || { echo "macos-smoke: missing $tool (build with the unit tests)" >&2; exit 2; }
done

domain="gui/$(id -u)"
home="$(mktemp -d "${TMPDIR:-/tmp}/rescue-smoke.XXXXXX")"
home="$(cd "$home" && pwd -P)"
booted=()
cleanup() {
  local label
  for label in "${booted[@]}"; do
    refuse_openclaw_label "$label"
    "$launchctl" bootout "$domain/$label" >/dev/null 2>&1 || true
  done
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then echo "macos-smoke: kept $home" >&2; else rm -rf "$home"; fi
}
trap cleanup EXIT

# Two ports with room for each gateway's derived ports (+1..+110), below the ephemeral range.
base=$((20000 + RANDOM % 10000))
main_port=$base
rescue_port=$((base + 200))
"$make_home" "$home" --ports "$main_port" "$rescue_port" --labels "$main_label" "$rescue_label" >/dev/null
# The plists run HOME/bin/node; make it the stand-in gateway, which logs a Discord login per bot.
printf '#!/bin/sh\nexec "%s" "$@"\n' "$gateway" >"$home/bin/node"
chmod 755 "$home/bin/node"
printf '{"botId":"111122223333444455","botName":"OpenClaw Main Bot"}' >"$home/.openclaw/live-test-gateway.json"
printf '{"botId":"222233334444555566","botName":"OpenClaw Rescue Bot"}' >"$home/.openclaw-rescue/live-test-gateway.json"
agents="$home/Library/LaunchAgents"
mv "$agents/ai.openclaw.gateway.plist" "$agents/$main_label.plist"
mv "$agents/ai.openclaw.gateway.rescue.plist" "$agents/$rescue_label.plist"

for label in "$main_label" "$rescue_label"; do
  refuse_openclaw_label "$label"
  booted+=("$label")
  HOME="$home" "$launchctl" bootstrap "$domain" "$agents/$label.plist"
done

spec=(--home "$home" --main-port "$main_port" --rescue-port "$rescue_port"
      --set "main.label=$main_label" --set "rescue.label=$rescue_label"
      --set "main.plistPath=$agents/$main_label.plist" --set "rescue.plistPath=$agents/$rescue_label.plist"
      --launchctl "$launchctl")
status=0
echo "macos-smoke: verify-host live --wait 30 ($main_label on $main_port, $rescue_label on $rescue_port)"
HOME="$home" "$verify_host" live --wait 30 "${spec[@]}" || status=1
echo "macos-smoke: verify-host disruptive --yes --hold 3"
HOME="$home" "$verify_host" disruptive --yes --hold 3 "${spec[@]}" || status=1
[ "$status" -eq 0 ] && echo "macos-smoke: both checks passed" || echo "macos-smoke: a check failed" >&2
exit "$status"
