#include "fakes/gateway/agent_auth.h"

#include <nlohmann/json.hpp>

#include "harness/core/file_reader.h"

namespace fakes::gateway {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// "anthropic/claude-sonnet-4-5" → "anthropic"; "" when absent.
std::string providerOfModel(const std::string& ref) {
  auto slash = ref.find('/');
  return slash == std::string::npos ? "" : ref.substr(0, slash);
}

std::string modelIdOf(const std::string& ref) {
  auto slash = ref.find('/');
  return slash == std::string::npos ? ref : ref.substr(slash + 1);
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

AgentAuth resolveDiscordAgentAuth(const config::FakeOpenClawConfig* config, const fs::path& stateDir) {
  AgentAuth out;
  const config::Agent* entry = nullptr;
  if (config) {
    out.agentId = config->discordAgentId;
    if (out.agentId.empty() && !config->agents.empty()) out.agentId = config->agents.front().id;
    if (!out.agentId.empty()) entry = config->agent(out.agentId);
  }
  if (out.agentId.empty()) out.agentId = "main";

  out.agentDir = entry && entry->agentDir ? *entry->agentDir : stateDir / "agents" / out.agentId / "agent";

  if (entry && !entry->model.empty()) {
    out.provider = providerOfModel(entry->model);
    out.modelId = modelIdOf(entry->model);
  }
  if (out.provider.empty() && config && !config->defaultModel.empty()) {
    out.provider = providerOfModel(config->defaultModel);
    out.modelId = modelIdOf(config->defaultModel);
  }
  if (out.modelId.empty()) out.modelId = "claude-sonnet-4-5";
  if (out.provider.empty()) out.provider = "anthropic";

  std::error_code ec;
  out.hasAuth = authProfilesCover(out.authStore(), out.provider, &out.apiKey) ||
                fs::exists(out.agentDir / "openclaw-agent.sqlite", ec);
  return out;
}

}  // namespace fakes::gateway
