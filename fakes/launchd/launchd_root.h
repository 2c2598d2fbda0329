#pragma once

// The fake launchd's root directory: everything it writes lives below it.
//
//   ROOT/bin/launchctl          the client (copy, hardlink or symlink of the built binary)
//   ROOT/etc/fake-launchd-root  marker written by `fake-launchd init`
//   ROOT/etc/throttle-override  optional: seconds replacing every job's ThrottleInterval
//   ROOT/var/overrides.json     enable/disable overrides (persist across bootout/reboot)
//   ROOT/run/launchd.sock       supervisor socket; launchd.pid, launchd.lock beside it
//   ROOT/log/launchd.log        supervisor log (its stdout/stderr)
//
// launchctl finds ROOT without env vars of its own: from the path it was invoked as
// (argv[0], looked up in PATH when it has no slash, final symlink NOT resolved), then
// /proc/self/exe, then the first PATH entry D with D/launchctl whose parent is a root
// (so a bind-mounted /bin/launchctl still finds the root whose bin/ is first on PATH).
// FAKE_LAUNCHD_ROOT, if set to a root, wins; nothing requires it.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "harness/core/result.h"

namespace fakes::launchd {

class RootLayout {
 public:
  explicit RootLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path binDir() const { return root_ / "bin"; }
  std::filesystem::path launchctlPath() const { return binDir() / "launchctl"; }
  std::filesystem::path etcDir() const { return root_ / "etc"; }
  std::filesystem::path markerPath() const { return etcDir() / "fake-launchd-root"; }
  std::filesystem::path throttleOverridePath() const { return etcDir() / "throttle-override"; }
  std::filesystem::path varDir() const { return root_ / "var"; }
  std::filesystem::path overridesPath() const { return varDir() / "overrides.json"; }
  std::filesystem::path runDir() const { return root_ / "run"; }
  std::filesystem::path socketPath() const { return runDir() / "launchd.sock"; }
  std::filesystem::path pidPath() const { return runDir() / "launchd.pid"; }
  std::filesystem::path lockPath() const { return runDir() / "launchd.lock"; }
  std::filesystem::path logDir() const { return root_ / "log"; }
  std::filesystem::path logPath() const { return logDir() / "launchd.log"; }

  // ROOT/etc/fake-launchd-root exists.
  static bool isRoot(const std::filesystem::path& dir);

  // Seconds from etc/throttle-override, if the file exists and holds a number.
  std::optional<int> throttleOverride() const;
  // Supervisor pid from run/launchd.pid (may be stale).
  std::optional<pid_t> supervisorPid() const;

 private:
  std::filesystem::path root_;
};

// See the header comment for the search order. argv0 as given to main.
std::optional<std::filesystem::path> findRoot(const char* argv0);

enum class LinkMode { Copy, Hardlink, Symlink };

struct InitOptions {
  std::filesystem::path launchctlSource;  // the built launchctl binary
  LinkMode linkMode = LinkMode::Hardlink;  // hardlink falls back to copy across filesystems
  std::optional<int> throttleOverride;
};

// Creates ROOT/{bin,etc,var,run,log}, the marker, ROOT/bin/launchctl and the optional override.
harness::Status initRoot(const std::filesystem::path& root, const InitOptions& options);

}  // namespace fakes::launchd
