#include "harness/checks/host_snapshot.h"

#include <unistd.h>

#include <algorithm>

namespace harness {
namespace {

namespace fs = std::filesystem;

LoadedPlist loadPlist(const fs::path& path) {
  LoadedPlist out;
  out.file = inspectPath(path);
  if (!out.file.exists() && out.file.error.empty()) return out;
  auto parsed = readPlistFile(path);
  if (parsed) out.plist = std::move(*parsed);
  else out.error = parsed.error();
  return out;
}

LoadedJson loadJson(const fs::path& path) {
  LoadedJson out;
  out.file = inspectPath(path);
  if (!out.file.exists() && out.file.error.empty()) return out;
  auto bytes = readFileLimited(path);
  if (!bytes) {
    out.error = bytes.error();
    return out;
  }
  auto parsed = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    out.error = Error{ErrorCode::InvalidInput, "is not valid JSON", path.string()};
  } else {
    out.json = std::move(parsed);
  }
  return out;
}

// OpenClaw's precedence: the process environment wins, then the state dir's .env, then the
// config's own env.vars (applied only where the variable is missing).
std::map<std::string, std::string> instanceEnvironment(const fs::path& stateDir,
                                                       const std::map<std::string, std::string>& processEnv) {
  auto env = processEnv;
  auto dotenv = readFileLimited(stateDir / ".env", 1 << 20);
  if (dotenv) {
    for (auto& [k, v] : parseDotenv(*dotenv)) env.emplace(k, v);
  }
  return env;
}

void addSecretsFromJson(const nlohmann::json& node, Redactor& redactor, int depth = 0) {
  if (depth > 64) return;
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it->is_string() && isSecretKeyName(it.key())) redactor.addSecret(it->get_ref<const std::string&>());
      else addSecretsFromJson(*it, redactor, depth + 1);
    }
  } else if (node.is_array()) {
    for (const auto& v : node) addSecretsFromJson(v, redactor, depth + 1);
  }
}

InstanceSnapshot loadInstance(const InstanceSpec& spec, const std::map<std::string, std::string>& processEnv,
                              const fs::path& home, Redactor& redactor) {
  InstanceSnapshot s;
  s.spec = spec;
  s.stateDir = inspectPath(spec.stateDir);
  s.workspace = inspectPath(spec.workspace);
  s.agentDir = inspectPath(spec.agentDir);
  s.env = instanceEnvironment(spec.stateDir, processEnv);

  s.config.file = inspectPath(spec.configPath);
  if (s.config.file.exists() || !s.config.file.error.empty()) {
    auto loaded = loadOpenClawConfig(spec.configPath, ConfigEnvironment{s.env, home});
    if (loaded) {
      // Second pass for env.vars: they fill in only what the environment lacks.
      if (const auto* vars = loaded->find("env.vars").value; vars && vars->is_object()) {
        bool added = false;
        for (auto it = vars->begin(); it != vars->end(); ++it) {
          if (it->is_string() && !s.env.count(it.key())) {
            s.env.emplace(it.key(), it->get<std::string>());
            redactor.addSecret(it->get<std::string>());
            added = true;
          }
        }
        if (added) loaded = loadOpenClawConfig(spec.configPath, ConfigEnvironment{s.env, home});
      }
    }
    if (loaded) {
      for (const auto& secret : loaded->secretValues) redactor.addSecret(secret);
      s.config.config = std::move(*loaded);
    } else {
      s.config.error = loaded.error();
    }
  }

  s.plist = loadPlist(spec.plistPath);
  if (s.plist.plist) {
    if (const auto& env = s.plist.plist->root; env.contains("EnvironmentVariables")) {
      addSecretsFromJson(env["EnvironmentVariables"], redactor);
    }
  }

  s.authProfiles = loadJson(spec.agentDir / "auth-profiles.json");
  if (s.authProfiles.json) addSecretsFromJson(*s.authProfiles.json, redactor);
  s.authDatabase = inspectPath(spec.agentDir / "openclaw-agent.sqlite");

  std::error_code ec;
  for (auto it = fs::directory_iterator(spec.stateDir / "service-env", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->path().extension() == ".env") s.serviceEnvFiles.push_back(inspectPath(it->path()));
  }
  for (auto it = fs::directory_iterator(spec.agentDir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().filename().string().rfind("auth-profiles.json.migrated", 0) == 0) {
      s.migratedAuthProfiles.push_back(inspectPath(it->path()));
    }
  }
  auto byPath = [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; };
  std::sort(s.serviceEnvFiles.begin(), s.serviceEnvFiles.end(), byPath);
  std::sort(s.migratedAuthProfiles.begin(), s.migratedAuthProfiles.end(), byPath);
  return s;
}

}  // namespace

HostSnapshot loadHostSnapshot(const RescueSpec& spec, const std::map<std::string, std::string>& processEnv) {
  HostSnapshot snap;
  snap.spec = spec;
  snap.currentUser = ::geteuid();
  // Secrets in the process environment (a token exported for ${VAR}) are masked too.
  for (const auto& [k, v] : processEnv) {
    if (isSecretKeyName(k)) snap.redactor.addSecret(v);
  }
  snap.main = loadInstance(spec.main, processEnv, spec.home, snap.redactor);
  snap.rescue = loadInstance(spec.rescue, processEnv, spec.home, snap.redactor);
  snap.launchAgentsDir = inspectPath(spec.launchAgentsDir);
  snap.officialRescuePlist = loadPlist(spec.launchAgentsDir / (spec.officialRescueLabel + ".plist"));
  snap.legacyRescueConfig = inspectPath(spec.main.stateDir / "openclaw-rescue.json");
  snap.legacyRescueWorkspace = inspectPath(spec.main.stateDir / "workspace-rescue");
  return snap;
}


}  // namespace harness
