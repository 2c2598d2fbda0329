// rescue-lab: the lab's command line, everything that drives the fakes (lab/, fakes/). One file
// per subcommand, each with its options, setup and run (CLI11's subcom_in_files):
//   rescue-lab sandbox [...]        sandbox_command.cc   (verify-host --sandbox)
//   rescue-lab drift VERSION [...]  drift_command.cc     (verify-host --against-openclaw VERSION)
// verify-host hands those two flags over to the rescue-lab beside it (harness/cli/lab_handover.h).

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

#include "harness/cli/report_output.h"
#include "harness/cli/version.h"
#include "lab/cli/drift_command.h"
#include "lab/cli/sandbox_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "rescue-lab: the harness's lab on Linux: the runbook's two gateways on a fake Mac (sandbox), and the upgrade "
      "regression against real OpenClaw releases (drift). verify-host --sandbox and --against-openclaw run these."};
  app.set_version_flag("--version", std::string(harness::kHarnessVersion));
  app.get_formatter()->column_width(34);
  app.require_subcommand(1);
  int exitCode = harness::kExitOk;
  harness::setUpSandboxCommand(app, exitCode);
  harness::setUpDriftCommand(app, exitCode);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // help/version to stdout, errors to stderr
    return rc == 0 ? harness::kExitOk : harness::kExitUsage;
  } catch (const std::exception& e) {
    // Checks and readers report problems as findings; reaching this is a harness bug.
    std::cerr << "rescue-lab: internal error: " << e.what() << "\n";
    return harness::kExitUsage;
  }
  return exitCode;
}
