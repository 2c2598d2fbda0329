// verify-host disruptive: the static and live checks, then harness/disruptive's check: main is
// stopped with the runbook's command while rescue must stay up, then the reverse; main is always
// restored (SIGINT, SIGTERM and SIGHUP are caught for the run and end it after restoring, exit
// 128+signal). It asks for confirmation on the terminal unless --yes; with stdin not a terminal
// and no --yes it refuses (exit 2) before touching anything.
//   parse -> RunContext{home, spec, snapshot, expectations} -> confirm -> backends -> restore
//   pending journal -> installed release -> static checks -> live checks -> disruptive check -> report

#include <chrono>
#include <string>
#include <vector>

#include "harness/cli/disruptive_phase.h"
#include "harness/cli/live_phase.h"
#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_commands.h"

namespace harness {
namespace {

bool confirmed(const VerifyHostOptions& options, const RescueSpec& spec, const CommandIo& io) {
  if (options.yes) return true;
  if (!io.inIsTerminal) {
    io.err << "verify-host: `verify-host disruptive` stops your main gateway (" << spec.main.label
           << ") and then the rescue; refusing without a terminal to confirm on. Pass --yes to run it anyway.\n";
    return false;
  }
  io.err << "verify-host disruptive will stop the main gateway (" << spec.main.label << ") for "
         << options.holdSeconds.value_or(std::chrono::duration<double>(kDefaultHold).count())
         << " s, start it again, then do the same to the rescue (" << spec.rescue.label
         << ").\nType yes to continue: " << std::flush;
  std::string answer;
  std::getline(io.in, answer);
  return answer == "yes";
}

int runDisruptive(const VerifyHostOptions& options, const CommandIo& io) {
  const auto start = std::chrono::steady_clock::now();
  auto ctx = loadRunContextFor(options, io);
  if (!ctx) return kExitUsage;
  RunContext& run = *ctx;
  if (!confirmed(options, run.spec(), io)) return kExitUsage;

  // From here on main may be stopped: every signal that would end us is caught, and the
  // disruptive check restores main before returning.
  ScopedSignalFlag signals;
  connectBackends(run, options);
  std::vector<CheckResult> results;
  if (auto recovered = restorePendingJournal(run, io.err)) results.push_back(*recovered);
  auto checks = runStaticAndLiveChecks(run, options, io.err);
  results.insert(results.end(), checks.begin(), checks.end());
  auto disruptive = runDisruptivePhase(run, options, signals.flag(), io.err);
  results.insert(results.end(), disruptive.begin(), disruptive.end());

  const int rc =
      emitReport(options, results, makeReportContext("disruptive", run.home, run.reportExtra(options), start),
                 run.redactor(), io.out, io.err, io.outIsTerminal);
  if (int sig = signals.signal(); sig != 0) return 128 + sig;
  return rc;
}

}  // namespace

void setUpDisruptiveCommand(CLI::App& app, const CommandIo& io, int& exitCode) {
  addSubcommand(app, "disruptive",
                "Stop main with the runbook's command and prove rescue stays up, then the reverse; "
                "main is always restored. Runs the live checks first; asks for confirmation unless "
                "--yes",
                SubcommandFlags{.live = true, .disruptive = true}, io, exitCode, runDisruptive);
}

}  // namespace harness
