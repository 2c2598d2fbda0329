#pragma once

// The rescue spec: what the harness expects of the two gateways on a host. Defaults are the
// runbook's (shared/seed/rescue-gateway-2.0.txt); every value can be overridden from a JSON
// spec file (--spec) or a flag (--set rescue.port=19201), and --home replaces ~ everywhere.
//
// Paths are stored expanded. Values left unset in overrides are derived from the instance's
// state dir and label, so overriding rescue.stateDir moves its config, workspace and logs too.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "harness/core/result.h"

namespace harness {

struct InstanceSpec {
  std::string name;         // "main" or "rescue": how reports refer to it
  std::string profile;      // OpenClaw profile: "" for the default profile, "rescue"
  std::filesystem::path stateDir;
  std::filesystem::path configPath;
  std::filesystem::path workspace;
  std::string agentId;
  std::filesystem::path agentDir;
  uint16_t port = 0;
  std::string label;        // LaunchAgent label
  std::filesystem::path plistPath;
  std::filesystem::path logPath;     // launchd StandardOutPath
  std::filesystem::path errLogPath;  // launchd StandardErrorPath
  std::string discordBotName;        // expected bot username; empty = not checked
};

struct RescueSpec {
  std::filesystem::path home;
  std::filesystem::path launchAgentsDir;
  InstanceSpec main;
  InstanceSpec rescue;
  // The label `openclaw --profile rescue gateway install` derives; R20 says it must not also run.
  std::string officialRescueLabel = "ai.openclaw.rescue";
  // OpenClaw release the host runs, for release-dependent rules (port footprint, auth store,
  // config layout). Empty = unknown: checks accept what any supported release accepts.
  std::string openclawVersion;
};

// The runbook's layout under `home`.
RescueSpec defaultRescueSpec(const std::filesystem::path& home);

// Applies a JSON spec document on top of `home`'s defaults. Accepted shape (all optional):
//   {"home": "...", "openclawVersion": "2026.9.6", "launchAgentsDir": "~/Library/LaunchAgents",
//    "main": {<instance keys>}, "rescue": {<instance keys>}}
// Instance keys: profile, stateDir, configPath, workspace, agentId, agentDir, port, label,
// plistPath, logPath, errLogPath, discordBotName. Unknown keys and wrong types are errors
// naming the key path. `~` expands to the spec's home.
Result<RescueSpec> buildRescueSpec(const std::filesystem::path& home, const nlohmann::json& overrides);

// Sets one value by dotted key ("rescue.port", "main.label", "openclawVersion") inside an
// overrides document; the value is parsed as an integer for ports and kept as text otherwise.
Status setSpecOverride(nlohmann::json& overrides, std::string_view key, std::string_view value);

// The spec as JSON (for --format json, and so a spec can be saved and edited).
nlohmann::json toJson(const RescueSpec& spec);

}  // namespace harness
