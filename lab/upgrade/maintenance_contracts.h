#pragma once

// Main's own maintenance leaves the rescue alone (G9), against one real OpenClaw release: the
// release's CLI run on main (the default profile, no OPENCLAW_* in its environment) while the
// runbook's rescue is loaded and serving, as a user maintaining main would run it.
//
//   contract.maintenance.doctor          `openclaw doctor --non-interactive`
//   contract.maintenance.doctor-fix      `openclaw doctor --fix --non-interactive`
//   contract.maintenance.install-force   `openclaw gateway install --force`
//   contract.maintenance.uninstall       `openclaw gateway uninstall` (then main installed again)
//   contract.maintenance.upgrade         an upgrade of the install main runs (see below)
//
// Each passes when the rescue keeps its launchd pid, stays loaded and healthy, and its plist,
// config and auth-profiles.json are byte-for-byte unchanged; otherwise the message says what
// changed. Every message also quotes what the command said about the rescue (its label, its
// state dir, "rescue"), e.g. doctor's cleanup hints. The rescue's state databases and logs are
// not compared: the running rescue writes them itself.
//
// The upgrade is not run on this fake Mac: main and the rescue run one install here (the
// harness cache's release), so an upgrade of it is the shared-install case of G10
// (rescue.launchagent.own-install, UpgradeSafetyScenario); the result says so (skipped).

#include <chrono>
#include <functional>
#include <string>

#include "lab/fake_stack/fake_stack.h"
#include "lab/upgrade/drift.h"

namespace harness::upgrade {

struct MaintenanceContractContext {
  FakeStack& stack;
  std::string release;
  std::chrono::milliseconds gatewayTimeout{std::chrono::minutes(3)};
  std::chrono::milliseconds cliTimeout{std::chrono::minutes(5)};
  std::function<void(std::string id, std::string title, std::vector<std::string> requirements, DriftStatus status,
                     std::string message, double seconds)>
      add;
  double* openclawSeconds = nullptr;  // time inside OpenClaw is not the harness's
};

void runMaintenanceContracts(const MaintenanceContractContext& context);

}  // namespace harness::upgrade
