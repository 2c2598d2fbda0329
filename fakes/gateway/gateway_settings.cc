#include "fakes/gateway/gateway_settings.h"

#include "fakes/gateway/agent_auth.h"

namespace fakes::gateway {
namespace {

std::string envOr(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? std::string() : it->second;
}

harness::Error refusal(std::string message) {
  return harness::Error{harness::ErrorCode::InvalidInput, std::move(message), ""};
}

}  // namespace

harness::Result<GatewaySettings> resolveGatewaySettings(const GatewayOptions& options,
                                                        const std::map<std::string, std::string>& env) {
  auto instance = fakes::openclaw::resolveInstance(
      fakes::openclaw::InstanceOptions{options.profile, options.port, env});
  if (!instance) return instance.error();

  GatewaySettings out;
  out.instance = std::move(*instance);
  const auto& inst = out.instance;

  if (!inst.config) {
    const bool missing = inst.configError && inst.configError->kind == config::ConfigReadError::Kind::Missing;
    if (!(missing && options.allowUnconfigured)) {
      const std::string why = !inst.configError          ? std::string("unreadable")
                              : inst.configError->key.empty() ? inst.configError->message
                                                              : inst.configError->key + ": " + inst.configError->message;
      return refusal("Invalid config at " + inst.configPath.string() + ": " + why);
    }
  }
  const config::FakeOpenClawConfig empty;
  const config::FakeOpenClawConfig& config = inst.config ? *inst.config : empty;
  for (const auto& secret : config.secrets) out.secrets.push_back(secret);

  if (!options.allowUnconfigured) {
    const auto& mode = config.gateway.mode;
    if (mode.value_or("") != "local") {
      return refusal("Gateway start blocked: set gateway.mode=local (current: " + mode.value_or("unset") +
                     ") or pass --allow-unconfigured.");
    }
  }

  const std::string bind = config.gateway.bind.value_or("loopback");
  if (bind == "lan") out.bindHost = "0.0.0.0";
  else if (bind == "custom") out.bindHost = config.gateway.customBindHost.value_or("127.0.0.1");
  else out.bindHost = "127.0.0.1";

  out.authMode = config.gateway.authMode.value_or("token");
  // OpenClaw also takes the gateway secrets from the environment.
  const std::string token = config.gateway.authToken.value_or(envOr(inst.effectiveEnv, "OPENCLAW_GATEWAY_TOKEN"));
  const std::string password =
      config.gateway.authPassword.value_or(envOr(inst.effectiveEnv, "OPENCLAW_GATEWAY_PASSWORD"));
  if (out.authMode == "token" && token.empty()) {
    return refusal("Gateway auth is set to token, but no token is configured");
  }
  if (out.authMode == "password" && password.empty()) {
    return refusal("Gateway auth is set to password, but no password is configured");
  }
  if (!token.empty()) out.secrets.push_back(token);
  if (!password.empty()) out.secrets.push_back(password);

  out.discord.enabled = config.discord.enabled.value_or(true);
  out.discord.token = config.discord.token.value_or("");
  out.discord.configured = !out.discord.token.empty();
  out.discord.apiUrl = envOr(inst.effectiveEnv, "DISCORD_API_URL");
  if (out.discord.configured) out.secrets.push_back(out.discord.token);
  // The model key the agent would send (auth-profiles.json): the log must never show it.
  if (auto key = resolveDiscordAgentAuth(inst.config ? &*inst.config : nullptr, inst.stateDir).apiKey; !key.empty())
    out.secrets.push_back(key);
  return out;
}

}  // namespace fakes::gateway
