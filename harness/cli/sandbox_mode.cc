#include "harness/cli/sandbox_mode.h"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <vector>

#include "harness/cli/disruptive_mode.h"
#include "harness/cli/live_mode.h"
#include "harness/cli/report_output.h"
#include "harness/cli/version.h"
#include "harness/core/release_traits.h"
#include "harness/core/release_version.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/sandbox/fake_stack.h"

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// Each direction's hold in the sandbox: long enough to see rescue stay up through several
// polls, short enough for a demonstration (--hold overrides it; on a real Mac the default is 20 s).
constexpr std::chrono::milliseconds kSandboxHold{5'000};
// From loading the LaunchAgents to both gateways serving.
constexpr double kSandboxStartWaitSeconds = 30;

std::string elapsed(Clock::time_point start) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "[%5.1fs]", std::chrono::duration<double>(Clock::now() - start).count());
  return buf;
}

Result<fs::path> makeSandboxDir(const std::map<std::string, std::string>& env) {
  auto tmp = env.find("TMPDIR");
  std::string pattern =
      (fs::path(tmp != env.end() && !tmp->second.empty() ? tmp->second : "/tmp") / "verify-host-sandbox.XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return Error{ErrorCode::Io, "cannot create the sandbox directory", pattern};
  return fs::path(pattern);
}

}  // namespace

int runSandboxMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                   std::ostream& err, bool outIsTerminal) {
  const auto start = Clock::now();
  auto binaries = FakeStackBinaries::locate(options.buildDir.empty() ? std::nullopt
                                                                     : std::optional<fs::path>(options.buildDir));
  if (!binaries) {
    err << "verify-host: sandbox: " << binaries.error().describe() << "\n";
    return kExitUsage;
  }
  auto dir = makeSandboxDir(env);
  if (!dir) {
    err << "verify-host: sandbox: " << dir.error().describe() << "\n";
    return kExitUsage;
  }
  FakeStackOptions stackOptions{.dir = *dir};
  for (const auto& kv : options.overrides) {
    if (kv.rfind("openclawVersion=", 0) == 0) stackOptions.release = kv.substr(kv.find('=') + 1);
  }
  // First line: which release this sandbox is; it is all green only for the runbook's own release.
  err << elapsed(start) << " sandbox: emulating OpenClaw " << stackOptions.release
      << (stackOptions.release == FakeStackOptions{}.release ? " (the runbook's release)" : "")
      << "; starting a fake launchd, a fake Discord and the runbook's two gateways in " << dir->string() << "\n";
  auto stack = FakeStack::start(*binaries, stackOptions);
  if (!stack) {
    err << "verify-host: sandbox: " << stack.error().describe() << "\n";
    std::error_code ec;
    if (!options.keep) fs::remove_all(*dir, ec);
    return kExitUsage;
  }
  err << elapsed(start) << " sandbox: main on port " << (*stack)->spec().main.port << ", rescue on port "
      << (*stack)->spec().rescue.port << " (OpenClaw " << (*stack)->release() << " emulated)\n";

  // As a user would after loading the LaunchAgents: wait until both serve, then check.
  if (auto serving = (*stack)->waitUntilServing(std::chrono::milliseconds(static_cast<long>(kSandboxStartWaitSeconds * 1000)));
      !serving) {
    err << elapsed(start) << " sandbox: gateways did not come up: " << serving.error().describe() << "\n"
        << (*stack)->diagnostics();
  } else {
    err << elapsed(start) << " sandbox: both gateways serve and are logged into Discord\n";
  }

  // verify-host's own modes, pointed at the fakes the way a user points them at a Mac.
  VerifyHostOptions run = options;
  run.sandbox = false;
  run.live = true;
  run.home = (*stack)->home().string();
  run.launchctlPath = ((*stack)->launchdRoot() / "bin/launchctl").string();
  run.openclawPath = binaries->fakeOpenclaw.string();
  run.overrides.push_back("main.port=" + std::to_string((*stack)->spec().main.port));
  run.overrides.push_back("rescue.port=" + std::to_string((*stack)->spec().rescue.port));
  run.overrides.push_back("main.discordBotName=" + std::string(kMainBotName));
  run.overrides.push_back("rescue.discordBotName=" + std::string(kRescueBotName));
  if (!run.waitSeconds) run.waitSeconds = kSandboxStartWaitSeconds;
  auto runEnv = (*stack)->environment();
  // The restore journal lives in the sandbox, never in the user's state directory.
  runEnv["XDG_STATE_HOME"] = (*dir / "state").string();

  ScopedSignalFlag signals;
  auto services = makeLaunchctlServiceManager(LaunchctlOptions{.launchctl = run.launchctlPath});
  OpenClawSetup openclaw = setUpOpenClaw(run, runEnv, (*stack)->home(), (*stack)->redactor());
  LiveModeBackends backends;
  backends.services = services.get();
  backends.injectOpenClaw = true;
  backends.openclaw = openclaw.cli;
  auto checks = runStaticAndLiveChecks(run, runEnv, err, backends);
  if (!checks) {
    err << "verify-host: sandbox: " << checks.error().message << "\n";
    return kExitUsage;
  }
  err << elapsed(start) << " sandbox: static and live checks done; disruptive check next\n";
  std::vector<CheckResult> results = checks->results;
  auto disruptive =
      runDisruptivePhase(run, runEnv, *checks, *services, openclaw.cli, signals.flag(), err, kSandboxHold);
  results.insert(results.end(), disruptive.begin(), disruptive.end());

  ReportContext context;
  context.version = kHarnessVersion;
  context.mode = "sandbox";
  context.home = checks->home.string();
  context.timestamp = isoNow();
  context.extra = checks->extra;
  context.extra["sandbox"] = dir->string();
  context.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  const int rc = emitReport(run, results, context, checks->redactor, out, err, outIsTerminal);

  if (compareVersions(stackOptions.release, kNewestKnownRelease) < 0) {
    err << elapsed(start) << " sandbox: the newest known release, OpenClaw " << kNewestKnownRelease << ", "
        << kNewestKnownReleaseChanges << "; see it with `verify-host --sandbox --openclaw-version " << kNewestKnownRelease
        << "`\n";
  }
  if (options.keep && signals.signal() == 0) {
    (*stack)->keepRunning();
    err << (*stack)->describe();
  } else {
    (*stack)->shutdown();
    std::error_code ec;
    fs::remove_all(*dir, ec);
    err << elapsed(start) << " sandbox: torn down\n";
  }
  if (int sig = signals.signal(); sig != 0) return 128 + sig;
  return rc;
}

}  // namespace harness
