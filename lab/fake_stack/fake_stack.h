#pragma once

// FakeStack: a whole fake Mac with the runbook's two gateways, in one directory:
//   <dir>/home      the runbook's main + rescue layout (RunbookLayout), on free ports
//   <dir>/launchd   a fake launchd root (fakes/launchd)
//   <dir>/discord   a fake Discord (fakes/discord) with main's and rescue's bots
//   <dir>/model     a fake model provider (fakes/model): both configs' models.providers.anthropic.baseUrl
//                   points at it; it accepts main's key (id "main") and the rescue's own (id "rescue")
// OpenClaw is installed by an OpenClawInstallation (openclaw_installation.h): by default the fake
// `openclaw` CLI, whose `gateway` command is the fake gateway (FakeCliInstallation), or a real
// release under fake-macos (RealReleaseInstallation). The runbook's commands go through the real
// ProcessOpenClawCli and LaunchctlServiceManager.
// Used by the isolation scenarios and by `verify-host --sandbox`.
//
//   auto stack = FakeStack::start(binaries, FakeStackOptions{.dir = dir});
//   if (!stack) return stack.error();
//   (*stack)->launchd().print((*stack)->spec().rescue.label);
//   (*stack)->shutdown();   // also done by the destructor
//
// Every secret in it is a canary; diagnostics() is redacted.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/redactor.h"
#include "harness/core/result.h"
#include "harness/launchd/service_manager.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/sandbox/runbook_layout.h"
#include "harness/spec/rescue_spec.h"
#include "lab/fake_stack/openclaw_installation.h"
#include "lab/fake_stack/real_release_installation.h"

namespace fakes::discord {
class FakeDiscordClient;
class FakeDiscordProcess;
}  // namespace fakes::discord
namespace fakes::model {
class FakeModelClient;
class FakeModelProcess;
}  // namespace fakes::model
namespace fakes::clawhub {
class FakeClawHubProcess;
}  // namespace fakes::clawhub

namespace harness {

// How long one step of setting up or tearing down the stack may take (a fake's CLI call, a
// launchctl call, fake-launchd init).
inline constexpr std::chrono::milliseconds kFakeStackStepTimeout{30'000};

struct FakeStackBinaries {
  std::filesystem::path fakeLaunchd;   // fake-launchd
  std::filesystem::path fakeOpenclaw;  // the fake `openclaw` CLI (fake-openclaw-gateway beside it)
  std::filesystem::path fakeDiscord;   // fake-discord
  std::filesystem::path fakeMacos;     // fake-macos (only needed with a real OpenClaw release)
  std::filesystem::path fakeModel;     // fake-model (both configs' Anthropic provider points at it)
  std::filesystem::path fakeClawhub;   // fake-clawhub (only needed with a real OpenClaw release)

  // From `dir` (a build tree: dir/fakes/bin, dir/fakes/launchd), else HARNESS_BUILD_DIR, else
  // the build tree this binary was built in. NotFound names what is missing.
  static Result<FakeStackBinaries> locate(const std::optional<std::filesystem::path>& buildDir = std::nullopt);
};

struct StackPorts {
  uint16_t main = 0;
  uint16_t rescue = 0;
};

struct FakeStackOptions {
  std::filesystem::path dir;          // created if missing; everything lives below it
  std::string release = "2026.3.24";  // the OpenClaw release emulated (or installed: `installation`)
  // launchd's minimum time between two starts of a job: the runbook's 10 s would make every
  // crash wait 10 s; 1 s keeps a crash-looping job from spinning.
  int throttleSeconds = 1;
  // Breaks the layout before it is written (ports are the free ones picked).
  std::function<void(RunbookLayout&, const StackPorts&)> edit;
  // How OpenClaw is installed; null: the fake CLI (FakeCliInstallation). A
  // RealReleaseInstallation's release must be `release`.
  OpenClawInstallationPtr installation;
};

class FakeStack {
 public:
  // Lays out the home, starts the fake Discord and launchd and loads both LaunchAgents the
  // runbook's way (R21: bootstrap, enable, kickstart -k). Does not wait for health.
  static Result<std::unique_ptr<FakeStack>> start(const FakeStackBinaries& binaries, const FakeStackOptions& options);
  ~FakeStack();
  FakeStack(const FakeStack&) = delete;
  FakeStack& operator=(const FakeStack&) = delete;

  // Stops every job, the supervisor and the fake Discord; reaps them. Idempotent.
  void shutdown();
  // Leaves everything running when this object goes (verify-host --sandbox --keep); describe()
  // says how to stop it by hand.
  void keepRunning();

  const std::filesystem::path& dir() const { return options_.dir; }
  const std::filesystem::path& home() const { return home_; }
  const std::filesystem::path& launchdRoot() const { return root_; }
  const RescueSpec& spec() const { return spec_; }
  const StackPorts& ports() const { return ports_; }
  const std::string& release() const { return options_.release; }
  // The environment a command run "on this Mac" gets: HOME, PATH with the fake launchctl and
  // openclaw first, LANG, and the emulated release.
  std::map<std::string, std::string> environment() const;
  std::string discordApiUrl() const;
  // The `openclaw` a shell on this Mac runs: the fake CLI, or a script running the real
  // release inside fake-macos.
  std::filesystem::path openclawCommand() const;
  // With a real release: writes `wrapper`, a script that runs `openclaw` (another install's
  // node_modules/.bin/openclaw) on this fake Mac the way openclawCommand() runs the stack's own.
  Status writeOpenClawCommand(const std::filesystem::path& openclaw, const std::filesystem::path& wrapper) const;
  const std::vector<std::string>& secrets() const { return secrets_; }
  const Redactor& redactor() const { return redactor_; }
  // With a real release: why its `gateway install` refused main as the runbook laid it out
  // before `doctor --fix` ran (empty when it did not).
  const std::string& mainInstallRefusal() const { return mainInstallRefusal_; }

  ServiceManager& launchd() { return *launchd_; }
  OpenClawCli& openclaw() { return *openclaw_; }
  fakes::discord::FakeDiscordClient& discord();
  fakes::model::FakeModelClient& model();
  std::string modelBaseUrl() const;

  // Until both gateways answer /readyz and each is logged into the fake Discord as its own bot;
  // Timeout names what was still missing.
  Status waitUntilServing(std::chrono::milliseconds timeout);

  // launchd's reboot: every job stops, the user's LaunchAgents load again as at login.
  Status reboot();
  // Gateway logs, launchd state and the fakes' logs (redacted), for failure reports.
  std::string diagnostics();
  // How to reach the stack from a shell (for --keep).
  std::string describe() const;

 private:
  FakeStack(FakeStackBinaries binaries, FakeStackOptions options);
  Status startDiscord();
  Status startModel();
  Status startClawHub();
  Status layOutHome();
  Status startLaunchd();
  Status loadAgents();
  Status installMain();
  FakeMacPaths paths() const;
  nlohmann::json jobEnvironment() const;  // what every gateway job gets
  nlohmann::json gatewayProgram(const std::string& profile, uint16_t port) const;
  Status buildSpec(const nlohmann::json& mainLogs);

  FakeStackBinaries binaries_;
  FakeStackOptions options_;
  OpenClawInstallationPtr installation_;  // options_.installation, or the fake CLI
  std::filesystem::path home_, root_, discordDir_;
  StackPorts ports_;
  uint16_t mainConfigPort_ = 0, rescueConfigPort_ = 0;  // after the scenario's edit
  RescueSpec spec_;
  std::vector<std::string> secrets_;
  Redactor redactor_;
  std::unique_ptr<fakes::discord::FakeDiscordProcess> discord_;
  std::unique_ptr<fakes::model::FakeModelProcess> model_;
  std::unique_ptr<fakes::clawhub::FakeClawHubProcess> clawhub_;
  ServiceManagerPtr launchd_;
  OpenClawCliPtr openclaw_;
  std::string mainInstallRefusal_;
  bool shutDown_ = false;
  pid_t keptDiscordPid_ = -1;
  pid_t keptModelPid_ = -1;
};

}  // namespace harness
