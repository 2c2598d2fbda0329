// `openclaw config validate [--json]`: JSON5 parse through the fakes' own config reader
// (fakes/common: a key the fakes read with the wrong type is an issue at that key) plus a
// small strict-schema subset (unknown gateway keys, the runbook's enums, the keys that drifted
// between releases). Output shapes and exit codes recorded from 2026.3.24 and 2026.9.6
// (facts openclaw-drift §2.2; tests/unit/openclaw/testdata).

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>

#include "fakes/openclaw/commands.h"
#include "harness/core/file_reader.h"
#include "harness/core/release_traits.h"

namespace fakes::openclaw {
namespace {

namespace fs = std::filesystem;

struct Issue {
  std::string path;
  std::string message;
};

std::string tildePath(const fs::path& path, const fs::path& home) {
  std::string p = path.string();
  std::string h = home.string();
  if (!h.empty() && p.rfind(h + "/", 0) == 0) return "~" + p.substr(h.size());
  return p;
}

void unknownKeys(const nlohmann::json& object, const std::string& path, const std::set<std::string>& known,
                 std::vector<Issue>& issues) {
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.items()) {
    if (!known.count(key)) issues.push_back({path, "Unrecognized key: \"" + key + "\""});
  }
}

void enumValue(const nlohmann::json& root, const std::string& path, const std::vector<std::string>& allowed,
               std::vector<Issue>& issues) {
  const nlohmann::json* node = &root;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(key)) return;
    node = &(*node)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (node->is_string() && std::find(allowed.begin(), allowed.end(), node->get<std::string>()) != allowed.end()) return;
  std::string expected;
  for (const auto& a : allowed) expected += (expected.empty() ? "" : "|") + ("\"" + a + "\"");
  issues.push_back({path, "Invalid option: expected one of " + expected});
}

const std::set<std::string> kTopLevelKeys = {
    "meta",     "wizard",  "env",     "gateway",  "agents",    "tools",     "channels", "plugins",   "bindings",
    "commands", "session", "logging", "browser",  "models",    "auth",      "skills",   "hooks",     "messages",
    "ui",       "update",  "cron",    "secrets",  "talk",      "web",       "canvasHost", "discovery", "approvals",
    "acp",      "memory",  "audio",   "media",    "broadcast", "diagnostics", "nodeHost"};
const std::set<std::string> kGatewayKeys = {"port",  "mode",           "bind",  "customBindHost", "auth",
                                            "controlUi", "tailscale",  "remote", "reload",        "tls",
                                            "http",  "trustedProxies", "nodes", "push",           "channelHealthCheckMinutes",
                                            "roles"};

}  // namespace

int runConfigValidate(const CliContext& ctx, const std::vector<std::string>& args) {
  bool json = false;
  for (const auto& arg : args) {
    if (arg == "--json") json = true;
    else return unknownOption(ctx, arg);
  }
  auto inst = ctx.instance();
  if (!inst) {
    ctx.err() << inst.error().describe() << "\n";
    return 1;
  }
  const bool modern = ctx.serviceRules();
  const std::string path = inst->configPath.string();
  const std::string shown = tildePath(inst->configPath, inst->home);

  if (!fs::exists(inst->configPath)) {
    if (json) {
      nlohmann::json j = modern ? nlohmann::json{{"ok", false},
                                                 {"error", {{"type", "cli_error"}, {"message", "file not found"}}},
                                                 {"valid", false},
                                                 {"path", path}}
                                : nlohmann::json{{"valid", false}, {"path", path}, {"error", "file not found"}};
      ctx.out() << j.dump() << "\n";
    } else {
      ctx.err() << "Config file not found: " << shown << "\n";
    }
    return 1;
  }

  std::vector<Issue> issues;
  std::vector<Issue> warnings;
  if (!inst->config) {
    const std::string what = inst->configError ? inst->configError->message : "unreadable";
    if (inst->configError && inst->configError->kind == config::ConfigReadError::Kind::WrongType) {
      issues.push_back({inst->configError->key, what});
    } else {
      issues.push_back({"<root>", "JSON5 parse failed: SyntaxError: JSON5: " + what});
    }
  } else {
    const nlohmann::json& root = inst->config->document;
    unknownKeys(root, "<root>", kTopLevelKeys, issues);
    if (root.contains("gateway")) unknownKeys(root["gateway"], "gateway", kGatewayKeys, issues);
    enumValue(root, "gateway.mode", {"local", "remote"}, issues);
    enumValue(root, "gateway.bind", {"auto", "lan", "loopback", "custom", "tailnet"}, issues);
    enumValue(root, "gateway.auth.mode", {"none", "token", "password", "trusted-proxy"}, issues);
    enumValue(root, "tools.exec.security", {"deny", "allowlist", "full"}, issues);
    const nlohmann::json agents = root.value("agents", nlohmann::json::object());
    if (!harness::releaseTraits(ctx.release()).agentsEntries && agents.is_object() && agents.contains("entries")) {
      issues.push_back({"agents", "Unrecognized key: \"entries\""});
    }
    if (!harness::releaseTraits(ctx.release()).execModeKey && root.contains("tools") && root["tools"].is_object() &&
        root["tools"].contains("exec") && root["tools"]["exec"].is_object() && root["tools"]["exec"].contains("mode")) {
      issues.push_back({"tools.exec", "Unrecognized key: \"mode\""});
    }
    if (modern && agents.is_object() && agents.contains("list")) {
      warnings.push_back({"agents.entries", "Moved agents.list to keyed agents.entries."});
    }
  }

  auto toJson = [](const std::vector<Issue>& list) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& i : list) a.push_back({{"path", i.path}, {"message", i.message}});
    return a;
  };

  if (issues.empty()) {
    if (json) {
      nlohmann::json j{{"valid", true}, {"path", path}};
      if (!warnings.empty()) j["warnings"] = toJson(warnings);
      ctx.out() << j.dump() << "\n";
    } else {
      ctx.out() << "Config valid: " << shown << "\n";
      if (!warnings.empty()) {
        ctx.out() << warnings.size() << " warning(s):\n";
        for (const auto& w : warnings) ctx.out() << "  ! " << w.path << ": " << w.message << "\n";
      }
    }
    return 0;
  }

  if (json) {
    nlohmann::json j;
    if (modern) {
      j["ok"] = false;
      j["error"] = {{"type", "cli_error"}, {"message", "OpenClaw config is invalid: " + shown}};
    }
    j["valid"] = false;
    j["path"] = path;
    j["issues"] = toJson(issues);
    printJson(ctx, j);
  } else if (modern) {
    ctx.err() << "OpenClaw config is invalid: " << shown << "\n";
    for (const auto& i : issues) ctx.err() << "  × openclaw.json:1 — " << i.path << ": " << i.message << "\n";
    ctx.err() << "\nRun `" << ctx.cliCommand("doctor --fix") << "` to repair, or fix the keys above manually.\n"
              << "Inspect with " << ctx.cliCommand("config validate") << ".\n";
  } else {
    ctx.err() << "Config invalid at " << shown << ":\n";
    for (const auto& i : issues) ctx.err() << "  × " << i.path << ": " << i.message << "\n";
    ctx.err() << "\nRun `" << ctx.cliCommand("doctor") << "` to repair, or fix the keys above manually.\n";
  }
  return 1;
}

}  // namespace fakes::openclaw
