#pragma once

// `openclaw doctor --fix --non-interactive` for one gateway with its LaunchAgent booted out
// first and bootstrapped again after. 2026.9.6's doctor refuses while a gateway owns the state
// ("Doctor could not enter maintenance ... Stop the Gateway service"); the rescue contracts
// (the rescue's copied auth store) and the maintenance contracts (main after an upgrade) both
// need it that way. The caller waits for the gateway to serve again as it needs.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/spec/rescue_spec.h"
#include "lab/fake_stack/fake_stack.h"

namespace harness::upgrade {

struct BootedOutDoctor {
  std::filesystem::path openclaw;       // the CLI to run (the stack's, or another install's)
  std::vector<std::string> profile;     // e.g. {"--profile", "rescue"}; empty for main
  std::chrono::milliseconds timeout{std::chrono::minutes(4)};
  double* openclawSeconds = nullptr;    // time inside OpenClaw is added here
};

// What doctor said, one line: "exit N", with its last words when N is not 0, or why it did
// not run ("timed out", the error).
std::string doctorFixWithGatewayBootedOut(FakeStack& stack, const InstanceSpec& gateway, const BootedOutDoctor& how);

}  // namespace harness::upgrade
