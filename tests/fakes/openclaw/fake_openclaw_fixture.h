#pragma once

// Fixture for process-level tests of the fake `openclaw` CLI (and of ProcessOpenClawCli over
// it): a fresh fake launchd root + HOME (FakeLaunchdTest), a logging `launchctl` spy first in
// PATH (so tests can assert which launchctl calls a command made, or that it made none), and a
// stand-in gateway script (OPENCLAW_FAKE_GATEWAY) that records its pid and argv, then sleeps.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/fakes/launchd/fake_launchd_fixture.h"

namespace fakes::openclaw::testing {

using fakes::launchd::testing::RunResult;

class FakeOpenClawTest : public fakes::launchd::testing::FakeLaunchdTest {
 protected:
  void SetUp() override;

  // The environment the fake CLI runs with: HOME, PATH (spy, root/bin, fakes/bin, /usr/bin:/bin),
  // LANG, TERM, OPENCLAW_FAKE_RELEASE=release, OPENCLAW_FAKE_GATEWAY=stand-in; plus `extra`.
  std::map<std::string, std::string> cliEnv(const std::string& release,
                                            const std::map<std::string, std::string>& extra = {}) const;
  // Runs `openclaw ARGS...` (stdin /dev/null: not a TTY).
  RunResult openclaw(const std::string& release, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& extra = {}) const;
  // `openclaw` with OPENCLAW_LAUNCHD_LABEL=ai.openclaw.gateway.rescue and --profile rescue (the runbook).
  RunResult runbook(const std::string& release, const std::vector<std::string>& args) const;

  // Writes ~/.openclaw-<profile>/openclaw.json (mode 0600) and returns its path.
  std::filesystem::path writeConfig(const std::string& profile, const std::string& json5, int mode = 0600) const;

  // launchctl calls logged by the spy since the last clearLaunchctlLog().
  std::vector<std::string> launchctlCalls() const;
  void clearLaunchctlLog() const;

  // The stand-in gateway's pid, once it has started (and differs from `notThis`).
  std::optional<pid_t> gatewayPid(std::optional<pid_t> notThis = std::nullopt) const;
  // Waits until launchd's pid for `label` is the stand-in's latest pid (and differs from
  // `notThis`): a 3.24 start bootstraps (one spawn) and then kickstarts -k (a second one).
  std::optional<pid_t> settledPid(const std::string& label, std::optional<pid_t> notThis = std::nullopt) const;
  std::string gatewayArgs() const;  // last argv line the stand-in recorded
  std::optional<int> printedPid(const std::string& label) const;  // `print` pid field
  bool loaded(const std::string& label) const;                     // `print` exit 0

  static std::string fakeOpenClaw() { return FAKE_OPENCLAW_BIN; }

  std::filesystem::path spyDir_;
  std::filesystem::path gatewayScript_;
  uint16_t port_ = 0;
};

}  // namespace fakes::openclaw::testing
