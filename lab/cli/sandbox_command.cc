#include "lab/cli/sandbox_command.h"

#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include "harness/cli/command_flags.h"
#include "harness/cli/disruptive_phase.h"
#include "harness/cli/live_phase.h"
#include "harness/cli/report_output.h"
#include "harness/cli/run_context.h"
#include "harness/core/environment.h"
#include "harness/core/release_traits.h"
#include "harness/core/release_version.h"
#include "harness/platform/platform.h"
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
  addReportFlags(*sub, options->checks);
  sub->add_option_function<double>(
         "--hold", [options](const double& s) { options->checks.holdSeconds = s; },
         "How long each gateway stays stopped (default 5)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 3600.0));
  sub->add_flag("--keep", options->keep, "Leave the sandbox running and print how to reach and stop it");
  sub->add_option("--build-dir", options->buildDir, "The build tree holding the fakes (default: this one)")
      ->type_name("DIR");
  // verify-host's flags that the sandbox does itself: refused with the reason, not as unknown.
  auto* home = sub->add_option("--home")->group("");
  auto* disruptive = sub->add_flag("--disruptive")->group("");
  auto* recover = sub->add_flag("--recover")->group("");
  sub->callback([=, &exitCode] {
    if (home->count() > 0 || disruptive->count() > 0 || recover->count() > 0) {
      std::cerr << "verify-host: --sandbox makes its own home and runs the disruptive check itself\n";
      exitCode = kExitUsage;
      return;
    }
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
  if (!options.checks.openclawVersion.empty()) stackOptions.release = options.checks.openclawVersion;
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

  // verify-host's own modes, pointed at the fakes the way a user points them at a Mac, on the
  // spec the user's flags describe with the stack's ports and bots: handed over as a value.
  auto spec = resolveSpec(options.checks, (*stack)->home());
  if (!spec) {
    err << "verify-host: sandbox: spec " << spec.error().describe() << "\n";
    return kExitUsage;
  }
  spec->main.port = (*stack)->spec().main.port;
  spec->rescue.port = (*stack)->spec().rescue.port;
  spec->main.discordBotName = kMainBotName;
  spec->rescue.discordBotName = kRescueBotName;
  VerifyHostOptions run = options.checks;
  run.launchctlPath = ((*stack)->launchdRoot() / "bin/launchctl").string();
  run.openclawPath = binaries->fakeOpenclaw.string();
  if (!run.waitSeconds) run.waitSeconds = kSandboxStartWaitSeconds;
  auto runEnv = (*stack)->environment();
  // The restore journal lives in the sandbox, never in the user's state directory.
  runEnv["XDG_STATE_HOME"] = (*dir / "state").string();

  ScopedSignalFlag signals;
  auto ctx = runContextForSpec((*stack)->home(), std::move(*spec), runEnv);
  for (const auto& secret : (*stack)->secrets()) ctx->snapshot.redactor.addSecret(secret);
  connectBackends(*ctx, run);
  std::vector<CheckResult> results = runStaticAndLiveChecks(*ctx, run, err);
  err << elapsed(start) << " sandbox: static and live checks done; disruptive check next\n";
  auto disruptive = runDisruptivePhase(*ctx, run, signals.flag(), err, kSandboxHold);
  results.insert(results.end(), disruptive.begin(), disruptive.end());

  auto extra = ctx->reportExtra(run);
  extra["sandbox"] = dir->string();
  const int rc = emitReport(run, results, makeReportContext("sandbox", ctx->home, std::move(extra), start),
                            ctx->redactor(), out, err, outIsTerminal);

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
