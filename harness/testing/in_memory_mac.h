#pragma once

// InMemoryMac: launchd, the `openclaw` CLI and the gateways' ports of a Mac as plain data, so the
// disruptive state machine (and anything else written against ServiceManager, OpenClawCli and
// GatewayProbe) runs in memory in microseconds, with every failure one line away:
//
//   InMemoryMac mac;                                   // main + rescue loaded, running, healthy
//   mac.job(InMemoryMac::kRescue).comesUpHealthy = false;   // rescue never gets healthy again
//   mac.refuseLabelOverride = true;                    // 2026.8.1+: the rescue's runbook commands refused
//   mac.onCall = [&](const std::string& call) { if (call == "gateway stop main") ... };
//   DisruptiveDeps deps{.services = mac, .openclaw = &mac, .spec = mac.spec(), .probe = &mac};
//
// The CLI acts like the runbook expects: `openclaw gateway <x>` acts on main's job,
// `OPENCLAW_LAUNCHD_LABEL=L openclaw --profile P gateway <x>` on job L. stop = bootout (the job is
// unloaded), start = bootstrap + kickstart. Every call is recorded in calls() as one line
// ("print ai.openclaw.gateway", "gateway stop rescue", "bootout ai.openclaw.gateway").
// Not thread-safe.

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/launchd/service_manager.h"
#include "harness/live/gateway_observation.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/spec/rescue_spec.h"

namespace harness::testing {

class InMemoryMac : public ServiceManager, public OpenClawCli, public GatewayProbe {
 public:
  static constexpr const char* kMain = "main";
  static constexpr const char* kRescue = "rescue";

  struct Job {
    std::string name;  // "main" / "rescue"
    std::string label;
    std::filesystem::path plist;
    uint16_t port = 0;
    bool loaded = true;
    std::optional<int> pid;
    bool healthy = true;          // answers /readyz while running
    bool disabled = false;        // launchd's disabled override
    bool comesUpHealthy = true;   // a (re)started process becomes healthy
    bool ignoresStop = false;     // the CLI says ok to stop, but the process keeps running
    bool failsToStart = false;    // kickstart and the CLI's start fail
    std::vector<std::string> alsoStops;  // names of jobs this job's stop takes down too (crosstalk)
  };

  // The runbook's layout under /Users/test: main on 18789, rescue on 19001, both serving.
  InMemoryMac();

  Job& job(const std::string& name);
  RescueSpec spec() const { return spec_; }

  // Release behaviour.
  bool refuseLabelOverride = false;  // 2026.8.1+: `--profile P` with OPENCLAW_LAUNCHD_LABEL is refused
  bool cliFailsToRun = false;        // every CLI call is an Error (no such executable)
  // The CLI's stop/start report failure (exit 1) for this gateway name, acting on nothing.
  std::optional<std::string> cliStopFailsFor, cliStartFailsFor;

  // Called first thing in every call with its line (see calls()); may change the state.
  std::function<void(const std::string& call)> onCall;
  const std::vector<std::string>& calls() const { return calls_; }
  size_t count(const std::string& call) const;

  bool serving(const std::string& name);

  // ServiceManager
  std::string domain() const override { return "gui/501"; }
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

  // OpenClawCli
  Result<std::string> version() override { return std::string("2026.9.6"); }
  Result<CommandOutcome> gateway(GatewayAction action, const OpenClawTarget& target,
                                 std::optional<uint16_t> installPort = {}) override;
  Result<GatewayServiceStatus> gatewayStatus(const OpenClawTarget& target) override;
  Result<ConfigValidation> validateConfig(const OpenClawTarget& target) override;
  Result<ChannelsStatus> channelsStatus(const OpenClawTarget& target) override;
  Result<SecurityAudit> securityAudit(const OpenClawTarget& target) override;

  // GatewayProbe
  GatewayHealth health(uint16_t port, std::chrono::milliseconds timeout) override;
  bool accepting(uint16_t port, std::chrono::milliseconds timeout) override;

 private:
  void record(const std::string& call);
  Job* byLabel(const std::string& label);
  Job* byPlist(const std::filesystem::path& plist);
  Job* byPort(uint16_t port);
  Job* forTarget(const OpenClawTarget& target);
  void run(Job& job);  // a new process
  void unload(Job& job);

  RescueSpec spec_;
  std::map<std::string, Job> jobs_;
  std::vector<std::string> calls_;
  int nextPid_ = 1000;
  // The live snapshot collects main and rescue on two threads: every call takes this (a
  // call's onCall hook may call in again).
  mutable std::recursive_mutex mutex_;
};

}  // namespace harness::testing
