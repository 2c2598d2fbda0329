#pragma once

// Command line of `fake-openclaw-gateway`, the stand-in for `openclaw [--profile P] gateway
// [--port N]` as LaunchAgents and the fake CLI start it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace fakes::gateway {

struct GatewayOptions {
  std::optional<std::string> profile;  // --profile P (--dev = "dev")
  std::optional<uint16_t> port;        // --port N
  bool allowUnconfigured = false;      // --allow-unconfigured: skip the gateway.mode=local gate
  bool verbose = false;                // accepted, no effect
  bool force = false;                  // accepted, no effect
  bool help = false;
};

// Accepts `--opt value` and `--opt=value`; a leading `gateway` / `run` word (as the real CLI
// spells it) is skipped. Errors: InvalidInput naming the bad argument.
harness::Result<GatewayOptions> parseGatewayOptions(const std::vector<std::string>& args);

std::string gatewayUsage();

}  // namespace fakes::gateway
