// Security beyond the runbook (S1–S4, R14). The rescue runs any command without approval, so
// whoever can talk to its bot or its gateway owns the Mac: these checks hold the bot to its
// owner, the secrets to real values in private files, and the gateway to loopback with auth.
// Facts: shared/facts/openclaw-drift.md §8.1 (Discord owner-only knobs).

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "harness/checks/check_support.h"
#include "harness/config/key_path.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kArea = "Security";
constexpr const char* kOwnerId = "<owner Discord user id>";

std::string article(const std::string& t) { return (!t.empty() && (t[0] == 'a' || t[0] == 'o') ? "an " : "a ") + t; }

CheckStatus worse(CheckStatus a, CheckStatus b) {
  auto rank = [](CheckStatus s) { return s == CheckStatus::Fail ? 3 : s == CheckStatus::Warn ? 2 : 1; };
  return rank(b) > rank(a) ? b : a;
}

// Findings collected by a check: evidence for each problem, the worst status, and the fix
// commands in order without repeats.
struct Findings {
  CheckStatus status = CheckStatus::Pass;
  std::vector<Evidence> evidence;
  std::vector<CheckStatus> statusFor;  // parallel to evidence
  std::vector<std::string> fixFor;     // parallel to evidence; "" when the finding has no own fix
  std::vector<std::string> fixes;   // in order, without repeats

  void add(CheckStatus s, Evidence e, const std::string& fix) {
    status = worse(status, s);
    evidence.push_back(std::move(e));
    statusFor.push_back(s);
    fixFor.push_back(fix);
    if (!fix.empty() && std::find(fixes.begin(), fixes.end(), fix) == fixes.end()) fixes.push_back(fix);
  }
  // Adds the other's findings whose key and detail are not reported yet.
  void merge(const Findings& other) {
    for (size_t i = 0; i < other.evidence.size(); ++i) {
      const auto& e = other.evidence[i];
      bool dup = std::any_of(evidence.begin(), evidence.end(),
                             [&](const Evidence& x) { return x.key == e.key && x.detail == e.detail; });
      if (!dup) add(other.statusFor[i], e, other.fixFor[i]);
    }
  }
  std::string remediation(const std::string& separator = " && ") const {
    std::string out;
    for (const auto& f : fixes) out += (out.empty() ? "" : separator) + f;
    return out;
  }
  CheckResult result(const CheckInfo& info, const std::string& failMessage, const std::string& warnMessage,
                     const std::string& passMessage, std::vector<Evidence> passEvidence = {}) const {
    if (status == CheckStatus::Fail) return failed(info, failMessage, evidence, remediation());
    if (status == CheckStatus::Warn) return warned(info, warnMessage, evidence, remediation());
    passEvidence.insert(passEvidence.end(), evidence.begin(), evidence.end());
    return passed(info, passMessage, passEvidence);
  }
};

const json* member(const json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const json* plistEnvironment(const InstanceSnapshot& inst) {
  if (!inst.plist.plist || !inst.plist.plist->root.is_object()) return nullptr;
  const json* env = member(inst.plist.plist->root, "EnvironmentVariables");
  return env && env->is_object() ? env : nullptr;
}

bool plistEnvSet(const InstanceSnapshot& inst, const char* var) {
  const json* env = plistEnvironment(inst);
  const json* v = env ? member(*env, var) : nullptr;
  return v && v->is_string() && !isPlaceholderSecret(v->get_ref<const std::string&>());
}

std::set<std::string> unresolvedKeyPaths(const OpenClawConfig& config) {
  std::set<std::string> out;
  for (const auto& issue : config.issues) {
    if (issue.kind == ConfigIssueKind::UnresolvedEnvVar) out.insert(issue.keyPath);
  }
  return out;
}

// A secret value that OpenClaw can use: a non-placeholder string whose ${VAR}s resolved, or a
// SecretRef object (resolved by OpenClaw, not by the harness).
bool usableSecret(const json* v, const std::string& keyPath, const std::set<std::string>& unresolved) {
  if (!v) return false;
  if (v->is_object()) return v->contains("source") && v->contains("id");  // a SecretRef, not any object
  return v->is_string() && !isPlaceholderSecret(v->get_ref<const std::string&>()) && !unresolved.count(keyPath);
}

// ---------------------------------------------------------------------------------------------
// rescue.security.discord-owner-only

struct DiscordScope {
  std::string path;          // "channels.discord" or "channels.discord.accounts.<id>"
  const json* object;        // the scope's own object
  const DiscordScope* parent;  // root scope for an account, nullptr for the root
};

// A setting looked up in the scope, then (for accounts) inherited from the root; legacy
// dm.<legacyKey> is read when the modern key is absent.
struct Setting {
  const json* value = nullptr;
  std::string keyPath;  // where it was found, or the modern key path when absent
};

Setting lookup(const DiscordScope& scope, const char* key, const char* legacyKey) {
  if (const json* v = member(*scope.object, key)) return {v, childKeyPath(scope.path, key)};
  if (legacyKey) {
    if (const json* dm = member(*scope.object, "dm"); dm && dm->is_object()) {
      if (const json* v = member(*dm, legacyKey)) return {v, childKeyPath(childKeyPath(scope.path, "dm"), legacyKey)};
    }
  }
  if (scope.parent) return lookup(*scope.parent, key, legacyKey);
  return {nullptr, childKeyPath(scope.path, key)};
}

bool containsStar(const json& list) {
  return std::any_of(list.begin(), list.end(), [](const json& v) { return v.is_string() && v.get<std::string>() == "*"; });
}

// Entries of an id list that are not ids: anything but a string is refused by OpenClaw (or, for
// a number, loses digits: Discord ids are larger than JavaScript's exact integers).
void judgeIdEntries(const json& list, const std::string& listKey, const std::string& file, const std::string& fix,
                    Findings& f) {
  for (size_t i = 0; i < list.size(); ++i) {
    const json& v = list[i];
    if (v.is_string()) continue;
    const std::string key = childKeyPath(listKey, i);
    if (v.is_number_integer() || v.is_number_unsigned()) {
      f.add(CheckStatus::Warn,
            {file, key, "is a number: Discord ids are larger than JSON numbers keep exactly; write it as a string"}, fix);
    } else {
      f.add(CheckStatus::Fail, {file, key, "is " + typeName(v) + ", expected a user id string"}, fix);
    }
  }
}

void judgeScope(const DiscordScope& scope, const InstanceSnapshot& inst, Findings& f) {
  const std::string file = inst.spec.configPath.string();
  auto set = [&](const std::string& key, const json& value) { return configSetCommand(inst.spec, key, value.dump()); };
  const std::string dmKey = childKeyPath(scope.path, "dmPolicy");
  const std::string allowKey = childKeyPath(scope.path, "allowFrom");
  const std::string groupKey = childKeyPath(scope.path, "groupPolicy");
  const std::string allowFix = set(allowKey, json::array({kOwnerId}));

  // DMs.
  Setting dm = lookup(scope, "dmPolicy", "policy");
  Setting allow = lookup(scope, "allowFrom", "allowFrom");
  bool allowUsable = false;
  if (allow.value) {
    if (!allow.value->is_array()) {
      f.add(CheckStatus::Fail, {file, allow.keyPath, "is " + typeName(*allow.value) + ", expected an array of user ids"},
            allowFix);
    } else if (containsStar(*allow.value)) {
      f.add(CheckStatus::Fail, {file, allow.keyPath, describeValue(allow.value) + ": \"*\" lets anyone talk to the bot"},
            allowFix);
    } else {
      judgeIdEntries(*allow.value, allow.keyPath, file, allowFix, f);
      allowUsable = std::any_of(allow.value->begin(), allow.value->end(), [](const json& v) {
        return v.is_string() && !v.get_ref<const std::string&>().empty();
      });
    }
  }
  const std::string dmFix = set(dmKey, "allowlist") + " && " + allowFix;
  if (!dm.value) {
    // Unset: OpenClaw's default is pairing, which only answers approved senders.
  } else if (!dm.value->is_string()) {
    f.add(CheckStatus::Fail, {file, dm.keyPath, "is " + typeName(*dm.value) + ", expected a policy string"}, dmFix);
  } else {
    const auto& policy = dm.value->get_ref<const std::string&>();
    if (policy == "open") {
      f.add(CheckStatus::Fail, {file, dm.keyPath, "\"open\": anyone can DM the bot and run commands"}, dmFix);
    } else if (policy == "allowlist") {
      if (!allowUsable && !(allow.value && allow.value->is_array() && containsStar(*allow.value))) {
        f.add(CheckStatus::Fail,
              {file, allow.keyPath,
               describeValue(allow.value) + ": dmPolicy \"allowlist\" (" + dm.keyPath + ") needs explicit user ids"},
              allowFix);
      }
    } else if (policy != "pairing" && policy != "disabled") {
      f.add(CheckStatus::Fail, {file, dm.keyPath, describeValue(dm.value) + " is not a known dmPolicy"}, dmFix);
    }
  }

  // Guilds.
  Setting group = lookup(scope, "groupPolicy", nullptr);
  const std::string groupFix = set(groupKey, "disabled");
  std::string groupPolicy = "allowlist";  // OpenClaw's schema default
  if (group.value && !group.value->is_string()) {
    f.add(CheckStatus::Fail, {file, group.keyPath, "is " + typeName(*group.value) + ", expected a policy string"},
          groupFix);
    return;
  }
  if (group.value) groupPolicy = group.value->get<std::string>();
  if (groupPolicy == "disabled") return;
  if (groupPolicy == "open") {
    f.add(CheckStatus::Fail, {file, group.keyPath, "\"open\": anyone in any guild with the bot can run commands"},
          groupFix);
    return;
  }
  if (groupPolicy != "allowlist") {
    f.add(CheckStatus::Fail, {file, group.keyPath, describeValue(group.value) + " is not a known groupPolicy"},
          groupFix);
    return;
  }
  Setting guilds = lookup(scope, "guilds", nullptr);
  const std::string policyNote = group.value ? "groupPolicy \"allowlist\"" : "groupPolicy unset (default \"allowlist\")";
  if (guilds.value && !guilds.value->is_object()) {
    f.add(CheckStatus::Fail, {file, guilds.keyPath, "is " + typeName(*guilds.value) + ", expected an object of guild ids"},
          groupFix);
    return;
  }
  if (!guilds.value || guilds.value->empty()) {
    f.add(CheckStatus::Warn,
          {file, guilds.keyPath, "<missing>: " + policyNote + " with no guilds; say so with groupPolicy \"disabled\""},
          groupFix);
    return;
  }
  for (auto g = guilds.value->begin(); g != guilds.value->end(); ++g) {
    const std::string guildKey = childKeyPath(guilds.keyPath, g.key());
    const std::string usersFix = set(childKeyPath(guildKey, "users"), json::array({kOwnerId}));
    if (!g->is_object()) {
      f.add(CheckStatus::Warn, {file, guildKey, "is " + typeName(*g) + ", expected {users, roles, channels}"}, usersFix);
      continue;
    }
    bool names = false;
    for (const char* list : {"users", "roles"}) {
      const json* v = member(*g, list);
      if (!v) continue;
      const std::string listKey = childKeyPath(guildKey, list);
      if (!v->is_array()) {
        f.add(CheckStatus::Warn, {file, listKey, "is " + typeName(*v) + ", expected an array of ids"}, usersFix);
      } else if (containsStar(*v)) {
        f.add(CheckStatus::Fail, {file, listKey, describeValue(v) + ": \"*\" lets anyone in the guild run commands"},
              usersFix);
        names = true;  // reported; no second finding for the guild
      } else if (!v->empty()) {
        names = true;
      }
    }
    if (!names) {
      f.add(CheckStatus::Warn,
            {file, guildKey, "names no users or roles: anyone in the guild's allowed channels can talk to the bot"},
            usersFix);
    }
  }
}

CheckResult checkDiscordOwnerOnly(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& rescue = snap.rescue;
  if (auto skip = skipWithoutConfig(info, rescue)) return *skip;
  const auto& config = *rescue.config.config;
  const std::string file = rescue.spec.configPath.string();
  auto discord = config.find("channels.discord");
  if (!discord.value) {
    return skipped(info, "channels.discord is not configured in the rescue config; see the rescue config checks (R6)",
                   {configEvidence(rescue, "channels.discord")});
  }
  Findings f;
  if (!discord.value->is_object()) {
    f.add(CheckStatus::Fail, {file, "channels.discord", "is " + typeName(*discord.value) + ", expected an object"},
          "edit " + file + ": make channels.discord an object with dmPolicy, allowFrom and groupPolicy");
    return f.result(info, "rescue Discord settings are unusable", "", "");
  }

  DiscordScope root{"channels.discord", discord.value, nullptr};
  judgeScope(root, rescue, f);
  if (const json* accounts = member(*discord.value, "accounts")) {
    if (!accounts->is_object()) {
      f.add(CheckStatus::Fail, {file, "channels.discord.accounts", "is " + typeName(*accounts) + ", expected an object"},
            "edit " + file + ": make channels.discord.accounts an object keyed by account id");
    } else {
      for (auto a = accounts->begin(); a != accounts->end(); ++a) {
        const std::string path = childKeyPath("channels.discord.accounts", a.key());
        if (!a->is_object()) {
          f.add(CheckStatus::Fail, {file, path, "is " + typeName(*a) + ", expected an object"},
                "edit " + file + ": make " + path + " an object");
          continue;
        }
        // An account inherits what it does not override; judge its effective settings but
        // report an inherited problem only once (under the root key).
        Findings accountFindings;
        judgeScope(DiscordScope{path, &*a, &root}, rescue, accountFindings);
        f.merge(accountFindings);
      }
    }
  }

  // Command owner.
  const std::string ownerFix = configSetCommand(rescue.spec, "commands.ownerAllowFrom",
                                                json::array({std::string("discord:") + kOwnerId}).dump());
  auto owner = config.find("commands.ownerAllowFrom");
  if (!owner.value || (owner.value->is_array() && owner.value->empty())) {
    f.add(CheckStatus::Warn,
          {file, "commands.ownerAllowFrom", describeValue(owner.value) + ": no command owner; owner-only commands "
                                                                         "(/config, /restart, exec approvals) have no owner"},
          ownerFix);
  } else if (!owner.value->is_array()) {
    f.add(CheckStatus::Warn,
          {file, "commands.ownerAllowFrom", "is " + typeName(*owner.value) + ", expected an array of \"discord:<id>\""},
          ownerFix);
  } else if (containsStar(*owner.value)) {
    f.add(CheckStatus::Fail, {file, "commands.ownerAllowFrom", describeValue(owner.value) + ": \"*\" makes everyone an owner"},
          ownerFix);
  } else {
    judgeIdEntries(*owner.value, "commands.ownerAllowFrom", file, ownerFix, f);
  }

  std::vector<Evidence> passEvidence{configEvidence(rescue, "channels.discord.dmPolicy"),
                                     configEvidence(rescue, "channels.discord.allowFrom"),
                                     configEvidence(rescue, "channels.discord.groupPolicy"),
                                     configEvidence(rescue, "commands.ownerAllowFrom")};
  return f.result(info, "the rescue bot answers people other than its owner",
                  "the rescue bot is owner-only for DMs, but some settings are loose or missing",
                  "the rescue bot answers only its owner (DMs allowlisted or pairing, guilds disabled or allowlisted)",
                  passEvidence);
}

// ---------------------------------------------------------------------------------------------
// security.placeholder-secrets

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

// ---------------------------------------------------------------------------------------------
// security.file-permissions

struct PermissionFindings {
  Findings f;
  std::vector<std::string> chmod600, chmod700, chmodGoW, chmodOW, chown;
  std::vector<Evidence> notes;
  int judged = 0;
};

void noteSymlink(const FileInfo& file, PermissionFindings& p) {
  if (file.isSymlink()) {
    p.notes.push_back({file.path.string(), "",
                       "symlink to " + (file.linkTarget ? file.linkTarget->string() : std::string("?")) +
                           "; the target's owner and mode were judged"});
  }
}

void pushUnique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// Secret-holding file: owned by the user, no group/other bits (0600).
void judgeSecretFile(const FileInfo& file, uid_t user, PermissionFindings& p) {
  if (!file.exists()) return;
  ++p.judged;
  noteSymlink(file, p);
  const std::string path = file.path.string();
  if (!file.isRegularFile()) {
    // A pipe, socket or directory where a secret file belongs: OpenClaw cannot use it either.
    p.f.add(CheckStatus::Warn, fileEvidence(file, "is not a regular file"),
            "replace " + shellQuote(path) + " with a regular file (mode 600)");
  }
  if (file.owner != user) {
    p.f.add(CheckStatus::Fail, fileEvidence(file, "owner uid " + std::to_string(file.owner) + ", expected uid " +
                                                      std::to_string(user) + " (mode " + formatMode(file.mode) + ")"),
            "");
    pushUnique(p.chown, path);
  }
  if (file.mode & 077) {
    p.f.add(CheckStatus::Fail, fileEvidence(file, "mode " + formatMode(file.mode) + ", expected 0600"), "");
    pushUnique(p.chmod600, path);
  }
}

// State dir: owned by the user, no group/other bits (0700).
void judgeStateDir(const FileInfo& dir, uid_t user, PermissionFindings& p) {
  if (!dir.exists()) return;
  ++p.judged;
  noteSymlink(dir, p);
  const std::string path = dir.path.string();
  if (!dir.isDirectory()) return;  // topology checks report a state dir that is not a directory
  if (dir.owner != user) {
    p.f.add(CheckStatus::Fail, fileEvidence(dir, "owner uid " + std::to_string(dir.owner) + ", expected uid " +
                                                     std::to_string(user)),
            "");
    pushUnique(p.chown, path);
  }
  if (dir.mode & 077) {
    p.f.add(CheckStatus::Fail, fileEvidence(dir, "mode " + formatMode(dir.mode) + ", expected 0700"), "");
    pushUnique(p.chmod700, path);
  }
}

// LaunchAgents dir and plists: not writable by group or others, owned by the user or root.
void judgeNotWritable(const FileInfo& file, uid_t user, PermissionFindings& p) {
  if (!file.exists()) return;
  ++p.judged;
  noteSymlink(file, p);
  const std::string path = file.path.string();
  if (file.owner != user && file.owner != 0) {
    p.f.add(CheckStatus::Fail, fileEvidence(file, "owner uid " + std::to_string(file.owner) +
                                                      ": another user can rewrite what launchd runs"),
            "");
    pushUnique(p.chown, path);
  }
  if (file.mode & 022) {
    p.f.add(CheckStatus::Fail,
            fileEvidence(file, "mode " + formatMode(file.mode) + ": writable by group or others"), "");
    pushUnique(p.chmodGoW, path);
  }
}

// The program launchd starts: its directory (and, for a symlink, the target's directory) must
// not be writable by others, or anyone can swap the binary the rescue runs.
void judgeProgram(const InstanceSnapshot& inst, PermissionFindings& p) {
  if (!inst.plist.plist || !inst.plist.plist->root.is_object()) return;
  const json& root = inst.plist.plist->root;
  const std::string file = inst.spec.plistPath.string();
  std::string key = "Program";
  const json* program = member(root, "Program");
  if (!program) {
    const json* args = member(root, "ProgramArguments");
    if (args && args->is_array() && !args->empty()) {
      program = &(*args)[0];
      key = "ProgramArguments[0]";
    }
  }
  if (!program) return;  // rescue.plist.arguments reports missing arguments
  if (!program->is_string()) {
    p.f.add(CheckStatus::Warn, {file, key, "is " + typeName(*program) + ", expected a path string"},
            "plutil -replace " + key + " -string <absolute path of the program> " + shellQuote(file));
    return;
  }
  const fs::path path = program->get<std::string>();
  if (!path.is_absolute()) {
    p.f.add(CheckStatus::Warn, {file, key, "\"" + path.string() + "\" is not an absolute path; its directory was not judged"},
            "plutil -replace " + key + " -string <absolute path> " + shellQuote(file));
    return;
  }
  const FileInfo target = inspectPath(path);
  if (!target.exists()) {
    p.f.add(CheckStatus::Warn, {file, key, "\"" + path.string() + "\" does not exist on this host"},
            "point " + key + " in " + file + " at the installed program (e.g. the output of `command -v node`)");
    return;
  }
  std::vector<fs::path> dirs{path.parent_path()};
  std::error_code ec;
  const fs::path resolved = fs::canonical(path, ec);
  if (!ec && resolved.parent_path() != path.parent_path()) dirs.push_back(resolved.parent_path());
  ++p.judged;
  // Group-writable counts too: every member of the group could swap what the rescue runs.
  // (macOS's admin group is no exception: an admin's other accounts are still other users.)
  if (target.mode & 022) {
    p.f.add(CheckStatus::Fail,
            fileEvidence(target, "program named by " + key + ", mode " + formatMode(target.mode) + ": writable by " +
                                     ((target.mode & 002) ? "others" : "its group")),
            "");
    pushUnique(p.chmodGoW, path.string());
  }
  for (const auto& dir : dirs) {
    const FileInfo d = inspectPath(dir);
    if (d.exists() && (d.mode & 022)) {
      p.f.add(CheckStatus::Fail,
              fileEvidence(d, "directory of the program named by " + key + " in " + file + ", mode " +
                                  formatMode(d.mode) + ": writable by " + ((d.mode & 002) ? "others" : "its group")),
              "");
      pushUnique(p.chmodOW, dir.string());
    }
  }
}

std::string joinQuoted(const std::vector<std::string>& paths) {
  std::string out;
  for (const auto& p : paths) out += " " + shellQuote(p);
  return out;
}

CheckResult checkFilePermissions(const CheckInfo& info, const HostSnapshot& snap) {
  PermissionFindings p;
  const uid_t user = snap.currentUser;
  for (const InstanceSnapshot* inst : {&snap.main, &snap.rescue}) {
    judgeSecretFile(inst->config.file, user, p);
    judgeSecretFile(inst->authProfiles.file, user, p);
    judgeSecretFile(inst->authDatabase, user, p);
    for (const auto& sidecar : inst->authDatabaseSidecars) judgeSecretFile(sidecar, user, p);
    judgeSecretFile(inst->dotEnv, user, p);  // the ${VAR} values: usually the tokens themselves
    for (const auto& migrated : inst->migratedAuthProfiles) judgeSecretFile(migrated, user, p);
    for (const auto& env : inst->serviceEnvFiles) judgeSecretFile(env, user, p);
    judgeStateDir(inst->stateDir, user, p);
  }
  judgeSecretFile(snap.legacyRescueConfig, user, p);  // runbook 1.0 copy of the rescue config, tokens included
  judgeNotWritable(snap.launchAgentsDir, user, p);
  judgeNotWritable(snap.main.plist.file, user, p);
  judgeNotWritable(snap.rescue.plist.file, user, p);
  judgeProgram(snap.main, p);
  judgeProgram(snap.rescue, p);

  std::vector<std::string> fixes;
  if (!p.chown.empty()) fixes.push_back("sudo chown $(id -un)" + joinQuoted(p.chown));
  if (!p.chmod600.empty()) fixes.push_back("chmod 600" + joinQuoted(p.chmod600));
  if (!p.chmod700.empty()) fixes.push_back("chmod 700" + joinQuoted(p.chmod700));
  if (!p.chmodGoW.empty()) fixes.push_back("chmod go-w" + joinQuoted(p.chmodGoW));
  if (!p.chmodOW.empty()) fixes.push_back("sudo chmod go-w" + joinQuoted(p.chmodOW));
  std::string remediation;
  for (const auto& f : fixes) remediation += (remediation.empty() ? "" : " && ") + f;
  for (const auto& f : p.f.fixes) remediation += (remediation.empty() ? "" : "; ") + f;  // prose, not commands

  std::vector<Evidence> evidence = p.f.evidence;
  evidence.insert(evidence.end(), p.notes.begin(), p.notes.end());
  if (p.f.status == CheckStatus::Fail) {
    const auto failures = std::count(p.f.statusFor.begin(), p.f.statusFor.end(), CheckStatus::Fail);
    return failed(info, std::to_string(failures) + " permission problem(s) on secret files, state dirs or "
                                                              "what launchd runs",
                  evidence, remediation);
  }
  if (p.f.status == CheckStatus::Warn) {
    return warned(info, "permissions are private, but a secret path is not a regular file or the program a plist "
                        "runs could not be judged",
                  evidence, remediation);
  }
  return passed(info, std::to_string(p.judged) + " paths judged: secret files 0600 and yours, state dirs 0700, "
                                                 "plists and programs not writable by others",
                evidence);
}

// ---------------------------------------------------------------------------------------------
// security.gateway-exposure

void judgeGateway(const InstanceSnapshot& inst, Findings& f) {
  const auto& config = *inst.config.config;
  const std::string file = inst.spec.configPath.string();
  const std::string who = inst.spec.name + ": ";
  const auto unresolved = unresolvedKeyPaths(config);

  auto bind = config.findString("gateway.bind");
  const std::string bindFix = configSetCommand(inst.spec, "gateway.bind", "\"loopback\"");
  if (bind.state == Lookup::State::Missing) {
    f.add(CheckStatus::Warn, {file, "gateway.bind", who + "<missing>: the default bind depends on the release"}, bindFix);
  } else if (bind.state == Lookup::State::WrongType) {
    f.add(CheckStatus::Fail, {file, "gateway.bind", who + "is " + article(bind.actualType) + ", expected \"loopback\""},
          bindFix);
  } else {
    const auto& value = bind.value->get_ref<const std::string&>();
    if (value == "loopback") {
      f.evidence.push_back({file, "gateway.bind", who + "\"loopback\""});
    } else {
      const bool known = value == "lan" || value == "tailnet" || value == "custom" || value == "auto";
      f.add(CheckStatus::Fail,
            {file, "gateway.bind",
             who + "\"" + value + "\"" + (known ? ": reachable beyond this Mac" : ": not a known bind mode")},
            bindFix);
    }
  }

  auto auth = config.find("gateway.auth");
  const std::string tokenFix = openclawCommand(inst.spec) + " config set gateway.auth.mode token && " +
                               openclawCommand(inst.spec) + " config set gateway.auth.token \"$(openssl rand -hex 32)\"";
  if (auth.value && !auth.value->is_object()) {
    f.add(CheckStatus::Fail, {file, "gateway.auth", who + "is " + typeName(*auth.value) + ", expected an object"},
          tokenFix);
    return;
  }
  auto mode = config.findString("gateway.auth.mode");
  auto tokenSet = [&] {
    return usableSecret(config.find("gateway.auth.token").value, "gateway.auth.token", unresolved) ||
           plistEnvSet(inst, "OPENCLAW_GATEWAY_TOKEN");
  };
  auto passwordSet = [&] {
    return usableSecret(config.find("gateway.auth.password").value, "gateway.auth.password", unresolved) ||
           plistEnvSet(inst, "OPENCLAW_GATEWAY_PASSWORD");
  };
  if (mode.state == Lookup::State::WrongType) {
    f.add(CheckStatus::Fail, {file, "gateway.auth.mode", who + "is " + article(mode.actualType) + ", expected \"token\""},
          tokenFix);
  } else if (mode.state == Lookup::State::Missing) {
    if (tokenSet()) {
      f.add(CheckStatus::Warn,
            {file, "gateway.auth.mode", who + "<missing>: OpenClaw infers token auth from gateway.auth.token; say so"},
            configSetCommand(inst.spec, "gateway.auth.mode", "\"token\""));
    } else {
      f.add(CheckStatus::Fail, {file, "gateway.auth.mode", who + "<missing> and no token: the gateway has no auth"},
            tokenFix);
    }
  } else {
    const auto& value = mode.value->get_ref<const std::string&>();
    if (value == "token") {
      if (tokenSet()) {
        f.evidence.push_back({file, "gateway.auth.mode", who + "\"token\", token <set>"});
      } else {
        f.add(CheckStatus::Fail,
              {file, "gateway.auth.token", who + describeValue(config.find("gateway.auth.token").value, true) +
                                               " (or a placeholder): token auth without a usable token"},
              openclawCommand(inst.spec) + " config set gateway.auth.token \"$(openssl rand -hex 32)\"");
      }
    } else if (value == "password") {
      if (passwordSet()) {
        f.evidence.push_back({file, "gateway.auth.mode", who + "\"password\", password <set>"});
      } else {
        f.add(CheckStatus::Fail,
              {file, "gateway.auth.password", who + describeValue(config.find("gateway.auth.password").value, true) +
                                                  " (or a placeholder): password auth without a usable password"},
              tokenFix);
      }
    } else {
      f.add(CheckStatus::Fail,
            {file, "gateway.auth.mode",
             who + "\"" + value + "\"" + (value == "none" ? ": anyone who reaches the port controls the gateway"
                                                          : ": not token or password auth")},
            tokenFix);
    }
  }
}

CheckResult checkGatewayExposure(const CheckInfo& info, const HostSnapshot& snap) {
  Findings f;
  std::vector<Evidence> notes;
  int judged = 0;
  for (const InstanceSnapshot* inst : {&snap.main, &snap.rescue}) {
    if (!inst->config.config) {
      notes.push_back({inst->spec.configPath.string(), "",
                       inst->spec.name + " config not readable (see " + inst->spec.name + ".config.readable)"});
      continue;
    }
    ++judged;
    judgeGateway(*inst, f);
  }
  if (judged == 0) {
    return skipped(info, "neither config is readable; see main.config.readable and rescue.config.readable", notes);
  }
  f.evidence.insert(f.evidence.end(), notes.begin(), notes.end());
  return f.result(info, "a gateway is reachable beyond loopback or without auth",
                  "gateway exposure is not stated explicitly", "both gateways bind loopback with token or password auth");
}

}  // namespace

void addSecurityChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"rescue.security.discord-owner-only", kArea, {"S1"}}, &checkDiscordOwnerOnly});
  out.push_back({{"security.placeholder-secrets", kArea, {"S2"}}, &checkPlaceholderSecrets});
  out.push_back({{"security.file-permissions", kArea, {"S3"}}, &checkFilePermissions});
  out.push_back({{"security.gateway-exposure", kArea, {"S4", "R14"}}, &checkGatewayExposure});
}

}  // namespace harness
