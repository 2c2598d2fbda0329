// verify-host recover: only restores what an interrupted disruptive run left stopped, from its
// restore journal (runbook start command, else R21's launchctl commands); passes with nothing
// to do when there is no journal.
//   parse -> RunContext{home, spec, snapshot} -> backends -> restore from the journal -> report

#include <chrono>
#include <vector>

#include "harness/cli/disruptive_phase.h"
#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_commands.h"

namespace harness {
namespace {

int runRecover(const VerifyHostOptions& options, const CommandIo& io) {
  const auto start = std::chrono::steady_clock::now();
  auto ctx = loadRunContextFor(options, io);
  if (!ctx) return kExitUsage;
  RunContext& run = *ctx;
  auto journal = disruptiveOptions(run, options);
  if (!journal) {
    io.err << "verify-host: no restore journal location: " << journal.error().describe() << "\n";
    return kExitUsage;
  }
  connectBackends(run, options);
  DisruptiveDeps deps = disruptiveDeps(run, nullptr, io.err);
  const std::vector<CheckResult> results{recoverFromJournal(deps, *journal)};
  return emitReport(options, results,
                    makeReportContext("recover", run.home, {{"journal", journal->journalPath.string()}}, start),
                    run.redactor(), io.out, io.err, io.outIsTerminal);
}

}  // namespace

void setUpRecoverCommand(CLI::App& app, const CommandIo& io, int& exitCode) {
  addSubcommand(app, "recover",
                "Only restore what an interrupted disruptive run left stopped (from its restore journal)",
                SubcommandFlags{.live = true}, io, exitCode, runRecover);
}

}  // namespace harness
