#include "harness/checks/host_snapshot.h"

#include <unistd.h>

#include <algorithm>
#include <optional>

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool componentsWithin(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

// Why `path` must not be read: the spec puts it inside `home`, but a symlink (the file itself or
// a directory above it) takes it outside. Following it would let a planted link make the harness
// read, and quote in its findings, any file the user can read (a key, another account's config).
std::optional<Error> escapesHome(const fs::path& path, const fs::path& home) {
  if (home.empty() || !componentsWithin(path.lexically_normal(), home.lexically_normal())) return std::nullopt;
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(path, ec);
  if (ec) return std::nullopt;  // the read itself reports what is wrong
  const fs::path realHome = fs::weakly_canonical(home, ec);
  if (ec || componentsWithin(real, realHome)) return std::nullopt;
  return Error{ErrorCode::Unsupported,
               "resolves to " + real.string() + ", outside the home " + home.string() +
                   ": not read (verify-host reads only the home it checks; name the real path with --set or --spec "
                   "to check it)",
               path.string()};
}

LoadedPlist loadPlist(const fs::path& path, const fs::path& home) {
  LoadedPlist out;
  out.file = inspectPath(path);
  if (!out.file.exists() && out.file.error.empty()) return out;
  if (auto outside = escapesHome(path, home)) {
    out.error = std::move(outside);
    return out;
  }
  auto parsed = readPlistFile(path);
  if (parsed) out.plist = std::move(*parsed);
  else out.error = parsed.error();
  return out;
}

LoadedJson loadJson(const fs::path& path, const fs::path& home) {
  LoadedJson out;
  out.file = inspectPath(path);
  if (!out.file.exists() && out.file.error.empty()) return out;
  if (auto outside = escapesHome(path, home)) {
    out.error = std::move(outside);
    return out;
  }
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
std::map<std::string, std::string> instanceEnvironment(const fs::path& stateDir, const fs::path& home,
                                                       const std::map<std::string, std::string>& processEnv) {
  auto env = processEnv;
  if (escapesHome(stateDir / ".env", home)) return env;
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

// The credential fields of auth-profiles.json ({type: api_key, key}, {type: oauth, access,
// refresh}, {type: token, token}): "key", "access" and "refresh" are not secret-looking names
// anywhere else, so they are registered here by position.
void addAuthProfileSecrets(const nlohmann::json& root, Redactor& redactor) {
  if (!root.is_object()) return;
  auto profiles = root.find("profiles");
  if (profiles == root.end() || !profiles->is_object()) return;
  for (const auto& profile : *profiles) {
    if (!profile.is_object()) continue;
    for (const char* field : kAuthProfileSecretFields) {
      auto v = profile.find(field);
      if (v != profile.end() && v->is_string()) redactor.addSecret(v->get_ref<const std::string&>());
    }
  }
}

// Absolute program paths a plist names before its command words, each resolved (canonical)
// where it exists; left out where it does not.
std::map<std::string, fs::path> resolveProgramPaths(const json& root) {
  std::vector<std::string> paths;
  if (auto it = root.find("Program"); it != root.end() && it->is_string()) paths.push_back(*it);
  if (auto it = root.find("ProgramArguments"); it != root.end() && it->is_array()) {
    for (const auto& arg : *it) {
      if (!arg.is_string()) continue;
      const std::string text = arg.get<std::string>();
      if (text == "gateway" || text.rfind("--", 0) == 0) break;
      paths.push_back(text);
    }
  }
  std::map<std::string, fs::path> out;
  for (const auto& p : paths) {
    if (!fs::path(p).is_absolute()) continue;
    std::error_code ec;
    auto real = fs::canonical(p, ec);
    if (!ec) out[p] = real;
  }
  return out;
}

InstanceSnapshot loadInstance(const InstanceSpec& spec, const std::map<std::string, std::string>& processEnv,
                              const fs::path& home, Redactor& redactor) {
  InstanceSnapshot s;
  s.spec = spec;
  s.stateDir = inspectPath(spec.stateDir);
  s.workspace = inspectPath(spec.workspace);
  s.agentDir = inspectPath(spec.agentDir);
  s.env = instanceEnvironment(spec.stateDir, home, processEnv);
  s.dotEnv = inspectPath(spec.stateDir / ".env");

  s.config.file = inspectPath(spec.configPath);
  if (auto outside = escapesHome(spec.configPath, home); outside && s.config.file.exists()) {
    s.config.error = std::move(outside);
  } else if (s.config.file.exists() || !s.config.file.error.empty()) {
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

  s.plist = loadPlist(spec.plistPath, home);
  if (s.plist.plist) {
    if (const auto& env = s.plist.plist->root; env.contains("EnvironmentVariables")) {
      addSecretsFromJson(env["EnvironmentVariables"], redactor);
    }
  }

  if (s.plist.plist && s.plist.plist->root.is_object()) s.resolvedPrograms = resolveProgramPaths(s.plist.plist->root);
  for (const char* name : {"AGENTS.md", "TOOLS.md"}) {
    LoadedText t;
    t.file = inspectPath(spec.workspace / name);
    if (!t.file.exists() && !t.file.isSymlink()) continue;
    if (auto outside = escapesHome(t.file.path, home)) {
      t.error = std::move(outside);
    } else if (t.file.isSymlink()) {
      t.error = Error{ErrorCode::InvalidInput, "a symlink: not read", t.file.path.string()};
    } else if (auto text = readFileLimited(t.file.path, 1u << 20)) {
      t.text = std::move(*text);
    } else {
      t.error = text.error();
    }
    s.instructionFiles.push_back(std::move(t));
  }

  s.authProfiles = loadJson(spec.agentDir / "auth-profiles.json", home);
  if (s.authProfiles.json) {
    addSecretsFromJson(*s.authProfiles.json, redactor);
    addAuthProfileSecrets(*s.authProfiles.json, redactor);
  }
  s.authDatabase = inspectPath(spec.agentDir / "openclaw-agent.sqlite");
  for (const char* sidecar : {"-wal", "-shm"}) {
    auto info = inspectPath(s.authDatabase.path.string() + sidecar);
    if (info.exists() || info.isSymlink()) s.authDatabaseSidecars.push_back(std::move(info));
  }

  // Directory listings stay inside the home too (a listing names another user's files).
  std::error_code ec;
  const fs::path serviceEnvDir = spec.stateDir / "service-env";
  for (auto it = escapesHome(serviceEnvDir, home) ? fs::directory_iterator() : fs::directory_iterator(serviceEnvDir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".env") s.serviceEnvFiles.push_back(inspectPath(it->path()));
  }
  ec.clear();
  for (auto it = escapesHome(spec.agentDir, home) ? fs::directory_iterator() : fs::directory_iterator(spec.agentDir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
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
  snap.officialRescuePlist = loadPlist(spec.launchAgentsDir / (spec.officialRescueLabel + ".plist"), spec.home);
  snap.legacyRescueConfig = inspectPath(spec.main.stateDir / "openclaw-rescue.json");
  snap.legacyRescueWorkspace = inspectPath(spec.main.stateDir / "workspace-rescue");
  return snap;
}


}  // namespace harness
