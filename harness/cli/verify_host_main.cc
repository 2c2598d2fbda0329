// verify-host: the harness's command-line entry point. --sandbox and --against-openclaw are
// handed over to the lab (lab_handover.h); everything else is runVerifyHost's (verify_host_cli.h:
// the subcommands, one file each).

#include <unistd.h>

#include <exception>
#include <iostream>

#include "harness/cli/lab_handover.h"
#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_cli.h"
#include "harness/core/environment.h"

int main(int argc, char** argv) {
  if (auto lab = harness::labCommandLine(argc, argv)) {
    return harness::handOverToLab(*lab, harness::labExecutableBeside(argv[0]), std::cerr);
  }
  try {
    const harness::CommandIo io{harness::currentEnvironment(), std::cin, std::cout, std::cerr,
                                ::isatty(STDIN_FILENO) != 0, ::isatty(STDOUT_FILENO) != 0};
    return harness::runVerifyHost(argc, argv, io);
  } catch (const std::exception& e) {
    // Checks and readers report problems as findings; reaching this is a harness bug.
    std::cerr << "verify-host: internal error: " << e.what() << "\n";
    return harness::kExitUsage;
  }
}
