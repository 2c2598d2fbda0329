#!/usr/bin/env bash
# Installs the build and test dependencies. Idempotent: installs only what is missing.
# Debian 12 (and derivatives): apt-get. macOS: prints the Homebrew command to run.
# Usage: ci/install-deps.sh [main|all]
#   main  what the main job (ci/example.sh: the product, the lab, the sandbox) needs
#   all   (default) also the test command's: clang and its sanitizer runtimes for the asan
#         preset, Google Benchmark, hyperfine, lsof (the real-lsof port-owner tests)
set -euo pipefail
profile="${1:-all}"

MAIN_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libgtest-dev libgmock-dev
  nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libboost-dev libboost-filesystem-dev libboost-system-dev
  libplist-dev libssl-dev zlib1g-dev libbrotli-dev
)
TEST_PACKAGES=(
  libbenchmark-dev hyperfine lsof
  # The asan preset (CI's build): clang 14, its sanitizer and libFuzzer runtimes, and
  # llvm-symbolizer (package llvm) so that reports name files and lines.
  clang libclang-rt-14-dev llvm
)
case "$profile" in
  main) DEBIAN_PACKAGES=("${MAIN_PACKAGES[@]}") ;;
  all) DEBIAN_PACKAGES=("${MAIN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: ci/install-deps.sh [main|all]" >&2; exit 2 ;;
esac

case "$(uname -s)" in
  Darwin)
    echo "On macOS install the dependencies with Homebrew:"
    echo "  brew install cmake ninja pkg-config llvm googletest google-benchmark nlohmann-json cli11 cpp-httplib boost libplist hyperfine"
    exit 0
    ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: not a Debian-based system; install these packages by hand: ${DEBIAN_PACKAGES[*]}" >&2
  exit 2
fi

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#DEBIAN_PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
