#pragma once

// rescue-lab sandbox (what `verify-host --sandbox` hands over to): the harness demonstrating
// itself. It builds a fake Mac in a temporary directory (lab/fake_stack FakeStack: fake launchd, fake Discord, the runbook's main and
// rescue gateways as fake OpenClaw gateways under their LaunchAgents), points verify-host's own
// static, live and disruptive checks at it exactly as on a real Mac (--launchctl and --openclaw
// at the fakes), prints the report and tears everything down; --keep leaves it running and
// prints how to reach and stop it.

#include <map>
#include <ostream>
#include <string>

#include "harness/cli/verify_host_options.h"

namespace CLI {
class App;
}  // namespace CLI

namespace harness {

struct SandboxOptions {
  VerifyHostOptions checks;  // for verify-host's own modes: the report flags and --hold
  bool keep = false;         // --keep: leave the sandbox running and print how to reach and stop it
  std::string buildDir;      // --build-dir: where the fakes were built (default: this build tree)
};

// Adds the `sandbox` subcommand to rescue-lab; when it runs, exitCode gets runSandboxMode's.
void setUpSandboxCommand(CLI::App& lab, int& exitCode);

int runSandboxMode(const SandboxOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                   std::ostream& err, bool outIsTerminal);

}  // namespace harness
