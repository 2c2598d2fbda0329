#include "lab/cli/sandbox_command.h"

#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include "harness/checks/host_snapshot.h"
#include "harness/platform/platform.h"
#include "harness/cli/disruptive_mode.h"
#include "harness/cli/live_mode.h"
#include "harness/cli/report_flags.h"
#include "harness/cli/report_output.h"
#include "harness/cli/version.h"
#include "harness/core/release_traits.h"
#include "harness/core/release_version.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "lab/fake_stack/fake_stack.h"

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
  return platform::makeTempDir("verify-host-sandbox", tmp != env.end() ? fs::path(tmp->second) : fs::path());
}

}  // namespace

void setUpSandboxCommand(CLI::App& lab, int& exitCode) {
  auto* sub = lab.add_subcommand(
      "sandbox",
      "Run verify-host's static, live and disruptive checks against a built-in fake Mac (fake launchd, fake "
      "Discord, the runbook's two gateways in a temporary HOME), then tear it down (verify-host --sandbox)");
  auto options = std::make_shared<SandboxOptions>();
  auto values = std::make_shared<ReportFlagValues>();
  auto hold = std::make_shared<double>(0);
  addReportFlags(*sub, options->checks, *values);
  auto* holdOption = sub->add_option("--hold", *hold, "How long each gateway stays stopped (default 5)")
                         ->type_name("SECONDS")
                         ->check(CLI::Range(0.0, 3600.0));
  sub->add_flag("--keep", options->keep, "Leave the sandbox running and print how to reach and stop it");
  sub->add_option("--build-dir", options->buildDir, "The build tree holding the fakes (default: this one)")
      ->type_name("DIR");
  // verify-host's flags that the sandbox does itself: refused with the reason, not as unknown.
  auto own = std::make_shared<std::string>();
  auto* home = sub->add_option("--home", *own)->group("");
  auto* disruptive = sub->add_flag("--disruptive")->group("");
  auto* recover = sub->add_flag("--recover")->group("");
  sub->callback([=, &exitCode] {
    (void)own;  // keeps the hidden --home value alive as long as the command
    if (home->count() > 0 || disruptive->count() > 0 || recover->count() > 0) {
      std::cerr << "verify-host: --sandbox makes its own home and runs the disruptive check itself\n";
      exitCode = kExitUsage;
      return;
    }
    if (holdOption->count() > 0) options->checks.holdSeconds = *hold;
    applyReportFlags(*values, options->checks);
    exitCode = runSandboxMode(*options, currentEnvironment(), std::cout, std::cerr, ::isatty(STDOUT_FILENO) != 0);
  });
}

int runSandboxMode(const SandboxOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
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
  for (const auto& kv : options.checks.overrides) {
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
  VerifyHostOptions run = options.checks;
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
