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
#include "harness/checks/security_findings.h"
#include "harness/config/key_path.h"

namespace harness {
namespace {

using nlohmann::json;

constexpr const char* kArea = "Security";
constexpr const char* kOwnerId = "<owner Discord user id>";

std::string article(const std::string& t) { return (!t.empty() && (t[0] == 'a' || t[0] == 'o') ? "an " : "a ") + t; }

// Findings, member() and the secret helpers are in security_findings.h.
using namespace security;

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
