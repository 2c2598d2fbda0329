#!/usr/bin/env bash
# Fails (exit 1) when a sanitized build's report directory holds any report, printing each one.
# Usage: ci/check-sanitizer-reports.sh <dir>    (ci/test.sh: build/<preset>/sanitizer-reports)
# Every process of the asan build, including the fakes the tests spawn with an exact
# environment, writes its ASan/LSan/UBSan reports there as report.<pid>
# (cmake/sanitizers/default_options.cc), so a report fails CI even when the test that caused it
# passed, e.g. a leak in a fake that the test only talks to over a socket.
set -euo pipefail
dir="$1"
[ -d "$dir" ] || exit 0
mapfile -t reports < <(find "$dir" -mindepth 1 -type f | sort)
[ ${#reports[@]} -eq 0 ] && exit 0
echo "sanitizer: ${#reports[@]} report(s) in $dir:" >&2
for f in "${reports[@]}"; do
  echo "----- $f" >&2
  # The first 80 lines hold the error, its stacks and the allocation site.
  head -n 80 "$f" >&2
done
exit 1
