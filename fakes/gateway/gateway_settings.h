#pragma once

// What the fake gateway decides before it binds anything: the resolved instance (profile,
// state dir, config, port: fakes/openclaw/instance.h, shared with the fake CLI), the bind
// host, gateway auth and the Discord channel. Every refusal OpenClaw makes at this stage is an
// Error whose message is the text the real gateway logs.

#include <map>
#include <string>
#include <vector>

#include "fakes/gateway/gateway_options.h"
#include "fakes/openclaw/instance.h"
#include "harness/core/result.h"

namespace fakes::gateway {

struct DiscordSettings {
  bool enabled = false;     // channels.discord.enabled != false
  bool configured = false;  // a token is set
  std::string token;        // never logged
  std::string apiUrl;       // DISCORD_API_URL (process env, else <stateDir>/.env); "" = unset
};

struct GatewaySettings {
  fakes::openclaw::Instance instance;
  std::string bindHost = "127.0.0.1";  // gateway.bind: loopback → 127.0.0.1, lan → 0.0.0.0
  std::string authMode = "token";      // gateway.auth.mode (default token, as OpenClaw)
  DiscordSettings discord;
  // Every secret value known at startup (config secrets, tokens), for the logger's Redactor.
  std::vector<std::string> secrets;
};

// Errors (message = the log text after the timestamp and subsystem):
//  - `Invalid config at <path>: <why>` for a missing (unless --allow-unconfigured) or unparsable config;
//  - `Gateway start blocked: set gateway.mode=local (current: <v|unset>) or pass --allow-unconfigured.`;
//  - `Gateway auth is set to token, but no token is configured` (likewise for password);
//  - instance resolution errors (bad profile name, HOME unset).
harness::Result<GatewaySettings> resolveGatewaySettings(const GatewayOptions& options,
                                                        const std::map<std::string, std::string>& env);

}  // namespace fakes::gateway
