// verify-host static (and `verify-host` with no subcommand): reads configs, plists, auth stores
// and permissions under HOME and never writes, not even to restore; it only says when an
// interrupted disruptive run left a restore pending.
//   parse -> RunContext{home, spec, snapshot} -> static checks -> report

#include <chrono>
#include <filesystem>

#include "harness/checks/static_check.h"
#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_commands.h"
#include "harness/disruptive/restore_journal.h"

namespace harness {
namespace {

int runStatic(const VerifyHostOptions& options, const CommandIo& io) {
  const auto start = std::chrono::steady_clock::now();
  if (auto journal = defaultRestoreJournalPath(io.env); journal && std::filesystem::exists(*journal)) {
    io.err << "verify-host: an interrupted disruptive run left a restore journal (" << journal->string()
           << "); run `verify-host recover` (or `verify-host live`) to restore what it stopped\n";
  }
  auto ctx = loadRunContextFor(options, io);
  if (!ctx) return kExitUsage;
  const RunContext& run = *ctx;
  const auto results = runStaticChecks(run.snapshot);
  return emitReport(options, results, makeReportContext("static", run.home, run.reportExtra(options), start),
                    run.redactor(), io.out, io.err, io.outIsTerminal);
}

}  // namespace

void setUpStaticCommand(CLI::App& app, const CommandIo& io, int& exitCode) {
  addSubcommand(app, "static",
                "Read configs, plists, auth stores and permissions under HOME; changes nothing (the default)",
                SubcommandFlags{}, io, exitCode, runStatic);
}

}  // namespace harness
