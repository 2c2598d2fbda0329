#pragma once

// The agent's exec tool, as the fake gateway runs it: `/bin/sh -c COMMAND` in the agent's
// workspace with the gateway's own environment (what OpenClaw's exec passes on; the contracts
// measure it on the real releases: contract.rescue.brings-main-back), no approval prompt (the
// runbook's tools.exec security full + ask off), output captured for the tool_result.

#include <chrono>
#include <filesystem>
#include <string>

namespace fakes::gateway {

struct ExecOutcome {
  int exitCode = -1;
  bool timedOut = false;
  std::string output;  // stdout then stderr, at most 16 KiB
};

// `pathPrefix`, when given, goes first on PATH (the pinned agent CLI: agent_cli_shim.h).
ExecOutcome runExecTool(const std::string& command, const std::filesystem::path& workingDirectory,
                        const std::filesystem::path& pathPrefix = {},
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(120'000));

}  // namespace fakes::gateway
