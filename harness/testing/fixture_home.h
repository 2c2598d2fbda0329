#pragma once

// FixtureHome: a runbook-correct main + rescue layout in a temporary HOME, for tests, the
// benchmark and the example home. Start from the good layout, then break one thing:
//
//   FixtureHome home;
//   home.rescueConfig["gateway"]["port"] = 18790;   // edit the JSON before writing
//   home.write();
//   auto snapshot = loadHostSnapshot(home.spec(), home.environment());
//
// Every secret in it is a canary (kCanary…) so tests can assert none reaches any output.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "harness/spec/rescue_spec.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness::testing {

inline constexpr const char* kCanaryMainDiscordToken = "MTExMTIyMjIzMzMzNDQ0NDU1.CANARY.main-discord-token-0001";
inline constexpr const char* kCanaryRescueDiscordToken = "MjIyMjMzMzM0NDQ0NTU1NTY2.CANARY.rescue-discord-token-0002";
inline constexpr const char* kCanaryMainGatewayToken = "canary-main-gateway-token-0003";
inline constexpr const char* kCanaryRescueGatewayToken = "canary-rescue-gateway-token-0004";
inline constexpr const char* kCanaryAnthropicKey = "sk-ant-canary-api-key-0005";

class FixtureHome {
 public:
  // Lays nothing out yet: edit the public members, then call write().
  FixtureHome();
  // A layout under an existing directory (not removed on destruction).
  explicit FixtureHome(const std::filesystem::path& home);

  const std::filesystem::path& home() const { return home_; }
  RescueSpec spec() const { return defaultRescueSpec(home_); }
  std::map<std::string, std::string> environment() const;  // HOME only: hermetic ${VAR} resolution

  // Writes every file below with runbook modes (configs and auth 0600, state dirs 0700,
  // plists 0644, LaunchAgents 0755). Call again after further edits to rewrite.
  void write();

  nlohmann::json mainConfig;
  nlohmann::json rescueConfig;
  nlohmann::json mainPlist;        // ~/Library/LaunchAgents/ai.openclaw.gateway.plist
  nlohmann::json rescuePlist;      // ~/Library/LaunchAgents/ai.openclaw.gateway.rescue.plist
  nlohmann::json mainAuthProfiles;    // ~/.openclaw/agents/main/agent/auth-profiles.json
  nlohmann::json rescueAuthProfiles;  // ~/.openclaw-rescue/agents/rescue/agent/auth-profiles.json
  bool writeMainPlist = true;
  bool writeRescuePlist = true;
  bool writeRescueAuthProfiles = true;
  bool binaryRescuePlist = false;  // write the rescue plist as a binary plist

  std::filesystem::path path(std::string_view relative) const { return home_ / std::string(relative); }

 private:
  void initialise();

  std::optional<ScopedTempDir> owned_;
  std::filesystem::path home_;
};

}  // namespace harness::testing
