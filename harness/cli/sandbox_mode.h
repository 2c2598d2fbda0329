#pragma once

// verify-host --sandbox: the harness demonstrating itself. It builds a fake Mac in a temporary
// directory (harness/sandbox FakeStack: fake launchd, fake Discord, the runbook's main and
// rescue gateways as fake OpenClaw gateways under their LaunchAgents), points verify-host's own
// static, live and disruptive checks at it exactly as on a real Mac (--launchctl and --openclaw
// at the fakes), prints the report and tears everything down; --keep leaves it running and
// prints how to reach and stop it.

#include <map>
#include <ostream>
#include <string>

#include "harness/cli/verify_host_options.h"

namespace harness {

int runSandboxMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                   std::ostream& err, bool outIsTerminal);

}  // namespace harness
