#pragma once

// The fakes' own reading of openclaw.json: only the keys the fake gateway and the fake `openclaw`
// CLI act on, read the way OpenClaw reads them: JSON5; ${VAR} in string values from the process
// environment plus <stateDir>/.env ($${VAR} stays a literal ${VAR}; an unset or empty VAR is left
// as written); `~` in agent paths; a secret input (gateway.auth.token, channels.discord.token,
// a provider's apiKey) may be a SecretRef {source: "env", id: VAR}.
//
// Deliberately not the harness's config model (harness/config/openclaw_config.h): the scenarios
// check the harness against these fakes, so a bug in the harness's reading must not be copied
// here (tests/link_rule checks no fake includes it). The JSON5 tokenizer (harness/config/json5.h,
// library harness_json5) is shared: it is a separate, fuzzed component; an accepted decision.
//
// Like OpenClaw's schema validation, a key the fakes read holding the wrong type makes the file
// invalid ("Expected string, received number" at that key). Keys the fakes do not read are not
// checked.
//
//   auto read = fakes::config::readFakeOpenClawConfig(stateDir / "openclaw.json", {env, home});
//   if (!read.config) log(read.error->describe());   // "<file>: gateway.port: Expected ..."

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fakes::config {

struct Agent {
  std::string id;
  std::optional<std::filesystem::path> workspace;  // ~ expanded
  std::optional<std::filesystem::path> agentDir;   // ~ expanded
  std::string model;  // "provider/model" (the string, or the object's "primary"); "" when unset
};

struct ModelProvider {
  std::optional<std::string> baseUrl;
  std::optional<std::string> api;  // "anthropic-messages", ...
  std::optional<std::string> apiKey;
};

struct GatewaySection {
  std::optional<int64_t> port;
  std::optional<std::string> mode;  // "local" | "remote"
  std::optional<std::string> bind;  // "loopback" | "lan" | "custom" | ...
  std::optional<std::string> customBindHost;
  std::optional<std::string> authMode;
  std::optional<std::string> authToken;
  std::optional<std::string> authPassword;
};

struct DiscordSection {
  std::optional<bool> enabled;
  std::optional<std::string> token;
  std::optional<std::string> dmPolicy;        // channels.discord.dmPolicy
  std::optional<std::string> legacyDmPolicy;  // channels.discord.dm.policy (older releases)
  std::optional<std::string> groupPolicy;
  std::optional<std::vector<std::string>> allowFrom;  // user ids; numbers read as their digits
};

struct ExecSection {
  std::optional<std::string> security;  // tools.exec.security (≤ 2026.7)
  std::optional<std::string> mode;      // tools.exec.mode (2026.8.1+)
};

struct FakeOpenClawConfig {
  std::filesystem::path file;
  nlohmann::json document;  // as parsed, before ${VAR} substitution (`config validate` checks its keys)
  GatewaySection gateway;
  DiscordSection discord;
  ExecSection exec;
  std::vector<Agent> agents;   // agents.list[], then agents.entries.<id> not already listed
  std::string discordAgentId;  // agentId of the first bindings[] entry with match.channel "discord"
  std::string defaultModel;    // agents.defaults.model (string or .primary)
  std::map<std::string, ModelProvider> modelProviders;  // models.providers.<name>
  // Every string under a secret-named key (token, password, apiKey, secret, ...) and every
  // resolved SecretRef, after substitution: for the fake gateway's log redactor. Never printed.
  std::vector<std::string> secrets;

  const Agent* agent(std::string_view id) const;  // first agent with that id
};

struct ConfigReadError {
  enum class Kind { Missing, Unreadable, Malformed, WrongType };
  Kind kind = Kind::Unreadable;
  std::filesystem::path file;
  std::string key;      // WrongType: the key path ("gateway.port", "agents.list[0].workspace")
  std::string message;  // "file not found", "line 3, column 5: ...", "Expected integer, received string"
  std::string describe() const;  // "<file>: <key>: <message>" (key only when set)
};

struct ConfigEnvironment {
  std::map<std::string, std::string> vars;  // what ${VAR} and SecretRef env ids resolve against
  std::filesystem::path home;               // what a leading ~ expands to
};

// Exactly one of config and error is set.
struct ConfigRead {
  std::optional<FakeOpenClawConfig> config;
  std::optional<ConfigReadError> error;
};

ConfigRead parseFakeOpenClawConfig(std::string_view text, const std::filesystem::path& file,
                                   const ConfigEnvironment& env);
// Missing when the file does not exist; Unreadable when it cannot be read or is over 8 MiB.
ConfigRead readFakeOpenClawConfig(const std::filesystem::path& file, const ConfigEnvironment& env);

// "~" and "~/x" → home and home/x (as OpenClaw's resolveUserPath); anything else unchanged.
std::string expandUserPath(std::string_view path, const std::filesystem::path& home);

}  // namespace fakes::config
