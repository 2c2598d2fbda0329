// install-openclaw-releases VERSION...: fills the harness cache (release_cache.h) with Node 24 and
// the given OpenClaw releases, for the `contract` tests. A release that cannot be had here
// (too old, npm or the registry unreachable) is reported and skipped, not an error: its
// contract tests then skip with the same reason. Exit 2 only on usage errors.

#include <iostream>

#include "lab/upgrade/release_cache.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: install-openclaw-releases VERSION...   (e.g. 2026.3.24 2026.9.6)\n";
    return 2;
  }
  harness::upgrade::ReleaseCache cache;
  for (int i = 1; i < argc; ++i) {
    auto release = cache.ensure(argv[i]);
    if (release) std::cout << "install-openclaw-releases: openclaw@" << argv[i] << " in " << release->openclaw.string() << "\n";
    else std::cout << "install-openclaw-releases: openclaw@" << argv[i] << " skipped: " << release.error().describe() << "\n";
  }
  return 0;
}
