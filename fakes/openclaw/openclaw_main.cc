// The fake `openclaw` executable (build/fakes/bin/openclaw). See README.md.

#include <iostream>

#include "fakes/openclaw/commands.h"
#include "harness/core/environment.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  int rc = fakes::openclaw::runOpenClawCli(args, harness::currentEnvironment(), std::cout, std::cerr);
  std::cout.flush();
  return rc;
}
