// Rescue agent auth (R16, G4, R29): the rescue agent has model credentials of its own, in the
// store the OpenClaw release in use actually reads, covering the providers its models use.
//
// Up to 2026.6 the runtime store is <agentDir>/auth-profiles.json (the runbook copies main's).
// From 2026.7 it is <agentDir>/openclaw-agent.sqlite and the JSON file is only a migration
// source that `doctor --fix` imports (2026.8.1+ logs AUTH_PROFILE_MIGRATION_REQUIRED when
// only the JSON file is there). See shared/facts/openclaw-drift.md §2.5.

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "harness/checks/check_support.h"
#include "harness/core/release_traits.h"
#include "harness/checks/port_footprint.h"
#include "harness/config/key_path.h"

namespace harness {
namespace {

using nlohmann::json;

constexpr const char* kAuthFileName = "auth-profiles.json";
// OpenClaw's built-in default model when none is configured is an Anthropic one.
constexpr const char* kDefaultProvider = "anthropic";

enum class Release { Unknown, JsonStore, SqliteStore };

Release authRelease(const RescueSpec& spec) {
  const ReleaseTraits traits = releaseTraits(spec.openclawVersion);
  if (!traits.known()) return Release::Unknown;
  return traits.authStoreIsSqlite ? Release::SqliteStore : Release::JsonStore;
}

std::string releaseText(const RescueSpec& spec) {
  return spec.openclawVersion.empty() ? "the OpenClaw release is unknown" : "OpenClaw " + spec.openclawVersion;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The runbook's copy step, with the spec's real paths.
std::string copyAuthCommand(const HostSnapshot& snap) {
  const auto from = shellQuote((snap.spec.main.agentDir / kAuthFileName).string());
  const auto to = shellQuote((snap.spec.rescue.agentDir / kAuthFileName).string());
  return "cp " + from + " " + to + " && chmod 600 " + to;
}

std::string doctorCommand(const HostSnapshot& snap) { return openclawCommand(snap.spec.rescue) + " doctor --fix"; }

std::string loginCommand(const HostSnapshot& snap, const std::string& provider) {
  return openclawCommand(snap.spec.rescue) + " models auth login --provider " + provider;
}

// What the legacy JSON store holds, judged without trusting its shape.
struct AuthJson {
  enum class State { Missing, Unreadable, Invalid, Usable } state = State::Missing;
  Evidence evidence;  // file, key and what is wrong (or how many profiles)
  std::map<std::string, std::string> providers;  // provider (lower case) -> profile key path
};

AuthJson readAuthJson(const LoadedJson& loaded) {
  AuthJson out;
  out.evidence = fileEvidence(loaded.file);
  if (loaded.error) {
    out.state = AuthJson::State::Unreadable;
    out.evidence.detail = loaded.error->message;
    return out;
  }
  if (!loaded.json) return out;  // Missing (fileEvidence says so, incl. a dangling symlink)
  const json& root = *loaded.json;
  out.state = AuthJson::State::Invalid;
  if (!root.is_object()) {
    out.evidence.detail = std::string("root is a JSON ") + root.type_name() + ", expected an object";
    return out;
  }
  out.evidence.key = "profiles";
  auto it = root.find("profiles");
  if (it == root.end()) {
    out.evidence.detail = "missing";
    return out;
  }
  if (!it->is_object()) {
    out.evidence.detail = std::string("is a JSON ") + it->type_name() + ", expected an object of profiles";
    return out;
  }
  if (it->empty()) {
    out.evidence.detail = "is empty: no model credentials";
    return out;
  }
  for (auto p = it->begin(); p != it->end(); ++p) {
    if (!p->is_object()) continue;
    std::string provider;
    auto field = p->find("provider");
    if (field != p->end() && field->is_string()) provider = field->get<std::string>();
    if (provider.empty()) provider = p.key().substr(0, p.key().find(':'));
    if (!provider.empty()) out.providers.emplace(lower(provider), childKeyPath("profiles", p.key()));
  }
  const auto usable = std::count_if(it->begin(), it->end(), [](const json& p) { return p.is_object() && !p.empty(); });
  if (usable == 0) {
    out.providers.clear();
    out.evidence.detail = "has no profile object: no model credentials";
    return out;
  }
  out.state = AuthJson::State::Usable;
  out.evidence.detail = std::to_string(usable) + " profile(s)";
  return out;
}

bool isUsableFile(const FileInfo& f) { return f.isRegularFile(); }

// ---------------------------------------------------------------------------------------------
// rescue.auth.store

CheckResult checkAuthStore(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& rescue = snap.rescue;
  const Release release = authRelease(snap.spec);
  const AuthJson authJson = readAuthJson(rescue.authProfiles);
  const bool hasJson = authJson.state == AuthJson::State::Usable;
  const bool hasDb = isUsableFile(rescue.authDatabase);
  const bool dbPresentButBroken = rescue.authDatabase.exists() && !hasDb;

  std::vector<Evidence> evidence{authJson.evidence, fileEvidence(rescue.authDatabase)};
  if (dbPresentButBroken) evidence.back().detail += " (not a regular file)";
  for (const auto& migrated : rescue.migratedAuthProfiles) {
    evidence.push_back(fileEvidence(migrated, "archived by doctor --fix after importing it into the SQLite store"));
  }
  const std::string jsonPath = (snap.spec.rescue.agentDir / kAuthFileName).string();
  const std::string dbPath = rescue.authDatabase.path.string();
  const std::string release_ = releaseText(snap.spec);

  // A JSON file that exists but cannot be used is reported whenever the release may read it.
  const bool jsonBroken =
      authJson.state == AuthJson::State::Unreadable || authJson.state == AuthJson::State::Invalid;
  const std::string jsonProblem = jsonPath + (authJson.evidence.key.empty() ? "" : " (" + authJson.evidence.key + ")") +
                                  ": " + authJson.evidence.detail;

  switch (release) {
    case Release::JsonStore:
      if (hasJson) {
        return passed(info, "rescue agent has its own auth-profiles.json (" + authJson.evidence.detail + ")", evidence);
      }
      if (jsonBroken) {
        return failed(info, "rescue auth store is unusable: " + jsonProblem, evidence,
                      "restore it from main's store: " + copyAuthCommand(snap));
      }
      return failed(info,
                    "rescue agent has no auth-profiles.json: " + release_ +
                        " reads model auth from it, so replies fail with \"No API key found for provider\"",
                    evidence, copyAuthCommand(snap));

    case Release::SqliteStore:
      if (hasDb) {
        if (jsonBroken || hasJson) {
          evidence[0].detail += "; not read at runtime by " + release_ + " (the SQLite store is)";
        }
        return passed(info, "rescue agent has its own SQLite auth store (" + release_ + ")", evidence);
      }
      if (hasJson) {
        return failed(info,
                      release_ + " reads model auth from openclaw-agent.sqlite; auth-profiles.json alone is not read "
                                 "(2026.8.1+ logs AUTH_PROFILE_MIGRATION_REQUIRED and replies have no credentials)",
                      evidence, doctorCommand(snap) + "   # imports " + jsonPath + " into " + dbPath);
      }
      if (jsonBroken) {
        return failed(info, "rescue agent has no SQLite auth store and its auth-profiles.json is unusable: " + jsonProblem,
                      evidence, copyAuthCommand(snap) + " && " + doctorCommand(snap));
      }
      return failed(info,
                    "rescue agent has no auth store (" + release_ +
                        " reads openclaw-agent.sqlite); replies fail with \"No API key found for provider\"",
                    evidence, copyAuthCommand(snap) + " && " + doctorCommand(snap) +
                                  "   # if main's auth-profiles.json was already migrated away, log the rescue agent "
                                  "in instead: " + loginCommand(snap, kDefaultProvider));

    case Release::Unknown:
      break;
  }

  // Unknown release: either store will do, but a broken JSON file is still a fault.
  if (jsonBroken && !hasDb) {
    return failed(info, "rescue auth store is unusable: " + jsonProblem, evidence,
                  "restore it from main's store: " + copyAuthCommand(snap));
  }
  if (hasJson && hasDb) {
    return passed(info, "rescue agent has auth-profiles.json and openclaw-agent.sqlite (" + release_ + ")", evidence);
  }
  if (hasDb) {
    if (jsonBroken) evidence[0].detail += "; only a migration source from 2026.7 on";
    return passed(info, "rescue agent has openclaw-agent.sqlite (the 2026.7+ store; " + release_ + ")", evidence);
  }
  if (hasJson) {
    return passed(info,
                  "rescue agent has auth-profiles.json (the store up to 2026.6; from 2026.7 run " + doctorCommand(snap) +
                      " to import it; " + release_ + ")",
                  evidence);
  }
  return failed(info,
                "rescue agent has neither auth-profiles.json nor openclaw-agent.sqlite; replies fail with "
                "\"No API key found for provider\"",
                evidence, copyAuthCommand(snap) + "   # on OpenClaw 2026.7+ then run " + doctorCommand(snap));
}

// ---------------------------------------------------------------------------------------------
// rescue.auth.providers

struct ModelUse {
  std::map<std::string, std::string> providers;  // provider (lower case) -> key path using it
  std::vector<Evidence> problems;               // wrong types, named by key path
  std::vector<Evidence> notes;                  // model refs without a provider prefix
};

void addModelRef(const InstanceSnapshot& inst, const json& value, const std::string& keyPath, ModelUse& use) {
  if (!value.is_string()) {
    use.problems.push_back({inst.spec.configPath.string(), keyPath,
                            std::string("is a JSON ") + value.type_name() + ", expected a \"provider/model\" string"});
    return;
  }
  const auto& ref = value.get_ref<const std::string&>();
  const auto slash = ref.find('/');
  if (slash == std::string::npos || slash == 0) {
    use.notes.push_back({inst.spec.configPath.string(), keyPath,
                         "\"" + ref + "\" has no provider prefix (an alias?); its provider is not checked"});
    return;
  }
  use.providers.emplace(lower(ref.substr(0, slash)), keyPath);
}

// A model setting: "provider/model" or {primary, fallbacks}.
void addModelSetting(const InstanceSnapshot& inst, const json& value, const std::string& keyPath, ModelUse& use) {
  if (value.is_string()) {
    addModelRef(inst, value, keyPath, use);
    return;
  }
  if (!value.is_object()) {
    use.problems.push_back({inst.spec.configPath.string(), keyPath,
                            std::string("is a JSON ") + value.type_name() +
                                ", expected \"provider/model\" or {primary, fallbacks}"});
    return;
  }
  if (auto p = value.find("primary"); p != value.end()) addModelRef(inst, *p, keyPath + ".primary", use);
  if (auto f = value.find("fallbacks"); f != value.end()) {
    if (!f->is_array()) {
      use.problems.push_back({inst.spec.configPath.string(), keyPath + ".fallbacks",
                              std::string("is a JSON ") + f->type_name() + ", expected an array of \"provider/model\""});
    } else {
      for (size_t i = 0; i < f->size(); ++i) {
        addModelRef(inst, (*f)[i], keyPath + ".fallbacks[" + std::to_string(i) + "]", use);
      }
    }
  }
}

ModelUse modelsUsed(const InstanceSnapshot& inst) {
  ModelUse use;
  const auto& config = *inst.config.config;
  auto defaults = config.find("agents.defaults.model");
  if (defaults.value) addModelSetting(inst, *defaults.value, "agents.defaults.model", use);
  for (const auto& agent : config.agents) {
    if (!agent.raw || !agent.raw->is_object()) continue;
    if (auto m = agent.raw->find("model"); m != agent.raw->end()) {
      addModelSetting(inst, *m, childKeyPath(agent.keyPath, "model"), use);
    }
  }
  if (use.providers.empty() && use.problems.empty() && use.notes.empty()) {
    use.providers.emplace(kDefaultProvider, "agents.defaults.model");
    use.notes.push_back({inst.spec.configPath.string(), "agents.defaults.model",
                         "<missing>: OpenClaw's built-in default model uses provider anthropic"});
  }
  return use;
}

// Credentials that do not live in the auth store: models.providers.<p>.apiKey in the config,
// or <PROVIDER>_API_KEY in the LaunchAgent's environment.
std::string otherCredentialSource(const InstanceSnapshot& inst, const std::string& provider) {
  const auto& resolved = inst.config.config->resolved;
  if (auto models = resolved.find("models"); models != resolved.end() && models->is_object()) {
    if (auto providers = models->find("providers"); providers != models->end() && providers->is_object()) {
      for (auto p = providers->begin(); p != providers->end(); ++p) {
        if (lower(p.key()) != provider || !p->is_object()) continue;
        auto key = p->find("apiKey");
        if (key == p->end()) continue;
        if ((key->is_string() && !isPlaceholderSecret(key->get_ref<const std::string&>())) || key->is_object()) {
          return "models.providers." + p.key() + ".apiKey";
        }
      }
    }
  }
  if (inst.plist.plist && inst.plist.plist->root.is_object()) {
    const auto& root = inst.plist.plist->root;
    if (auto env = root.find("EnvironmentVariables"); env != root.end() && env->is_object()) {
      std::string var;
      for (char c : provider) var += (std::isalnum(static_cast<unsigned char>(c))) ? static_cast<char>(std::toupper(c)) : '_';
      var += "_API_KEY";
      if (auto v = env->find(var); v != env->end() && v->is_string() && !v->get_ref<const std::string&>().empty()) {
        return "EnvironmentVariables." + var;
      }
    }
  }
  return {};
}

CheckResult checkAuthProviders(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& rescue = snap.rescue;
  if (auto skip = skipWithoutConfig(info, rescue)) return *skip;

  const AuthJson authJson = readAuthJson(rescue.authProfiles);
  const bool hasDb = isUsableFile(rescue.authDatabase);
  const Release release = authRelease(snap.spec);
  if (hasDb && (authJson.state != AuthJson::State::Usable || release == Release::SqliteStore)) {
    return skipped(info,
                   "the rescue agent's credentials are in openclaw-agent.sqlite; providers are checked live through "
                   "the installed CLI",
                   {fileEvidence(rescue.authDatabase,
                                 "SQLite store; run " + openclawCommand(snap.spec.rescue) +
                                     " models status --agent " + snap.spec.rescue.agentId + " --check")});
  }
  if (authJson.state != AuthJson::State::Usable) {
    return skipped(info, "no usable rescue auth store to read; see rescue.auth.store", {authJson.evidence});
  }

  ModelUse use = modelsUsed(rescue);
  std::vector<Evidence> evidence = use.problems;
  std::vector<std::string> missing;
  for (const auto& [provider, keyPath] : use.providers) {
    if (auto it = authJson.providers.find(provider); it != authJson.providers.end()) {
      evidence.push_back({rescue.authProfiles.file.path.string(), it->second,
                          "covers provider \"" + provider + "\" used by " + keyPath});
      continue;
    }
    if (auto source = otherCredentialSource(rescue, provider); !source.empty()) {
      evidence.push_back({source.rfind("Environment", 0) == 0 ? rescue.spec.plistPath.string()
                                                               : rescue.spec.configPath.string(),
                          source, "<set>: credential for provider \"" + provider + "\" outside the auth store"});
      continue;
    }
    missing.push_back(provider);
    evidence.push_back({rescue.spec.configPath.string(), keyPath,
                        "uses provider \"" + provider + "\", which has no profile in " +
                            rescue.authProfiles.file.path.string()});
  }
  evidence.insert(evidence.end(), use.notes.begin(), use.notes.end());

  // Providers main is logged in to but rescue is not (R15: rescue answers with the same models).
  std::vector<std::string> mainOnly;
  const AuthJson mainJson = readAuthJson(snap.main.authProfiles);
  if (mainJson.state == AuthJson::State::Usable) {
    for (const auto& [provider, keyPath] : mainJson.providers) {
      if (authJson.providers.count(provider)) continue;
      mainOnly.push_back(provider);
      evidence.push_back({snap.main.authProfiles.file.path.string(), keyPath,
                          "main has provider \"" + provider + "\"; the rescue agent does not"});
    }
  }

  auto joinQuoted = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& p : v) s += (s.empty() ? "\"" : ", \"") + p + "\"";
    return s;
  };

  if (!use.problems.empty()) {
    return failed(info, "rescue model settings have the wrong type; the providers they use cannot be determined",
                  evidence,
                  configSetCommand(rescue.spec, use.problems.front().key, "\"anthropic/claude-sonnet-4-5\"") +
                      "   # a \"provider/model\" string, or {\"primary\": ..., \"fallbacks\": [...]}");
  }
  if (!missing.empty()) {
    return failed(info,
                  "rescue models use provider(s) " + joinQuoted(missing) +
                      " with no auth profile: replies fail with `No API key found for provider \"" + missing.front() +
                      "\"`",
                  evidence,
                  copyAuthCommand(snap) + "   # if main's store has no profile for " + missing.front() +
                      " either: " + loginCommand(snap, missing.front()));
  }
  if (!mainOnly.empty()) {
    return warned(info,
                  "rescue has auth for every provider its models use, but lacks " + joinQuoted(mainOnly) +
                      " that main has",
                  evidence, copyAuthCommand(snap));
  }
  return passed(info, "every provider the rescue's models use has an auth profile", evidence);
}

}  // namespace

void addAuthChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"rescue.auth.store", "Rescue agent auth", {"R16", "G4", "R29"}}, &checkAuthStore});
  out.push_back({{"rescue.auth.providers", "Rescue agent auth", {"R16", "G4"}}, &checkAuthProviders});
}

}  // namespace harness
