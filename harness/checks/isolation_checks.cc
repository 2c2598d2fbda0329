// The isolation guarantees as far as files show them (G6, G7): each gateway has its own
// Discord bot and its own paths. G3–G5 are judged by the topology, config and auth checks.

#include <algorithm>

#include "harness/checks/check_support.h"
#include "harness/core/base64.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

// A Discord bot token's first segment is the bot's user id in unpadded base64. Two different
// tokens of the same bot (one reset) still mean one bot logged in twice.
std::optional<std::string> botIdFromToken(const std::string& token) {
  auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  auto decoded = decodeBase64(std::string_view(token).substr(0, dot));
  if (!decoded) return std::nullopt;
  const std::string& out = *decoded;
  if (out.empty() || !std::all_of(out.begin(), out.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> discordToken(const InstanceSnapshot& inst) {
  if (!inst.config.config) return std::nullopt;
  auto token = inst.config.config->findString("channels.discord.token");
  if (!token.present() || token.value->get_ref<const std::string&>().empty()) return std::nullopt;
  return token.value->get<std::string>();
}

CheckResult discordBots(const CheckInfo& info, const HostSnapshot& snap) {
  if (auto skip = skipWithoutConfig(info, snap.rescue)) return *skip;
  std::vector<Evidence> evidence = {configEvidence(snap.rescue, "channels.discord.token", true)};
  auto rescue = discordToken(snap.rescue);
  if (!rescue) {
    return failed(info, "the rescue has no Discord token, so it cannot log in as its own bot", evidence,
                  "openclaw --profile rescue config set channels.discord.token '<rescue bot token>'");
  }
  auto main = discordToken(snap.main);
  if (!main) return passed(info, "main has no Discord token; the rescue's bot is its own", evidence);
  evidence.push_back(configEvidence(snap.main, "channels.discord.token", true));
  const std::string fix =
      "create a second bot (e.g. \"OpenClaw Rescue Bot\") in the Discord developer portal and set its token with "
      "`openclaw --profile rescue config set channels.discord.token '<token>'`";
  if (*rescue == *main) {
    return failed(info, "main and rescue use the same Discord token: one bot, two gateways", evidence, fix);
  }
  auto rescueId = botIdFromToken(*rescue), mainId = botIdFromToken(*main);
  if (rescueId && mainId && *rescueId == *mainId) {
    evidence.push_back({"", "bot id", *rescueId});
    return failed(info, "main and rescue tokens belong to the same bot (id " + *rescueId + ")", evidence, fix);
  }
  std::string ids = rescueId && mainId ? " (bot ids " + *mainId + " and " + *rescueId + ")" : "";
  return passed(info, "main and rescue log in as different Discord bots" + ids, evidence);
}

struct NamedPath {
  std::string what;
  fs::path path;
  std::string source;  // file and key it came from
};

// The paths each gateway really uses: the spec's, overridden by what its config and plist say.
std::vector<NamedPath> usedPaths(const InstanceSnapshot& inst, const fs::path& home) {
  std::vector<NamedPath> out = {{"state dir", inst.spec.stateDir, "spec"},
                                {"config", inst.spec.configPath, "spec"}};
  if (inst.config.config) {
    const auto& cfg = *inst.config.config;
    if (auto w = cfg.string("agents.defaults.workspace")) {
      out.push_back({"workspace", expandHome(*w, home), inst.spec.configPath.string() + " agents.defaults.workspace"});
    }
    for (const auto& a : cfg.agents) {
      if (a.workspace) out.push_back({"workspace", *a.workspace, inst.spec.configPath.string() + " " + a.keyPath});
      if (a.agentDir) out.push_back({"agent dir", *a.agentDir, inst.spec.configPath.string() + " " + a.keyPath});
    }
  } else {
    out.push_back({"workspace", inst.spec.workspace, "spec"});
    out.push_back({"agent dir", inst.spec.agentDir, "spec"});
  }
  if (inst.plist.plist) {
    const auto& root = inst.plist.plist->root;
    for (const char* key : {"StandardOutPath", "StandardErrorPath"}) {
      if (root.contains(key) && root[key].is_string() && root[key] != "/dev/null") {
        out.push_back({"log", root[key].get<std::string>(), inst.spec.plistPath.string() + " " + key});
      }
    }
  }
  return out;
}

CheckResult disjointPaths(const CheckInfo& info, const HostSnapshot& snap) {
  auto mainPaths = usedPaths(snap.main, snap.spec.home);
  auto rescuePaths = usedPaths(snap.rescue, snap.spec.home);
  std::vector<Evidence> clashes;
  for (const auto& r : rescuePaths) {
    for (const auto& m : mainPaths) {
      // The rescue's files must not sit in main's state dir, and no path may be shared.
      const bool shared = samePath(r.path, m.path);
      const bool nested = m.what == "state dir" && r.what != "state dir" && pathWithin(r.path, m.path);
      const bool reverse = r.what == "state dir" && m.what != "state dir" && pathWithin(m.path, r.path);
      if (shared || nested || reverse) {
        clashes.push_back({r.source, "rescue " + r.what,
                           r.path.string() + (shared ? " is also main's " : " is inside main's ") + m.what + " (" +
                               m.source + ")"});
      }
    }
  }
  if (snap.spec.main.label == snap.spec.rescue.label) {
    clashes.push_back({snap.spec.rescue.plistPath.string(), "Label", "same label as main"});
  }
  if (!clashes.empty()) {
    return failed(info, std::to_string(clashes.size()) + " path(s) shared between main and rescue", std::move(clashes),
                  "give the rescue its own paths under " + snap.spec.rescue.stateDir.string() +
                      " (workspace, agents/" + snap.spec.rescue.agentId + "/agent, logs)");
  }
  return passed(info, "config, state, workspace, agent dir, logs and label are disjoint");
}

}  // namespace

void addIsolationChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"isolation.discord-bots", "Isolation", {"G6", "R6"}}, &discordBots});
  out.push_back({{"isolation.paths", "Isolation", {"G7", "R2", "R3", "R8"}}, &disjointPaths});
}

}  // namespace harness
