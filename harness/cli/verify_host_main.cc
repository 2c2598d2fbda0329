// verify-host: the harness's command-line entry point. Parsing lives in
// verify_host_options.cc, each mode in its own file.

#include <unistd.h>

#include <iostream>

#include "harness/checks/host_snapshot.h"
#include "harness/cli/static_mode.h"

int main(int argc, char** argv) {
  auto parsed = harness::parseVerifyHostCommandLine(argc, argv);
  if (!parsed.options) return parsed.exitCode;
  try {
    return harness::runStaticMode(*parsed.options, harness::currentEnvironment(), std::cout, std::cerr,
                                  ::isatty(STDOUT_FILENO) != 0);
  } catch (const std::exception& e) {
    // Checks and readers report problems as findings; reaching this is a harness bug.
    std::cerr << "verify-host: internal error: " << e.what() << "\n";
    return harness::kExitUsage;
  }
}
