#include "fakes/launchd/launchd_root.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace fakes::launchd {
namespace fs = std::filesystem;

namespace {

std::optional<std::string> readSmallFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<int> parseInt(const std::string& text) {
  try {
    size_t used = 0;
    long v = std::stol(text, &used);
    if (v < 0 || v > 1000000) return std::nullopt;
    return static_cast<int>(v);
  } catch (...) {
    return std::nullopt;
  }
}

bool isExecutableFile(const fs::path& p) {
  struct stat st{};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

std::vector<std::string> pathEntries() {
  std::vector<std::string> out;
  const char* path = std::getenv("PATH");
  if (!path) return out;
  std::string s(path);
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(':', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The root owning a launchctl that lives in `dir`, trying the directory as written and with
// its own symlinks resolved (but never the final component's).
std::optional<fs::path> rootForBinDir(const fs::path& dir) {
  if (dir.empty()) return std::nullopt;
  fs::path parent = dir.lexically_normal().parent_path();
  if (dir.lexically_normal().filename().empty()) parent = parent.parent_path();
  std::error_code ec;
  for (const fs::path& candidate : {parent, fs::weakly_canonical(dir, ec).parent_path()}) {
    if (!candidate.empty() && RootLayout::isRoot(candidate)) {
      fs::path canon = fs::weakly_canonical(candidate, ec);
      return ec ? candidate : canon;
    }
  }
  return std::nullopt;
}

}  // namespace

bool RootLayout::isRoot(const fs::path& dir) {
  struct stat st{};
  return ::stat((dir / "etc" / "fake-launchd-root").c_str(), &st) == 0;
}

std::optional<int> RootLayout::throttleOverride() const {
  auto text = readSmallFile(throttleOverridePath());
  if (!text) return std::nullopt;
  return parseInt(*text);
}

std::optional<pid_t> RootLayout::supervisorPid() const {
  auto text = readSmallFile(pidPath());
  if (!text) return std::nullopt;
  auto v = parseInt(*text);
  if (!v || *v <= 1) return std::nullopt;
  return static_cast<pid_t>(*v);
}

std::optional<fs::path> findRoot(const char* argv0) {
  if (const char* env = std::getenv("FAKE_LAUNCHD_ROOT"); env && *env && RootLayout::isRoot(env)) {
    std::error_code ec;
    return fs::weakly_canonical(env, ec);
  }
  const std::string invoked = argv0 ? argv0 : "";
  if (!invoked.empty()) {
    if (invoked.find('/') != std::string::npos) {
      fs::path p = invoked;
      if (p.is_relative()) {
        std::error_code ec;
        p = fs::current_path(ec) / p;
      }
      if (auto r = rootForBinDir(p.parent_path())) return r;
    } else {
      for (const auto& entry : pathEntries()) {
        fs::path candidate = fs::path(entry.empty() ? "." : entry) / invoked;
        if (isExecutableFile(candidate)) {
          if (auto r = rootForBinDir(candidate.parent_path())) return r;
          break;  // the one exec picked is not in a root; try /proc/self/exe next
        }
      }
    }
  }
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (auto r = rootForBinDir(self.parent_path())) return r;
  }
  for (const auto& entry : pathEntries()) {
    if (entry.empty()) continue;
    if (isExecutableFile(fs::path(entry) / "launchctl")) {
      if (auto r = rootForBinDir(entry)) return r;
    }
  }
  return std::nullopt;
}

harness::Status initRoot(const fs::path& root, const InitOptions& options) {
  using harness::Error;
  using harness::ErrorCode;
  std::error_code ec;
  RootLayout layout(root);
  for (const auto& dir : {layout.binDir(), layout.etcDir(), layout.varDir(), layout.runDir(), layout.logDir()}) {
    fs::create_directories(dir, ec);
    if (ec) return Error{ErrorCode::Io, ec.message(), dir.string()};
  }
  {
    std::ofstream marker(layout.markerPath());
    marker << "fake-launchd root v1\n";
    if (!marker) return Error{ErrorCode::Io, "cannot write marker", layout.markerPath().string()};
  }
  if (options.throttleOverride) {
    std::ofstream t(layout.throttleOverridePath());
    t << *options.throttleOverride << "\n";
  }
  const fs::path dest = layout.launchctlPath();
  fs::remove(dest, ec);
  if (!isExecutableFile(options.launchctlSource)) {
    return Error{ErrorCode::NotFound, "launchctl binary not found", options.launchctlSource.string()};
  }
  switch (options.linkMode) {
    case LinkMode::Symlink:
      fs::create_symlink(fs::absolute(options.launchctlSource), dest, ec);
      break;
    case LinkMode::Hardlink:
      fs::create_hard_link(options.launchctlSource, dest, ec);
      if (!ec) break;
      ec.clear();
      [[fallthrough]];
    case LinkMode::Copy:
      fs::copy_file(options.launchctlSource, dest, fs::copy_options::overwrite_existing, ec);
      if (!ec) fs::permissions(dest, fs::perms(0755), ec);
      break;
  }
  if (ec) return Error{ErrorCode::Io, ec.message(), dest.string()};
  return harness::ok();
}

}  // namespace fakes::launchd
