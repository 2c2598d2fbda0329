#pragma once

// HostSnapshot: everything the static checks look at, read once from the user's home.
// Loading does all the I/O (and never writes); the checks are pure functions over the
// snapshot, so unit tests can build one from fixtures and the whole static run is one pass
// over a handful of files.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/openclaw_config.h"
#include "harness/core/environment.h"
#include "harness/core/file_reader.h"
#include "harness/core/redactor.h"
#include "harness/core/result.h"
#include "harness/plist/plist_reader.h"
#include "harness/spec/rescue_spec.h"

namespace harness {

struct LoadedConfig {
  FileInfo file;
  std::optional<OpenClawConfig> config;  // set when the file parsed
  std::optional<Error> error;            // why it could not be read or parsed
};

struct LoadedPlist {
  FileInfo file;
  std::optional<ParsedPlist> plist;
  std::optional<Error> error;
};

struct LoadedJson {
  FileInfo file;
  std::optional<nlohmann::json> json;
  std::optional<Error> error;
};

struct LoadedText {
  FileInfo file;
  std::optional<std::string> text;  // set for a regular file inside the home (never a symlink)
  std::optional<Error> error;
};

// The fields of an auth-profiles.json profile that hold a credential.
inline constexpr const char* kAuthProfileSecretFields[] = {"key", "access", "refresh", "token", "apiKey"};

struct InstanceSnapshot {
  InstanceSpec spec;
  FileInfo stateDir;
  FileInfo workspace;
  FileInfo agentDir;
  LoadedConfig config;
  LoadedPlist plist;
  LoadedJson authProfiles;    // <agentDir>/auth-profiles.json (runtime store until 2026.7)
  FileInfo authDatabase;      // <agentDir>/openclaw-agent.sqlite (2026.7+)
  std::vector<FileInfo> authDatabaseSidecars;  // its -wal and -shm files (hold the same secrets)
  FileInfo dotEnv;            // <stateDir>/.env (${VAR} values, often the tokens themselves)
  std::vector<FileInfo> serviceEnvFiles;  // <stateDir>/service-env/*.env (2026.4.29+)
  std::vector<FileInfo> migratedAuthProfiles;  // auth-profiles.json.migrated-* left by doctor
  std::map<std::string, std::string> env;      // what ${VAR} resolved against for this instance
  // The plist's program paths (Program, and ProgramArguments up to the command) with symlinks
  // resolved where they exist on this host: which OpenClaw install the job runs (G10).
  std::map<std::string, std::filesystem::path> resolvedPrograms;  // as written -> canonical
  // The workspace's agent instruction files (AGENTS.md, TOOLS.md) that exist (G8).
  std::vector<LoadedText> instructionFiles;
};

struct HostSnapshot {
  RescueSpec spec;
  InstanceSnapshot main;
  InstanceSnapshot rescue;
  FileInfo launchAgentsDir;
  LoadedPlist officialRescuePlist;  // ~/Library/LaunchAgents/ai.openclaw.rescue.plist (R20)
  FileInfo legacyRescueConfig;      // ~/.openclaw/openclaw-rescue.json (R27)
  FileInfo legacyRescueWorkspace;   // ~/.openclaw/workspace-rescue (R28)
  uid_t currentUser = 0;            // owner expected for secret-holding files (S3)
  Redactor redactor;                // every secret value seen while loading
};

// Reads the host as described by `spec`. `processEnv` is the environment ${VAR} resolves
// against (OpenClaw also reads <stateDir>/.env and the config's env.vars when a variable is
// missing; so does this). Never fails: unreadable inputs become LoadedX::error.
// Only the home is read: a path the spec puts inside spec.home whose real location is outside it
// (a symlink, or a symlinked directory above it) is stat()ed but never opened or listed; its
// LoadedX::error is Unsupported and names both paths. A path the spec itself puts outside the
// home (--set rescue.configPath=/elsewhere) is read as asked.
HostSnapshot loadHostSnapshot(const RescueSpec& spec, const std::map<std::string, std::string>& processEnv);

}  // namespace harness
