#pragma once

// verify-host --live: the static checks, then the live checks of the running gateways
// (harness/live), with --wait retrying failing live checks until they pass or time is up.
//
// The backends are built from the options (LaunchctlServiceManager on --launchctl, the
// platform's port-owner lookup, ProcessOpenClawCli on --openclaw or `openclaw` in PATH);
// tests may inject their own through LiveModeBackends.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/core/redactor.h"
#include "harness/core/result.h"
#include "harness/spec/rescue_spec.h"
#include "harness/cli/verify_host_options.h"
#include "harness/live/live_checks.h"
#include "harness/openclaw/openclaw_cli.h"

namespace harness {

class ServiceManager;
class PortOwnerLookup;

// The openclaw CLI for a run: --openclaw, else `openclaw` in env's PATH, run with HOME = the
// checked home and every message redacted with `redactor` (which must outlive it).
struct OpenClawSetup {
  OpenClawCliPtr owned;
  OpenClawCli* cli = nullptr;
  std::string unavailable;  // why cli is null
  std::string path;
};
OpenClawSetup setUpOpenClaw(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                            const std::filesystem::path& home, const Redactor& redactor);

struct LiveModeBackends {
  ServiceManager* services = nullptr;   // null: LaunchctlServiceManager on options.launchctlPath
  PortOwnerLookup* portOwners = nullptr;  // null: makeDefaultPortOwnerLookup()
  bool injectOpenClaw = false;          // true: use `openclaw` below (null = no CLI) instead of finding one
  OpenClawCli* openclaw = nullptr;
};

// The static checks and then the live checks (with --wait), not yet rendered: what --live,
// --disruptive and --sandbox report. Errors are usage/environment problems (home, spec).
struct CheckRun {
  std::filesystem::path home;
  RescueSpec spec;             // as resolved (openclawVersion from the installed CLI if not given)
  Redactor redactor;           // every secret read from the host
  std::vector<CheckResult> results;
  std::map<std::string, std::string> extra;  // for the report context
};
Result<CheckRun> runStaticAndLiveChecks(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                                        std::ostream& err, const LiveModeBackends& backends = {});

int runLiveMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                std::ostream& err, bool outIsTerminal, const LiveModeBackends& backends = {});

// The --wait loop, separate for tests: runs the live checks on `collect()`'s snapshots until no
// check fails or `wait` has passed since `start`, re-collecting (the openclaw part only when a
// check that needs it still fails). Each result's durationMs is the time from `start` until it
// passed (or until the loop gave up).
using LiveCollector = std::function<LiveSnapshot(const LiveCollectOptions&)>;
std::vector<CheckResult> runLiveChecksWithWait(const LiveCollector& collect, std::chrono::milliseconds wait,
                                               std::chrono::steady_clock::time_point start);

}  // namespace harness
