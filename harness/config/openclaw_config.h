#pragma once

// An OpenClaw config (openclaw.json) as the harness reads it: JSON5, ${VAR} substitution,
// `~` in paths, both agent layouts. What OpenClaw would resolve but the harness deliberately
// does not ($include, SecretRef objects) is reported as an issue with its key path, never
// guessed at.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/config/key_path.h"
#include "harness/core/result.h"

namespace harness {

// KeyPath (in key_path.h): dotted key path with array indices: "agents.list[0].agentDir",
// "channels.discord.token". Keys containing '.' or '[' are written quoted:
// plugins.entries["my.plugin"].enabled. appendKey/parseKeyPath there format and parse them.

struct ConfigEnvironment {
  std::map<std::string, std::string> vars;  // what ${VAR} resolves against
  std::filesystem::path home;               // what a leading ~ expands to
};

enum class ConfigIssueKind {
  DuplicateKey,       // the same key twice in one object (last wins, as in OpenClaw)
  UnresolvedEnvVar,   // ${VAR} with VAR unset or empty: OpenClaw keeps it visibly unresolved
  Include,            // "$include" present: not followed by the harness
  SecretRef,          // {source, provider, id} object where a string was expected
};

const char* toString(ConfigIssueKind kind);

struct ConfigIssue {
  ConfigIssueKind kind;
  KeyPath keyPath;
  std::string message;  // never contains a secret value
};

enum class AgentLayout {
  None,     // neither agents.list nor agents.entries
  List,     // agents.list[] (runbook era, ≤ 2026.7)
  Entries,  // agents.entries.<id> (2026.8.1+)
  Both,     // both present: OpenClaw 2026.9.6 migrates list into entries in memory
};

const char* toString(AgentLayout layout);

struct AgentEntry {
  std::string id;
  KeyPath keyPath;  // where the entry lives: "agents.list[0]" or "agents.entries.rescue"
  std::optional<std::string> workspace;  // ~ expanded
  std::optional<std::string> agentDir;   // ~ expanded
  // The entry's object in OpenClawConfig::resolved. OpenClawConfig's copy and move operations
  // re-point it into the new object's `resolved` (via keyPath), so it never dangles.
  const nlohmann::json* raw = nullptr;
};

// Outcome of looking up a key path with an expected type.
struct Lookup {
  enum class State { Missing, WrongType, Present } state = State::Missing;
  const nlohmann::json* value = nullptr;  // set when Present or WrongType
  std::string actualType;                  // "string", "number", "object", ... when WrongType
  bool present() const { return state == State::Present; }
};

class OpenClawConfig {
 public:
  OpenClawConfig() = default;
  // Copies and moves re-point agents[i].raw into this object's `resolved`.
  OpenClawConfig(const OpenClawConfig& other);
  OpenClawConfig(OpenClawConfig&& other) noexcept;
  OpenClawConfig& operator=(const OpenClawConfig& other);
  OpenClawConfig& operator=(OpenClawConfig&& other) noexcept;
  ~OpenClawConfig() = default;

  std::filesystem::path path;
  nlohmann::json raw;       // as parsed
  nlohmann::json resolved;  // after ${VAR} substitution ($${VAR} → literal ${VAR})
  std::vector<ConfigIssue> issues;
  // Every string value found under a secret-holding key (tokens, passwords, apiKey, ...),
  // after substitution, for the Redactor. Never printed.
  std::vector<std::string> secretValues;
  AgentLayout agentLayout = AgentLayout::None;
  std::vector<AgentEntry> agents;  // from list, then entries not already listed

  // Path lookups into `resolved`. Wrong types are reported, not thrown.
  Lookup find(std::string_view keyPath) const;
  Lookup findString(std::string_view keyPath) const;
  Lookup findBool(std::string_view keyPath) const;
  Lookup findInteger(std::string_view keyPath) const;
  Lookup findObject(std::string_view keyPath) const;
  Lookup findArray(std::string_view keyPath) const;

  std::optional<std::string> string(std::string_view keyPath) const;
  std::optional<bool> boolean(std::string_view keyPath) const;
  std::optional<int64_t> integer(std::string_view keyPath) const;

  const AgentEntry* agent(std::string_view id) const;  // first agent with that id
  bool hasIssue(ConfigIssueKind kind) const;

  // Sets agents[i].raw to the object at agents[i].keyPath in `resolved` (nullptr if absent).
  void rebindAgents();
};

// Parses text as openclaw.json. Fails only when the text is not JSON5 at all or the root is
// not an object (error message includes line/column; context = pathForMessages).
Result<OpenClawConfig> parseOpenClawConfig(std::string_view text, const std::filesystem::path& pathForMessages,
                                           const ConfigEnvironment& env);

// readFileLimited + parseOpenClawConfig.
Result<OpenClawConfig> loadOpenClawConfig(const std::filesystem::path& path, const ConfigEnvironment& env);

// "~" and "~/x" → home and home/x; anything else unchanged.
std::string expandHome(std::string_view path, const std::filesystem::path& home);

// Parses a dotenv file body (KEY=value, export KEY=value, quotes, # comments) into vars.
std::map<std::string, std::string> parseDotenv(std::string_view text);

// True for key names whose values are secrets: token, password, secret, apiKey, api_key,
// clientSecret, privateKey, ... (case-insensitive, by suffix/containment).
bool isSecretKeyName(std::string_view key);

}  // namespace harness
