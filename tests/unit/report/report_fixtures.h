#pragma once

// Shared fixtures for the reporter tests: one check of each status, over two areas, with the
// first area appearing again after the second (to test grouping by first appearance).

#include <cstddef>
#include <string>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/report/reporter.h"

namespace harness::testing {

// A string literal with its embedded NULs: bytes("a\0b") has size 3.
template <size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

inline std::vector<CheckResult> sampleResults() {
  std::vector<CheckResult> results;
  results.push_back({"rescue.config.gateway-port", "Rescue config", {"R7"}, CheckStatus::Pass,
                     "gateway.port is 19001",
                     {{"/home/alice/.openclaw-rescue/openclaw.json", "gateway.port", "19001"}}, "", 0.25});
  results.push_back({"rescue.launchd.label", "Rescue LaunchAgent", {"R2", "G3"}, CheckStatus::Fail,
                     "LaunchAgent ai.openclaw.rescue is missing",
                     {{"/home/alice/Library/LaunchAgents/ai.openclaw.rescue.plist", "Label", "absent"}},
                     "openclaw --profile rescue gateway install", 1.5});
  results.push_back({"rescue.config.file-mode", "Rescue config", {"S4"}, CheckStatus::Warn,
                     "openclaw.json is group-readable",
                     {{"/home/alice/.openclaw-rescue/openclaw.json", "", "mode 0640"}},
                     "chmod 600 /home/alice/.openclaw-rescue/openclaw.json", 0.1});
  results.push_back({"rescue.live.health", "Rescue LaunchAgent", {"R9"}, CheckStatus::Skip,
                     "not run in static mode", {}, "", 0});
  return results;
}

inline ReportContext sampleContext() {
  ReportContext context;
  context.version = "0.1.0";
  context.mode = "static";
  context.home = "/home/alice";
  context.timestamp = "2026-11-24T10:15:00Z";
  context.durationMs = 12.3;
  return context;
}

}  // namespace harness::testing
