#pragma once

// LaunchctlServiceManager: ServiceManager over a launchctl executable, run through
// harness/process (no shell, bounded by a per-call timeout).
//
//   LaunchctlOptions options;
//   options.launchctl = fakeRoot / "bin/launchctl";   // default /bin/launchctl
//   auto manager = makeLaunchctlServiceManager(options);
//   if (auto job = manager->print("ai.openclaw.rescue"); job && job->running()) ...
//
// The fake launchctl (fakes/launchd) finds its state from its own location, so pointing
// `launchctl` at a fake root's bin/launchctl is all a test needs.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/launchd/service_manager.h"
#include "harness/process/process_runner.h"

namespace harness {

inline constexpr std::string_view kDefaultLaunchctlPath = "/bin/launchctl";
inline constexpr std::chrono::milliseconds kDefaultLaunchctlTimeout{15'000};

struct LaunchctlOptions {
  std::filesystem::path launchctl{std::string(kDefaultLaunchctlPath)};
  // Domain target; empty = "gui/<getuid()>".
  std::string domain;
  // Bound for one launchctl run (bootout of a slow job waits up to its ExitTimeOut).
  std::chrono::milliseconds callTimeout = kDefaultLaunchctlTimeout;
  // Environment for launchctl: nullopt = inherit; plus overrides (nullopt value = unset).
  std::optional<std::map<std::string, std::string>> environment;
  std::map<std::string, std::optional<std::string>> environmentOverrides;
};

// How a failed launchctl run is read (exit code + text), independent of the subcommand.
enum class LaunchctlFailure {
  NotLoaded,          // 113, 3, "could not find service", "no such process", "not found"
  AlreadyLoaded,      // bootstrap 37 / 5 / 130, "already exists in domain", "operation already in progress"
  Disabled,           // 119, "service is disabled"
  DomainUnsupported,  // 125, 112, "domain does not support specified action", "could not find domain"
  BadArguments,       // 64, "unrecognized target specifier", "usage:"
  Other,
};

// `subcommand` is launchctl's verb ("bootstrap", "bootout", ...). For bootstrap, exit 5 means
// already loaded / tearing down; for bootout by plist it means not loaded.
LaunchctlFailure classifyLaunchctlFailure(std::string_view subcommand, bool byPlist, int exitCode,
                                          std::string_view text);

class LaunchctlServiceManager : public ServiceManager {
 public:
  explicit LaunchctlServiceManager(LaunchctlOptions options);

  std::string domain() const override { return domain_; }
  Status bootstrap(const std::filesystem::path& plistPath) override;
  Status bootout(const std::string& label) override;
  Status bootoutPlist(const std::filesystem::path& plistPath) override;
  Status enable(const std::string& label) override;
  Status disable(const std::string& label) override;
  Status kickstart(const std::string& label, bool kill) override;
  Status kill(const std::string& label, int signal) override;
  Result<JobState> print(const std::string& label) override;
  Result<std::map<std::string, bool>> printDisabled() override;
  Result<std::vector<JobListEntry>> list() override;

  const LaunchctlOptions& options() const { return options_; }

 private:
  std::string serviceTarget(const std::string& label) const { return domain_ + "/" + label; }
  // Runs launchctl; Error only when it could not run or timed out.
  Result<ProcessResult> run(const std::vector<std::string>& args) const;
  // Runs a mutation and maps a non-zero exit to an Error.
  Status mutate(const std::vector<std::string>& args, bool byPlist) const;

  LaunchctlOptions options_;
  std::string domain_;
};

ServiceManagerPtr makeLaunchctlServiceManager(LaunchctlOptions options = {});

// "gui/<getuid()>".
std::string defaultGuiDomain();

}  // namespace harness
