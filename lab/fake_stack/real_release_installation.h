#pragma once

// A real OpenClaw release instead of the fake CLI, run under fake-macos (fakes/macos) so it
// manages its LaunchAgents through the fake launchd. The rescue LaunchAgent stays the runbook's
// own plist (R18, R21); main is installed by the release's own `openclaw gateway install`. The
// gateway choice (RealGateways) says which jobs run the release's gateway and which the fake
// one (fast; the CLI stays the release's).
//
//   FakeStackOptions options{.dir = dir, .release = "2026.3.24"};
//   options.installation = std::make_shared<RealReleaseInstallation>(
//       RealOpenClawOptions{node, openclaw, RealGateways::Rescue, registryEnvironment});

#include <filesystem>
#include <map>
#include <string>

#include "lab/fake_stack/openclaw_installation.h"

namespace harness {

// Which gateway jobs run the release's gateway; the others run the fake gateway.
enum class RealGateways { None, Rescue, Both };

struct RealOpenClawOptions {
  std::filesystem::path node;      // Node 24
  std::filesystem::path openclaw;  // the release's node_modules/.bin/openclaw
  RealGateways realGateways = RealGateways::None;
  // Passed to the CLI and the gateways: what they need to reach the npm registry for their
  // own plugin installs (ReleaseCache::registryEnvironment).
  std::map<std::string, std::string> registryEnvironment;
};

class RealReleaseInstallation : public OpenClawInstallation {
 public:
  explicit RealReleaseInstallation(RealOpenClawOptions options) : options_(std::move(options)) {}

  Status check(const FakeStackBinaries& binaries) const override;
  std::filesystem::path command(const FakeMacPaths& mac) const override;  // <dir>/bin/openclaw
  void addShellEnvironment(const FakeMacPaths& mac, std::map<std::string, std::string>& env) const override;
  nlohmann::json jobEnvironment(const FakeMacPaths& mac,
                                const std::map<std::string, std::string>& shellEnvironment) const override;
  nlohmann::json gatewayProgram(const FakeMacPaths& mac, const std::string& profile, uint16_t port) const override;
  Status writeCommand(const FakeMacPaths& mac, const std::filesystem::path& openclaw,
                      const std::filesystem::path& wrapper) const override;
  std::chrono::milliseconds cliTimeout() const override;
  bool looksUpClawHub() const override { return true; }
  bool installsMain() const override { return true; }
  // Writes <dir>/bin/openclaw (the release inside fake-macos) and starts the launchd supervisor
  // inside fake-macos's namespace.
  Status prepareLaunchd(const FakeMacPaths& mac, const std::map<std::string, std::string>& environment,
                        const Redactor& redactor) const override;
  // `openclaw gateway install` (after `doctor --fix` when the release asks for it); with the
  // fake gateway for main, the installed plist's program is swapped for the fake one.
  Result<MainInstall> installMain(const FakeMacPaths& mac, const MainInstallContext& context) const override;

  const RealOpenClawOptions& options() const { return options_; }

 private:
  bool runsRealGateway(const std::string& profile) const;

  RealOpenClawOptions options_;
};

}  // namespace harness
