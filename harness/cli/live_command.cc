// verify-host live: the static checks, then the live checks of the running gateways (launchd,
// ports, health, Discord, openclaw's own checks), with --wait retrying failing live checks. It
// changes nothing, except that it first restores what an interrupted disruptive run left stopped.
//   parse -> RunContext{home, spec, snapshot, expectations} -> backends -> restore pending
//   journal -> installed release -> static checks -> live checks (--wait) -> report

#include <chrono>

#include "harness/cli/disruptive_phase.h"
#include "harness/cli/live_phase.h"
#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_commands.h"

namespace harness {
namespace {

int runLive(const VerifyHostOptions& options, const CommandIo& io) {
  const auto start = std::chrono::steady_clock::now();
  auto ctx = loadRunContextFor(options, io);
  if (!ctx) return kExitUsage;
  RunContext& run = *ctx;
  connectBackends(run, options);
  restorePendingJournal(run, io.err);
  const auto results = runStaticAndLiveChecks(run, options, io.err);
  return emitReport(options, results, makeReportContext("live", run.home, run.reportExtra(options), start),
                    run.redactor(), io.out, io.err, io.outIsTerminal);
}

}  // namespace

void setUpLiveCommand(CLI::App& app, const CommandIo& io, int& exitCode) {
  addSubcommand(app, "live",
                "Also check the running gateways: launchd jobs, ports, health, Discord login, "
                "openclaw's own checks; changes nothing",
                SubcommandFlags{.live = true}, io, exitCode, runLive);
}

}  // namespace harness
