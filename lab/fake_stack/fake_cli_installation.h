#pragma once

// The fake `openclaw` CLI (fakes/openclaw) emulating FakeStackOptions::release, its `gateway`
// command the fake gateway; both LaunchAgents are the runbook's plists. FakeStack's default.

#include "lab/fake_stack/openclaw_installation.h"

namespace harness {

class FakeCliInstallation : public OpenClawInstallation {
 public:
  Status check(const FakeStackBinaries& binaries) const override;
  std::filesystem::path command(const FakeMacPaths& mac) const override;
  void addShellEnvironment(const FakeMacPaths& mac, std::map<std::string, std::string>& env) const override;
  nlohmann::json jobEnvironment(const FakeMacPaths& mac,
                                const std::map<std::string, std::string>& shellEnvironment) const override;
  nlohmann::json gatewayProgram(const FakeMacPaths& mac, const std::string& profile, uint16_t port) const override;
  Status writeCommand(const FakeMacPaths& mac, const std::filesystem::path& openclaw,
                      const std::filesystem::path& wrapper) const override;
  std::chrono::milliseconds cliTimeout() const override;
  bool looksUpClawHub() const override { return false; }
  bool installsMain() const override { return false; }
  Status prepareLaunchd(const FakeMacPaths& mac, const std::map<std::string, std::string>& environment,
                        const Redactor& redactor) const override;
  Result<MainInstall> installMain(const FakeMacPaths& mac, const MainInstallContext& context) const override;
};

}  // namespace harness
