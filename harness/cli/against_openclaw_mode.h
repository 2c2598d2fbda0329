#pragma once

// verify-host --against-openclaw VERSION: upgrade regression. Installs the release into the
// harness cache (Node 24 and openclaw@VERSION from the npm registry), runs the runbook's contracts
// and the isolation scenarios against it on a fake Mac (harness/upgrade), prints the drift report
// (releases × results; human or JSON) compared with the newest recorded release, and writes it as
// Markdown and JSON. Exit 0 when the release behaves as recorded (its own record, else the newest
// recorded release), 1 on any difference, 2 on usage errors, kExitReleaseUnavailable when the
// release cannot be had here (older than 2026.3.24, npm or the registry unreachable).

#include <map>
#include <ostream>
#include <string>

#include "harness/cli/verify_host_options.h"

namespace harness {

inline constexpr int kExitReleaseUnavailable = 4;

int runAgainstOpenClawMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                           std::ostream& out, std::ostream& err, bool outIsTerminal);

}  // namespace harness
