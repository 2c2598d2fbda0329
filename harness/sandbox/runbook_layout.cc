#include "harness/sandbox/runbook_layout.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "harness/plist/plist_reader.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json sharedModels() {
  return json{{"providers",
               {{"anthropic",
                 // Real releases reject a provider without its `models` list.
                 {{"baseUrl", "https://api.anthropic.com"}, {"api", "anthropic-messages"}, {"models", json::array()}}}}}};
}

json gatewayPlist(const fs::path& home, const std::string& label, const std::string& profile, int port,
                  const fs::path& stateDir) {
  const json args =
      gatewayProgramArguments({(home / "bin/node").string(), "/opt/homebrew/lib/node_modules/openclaw/dist/index.js"},
                              profile, port);
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

Status mkdirMode(const fs::path& dir, mode_t mode) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || ::chmod(dir.c_str(), mode) != 0) {
    return Error{ErrorCode::Io, "cannot create directory: " + (ec ? ec.message() : std::string(std::strerror(errno))),
                 dir.string()};
  }
  return ok();
}

Status writeFileMode(const fs::path& path, std::string_view contents, mode_t mode) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(contents.data(), static_cast<std::streamsize>(contents.size()))) {
      return Error{ErrorCode::Io, "cannot write", path.string()};
    }
  }
  if (::chmod(path.c_str(), mode) != 0) return Error{ErrorCode::Io, std::strerror(errno), path.string()};
  return ok();
}

Status removeIfPresent(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
  if (ec) return Error{ErrorCode::Io, "cannot remove: " + ec.message(), path.string()};
  return ok();
}

}  // namespace

json gatewayProgramArguments(const std::vector<std::string>& program, const std::string& profile, int port) {
  json args = json::array();
  for (const auto& p : program) args.push_back(p);
  if (!profile.empty()) {
    args.push_back("--profile");
    args.push_back(profile);
  }
  args.push_back("gateway");
  args.push_back("--port");
  args.push_back(std::to_string(port));
  return args;
}

RunbookLayout::RunbookLayout(fs::path home) : home_(std::move(home)) {
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
          {"allowFrom", json::array({kOwnerDiscordId})},
          {"groupPolicy", "disabled"}}}}},
      {"gateway",
       {{"port", 18789}, {"mode", "local"}, {"bind", "loopback"},
        {"auth", {{"mode", "token"}, {"token", kCanaryMainGatewayToken}}}}},
      {"models", sharedModels()},
      {"commands", {{"ownerAllowFrom", json::array({std::string("discord:") + kOwnerDiscordId})}}},
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
          {"allowFrom", json::array({kOwnerDiscordId})},
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
      {"commands", {{"ownerAllowFrom", json::array({std::string("discord:") + kOwnerDiscordId})}}},
  };

  mainPlist = gatewayPlist(home_, "ai.openclaw.gateway", "", 18789, mainState);
  rescuePlist = gatewayPlist(home_, "ai.openclaw.gateway.rescue", "rescue", 19001, rescueState);
  mainAuthProfiles = authProfiles(kCanaryAnthropicKey);
  rescueAuthProfiles = authProfiles(kCanaryAnthropicKey);
}

Status RunbookLayout::write() const {
  const fs::path mainState = home_ / ".openclaw";
  const fs::path rescueState = home_ / ".openclaw-rescue";
  const fs::path agents = home_ / "Library/LaunchAgents";
  for (const auto& [dir, mode] : std::initializer_list<std::pair<fs::path, mode_t>>{
           {home_, 0755}, {mainState, 0700}, {rescueState, 0700}, {mainState / "workspace", 0700},
           {rescueState / "workspace", 0700}, {mainState / "logs", 0700}, {rescueState / "logs", 0700},
           {mainState / "agents/main/agent", 0700}, {rescueState / "agents/rescue/agent", 0700},
           {home_ / "Library", 0755}, {agents, 0755}, {home_ / "bin", 0755}}) {
    if (auto s = mkdirMode(dir, mode); !s) return s;
  }
  // The plists' program lives inside the home so S3's "program directory not writable by
  // others" judges a real file on any machine.
  if (auto s = writeFileMode(home_ / "bin/node", "#!/bin/sh\nexit 0\n", 0755); !s) return s;
  if (auto s = writeFileMode(mainState / "openclaw.json", mainConfig.dump(2), 0600); !s) return s;
  if (auto s = writeFileMode(rescueState / "openclaw.json", rescueConfig.dump(2), 0600); !s) return s;
  if (auto s = writeFileMode(mainState / "agents/main/agent/auth-profiles.json", mainAuthProfiles.dump(2), 0600); !s) {
    return s;
  }
  const fs::path rescueAuth = rescueState / "agents/rescue/agent/auth-profiles.json";
  if (auto s = writeRescueAuthProfiles ? writeFileMode(rescueAuth, rescueAuthProfiles.dump(2), 0600)
                                       : removeIfPresent(rescueAuth);
      !s) {
    return s;
  }
  const fs::path mainPlistPath = agents / "ai.openclaw.gateway.plist";
  if (auto s = writeMainPlist ? writeFileMode(mainPlistPath, toXmlPlist(mainPlist), 0644) : removeIfPresent(mainPlistPath);
      !s) {
    return s;
  }
  const fs::path rescuePlistPath = agents / "ai.openclaw.gateway.rescue.plist";
  if (!writeRescuePlist) return removeIfPresent(rescuePlistPath);
  return writeFileMode(rescuePlistPath, binaryRescuePlist ? toBinaryPlist(rescuePlist) : toXmlPlist(rescuePlist), 0644);
}

}  // namespace harness
