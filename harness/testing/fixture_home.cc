#include "harness/testing/fixture_home.h"

#include <sys/stat.h>

#include "harness/plist/plist_reader.h"

namespace harness::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json sharedModels() {
  return json{{"providers",
               {{"anthropic", {{"baseUrl", "https://api.anthropic.com"}, {"api", "anthropic-messages"}}}}}};
}

json gatewayPlist(const fs::path& home, const std::string& label, const std::string& profile, int port,
                  const fs::path& stateDir) {
  // The program lives inside the fixture so S3's "program directory not writable by others"
  // judges a real file on any machine.
  json args = json::array({(home / "bin/node").string(), "/opt/homebrew/lib/node_modules/openclaw/dist/index.js"});
  if (!profile.empty()) {
    args.push_back("--profile");
    args.push_back(profile);
  }
  args.push_back("gateway");
  args.push_back("--port");
  args.push_back(std::to_string(port));
  json env = {{"HOME", home.string()},
              {"PATH", "/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin"},
              {"OPENCLAW_STATE_DIR", stateDir.string()},
              {"OPENCLAW_CONFIG_PATH", (stateDir / "openclaw.json").string()},
              {"OPENCLAW_LAUNCHD_LABEL", label}};
  if (!profile.empty()) env["OPENCLAW_PROFILE"] = profile;
  return json{{"Label", label},
              {"ProgramArguments", args},
              {"EnvironmentVariables", env},
              {"RunAtLoad", true},
              {"KeepAlive", true},
              {"ThrottleInterval", 10},
              {"StandardOutPath", (stateDir / "logs" / "gateway.log").string()},
              {"StandardErrorPath", (stateDir / "logs" / "gateway.err.log").string()}};
}

json authProfiles(const char* key) {
  return json{{"version", 1},
              {"profiles", {{"anthropic:default", {{"type", "api_key"}, {"provider", "anthropic"}, {"key", key}}}}}};
}

void mkdirMode(const fs::path& dir, mode_t mode) {
  fs::create_directories(dir);
  ::chmod(dir.c_str(), mode);
}

}  // namespace

FixtureHome::FixtureHome() : owned_(std::in_place, "fixture-home"), home_(owned_->path()) { initialise(); }

FixtureHome::FixtureHome(const fs::path& home) : home_(home) { initialise(); }

std::map<std::string, std::string> FixtureHome::environment() const { return {{"HOME", home_.string()}}; }

void FixtureHome::initialise() {
  const fs::path mainState = home_ / ".openclaw";
  const fs::path rescueState = home_ / ".openclaw-rescue";
  const json model = {{"primary", "anthropic/claude-sonnet-4-5"}};

  mainConfig = {
      {"agents",
       {{"defaults", {{"workspace", (mainState / "workspace").string()}, {"model", model}}},
        {"list", json::array({{{"id", "main"}, {"workspace", (mainState / "workspace").string()}}})}}},
      {"channels",
       {{"discord",
         {{"enabled", true},
          {"token", kCanaryMainDiscordToken},
          {"dmPolicy", "allowlist"},
          {"allowFrom", json::array({"123456789012345678"})},
          {"groupPolicy", "disabled"}}}}},
      {"gateway",
       {{"port", 18789}, {"mode", "local"}, {"bind", "loopback"},
        {"auth", {{"mode", "token"}, {"token", kCanaryMainGatewayToken}}}}},
      {"models", sharedModels()},
      {"commands", {{"ownerAllowFrom", json::array({"discord:123456789012345678"})}}},
  };

  // The runbook's "minimal key fragment", plus what R15 and S1 ask for.
  rescueConfig = {
      {"agents",
       {{"defaults",
         {{"elevatedDefault", "full"}, {"workspace", (rescueState / "workspace").string()}, {"model", model}}},
        {"list", json::array({{{"id", "rescue"},
                               {"workspace", (rescueState / "workspace").string()},
                               {"agentDir", (rescueState / "agents/rescue/agent").string()},
                               {"subagents", {{"allowAgents", json::array({"*"})}}}}})}}},
      {"bindings", json::array({{{"agentId", "rescue"}, {"match", {{"channel", "discord"}}}}})},
      {"tools", {{"profile", "full"}, {"exec", {{"security", "full"}, {"ask", "off"}}}}},
      {"channels",
       {{"discord",
         {{"enabled", true},
          {"token", kCanaryRescueDiscordToken},
          {"dmPolicy", "allowlist"},
          {"allowFrom", json::array({"123456789012345678"})},
          {"groupPolicy", "disabled"}}}}},
      {"gateway",
       {{"port", 19001}, {"mode", "local"}, {"bind", "loopback"},
        {"auth", {{"mode", "token"}, {"token", kCanaryRescueGatewayToken}}}}},
      // Not in the runbook: from 2026.5 Discord is an external plugin that needs this trust entry.
      {"plugins",
       {{"entries",
         {{"acpx", {{"enabled", true}, {"config", {{"permissionMode", "approve-all"}}}}},
          {"discord", {{"enabled", true}}}}}}},
      {"models", sharedModels()},
      {"commands", {{"ownerAllowFrom", json::array({"discord:123456789012345678"})}}},
  };

  mainPlist = gatewayPlist(home_, "ai.openclaw.gateway", "", 18789, mainState);
  rescuePlist = gatewayPlist(home_, "ai.openclaw.gateway.rescue", "rescue", 19001, rescueState);
  mainAuthProfiles = authProfiles(kCanaryAnthropicKey);
  rescueAuthProfiles = authProfiles(kCanaryAnthropicKey);
}

void FixtureHome::write() {
  const fs::path mainState = home_ / ".openclaw";
  const fs::path rescueState = home_ / ".openclaw-rescue";
  const fs::path agents = home_ / "Library/LaunchAgents";
  mkdirMode(home_, 0755);
  mkdirMode(mainState, 0700);
  mkdirMode(rescueState, 0700);
  mkdirMode(mainState / "workspace", 0700);
  mkdirMode(rescueState / "workspace", 0700);
  mkdirMode(mainState / "logs", 0700);
  mkdirMode(rescueState / "logs", 0700);
  mkdirMode(mainState / "agents/main/agent", 0700);
  mkdirMode(rescueState / "agents/rescue/agent", 0700);
  mkdirMode(home_ / "Library", 0755);
  mkdirMode(agents, 0755);
  mkdirMode(home_ / "bin", 0755);
  writeFile(home_ / "bin/node", "#!/bin/sh\nexit 0\n", 0755);

  writeFile(mainState / "openclaw.json", mainConfig.dump(2), 0600);
  writeFile(rescueState / "openclaw.json", rescueConfig.dump(2), 0600);
  writeFile(mainState / "agents/main/agent/auth-profiles.json", mainAuthProfiles.dump(2), 0600);
  if (writeRescueAuthProfiles) {
    writeFile(rescueState / "agents/rescue/agent/auth-profiles.json", rescueAuthProfiles.dump(2), 0600);
  } else {
    fs::remove(rescueState / "agents/rescue/agent/auth-profiles.json");
  }
  if (writeMainPlist) writeFile(agents / "ai.openclaw.gateway.plist", toXmlPlist(mainPlist), 0644);
  else fs::remove(agents / "ai.openclaw.gateway.plist");
  if (writeRescuePlist) {
    writeFile(agents / "ai.openclaw.gateway.rescue.plist",
              binaryRescuePlist ? toBinaryPlist(rescuePlist) : toXmlPlist(rescuePlist), 0644);
  } else {
    fs::remove(agents / "ai.openclaw.gateway.rescue.plist");
  }
}

}  // namespace harness::testing
