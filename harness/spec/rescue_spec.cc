#include "harness/spec/rescue_spec.h"

#include <charconv>
#include <set>
#include <nlohmann/json.hpp>

namespace harness {
namespace {

namespace fs = std::filesystem;

const std::set<std::string, std::less<>> kInstanceKeys = {
    "profile", "stateDir", "configPath", "workspace", "agentId", "agentDir", "port",
    "label", "plistPath", "logPath", "errLogPath", "discordBotName"};

fs::path expand(std::string_view value, const fs::path& home) {
  if (value == "~") return home;
  if (value.size() >= 2 && value[0] == '~' && value[1] == '/') return home / std::string(value.substr(2));
  return fs::path(std::string(value));
}

struct InstanceDefaults {
  const char* name;
  const char* profile;
  const char* stateDir;
  const char* agentId;
  uint16_t port;
  const char* label;
  const char* botName;
};

constexpr InstanceDefaults kMainDefaults{"main", "", "~/.openclaw", "main", 18789, "ai.openclaw.gateway", ""};
constexpr InstanceDefaults kRescueDefaults{"rescue", "rescue", "~/.openclaw-rescue", "rescue", 19001,
                                           "ai.openclaw.gateway.rescue", "OpenClaw Rescue Bot"};

Result<InstanceSpec> buildInstance(const InstanceDefaults& d, const fs::path& home, const fs::path& launchAgentsDir,
                                   const nlohmann::json& overrides, const std::string& where) {
  if (!overrides.is_null() && !overrides.is_object()) {
    return Error{ErrorCode::InvalidInput, "must be an object", where};
  }
  auto text = [&](const char* key, std::string_view fallback) -> Result<std::string> {
    if (!overrides.is_object() || !overrides.contains(key)) return std::string(fallback);
    const auto& v = overrides.at(key);
    if (!v.is_string()) return Error{ErrorCode::InvalidInput, "must be a string", where + "." + key};
    return v.get<std::string>();
  };
  for (auto it = overrides.begin(); overrides.is_object() && it != overrides.end(); ++it) {
    if (!kInstanceKeys.count(it.key())) {
      return Error{ErrorCode::InvalidInput, "unknown key", where + "." + it.key()};
    }
  }
  InstanceSpec s;
  s.name = d.name;
  auto profile = text("profile", d.profile);
  if (!profile) return profile.error();
  s.profile = *profile;
  auto stateDir = text("stateDir", d.stateDir);
  if (!stateDir) return stateDir.error();
  s.stateDir = expand(*stateDir, home);
  auto agentId = text("agentId", d.agentId);
  if (!agentId) return agentId.error();
  s.agentId = *agentId;
  auto label = text("label", d.label);
  if (!label) return label.error();
  s.label = *label;

  struct PathKey {
    const char* key;
    fs::path InstanceSpec::*member;
    fs::path derived;
  };
  const PathKey paths[] = {
      {"configPath", &InstanceSpec::configPath, s.stateDir / "openclaw.json"},
      {"workspace", &InstanceSpec::workspace, s.stateDir / "workspace"},
      {"agentDir", &InstanceSpec::agentDir, s.stateDir / "agents" / s.agentId / "agent"},
      {"plistPath", &InstanceSpec::plistPath, launchAgentsDir / (s.label + ".plist")},
      {"logPath", &InstanceSpec::logPath, s.stateDir / "logs" / "gateway.log"},
      {"errLogPath", &InstanceSpec::errLogPath, s.stateDir / "logs" / "gateway.err.log"},
  };
  for (const auto& p : paths) {
    auto v = text(p.key, "");
    if (!v) return v.error();
    s.*(p.member) = v->empty() ? p.derived : expand(*v, home);
  }
  auto bot = text("discordBotName", d.botName);
  if (!bot) return bot.error();
  s.discordBotName = *bot;

  s.port = d.port;
  if (overrides.is_object() && overrides.contains("port")) {
    const auto& v = overrides.at("port");
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 65535) {
      return Error{ErrorCode::InvalidInput, "must be an integer port between 1 and 65535", where + ".port"};
    }
    s.port = static_cast<uint16_t>(v.get<int64_t>());
  }
  return s;
}

}  // namespace

RescueSpec defaultRescueSpec(const fs::path& home) {
  auto spec = buildRescueSpec(home, nlohmann::json::object());
  return std::move(spec).value();  // defaults cannot fail
}

Result<RescueSpec> buildRescueSpec(const fs::path& homeIn, const nlohmann::json& overrides) {
  if (!overrides.is_object()) return Error{ErrorCode::InvalidInput, "spec must be a JSON object", "spec"};
  static const std::set<std::string, std::less<>> kTopKeys = {"home", "openclawVersion", "launchAgentsDir", "main",
                                                              "rescue"};
  for (auto it = overrides.begin(); it != overrides.end(); ++it) {
    if (!kTopKeys.count(it.key())) return Error{ErrorCode::InvalidInput, "unknown key", "spec." + it.key()};
  }
  RescueSpec spec;
  spec.home = homeIn;
  if (overrides.contains("home")) {
    if (!overrides["home"].is_string()) return Error{ErrorCode::InvalidInput, "must be a string", "spec.home"};
    spec.home = expand(overrides["home"].get<std::string>(), homeIn);
  }
  spec.launchAgentsDir = spec.home / "Library" / "LaunchAgents";
  if (overrides.contains("launchAgentsDir")) {
    if (!overrides["launchAgentsDir"].is_string()) {
      return Error{ErrorCode::InvalidInput, "must be a string", "spec.launchAgentsDir"};
    }
    spec.launchAgentsDir = expand(overrides["launchAgentsDir"].get<std::string>(), spec.home);
  }
  if (overrides.contains("openclawVersion")) {
    if (!overrides["openclawVersion"].is_string()) {
      return Error{ErrorCode::InvalidInput, "must be a string", "spec.openclawVersion"};
    }
    spec.openclawVersion = overrides["openclawVersion"].get<std::string>();
  }
  auto main = buildInstance(kMainDefaults, spec.home, spec.launchAgentsDir, overrides.value("main", nlohmann::json()),
                            "spec.main");
  if (!main) return main.error();
  auto rescue = buildInstance(kRescueDefaults, spec.home, spec.launchAgentsDir,
                              overrides.value("rescue", nlohmann::json()), "spec.rescue");
  if (!rescue) return rescue.error();
  spec.main = std::move(*main);
  spec.rescue = std::move(*rescue);
  return spec;
}

Status setSpecOverride(nlohmann::json& overrides, std::string_view key, std::string_view value) {
  const std::string k(key);
  if (k == "openclawVersion" || k == "launchAgentsDir" || k == "home") {
    overrides[k] = std::string(value);
    return ok();
  }
  auto dot = k.find('.');
  if (dot == std::string::npos) return Error{ErrorCode::InvalidInput, "expected main.KEY or rescue.KEY", k};
  std::string instance = k.substr(0, dot), field = k.substr(dot + 1);
  if (instance != "main" && instance != "rescue") {
    return Error{ErrorCode::InvalidInput, "instance must be main or rescue", k};
  }
  if (!kInstanceKeys.count(field)) return Error{ErrorCode::InvalidInput, "unknown key", k};
  if (field == "port") {
    int port = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      return Error{ErrorCode::InvalidInput, "port must be an integer", k};
    }
    overrides[instance][field] = port;
  } else {
    overrides[instance][field] = std::string(value);
  }
  return ok();
}

nlohmann::json toJson(const RescueSpec& spec) {
  auto instance = [](const InstanceSpec& s) {
    return nlohmann::json{{"profile", s.profile},          {"stateDir", s.stateDir.string()},
                          {"configPath", s.configPath.string()}, {"workspace", s.workspace.string()},
                          {"agentId", s.agentId},          {"agentDir", s.agentDir.string()},
                          {"port", s.port},                {"label", s.label},
                          {"plistPath", s.plistPath.string()}, {"logPath", s.logPath.string()},
                          {"errLogPath", s.errLogPath.string()}, {"discordBotName", s.discordBotName}};
  };
  return nlohmann::json{{"home", spec.home.string()},
                        {"launchAgentsDir", spec.launchAgentsDir.string()},
                        {"openclawVersion", spec.openclawVersion},
                        {"main", instance(spec.main)},
                        {"rescue", instance(spec.rescue)}};
}

}  // namespace harness
