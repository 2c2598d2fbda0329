#pragma once

// Which agent answers Discord and whether it has model auth: the part of OpenClaw's agent
// runtime the fake needs to reproduce R16 ("No API key found for provider ...").
//
// Agent: the first `bindings[]` entry with match.channel == "discord" → its agentId; else the
// first agent (agents.list / agents.entries); else "main". agentDir: the entry's agentDir, else
// <stateDir>/agents/<id>/agent. Provider: the prefix before "/" of the agent's model, else of
// agents.defaults.model(.primary), else "anthropic". Auth: agentDir/auth-profiles.json parses
// and has a profile whose "provider" is that provider, or agentDir/openclaw-agent.sqlite exists
// (the 2026.7+ store).

#include <filesystem>
#include <string>

#include "fakes/common/fake_openclaw_config.h"

namespace fakes::gateway {

struct AgentAuth {
  std::string agentId;
  std::filesystem::path agentDir;
  std::string provider;
  bool hasAuth = false;
  std::string modelId;  // the agent's model without the provider prefix ("claude-sonnet-4-5")
  std::string apiKey;   // the profile's "key" (never logged); empty with the SQLite store
  std::filesystem::path authStore() const { return agentDir / "auth-profiles.json"; }
};

// Reads the auth files on every call: a copy made while the gateway runs counts at once.
// `config` may be null (started with --allow-unconfigured and no config).
AgentAuth resolveDiscordAgentAuth(const config::FakeOpenClawConfig* config, const std::filesystem::path& stateDir);

}  // namespace fakes::gateway
