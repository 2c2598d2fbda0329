#include "fakes/gateway/agent_auth.h"

#include <nlohmann/json.hpp>

#include "harness/core/file_reader.h"

namespace fakes::gateway {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// "anthropic/claude-sonnet-4-5" or {"primary": "..."}; "" when absent.
std::string modelRef(const json* model) {
  if (!model) return "";
  if (model->is_string()) return model->get<std::string>();
  if (model->is_object() && model->contains("primary") && (*model)["primary"].is_string())
    return (*model)["primary"].get<std::string>();
  return "";
}

// "anthropic/claude-sonnet-4-5" → "anthropic"; "" when absent.
std::string providerOfModel(const json* model) {
  const std::string id = modelRef(model);
  auto slash = id.find('/');
  return slash == std::string::npos ? "" : id.substr(0, slash);
}

std::string modelIdOf(const json* model) {
  const std::string id = modelRef(model);
  auto slash = id.find('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

bool authProfilesCover(const fs::path& file, const std::string& provider, std::string* key) {
  auto text = harness::readFileLimited(file, harness::kMaxInputFileBytes);
  if (!text) return false;
  json doc = json::parse(*text, nullptr, false);
  if (!doc.is_object() || !doc.contains("profiles")) return false;
  const json& profiles = doc["profiles"];
  auto matches = [&](const json& p) {
    const bool match = p.is_object() && p.contains("provider") && p["provider"].is_string() &&
                       p["provider"].get<std::string>() == provider;
    if (match && key && p.contains("key") && p["key"].is_string()) *key = p["key"].get<std::string>();
    return match;
  };
  if (profiles.is_object()) {
    for (const auto& [key, value] : profiles.items()) {
      if (matches(value)) return true;
    }
  } else if (profiles.is_array()) {
    for (const auto& value : profiles) {
      if (matches(value)) return true;
    }
  }
  return false;
}

}  // namespace

AgentAuth resolveDiscordAgentAuth(const harness::OpenClawConfig* config, const fs::path& stateDir) {
  AgentAuth out;
  const harness::AgentEntry* entry = nullptr;
  if (config) {
    const json& bindings = config->resolved.contains("bindings") ? config->resolved["bindings"] : json();
    if (bindings.is_array()) {
      for (const auto& b : bindings) {
        if (b.is_object() && b.contains("match") && b["match"].is_object() && b["match"].value("channel", "") == "discord" &&
            b.contains("agentId") && b["agentId"].is_string()) {
          out.agentId = b["agentId"].get<std::string>();
          break;
        }
      }
    }
    if (out.agentId.empty() && !config->agents.empty()) out.agentId = config->agents.front().id;
    if (!out.agentId.empty()) entry = config->agent(out.agentId);
  }
  if (out.agentId.empty()) out.agentId = "main";

  out.agentDir = entry && entry->agentDir ? fs::path(*entry->agentDir) : stateDir / "agents" / out.agentId / "agent";

  if (entry && entry->raw && entry->raw->is_object() && entry->raw->contains("model")) {
    out.provider = providerOfModel(&(*entry->raw)["model"]);
    out.modelId = modelIdOf(&(*entry->raw)["model"]);
  }
  if (out.provider.empty() && config) {
    auto defaults = config->find("agents.defaults.model");
    if (defaults.value) {
      out.provider = providerOfModel(defaults.value);
      out.modelId = modelIdOf(defaults.value);
    }
  }
  if (out.modelId.empty()) out.modelId = "claude-sonnet-4-5";
  if (out.provider.empty()) out.provider = "anthropic";

  std::error_code ec;
  out.hasAuth = authProfilesCover(out.authStore(), out.provider, &out.apiKey) ||
                fs::exists(out.agentDir / "openclaw-agent.sqlite", ec);
  return out;
}

}  // namespace fakes::gateway
