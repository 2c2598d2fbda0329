#pragma once

// RunbookLayout: the runbook's main + rescue gateways as files under one home: both configs,
// both LaunchAgent plists and both agents' auth profiles, with runbook modes. Start from the
// good layout, edit the JSON members to break one thing, then write():
//
//   RunbookLayout layout(home);
//   layout.rescueConfig["gateway"]["port"] = 18790;
//   if (auto s = layout.write(); !s) ...
//
// Used by the sandbox (verify-host --sandbox), the tests' FixtureHome and make-example-home.
// Every secret in it is a canary (kCanary…): a sandbox never holds a real token, and tests
// assert that none of these values reaches any output.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"
#include "harness/spec/rescue_spec.h"

namespace harness {

inline constexpr const char* kCanaryMainDiscordToken = "MTExMTIyMjIzMzMzNDQ0NDU1.CANARY.main-discord-token-0001";
inline constexpr const char* kCanaryRescueDiscordToken = "MjIyMjMzMzM0NDQ0NTU1NTY2.CANARY.rescue-discord-token-0002";
inline constexpr const char* kCanaryMainGatewayToken = "canary-main-gateway-token-0003";
inline constexpr const char* kCanaryRescueGatewayToken = "canary-rescue-gateway-token-0004";
inline constexpr const char* kCanaryAnthropicKey = "sk-ant-canary-api-key-0005";
// The rescue's own model key in a FakeStack (its fake model tells the two gateways apart by key).
inline constexpr const char* kCanaryRescueAnthropicKey = "sk-ant-canary-rescue-api-key-0006";
// The bots those Discord tokens belong to (a token's first segment is its bot id in base64).
inline constexpr const char* kMainBotId = "111122223333444455";
inline constexpr const char* kMainBotName = "OpenClaw Main Bot";
inline constexpr const char* kRescueBotId = "222233334444555566";
inline constexpr const char* kRescueBotName = "OpenClaw Rescue Bot";
inline constexpr const char* kOwnerDiscordId = "123456789012345678";

// ProgramArguments of a gateway LaunchAgent: `program... [--profile P] gateway --port N` (R18).
nlohmann::json gatewayProgramArguments(const std::vector<std::string>& program, const std::string& profile, int port);

class RunbookLayout {
 public:
  explicit RunbookLayout(std::filesystem::path home);

  const std::filesystem::path& home() const { return home_; }
  RescueSpec spec() const { return defaultRescueSpec(home_); }
  std::filesystem::path path(std::string_view relative) const { return home_ / std::string(relative); }

  // Writes every file with runbook modes (configs and auth 0600, state dirs 0700, plists 0644,
  // LaunchAgents 0755). Call again after further edits to rewrite. Errors name the file.
  Status write() const;

  nlohmann::json mainConfig;
  nlohmann::json rescueConfig;
  nlohmann::json mainPlist;           // ~/Library/LaunchAgents/ai.openclaw.gateway.plist
  nlohmann::json rescuePlist;         // ~/Library/LaunchAgents/ai.openclaw.gateway.rescue.plist
  nlohmann::json mainAuthProfiles;    // ~/.openclaw/agents/main/agent/auth-profiles.json
  nlohmann::json rescueAuthProfiles;  // ~/.openclaw-rescue/agents/rescue/agent/auth-profiles.json
  bool writeMainPlist = true;
  bool writeRescuePlist = true;
  bool writeRescueAuthProfiles = true;
  bool binaryRescuePlist = false;  // write the rescue plist as a binary plist

 private:
  std::filesystem::path home_;
};

}  // namespace harness
