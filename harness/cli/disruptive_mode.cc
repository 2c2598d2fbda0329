#include "harness/cli/disruptive_mode.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>

#include "harness/checks/host_snapshot.h"
#include "harness/checks/static_check.h"
#include "harness/cli/report_output.h"
#include "harness/cli/static_mode.h"
#include "harness/cli/version.h"
#include "harness/disruptive/disruptive_check.h"
#include "harness/disruptive/restore_journal.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/live/live_snapshot.h"

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kDefaultHold{20'000};

std::atomic<int> gSignal{0};
struct sigaction gPrevious[3];
constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void recordSignal(int signal) { gSignal.store(signal); }

ServiceManagerPtr makeServices(const VerifyHostOptions& options) {
  LaunchctlOptions lo;
  if (!options.launchctlPath.empty()) lo.launchctl = options.launchctlPath;
  lo.callTimeout = std::chrono::seconds(30);
  return makeLaunchctlServiceManager(lo);
}

DisruptiveDeps makeDeps(ServiceManager& services, OpenClawCli* openclaw, const RescueSpec& spec,
                        const std::atomic<int>* interrupt, std::ostream& err) {
  DisruptiveDeps deps{services};
  deps.openclaw = openclaw;
  deps.spec = spec;
  deps.interrupt = interrupt;
  deps.progress = [&err](const std::string& line) { err << line << "\n" << std::flush; };
  return deps;
}

DisruptiveOptions disruptiveOptions(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                                    std::chrono::milliseconds defaultHold, Error* error) {
  DisruptiveOptions o;
  if (auto path = defaultRestoreJournalPath(env)) o.journalPath = *path;
  else *error = path.error();
  o.hold = options.holdSeconds ? std::chrono::milliseconds(static_cast<long long>(*options.holdSeconds * 1000))
                               : defaultHold;
  return o;
}

bool confirmed(const VerifyHostOptions& options, const RescueSpec& spec, std::ostream& err, const TerminalIo& io) {
  if (options.yes) return true;
  if (!io.inIsTerminal) {
    err << "verify-host: --disruptive stops your main gateway (" << spec.main.label
        << ") and then the rescue; refusing without a terminal to confirm on. Pass --yes to run it anyway.\n";
    return false;
  }
  err << "verify-host --disruptive will stop the main gateway (" << spec.main.label << ") for "
      << options.holdSeconds.value_or(20) << " s, start it again, then do the same to the rescue ("
      << spec.rescue.label << ").\nType yes to continue: " << std::flush;
  std::string answer;
  std::getline(io.in, answer);
  return answer == "yes";
}

}  // namespace

ScopedSignalFlag::ScopedSignalFlag() {
  gSignal.store(0);
  struct sigaction sa {};
  sa.sa_handler = recordSignal;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &sa, &gPrevious[i]);
}

ScopedSignalFlag::~ScopedSignalFlag() {
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &gPrevious[i], nullptr);
}

const std::atomic<int>* ScopedSignalFlag::flag() const { return &gSignal; }
int ScopedSignalFlag::signal() const { return gSignal.load(); }

std::vector<CheckResult> runDisruptivePhase(const VerifyHostOptions& options,
                                            const std::map<std::string, std::string>& env, const CheckRun& run,
                                            ServiceManager& services, OpenClawCli* openclaw,
                                            const std::atomic<int>* interrupt, std::ostream& err,
                                            std::chrono::milliseconds defaultHold) {
  Error journalError;
  DisruptiveOptions o = disruptiveOptions(options, env, defaultHold, &journalError);
  if (o.journalPath.empty()) {
    CheckInfo info{kDisruptivePreconditions, "Disruptive", {"G1", "G2"}};
    return {failed(info, "no place for the restore journal: " + journalError.describe(), {},
                   "set HOME or XDG_STATE_HOME")};
  }
  DisruptiveDeps deps = makeDeps(services, openclaw, run.spec, interrupt, err);
  auto checkEnv = env;
  checkEnv["HOME"] = run.home.string();
  const LiveExpectations expected = liveExpectations(loadHostSnapshot(run.spec, checkEnv));
  if (expected.rescue.expected) {
    deps.rescueDiscordLogin =
        makeLogDiscordLoginProbe(services, run.spec.rescue, expected.rescue.id, expected.rescue.name);
  }
  return runDisruptiveCheck(deps, o);
}

std::optional<CheckResult> restorePendingJournal(const VerifyHostOptions& options,
                                                 const std::map<std::string, std::string>& env, std::ostream& err) {
  auto path = defaultRestoreJournalPath(env);
  if (!path || !fs::exists(*path)) return std::nullopt;
  auto resolved = loadCheckedHost(options, env);
  if (!resolved) return std::nullopt;
  err << "verify-host: a restore journal from an interrupted --disruptive run exists (" << path->string()
      << "); restoring first\n";
  auto services = makeServices(options);
  OpenClawSetup openclaw = setUpOpenClaw(options, env, resolved->home, resolved->snapshot.redactor);
  DisruptiveDeps deps = makeDeps(*services, openclaw.cli, resolved->spec, nullptr, err);
  Error ignored;
  DisruptiveOptions o = disruptiveOptions(options, env, kDefaultHold, &ignored);
  return recoverFromJournal(deps, o);
}

int runRecoverMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                   std::ostream& err, bool outIsTerminal) {
  const auto start = Clock::now();
  auto resolved = loadCheckedHost(options, env);
  if (!resolved) {
    err << "verify-host: " << resolved.error().message << "\n";
    return kExitUsage;
  }
  auto services = makeServices(options);
  OpenClawSetup openclaw = setUpOpenClaw(options, env, resolved->home, resolved->snapshot.redactor);
  DisruptiveDeps deps = makeDeps(*services, openclaw.cli, resolved->spec, nullptr, err);
  Error journalError;
  DisruptiveOptions o = disruptiveOptions(options, env, kDefaultHold, &journalError);
  if (o.journalPath.empty()) {
    err << "verify-host: no restore journal location: " << journalError.describe() << "\n";
    return kExitUsage;
  }
  std::vector<CheckResult> results{recoverFromJournal(deps, o)};
  ReportContext context;
  context.version = kHarnessVersion;
  context.mode = "recover";
  context.home = resolved->home.string();
  context.timestamp = isoNow();
  context.extra["journal"] = o.journalPath.string();
  context.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return emitReport(options, results, context, resolved->snapshot.redactor, out, err, outIsTerminal);
}

int runDisruptiveMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                      std::ostream& out, std::ostream& err, const TerminalIo& io) {
  const auto start = Clock::now();
  auto resolved = loadCheckedHost(options, env);
  if (!resolved) {
    err << "verify-host: " << resolved.error().message << "\n";
    return kExitUsage;
  }
  if (!confirmed(options, resolved->spec, err, io)) return kExitUsage;

  // From here on main may be stopped: every signal that would end us is caught, and the
  // disruptive check restores main before returning.
  ScopedSignalFlag signals;
  std::vector<CheckResult> results;
  if (auto recovered = restorePendingJournal(options, env, err)) results.push_back(*recovered);

  auto services = makeServices(options);
  OpenClawSetup openclaw = setUpOpenClaw(options, env, resolved->home, resolved->snapshot.redactor);
  LiveModeBackends backends;
  backends.services = services.get();
  backends.injectOpenClaw = true;
  backends.openclaw = openclaw.cli;
  auto run = runStaticAndLiveChecks(options, env, err, backends);
  if (!run) {
    err << "verify-host: " << run.error().message << "\n";
    return kExitUsage;
  }
  results.insert(results.end(), run->results.begin(), run->results.end());
  auto disruptive =
      runDisruptivePhase(options, env, *run, *services, openclaw.cli, signals.flag(), err, kDefaultHold);
  results.insert(results.end(), disruptive.begin(), disruptive.end());

  ReportContext context;
  context.version = kHarnessVersion;
  context.mode = "disruptive";
  context.home = run->home.string();
  context.timestamp = isoNow();
  context.extra = run->extra;
  context.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  const int rc = emitReport(options, results, context, run->redactor, out, err, io.outIsTerminal);
  if (int sig = signals.signal(); sig != 0) return 128 + sig;
  return rc;
}

}  // namespace harness
