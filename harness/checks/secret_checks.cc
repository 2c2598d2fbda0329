// security.placeholder-secrets (S2): every secret in both configs and both plists is a real
// value, not a placeholder, an empty string or an unresolved ${VAR}.

#include <set>
#include <string>
#include <vector>

#include "harness/checks/security_findings.h"
#include "harness/config/key_path.h"

namespace harness::security {
namespace {

void findPlaceholders(const json& node, const KeyPath& path, bool secret, const std::set<std::string>& unresolved,
                      const std::string& file, std::vector<Evidence>& out, int depth = 0) {
  if (depth > 64) return;
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      findPlaceholders(*it, childKeyPath(path, it.key()), secret || isSecretKeyName(it.key()), unresolved, file, out,
                       depth + 1);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      findPlaceholders(node[i], childKeyPath(path, i), secret, unresolved, file, out, depth + 1);
    }
  } else if (secret && node.is_string()) {
    const auto& v = node.get_ref<const std::string&>();
    if (unresolved.count(path)) {
      out.push_back({file, path, "refers to an unset environment variable: OpenClaw would use the literal text"});
    } else if (isPlaceholderSecret(v)) {
      out.push_back({file, path, v.empty() ? "<empty>" : "placeholder value, not a real secret"});
    }
  }
}

}  // namespace

CheckResult checkPlaceholderSecrets(const CheckInfo& info, const HostSnapshot& snap) {
  std::vector<Evidence> problems, notes;
  std::vector<std::string> files;
  int judged = 0;
  for (const InstanceSnapshot* inst : {&snap.main, &snap.rescue}) {
    const std::string file = inst->spec.configPath.string();
    const size_t before = problems.size();
    if (!inst->config.config) {
      notes.push_back({file, "", inst->spec.name + " config not readable (see " + inst->spec.name +
                                     ".config.readable); its secrets were not checked"});
    } else {
      ++judged;
      const auto& config = *inst->config.config;
      const auto unresolved = unresolvedKeyPaths(config);
      findPlaceholders(config.resolved, "", false, unresolved, file, problems);

      // Secrets that must exist at all.
      auto authMode = config.find("gateway.auth.mode");
      if (authMode.value && authMode.value->is_string() && authMode.value->get<std::string>() == "token") {
        auto token = config.find("gateway.auth.token");
        if (!token.value && !plistEnvSet(*inst, "OPENCLAW_GATEWAY_TOKEN")) {
          problems.push_back({file, "gateway.auth.token", "<missing> while gateway.auth.mode is \"token\""});
        } else if (token.value && !token.value->is_string() && !token.value->is_object()) {
          problems.push_back({file, "gateway.auth.token", "is " + typeName(*token.value) + ", expected a string"});
        }
      }
      if (inst == &snap.rescue) {
        auto token = config.find("channels.discord.token");
        bool accountToken = false;
        if (auto accounts = config.find("channels.discord.accounts"); accounts.value && accounts.value->is_object()) {
          for (auto a = accounts.value->begin(); a != accounts.value->end(); ++a) {
            const std::string key = childKeyPath(childKeyPath("channels.discord.accounts", a.key()), "token");
            if (usableSecret(member(*a, "token"), key, unresolved)) accountToken = true;
          }
        }
        if (!token.value && !accountToken && !plistEnvSet(*inst, "DISCORD_BOT_TOKEN")) {
          problems.push_back({file, "channels.discord.token", "<missing>: the rescue bot cannot log in"});
        } else if (token.value && !token.value->is_string() && !token.value->is_object()) {
          problems.push_back({file, "channels.discord.token", "is " + typeName(*token.value) + ", expected a string"});
        }
      }
    }
    // Credentials in the agent's auth store (S2 covers them too: a placeholder key there
    // fails every reply with "No API key found").
    if (const auto& store = inst->authProfiles; store.json && store.json->is_object()) {
      const std::string storeFile = store.file.path.string();
      auto profiles = store.json->find("profiles");
      if (profiles != store.json->end() && profiles->is_object()) {
        for (auto p = profiles->begin(); p != profiles->end(); ++p) {
          if (!p->is_object()) continue;
          for (const char* field : kAuthProfileSecretFields) {
            auto v = p->find(field);
            if (v == p->end()) continue;
            const std::string key = childKeyPath(childKeyPath("profiles", p.key()), field);
            if (!v->is_string()) {
              problems.push_back({storeFile, key, "is " + typeName(*v) + ", expected a string"});
            } else if (isPlaceholderSecret(v->get_ref<const std::string&>())) {
              problems.push_back({storeFile, key, v->get_ref<const std::string&>().empty() ? "<empty>" : "placeholder value"});
            }
          }
        }
      }
    }
    // Secret-named variables in the LaunchAgent environment.
    if (const json* env = plistEnvironment(*inst)) {
      for (auto it = env->begin(); it != env->end(); ++it) {
        if (isSecretKeyName(it.key()) && it->is_string() && isPlaceholderSecret(it->get_ref<const std::string&>())) {
          problems.push_back({inst->spec.plistPath.string(), "EnvironmentVariables." + it.key(),
                              it->get_ref<const std::string&>().empty() ? "<empty>" : "placeholder value"});
        }
      }
    }
    for (size_t i = before; i < problems.size(); ++i) {
      problems[i].detail = inst->spec.name + ": " + problems[i].detail;
    }
  }
  if (judged == 0 && problems.empty()) {
    return skipped(info, "neither config is readable; see main.config.readable and rescue.config.readable", notes);
  }
  if (!problems.empty()) {
    std::string keys;
    std::string fileList;
    for (const auto& p : problems) {
      keys += (keys.empty() ? "" : ", ") + p.key;
      if (fileList.find(p.file) == std::string::npos) fileList += (fileList.empty() ? "" : ", ") + p.file;
    }
    problems.insert(problems.end(), notes.begin(), notes.end());
    return failed(info, std::to_string(problems.size() - notes.size()) + " secret(s) are placeholders, empty or missing",
                  problems,
                  "put the real secrets into " + fileList + " at " + keys +
                      " (or reference them as \"${ENV_VAR}\" set in the state dir's .env); for a gateway token: " +
                      openclawCommand(snap.spec.rescue) + " config set gateway.auth.token \"$(openssl rand -hex 32)\"");
  }
  return passed(info, "no placeholder, empty or missing secrets in the configs", notes);
}

}  // namespace harness::security
