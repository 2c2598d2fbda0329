// verify-host: the harness's command-line entry point. Parsing lives in
// verify_host_options.cc, each mode in its own file; --sandbox and --against-openclaw are
// handed over to the lab (lab_handover.h).

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "harness/checks/host_snapshot.h"
#include "harness/cli/disruptive_mode.h"
#include "harness/cli/lab_handover.h"
#include "harness/cli/live_mode.h"
#include "harness/cli/static_mode.h"
#include "harness/disruptive/restore_journal.h"

int main(int argc, char** argv) {
  if (auto lab = harness::labCommandLine(argc, argv)) {
    return harness::handOverToLab(*lab, harness::labExecutableBeside(argv[0]), std::cerr);
  }
  auto parsed = harness::parseVerifyHostCommandLine(argc, argv);
  if (!parsed.options) return parsed.exitCode;
  const auto& options = *parsed.options;
  const auto env = harness::currentEnvironment();
  try {
    const bool tty = ::isatty(STDOUT_FILENO) != 0;
    if (options.recover) return harness::runRecoverMode(options, env, std::cout, std::cerr, tty);
    if (options.disruptive) {
      return harness::runDisruptiveMode(options, env, std::cout, std::cerr,
                                        harness::TerminalIo{std::cin, ::isatty(STDIN_FILENO) != 0, tty});
    }
    if (options.live) {
      // A disruptive run that was killed may have left main stopped: put it back first.
      harness::restorePendingJournal(options, env, std::cerr);
      return harness::runLiveMode(options, env, std::cout, std::cerr, tty);
    }
    // Static mode changes nothing, not even to restore: it only says a restore is pending.
    if (auto journal = harness::defaultRestoreJournalPath(env); journal && std::filesystem::exists(*journal)) {
      std::cerr << "verify-host: an interrupted --disruptive run left a restore journal (" << journal->string()
                << "); run `verify-host --recover` (or --live) to restore what it stopped\n";
    }
    return harness::runStaticMode(options, env, std::cout, std::cerr, tty);
  } catch (const std::exception& e) {
    // Checks and readers report problems as findings; reaching this is a harness bug.
    std::cerr << "verify-host: internal error: " << e.what() << "\n";
    return harness::kExitUsage;
  }
}
