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
// The upgrade: main is moved onto an install of its own (a copy of the release in a prefix of
// its own, then the release's `gateway install --force` from there), the way npm's global
// prefix holds main's OpenClaw on a Mac, while the rescue keeps the harness cache's install:
// its own pinned install, G10's fix. Then `npm install openclaw@TO` goes into main's prefix and
// main is restarted with the upgraded CLI (`gateway restart`). TO is upgradeTo (drift NEW
// --from OLD runs OLD's with NEW), else the same release: a reinstall, whose package directory
// npm replaces as an upgrade does. It passes when the rescue kept its pid, health and files and
// main serves again on TO. Main goes back onto the stack's install afterwards. A rescue that
// shares main's install is G10's case (rescue.launchagent.own-install, UpgradeSafetyScenario).

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "lab/fake_stack/fake_stack.h"
#include "lab/upgrade/drift.h"
#include "lab/upgrade/release_cache.h"

namespace harness::upgrade {

struct MaintenanceContractContext {
  FakeStack& stack;
  std::string release;
  // The stack's release as installed in the harness cache, and the cache (main's own install
  // for the upgrade contract goes below it: outside /tmp, where 2026.9.6 wants a service's
  // program repaired). Either empty: the upgrade contract is skipped, saying so.
  InstalledRelease installed;
  std::filesystem::path cacheDir;
  std::optional<std::string> upgradeTo;  // the release main's install is upgraded to; none: a reinstall
  std::chrono::milliseconds gatewayTimeout{std::chrono::minutes(3)};
  std::chrono::milliseconds cliTimeout{std::chrono::minutes(5)};
  std::function<void(std::string id, std::string title, std::vector<std::string> requirements, DriftStatus status,
                     std::string message, double seconds)>
      add;
  double* openclawSeconds = nullptr;  // time inside OpenClaw is not the harness's
};

void runMaintenanceContracts(const MaintenanceContractContext& context);

}  // namespace harness::upgrade
