#pragma once

// IsolationBackend: everything a scenario needs from "a Mac with a main and a rescue gateway",
// so the same suites run against different worlds:
//   * FakeStackBackend (this issue): fake launchd + fake `openclaw` CLI + fake gateways + fake
//     Discord in a temporary HOME, driven through the real LaunchctlServiceManager and the real
//     ProcessOpenClawCli, so the code that talks to a real Mac is what CI exercises.
//   * the same stack with a real OpenClaw release's CLI (and gateway) under fake-macos
//     (makeRealOpenClawBackend, label `contract`); later a real Mac.
//
// A backend lays out the runbook's two gateways (R1–R19), lets the scenario break one thing
// first (HomeEdit), loads both LaunchAgents the runbook's way (R21) and hands out the
// interfaces. It never waits for health itself: scenarios wait on the conditions they assert.

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "harness/core/result.h"
#include "harness/launchd/service_manager.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/spec/rescue_spec.h"
#include "lab/fake_stack/fake_stack.h"
#include "harness/sandbox/runbook_layout.h"

namespace fakes::model {
class FakeModelClient;
}

namespace harness::scenarios {

enum class Which { Main, Rescue };
const char* toString(Which which);

struct GatewayHandle {
  std::string name;        // "main" or "rescue"
  InstanceSpec spec;       // label, port, plist, state dir, logs as laid out
  OpenClawTarget target;   // how the runbook's daily commands address it (R24, R25)
  std::string botId;       // the Discord bot it must log in as (G6)
  std::string botName;
};

// What scenarios need from Discord: who is connected, and a DM conversation.
class DiscordObserver {
 public:
  virtual ~DiscordObserver() = default;
  // Gateway sessions currently logged in (READY) as this bot; -1 when Discord cannot be asked.
  virtual int sessions(const std::string& botId) = 0;
  // A DM from the owner to the bot; Ok once Discord has delivered it to the bot's sessions.
  virtual Status sendDm(const std::string& botId, const std::string& content) = 0;
  // The same from another Discord user (S1: someone not in the owner lists).
  virtual Status sendDmFrom(const std::string& botId, const std::string& authorId, const std::string& content) = 0;
  // Contents of the messages the bot has posted, oldest first.
  virtual std::vector<std::string> postedBy(const std::string& botId) = 0;
};

using ScenarioPorts = StackPorts;

// Breaks the runbook layout before anything is written or started. Ports are the free ones the
// backend picked; an edit may move them (G3) or share paths and tokens (G6, G7).
using HomeEdit = std::function<void(RunbookLayout& home, const ScenarioPorts& ports)>;

class IsolationBackend {
 public:
  virtual ~IsolationBackend() = default;
  virtual std::string name() const = 0;
  // Non-empty when this backend cannot run here (a release not installed, a fake not built):
  // scenarios skip with this reason instead of failing.
  virtual std::string unavailable() const { return {}; }

  // Lays out HOME, applies `edit`, starts the backend's services and loads both LaunchAgents
  // with the runbook's commands (bootstrap, enable, kickstart -k). Errors name the step.
  virtual Status setUp(const HomeEdit& edit) = 0;
  // Stops every job and service and reaps them. Idempotent; also run by the destructor.
  virtual void tearDown() = 0;

  virtual const RescueSpec& spec() const = 0;
  virtual std::map<std::string, std::string> environment() const = 0;  // for static checks: HOME
  virtual const GatewayHandle& gateway(Which which) const = 0;
  virtual ServiceManager& launchd() = 0;
  virtual OpenClawCli& openclaw() = 0;
  virtual DiscordObserver& discord() = 0;
  // The fake model provider both gateways' configs point at (G8): script its replies, read
  // what reached it.
  virtual fakes::model::FakeModelClient& model() = 0;

  // launchd's view of a restart of the machine: every job stops, then the user's LaunchAgents
  // load again as at login.
  virtual Status reboot() = 0;

  // Logs of both gateways, launchd's state and the fakes' logs: printed when a scenario fails.
  virtual std::string diagnostics() = 0;
  // Processes this backend started that are still alive (must be empty after tearDown).
  virtual std::vector<pid_t> leftoverProcesses() = 0;
};

using IsolationBackendPtr = std::unique_ptr<IsolationBackend>;

struct BackendFactory {
  std::string name;
  std::function<IsolationBackendPtr()> make;
};

// How GoogleTest (and so ctest's test names) shows a backend.
inline void PrintTo(const BackendFactory& factory, std::ostream* os) { *os << factory.name; }

}  // namespace harness::scenarios
