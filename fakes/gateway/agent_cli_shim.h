#pragma once

// The `openclaw` a real gateway puts first on its agent's exec PATH from 2026.8.1
// (ReleaseTraits::agentCliPinsProfile; measured in 2026.8.1's and 2026.9.6's dist and by the
// contract.rescue.brings-main-back run on 2026.9.6): <stateDir>/tmp/agent-cli/openclaw, a
// script that runs the gateway's own CLI with the gateway's own --profile whatever the
// environment says. So `env -u OPENCLAW_PROFILE … openclaw gateway start` from the rescue's agent
// still addresses the rescue; only launchd's own commands reach main.
//
//   auto bin = writeAgentCliShim(stateDir, "rescue", "/…/fakes/bin/openclaw");
//   runExecTool(command, workspace, *bin);   // PATH=<bin>:$PATH

#include <filesystem>
#include <string>

#include "harness/core/result.h"

namespace fakes::gateway {

// Writes the shim (0700, in a 0700 directory) and returns its directory.
harness::Result<std::filesystem::path> writeAgentCliShim(const std::filesystem::path& stateDir, const std::string& profile,
                                                         const std::filesystem::path& openclaw);

}  // namespace fakes::gateway
