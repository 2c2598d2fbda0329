// The rescue config's runbook keys (R6–R15). Every check reads ~/.openclaw-rescue/openclaw.json
// through the snapshot and names the key it judged.

#include "harness/checks/check_support.h"
#include "harness/core/release_traits.h"
#include "harness/checks/port_footprint.h"

namespace harness {
namespace {

using nlohmann::json;

const OpenClawConfig& rescueConfig(const HostSnapshot& snap) { return *snap.rescue.config.config; }

// Fails with a wrong-type or missing message, or returns nullopt when the value equals `expected`.
std::optional<CheckResult> expectValue(const CheckInfo& info, const HostSnapshot& snap, std::string_view key,
                                       const json& expected, std::string_view why) {
  const auto& cfg = rescueConfig(snap);
  auto found = cfg.find(key);
  if (found.value && *found.value == expected) return std::nullopt;
  const std::string want = expected.dump();
  std::string message = found.value ? std::string(key) + " is " + describeValue(found.value) + ", expected " + want
                                    : std::string(key) + " is not set, expected " + want;
  if (!why.empty()) message += " (" + std::string(why) + ")";
  return failed(info, message, {configEvidence(snap.rescue, key)}, configSetCommand(snap.spec.rescue, key, want));
}

#define SKIP_WITHOUT_RESCUE_CONFIG(info, snap) \
  if (auto skip = skipWithoutConfig(info, (snap).rescue)) return *skip

CheckResult discordChannel(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  if (auto r = expectValue(info, snap, "channels.discord.enabled", true, "")) return *r;
  auto token = rescueConfig(snap).find("channels.discord.token");
  if (!token.value || !token.value->is_string() || token.value->get_ref<const std::string&>().empty()) {
    return failed(info, "channels.discord.token is not set to the rescue bot's token",
                  {configEvidence(snap.rescue, "channels.discord.token", true)},
                  "openclaw --profile rescue config set channels.discord.token '<rescue bot token>'");
  }
  return passed(info, "Discord is enabled with a token of its own",
                {configEvidence(snap.rescue, "channels.discord.enabled"),
                 configEvidence(snap.rescue, "channels.discord.token", true)});
}

CheckResult discordPluginTrust(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  const auto& version = snap.spec.openclawVersion;
  // Discord left the core in 2026.5.x; external plugins need an explicit trust entry.
  const bool external = releaseTraits(version).discordIsExternalPlugin;
  auto enabled = rescueConfig(snap).find("plugins.entries.discord.enabled");
  if (enabled.value && *enabled.value == true) {
    return passed(info, "plugins.entries.discord.enabled is true", {configEvidence(snap.rescue, "plugins.entries.discord.enabled")});
  }
  if (!external) {
    return passed(info, "Discord is bundled with OpenClaw " + version + "; no trust entry needed",
                  {configEvidence(snap.rescue, "plugins.entries.discord.enabled")});
  }
  const std::string fix = configSetCommand(snap.spec.rescue, "plugins.entries.discord.enabled", "true");
  const std::string why =
      "from 2026.5 Discord is an external plugin that starts only with plugins.entries.discord.enabled=true";
  if (version.empty()) {
    return warned(info, "plugins.entries.discord.enabled is not true; " + why + " (release unknown)",
                  {configEvidence(snap.rescue, "plugins.entries.discord.enabled")}, fix);
  }
  return failed(info, "plugins.entries.discord.enabled is not true; " + why,
                {configEvidence(snap.rescue, "plugins.entries.discord.enabled")}, fix);
}

CheckResult gatewayPort(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  if (auto r = expectValue(info, snap, "gateway.port", snap.spec.rescue.port,
                           "without it 2026.8.1+ derives port 23532 for profile rescue")) {
    return *r;
  }
  return passed(info, "gateway.port is " + std::to_string(snap.spec.rescue.port),
                {configEvidence(snap.rescue, "gateway.port")});
}

CheckResult workspace(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  const auto& cfg = rescueConfig(snap);
  const auto expected = snap.spec.rescue.workspace;
  std::vector<Evidence> evidence = {configEvidence(snap.rescue, "agents.defaults.workspace")};
  auto defaults = cfg.findString("agents.defaults.workspace");
  if (!defaults.present() ||
      !samePath(expandHome(defaults.value->get_ref<const std::string&>(), snap.spec.home), expected)) {
    return failed(info, "agents.defaults.workspace is not the rescue workspace " + expected.string(), evidence,
                  configSetCommand(snap.spec.rescue, "agents.defaults.workspace", "\"" + expected.string() + "\""));
  }
  if (const auto* agent = cfg.agent(snap.spec.rescue.agentId); agent && !agent->workspace && agent->raw &&
                                                                 agent->raw->is_object() && agent->raw->contains("workspace")) {
    // Present but not a string: OpenClaw refuses the config; the harness must not read it as unset.
    evidence.push_back(configEvidence(snap.rescue, agent->keyPath + ".workspace"));
    return failed(info, "the rescue agent's workspace is " + typeName((*agent->raw)["workspace"]) + ", expected a path",
                  evidence,
                  configSetCommand(snap.spec.rescue, agent->keyPath + ".workspace", "\"" + expected.string() + "\""));
  }
  if (const auto* agent = cfg.agent(snap.spec.rescue.agentId); agent && agent->workspace) {
    evidence.push_back(configEvidence(snap.rescue, agent->keyPath + ".workspace"));
    if (!samePath(*agent->workspace, expected)) {
      return failed(info, "the rescue agent's workspace is not " + expected.string(), evidence,
                    configSetCommand(snap.spec.rescue, agent->keyPath + ".workspace", "\"" + expected.string() + "\""));
    }
  }
  return passed(info, "workspace is " + expected.string(), evidence);
}

CheckResult agent(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  const auto& cfg = rescueConfig(snap);
  const auto& id = snap.spec.rescue.agentId;
  const auto* entry = cfg.agent(id);
  const std::string layoutNote = std::string("layout ") + toString(cfg.agentLayout);
  if (!entry) {
    return failed(info, "no agent with id \"" + id + "\" (" + layoutNote + ")",
                  {configEvidence(snap.rescue, "agents")},
                  "add {\"id\": \"" + id + "\", \"agentDir\": \"" + snap.spec.rescue.agentDir.string() +
                      "\", \"subagents\": {\"allowAgents\": [\"*\"]}} to agents.list (or agents.entries." + id +
                      " on 2026.8.1+)");
  }
  std::vector<Evidence> evidence = {configEvidence(snap.rescue, entry->keyPath + ".agentDir")};
  if (!entry->agentDir || !samePath(*entry->agentDir, snap.spec.rescue.agentDir)) {
    return failed(info, "agent \"" + id + "\" agentDir is not " + snap.spec.rescue.agentDir.string(), evidence,
                  configSetCommand(snap.spec.rescue, entry->keyPath + ".agentDir",
                                   "\"" + snap.spec.rescue.agentDir.string() + "\""));
  }
  const std::string allowKey = entry->keyPath + ".subagents.allowAgents";
  evidence.push_back(configEvidence(snap.rescue, allowKey));
  auto allow = cfg.find(allowKey);
  if (!allow.value || *allow.value != json::array({"*"})) {
    return failed(info, "agent \"" + id + "\" subagents.allowAgents is not [\"*\"]", evidence,
                  configSetCommand(snap.spec.rescue, allowKey, "[\"*\"]"));
  }
  std::string note;
  if (cfg.agentLayout == AgentLayout::List && releaseTraits(snap.spec.openclawVersion).agentsEntries) {
    note = "; agents.list is legacy on " + snap.spec.openclawVersion + " (doctor moves it to agents.entries)";
  }
  return passed(info, "agent \"" + id + "\" has its own agentDir and allows all subagents (" + layoutNote + note + ")",
                evidence);
}

CheckResult execTools(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  const auto& cfg = rescueConfig(snap);
  if (auto r = expectValue(info, snap, "tools.profile", "full", "")) return *r;
  std::vector<Evidence> evidence = {configEvidence(snap.rescue, "tools.profile")};
  // 2026.7.1 added tools.exec.mode; 2026.9.6 doctor folds security+ask into it.
  auto mode = cfg.find("tools.exec.mode");
  if (mode.value) {
    evidence.push_back(configEvidence(snap.rescue, "tools.exec.mode"));
    if (*mode.value != "full") {
      return failed(info, "tools.exec.mode is " + describeValue(mode.value) + ": commands will ask for approval",
                    evidence, configSetCommand(snap.spec.rescue, "tools.exec.mode", "\"full\""));
    }
    return passed(info, "tools.exec.mode is full: commands run without approval prompts", evidence);
  }
  if (auto r = expectValue(info, snap, "tools.exec.security", "full", "approvals stay on otherwise")) return *r;
  if (auto r = expectValue(info, snap, "tools.exec.ask", "off", "approvals stay on otherwise")) return *r;
  evidence.push_back(configEvidence(snap.rescue, "tools.exec.security"));
  evidence.push_back(configEvidence(snap.rescue, "tools.exec.ask"));
  return passed(info, "tools.exec.security=full and ask=off: commands run without approval prompts", evidence);
}

CheckResult elevatedDefault(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  if (auto r = expectValue(info, snap, "agents.defaults.elevatedDefault", "full", "")) return *r;
  return passed(info, "agents.defaults.elevatedDefault is full",
                {configEvidence(snap.rescue, "agents.defaults.elevatedDefault")});
}

CheckResult acpx(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  if (auto r = expectValue(info, snap, "plugins.entries.acpx.enabled", true, "")) return *r;
  if (auto r = expectValue(info, snap, "plugins.entries.acpx.config.permissionMode", "approve-all", "")) return *r;
  std::vector<Evidence> evidence = {configEvidence(snap.rescue, "plugins.entries.acpx.enabled"),
                                    configEvidence(snap.rescue, "plugins.entries.acpx.config.permissionMode")};
  const auto& version = snap.spec.openclawVersion;
  if (const ReleaseTraits traits = releaseTraits(version); traits.acpxIsExternalPlugin) {
    const bool refusesToStart = traits.missingAcpxRefusesStart;
    return warned(info,
                  "acpx is configured, but OpenClaw " + version + " no longer bundles it" +
                      (refusesToStart ? " and the gateway refuses to start without the plugin installed"
                                      : "; the setting has no effect until the plugin is installed"),
                  evidence, "openclaw --profile rescue plugins install @openclaw/acpx");
  }
  return passed(info, "acpx is enabled with permissionMode approve-all", evidence);
}

CheckResult bindings(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  const auto& cfg = rescueConfig(snap);
  const auto& id = snap.spec.rescue.agentId;
  auto list = cfg.findArray("bindings");
  if (list.present()) {
    for (const auto& b : *list.value) {
      if (!b.is_object()) continue;
      auto agent = b.find("agentId");
      auto match = b.find("match");
      if (agent != b.end() && *agent == id && match != b.end() && match->is_object() &&
          match->value("channel", json()) == "discord") {
        return passed(info, "bindings route discord to agent " + id, {configEvidence(snap.rescue, "bindings")});
      }
    }
  }
  return failed(info, "no binding routes channel discord to agent " + id, {configEvidence(snap.rescue, "bindings")},
                "add {\"agentId\": \"" + id + "\", \"match\": {\"channel\": \"discord\"}} to bindings in " +
                    snap.spec.rescue.configPath.string());
}

CheckResult gatewayAuth(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  if (auto r = expectValue(info, snap, "gateway.mode", "local", "")) return *r;
  if (auto r = expectValue(info, snap, "gateway.bind", "loopback", "")) return *r;
  if (auto r = expectValue(info, snap, "gateway.auth.mode", "token", "")) return *r;
  const auto& cfg = rescueConfig(snap);
  std::vector<Evidence> evidence = {configEvidence(snap.rescue, "gateway.auth.token", true)};
  auto token = cfg.findString("gateway.auth.token");
  const std::string fix = "openclaw --profile rescue config set gateway.auth.token \"$(openssl rand -hex 24)\"";
  if (!token.present() || token.value->get_ref<const std::string&>().empty()) {
    return failed(info, "gateway.auth.token is not set", evidence, fix);
  }
  if (snap.main.config.config) {
    auto mainToken = snap.main.config.config->findString("gateway.auth.token");
    if (mainToken.present() && *mainToken.value == *token.value) {
      evidence.push_back(configEvidence(snap.main, "gateway.auth.token", true));
      return failed(info, "rescue gateway.auth.token is the same as main's", evidence, fix);
    }
  }
  return passed(info, "local gateway on loopback with a token of its own", evidence);
}

CheckResult models(const CheckInfo& info, const HostSnapshot& snap) {
  SKIP_WITHOUT_RESCUE_CONFIG(info, snap);
  if (auto skip = skipWithoutConfig(info, snap.main)) return *skip;
  const auto& r = rescueConfig(snap);
  const auto& m = *snap.main.config.config;
  std::vector<Evidence> differences;
  for (const char* key : {"models", "agents.defaults.model", "agents.defaults.models", "auth.profiles", "auth.order"}) {
    auto rv = r.find(key), mv = m.find(key);
    const bool same = (!rv.value && !mv.value) || (rv.value && mv.value && *rv.value == *mv.value);
    if (!same) {
      differences.push_back({snap.spec.rescue.configPath.string(), key,
                             "differs from " + snap.spec.main.configPath.string()});
    }
  }
  if (!differences.empty()) {
    return warned(info, "model settings differ from main's, so the rescue may answer with other models",
                  std::move(differences), "copy these keys from the main config into the rescue config");
  }
  return passed(info, "model and provider settings match main's");
}

}  // namespace

void addRescueConfigChecks(std::vector<StaticCheck>& out) {
  const char* area = "Rescue config";
  out.push_back({{"rescue.config.discord", area, {"R6"}}, &discordChannel});
  out.push_back({{"rescue.config.discord-plugin-trust", area, {"R6", "R23"}}, &discordPluginTrust});
  out.push_back({{"rescue.config.gateway-port", area, {"R7", "R4"}}, &gatewayPort});
  out.push_back({{"rescue.config.workspace", area, {"R8", "R3"}}, &workspace});
  out.push_back({{"rescue.config.agent", area, {"R9"}}, &agent});
  out.push_back({{"rescue.config.exec", area, {"R10", "G5", "R29"}}, &execTools});
  out.push_back({{"rescue.config.elevated-default", area, {"R11", "G5", "R29"}}, &elevatedDefault});
  out.push_back({{"rescue.config.acpx", area, {"R12", "G5", "R29"}}, &acpx});
  out.push_back({{"rescue.config.bindings", area, {"R13"}}, &bindings});
  out.push_back({{"rescue.config.gateway-auth", area, {"R14", "S4"}}, &gatewayAuth});
  out.push_back({{"rescue.config.models", area, {"R15"}}, &models});
}

}  // namespace harness
