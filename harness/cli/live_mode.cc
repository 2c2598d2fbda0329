#include "harness/cli/live_mode.h"

#include <unistd.h>

#include <algorithm>
#include <functional>
#include <set>
#include <thread>

#include "harness/checks/static_check.h"
#include "harness/cli/static_mode.h"
#include "harness/cli/version.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/live/live_snapshot.h"
#include "harness/live/port_owner.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/process/process_runner.h"
#include "harness/report/reporter.h"

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kWaitPollInterval{50};
constexpr std::chrono::milliseconds kOpenClawCallTimeout{60'000};

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// --wait skips the slow openclaw calls when nothing that needs them still fails: keep the
// last round's answers.
void carryOverOpenClaw(LiveSnapshot& to, const LiveSnapshot& from) {
  to.openclawVersion = from.openclawVersion;
  to.rescueStatus = from.rescueStatus;
  to.rescueStatusDerived = from.rescueStatusDerived;
  for (auto [t, f] : {std::pair{&to.main, &from.main}, std::pair{&to.rescue, &from.rescue}}) {
    t->channels = f->channels;
    t->validation = f->validation;
    t->audit = f->audit;
  }
}

bool needsOpenClaw(const std::string& id) {
  for (const auto& c : liveChecks()) {
    if (c.info.id == id) return c.needsOpenClaw;
  }
  return false;
}

}  // namespace

OpenClawSetup setUpOpenClaw(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                            const fs::path& home, const Redactor& redactor) {
  OpenClawSetup s;
  auto pathVar = env.find("PATH");
  const std::string_view path = pathVar == env.end() ? std::string_view() : std::string_view(pathVar->second);
  const std::string name = options.openclawPath.empty() ? std::string("openclaw") : options.openclawPath;
  auto found = findExecutable(name, path);
  if (!found) {
    s.unavailable = options.openclawPath.empty() ? "no openclaw executable in PATH"
                                                 : "--openclaw " + options.openclawPath + " is not an executable file";
    return s;
  }
  const fs::path exe = fs::absolute(*found);
  ProcessOpenClawCliOptions o;
  o.executable = exe;
  o.environment = env;
  // The CLI must look at the home being checked.
  o.environmentOverrides["HOME"] = home.string();
  o.timeout = kOpenClawCallTimeout;
  o.redactor = &redactor;
  s.owned = makeProcessOpenClawCli(std::move(o));
  s.cli = s.owned.get();
  s.path = exe.string();
  return s;
}

std::vector<CheckResult> runLiveChecksWithWait(const LiveCollector& collect, std::chrono::milliseconds wait,
                                               Clock::time_point start) {
  const auto deadline = start + wait;
  LiveSnapshot snapshot = collect(LiveCollectOptions{});
  std::vector<CheckResult> results = runLiveChecks(snapshot);
  std::set<std::string> pending;
  const double firstRound = msSince(start);
  for (auto& r : results) {
    r.durationMs = firstRound;
    if (r.status == CheckStatus::Fail) pending.insert(r.id);
  }
  while (!pending.empty() && Clock::now() < deadline) {
    const auto next = std::min(Clock::now() + kWaitPollInterval, deadline);
    std::this_thread::sleep_until(next);
    LiveCollectOptions opts;
    opts.openclaw = std::any_of(pending.begin(), pending.end(), needsOpenClaw);
    LiveSnapshot fresh = collect(opts);
    if (!opts.openclaw) carryOverOpenClaw(fresh, snapshot);
    snapshot = std::move(fresh);
    const double now = msSince(start);
    for (auto& r : results) {
      if (!pending.count(r.id)) continue;
      auto again = runLiveCheck(r.id, snapshot);
      if (!again) continue;
      r = std::move(*again);
      r.durationMs = now;
      if (r.status != CheckStatus::Fail) pending.erase(r.id);
    }
  }
  return results;
}

Result<CheckRun> runStaticAndLiveChecks(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                                        std::ostream& err, const LiveModeBackends& backends) {
  auto host = loadCheckedHost(options, env);
  if (!host) return host.error();
  const std::filesystem::path* home = &host->home;
  RescueSpec* spec = &host->spec;
  HostSnapshot& snapshot = host->snapshot;
  const LiveExpectations expected = liveExpectations(snapshot);

  // Backends.
  ServiceManagerPtr ownedServices;
  ServiceManager* services = backends.services;
  if (!services) {
    LaunchctlOptions lo;
    if (!options.launchctlPath.empty()) lo.launchctl = options.launchctlPath;
    lo.callTimeout = std::chrono::seconds(10);
    ownedServices = makeLaunchctlServiceManager(lo);
    services = ownedServices.get();
  }
  PortOwnerLookupPtr ownedPorts;
  PortOwnerLookup* ports = backends.portOwners;
  if (!ports) {
    ownedPorts = makeDefaultPortOwnerLookup();
    ports = ownedPorts.get();
  }
  OpenClawSetup openclaw;
  if (backends.injectOpenClaw) {
    openclaw.cli = backends.openclaw;
    if (!openclaw.cli) openclaw.unavailable = "no openclaw executable in PATH";
  } else {
    openclaw = setUpOpenClaw(options, env, *home, snapshot.redactor);
  }

  // Release-dependent static rules follow the installed release when --openclaw-version is absent.
  if (spec->openclawVersion.empty() && openclaw.cli) {
    if (auto v = openclaw.cli->version()) {
      const std::string detected = extractOpenClawVersion(*v);
      if (!detected.empty()) {
        spec->openclawVersion = detected;
        snapshot.spec.openclawVersion = detected;
      }
    }
  }
  CheckRun run;
  run.home = *home;
  run.results = runStaticChecks(snapshot);

  LiveProbes probes{*services, *ports, openclaw.cli, openclaw.unavailable, openclaw.path};
  probes.httpTimeout = std::chrono::milliseconds(1000);
  const auto liveStart = Clock::now();
  auto collect = [&](const LiveCollectOptions& o) { return collectLiveSnapshot(*spec, probes, expected, o); };
  const auto wait = std::chrono::milliseconds(static_cast<long long>(options.waitSeconds.value_or(0) * 1000));
  if (options.waitSeconds) {
    err << "verify-host: waiting up to " << *options.waitSeconds << " s for failing live checks to pass\n";
  }
  auto live = runLiveChecksWithWait(collect, wait, liveStart);
  run.results.insert(run.results.end(), live.begin(), live.end());

  if (!spec->openclawVersion.empty()) run.extra["openclawVersion"] = spec->openclawVersion;
  if (!openclaw.path.empty()) run.extra["openclaw"] = openclaw.path;
  if (options.waitSeconds) run.extra["waitSeconds"] = std::to_string(*options.waitSeconds);
  run.spec = std::move(*spec);
  run.redactor = std::move(snapshot.redactor);
  return run;
}

int runLiveMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                std::ostream& err, bool outIsTerminal, const LiveModeBackends& backends) {
  const auto start = Clock::now();
  auto run = runStaticAndLiveChecks(options, env, err, backends);
  if (!run) {
    err << "verify-host: " << run.error().message << "\n";
    return kExitUsage;
  }
  ReportContext context;
  context.version = kHarnessVersion;
  context.mode = "live";
  context.home = run->home.string();
  context.timestamp = isoNow();
  context.extra = run->extra;
  context.durationMs = msSince(start);
  return emitReport(options, run->results, context, run->redactor, out, err, outIsTerminal);
}

}  // namespace harness
