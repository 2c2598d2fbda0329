#include "lab/upgrade/upgrade_path.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/core/release_version.h"
#include "harness/report/report_text.h"

namespace harness::upgrade {
namespace {

bool failing(std::optional<DriftStatus> s) { return s == DriftStatus::Fail || s == DriftStatus::Refused; }

// Within "breaks": what keeps the rescue from running (G1, G2) first, then what keeps it from
// being managed (R21-R25), then the rest.
int harm(const UpgradeChange& c) {
  const auto has = [&](std::initializer_list<const char*> ids) {
    return std::any_of(c.requirements.begin(), c.requirements.end(), [&](const std::string& r) {
      return std::any_of(ids.begin(), ids.end(), [&](const char* id) { return r == id; });
    });
  };
  if (has({"G1", "G2"})) return 0;
  if (has({"R21", "R22", "R23", "R24", "R25"})) return 1;
  return 2;
}

struct Fix {
  const char* idPrefix;
  const char* messageContains;  // "" = any
  const char* fix;
};

// What works on the release that broke it (facts: openclaw-drift.md §1, §3).
constexpr Fix kFixes[] = {
    {"contract.label.", "named profiles cannot override",
     "manage the rescue with launchctl (R21): restart `launchctl kickstart -k gui/$(id -u)/ai.openclaw.gateway.rescue`, "
     "stop `launchctl bootout gui/$(id -u)/ai.openclaw.gateway.rescue`, start `launchctl bootstrap gui/$(id -u) "
     "~/Library/LaunchAgents/ai.openclaw.gateway.rescue.plist`"},
    {"scenario.Rescue", "named profiles cannot override",
     "manage the rescue with launchctl (R21): `launchctl kickstart -k gui/$(id -u)/ai.openclaw.gateway.rescue`"},
    {"contract.label.status", "",
     "`launchctl print gui/$(id -u)/ai.openclaw.gateway.rescue` shows the rescue job and its pid"},
    {"contract.install.main-as-laid-out", "",
     "run `openclaw doctor --fix --non-interactive` before `openclaw gateway install` (it imports auth-profiles.json)"},
    {"contract.auth.store", "",
     "run `openclaw --profile rescue doctor --fix --non-interactive` once after upgrading: it imports the copied "
     "auth-profiles.json into agents/rescue/agent/openclaw-agent.sqlite"},
    {"contract.config.schema.agents.list[]", "",
     "write the rescue agent as agents.entries.rescue.{workspace,agentDir,...} instead of agents.list[] (`doctor --fix` "
     "rewrites it)"},
    {"contract.config.schema.tools.exec.", "", "use tools.exec.mode (\"full\") instead of tools.exec.security/ask"},
    {"contract.config.warnings.rescue", "acpx",
     "remove plugins.entries.acpx from the rescue config, or install the acpx plugin for the rescue profile"},
    {"contract.logs.discord-marker", "",
     "look for `discord client initialized as <bot id>` in the rescue log, or `openclaw --profile rescue channels status "
     "--json` (connected: true)"},
    {"contract.logs.install-path", "",
     "keep the runbook's own rescue plist (its log paths stay ~/.openclaw-rescue/logs); `gateway install` logs to "
     "~/Library/Logs/openclaw/"},
};

std::string upgradeLine(const std::optional<DriftStatus>& s) { return s ? toString(*s) : "-"; }

}  // namespace

const char* toString(BaselineSource source) { return source == BaselineSource::Run ? "run" : "recorded"; }

const char* toString(UpgradeImpact impact) {
  switch (impact) {
    case UpgradeImpact::Breaks: return "breaks";
    case UpgradeImpact::StillBroken: return "still-broken";
    case UpgradeImpact::Fixed: return "fixed";
    case UpgradeImpact::Changed: return "changed";
    case UpgradeImpact::NotJudged: return "not-judged";
    case UpgradeImpact::Unchanged: return "unchanged";
  }
  return "unchanged";
}

std::optional<size_t> nearestRecordedBaseline(const std::vector<ReleaseExpectations>& recorded, const std::string& release) {
  std::optional<size_t> best;
  for (size_t i = 0; i < recorded.size(); ++i) {
    if (compareVersions(recorded[i].release, release) >= 0) continue;
    if (!best || compareVersions(recorded[i].release, recorded[*best].release) > 0) best = i;
  }
  return best;
}

std::optional<size_t> recordOf(const std::vector<ReleaseExpectations>& recorded, const std::string& release) {
  for (size_t i = 0; i < recorded.size(); ++i) {
    if (recorded[i].release == release || compareVersions(recorded[i].release, release) == 0) return i;
  }
  return std::nullopt;
}

ReleaseExpectations expectationsFromRun(const DriftRun& run) {
  ReleaseExpectations out;
  out.release = run.release;
  for (const auto& r : run.results) {
    if (r.status == DriftStatus::Environment || out.results.count(r.id)) continue;
    out.results.emplace(r.id, Expectation{r.status, r.status == DriftStatus::Pass ? "" : stableMessagePrefix(r.message)});
  }
  return out;
}

std::string knownFix(const std::string& id, const std::string& message) {
  for (const auto& f : kFixes) {
    if (id.rfind(f.idPrefix, 0) != 0) continue;
    if (*f.messageContains && message.find(f.messageContains) == std::string::npos) continue;
    return f.fix;
  }
  return {};
}

std::vector<UpgradeChange> compareUpgrade(const ReleaseExpectations& old, const DriftRun& now) {
  std::vector<UpgradeChange> out;
  std::set<std::string> seen;
  for (const auto& r : now.results) {
    if (!seen.insert(r.id).second) continue;
    UpgradeChange c;
    c.id = r.id;
    c.title = r.title;
    c.requirements = r.requirements;
    c.after = r.status;
    c.afterMessage = r.message;
    if (const auto it = old.results.find(r.id); it != old.results.end()) {
      c.before = it->second.status;
      c.beforeMessage = it->second.messageContains;
    }
    if (r.status == DriftStatus::Environment) {
      c.impact = UpgradeImpact::NotJudged;
    } else if (failing(c.after) && !failing(c.before)) {
      c.impact = UpgradeImpact::Breaks;
    } else if (failing(c.after) && failing(c.before)) {
      const bool same = c.before == c.after &&
                        (c.beforeMessage.empty() || c.afterMessage.find(c.beforeMessage) != std::string::npos);
      c.impact = same ? UpgradeImpact::Unchanged : UpgradeImpact::StillBroken;
    } else if (failing(c.before) && c.after == DriftStatus::Pass) {
      c.impact = UpgradeImpact::Fixed;
    } else {
      c.impact = c.before == c.after ? UpgradeImpact::Unchanged : UpgradeImpact::Changed;
    }
    if (c.impact == UpgradeImpact::Breaks || c.impact == UpgradeImpact::StillBroken) c.fix = knownFix(c.id, c.afterMessage);
    out.push_back(std::move(c));
  }
  for (const auto& [id, expectation] : old.results) {
    if (seen.count(id)) continue;
    UpgradeChange c;
    c.id = id;
    c.title = id;
    c.before = expectation.status;
    c.beforeMessage = expectation.messageContains;
    // Scenarios nobody asked to run are not changes; contracts that stopped happening are.
    c.impact = id.rfind("scenario.", 0) == 0 ? UpgradeImpact::Unchanged : UpgradeImpact::Changed;
    if (hasEnvironmentResults(now)) c.impact = UpgradeImpact::NotJudged;
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const UpgradeChange& a, const UpgradeChange& b) {
    if (a.impact != b.impact) return static_cast<int>(a.impact) < static_cast<int>(b.impact);
    if (a.impact == UpgradeImpact::Breaks && harm(a) != harm(b)) return harm(a) < harm(b);
    return a.id < b.id;
  });
  return out;
}

nlohmann::json upgradeJson(const std::string& baseline, BaselineSource source, const std::vector<UpgradeChange>& changes) {
  nlohmann::json list = nlohmann::json::array();
  int breaking = 0;
  for (const auto& c : changes) {
    if (c.impact == UpgradeImpact::Unchanged) continue;
    breaking += c.impact == UpgradeImpact::Breaks;
    nlohmann::json requirements = nlohmann::json::array();
    for (const auto& r : c.requirements) requirements.push_back(toValidUtf8(r));
    list.push_back({{"id", toValidUtf8(c.id)},
                    {"title", toValidUtf8(c.title)},
                    {"requirements", std::move(requirements)},
                    {"before", c.before ? nlohmann::json(toString(*c.before)) : nlohmann::json(nullptr)},
                    {"after", c.after ? nlohmann::json(toString(*c.after)) : nlohmann::json(nullptr)},
                    {"impact", toString(c.impact)},
                    {"message", toValidUtf8(c.afterMessage)},
                    {"fix", c.fix.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.fix)}});
  }
  return {{"baseline", {{"version", toValidUtf8(baseline)}, {"source", toString(source)}}},
          {"breaking", breaking},
          {"changes", std::move(list)}};
}

std::string renderUpgradeText(const std::string& baseline, BaselineSource source, const std::string& release,
                              const std::vector<UpgradeChange>& changes) {
  std::map<UpgradeImpact, int> counts;
  for (const auto& c : changes) counts[c.impact]++;
  std::string out = "Upgrade " + escapeControls(baseline, false) + " -> " + escapeControls(release, false) +
                    " (baseline " + escapeControls(baseline, false) +
                    (source == BaselineSource::Run ? ", run here" : ", recorded") + "): " +
                    std::to_string(counts[UpgradeImpact::Breaks]) + " break the rescue, " +
                    std::to_string(counts[UpgradeImpact::StillBroken]) + " still broken differently, " +
                    std::to_string(counts[UpgradeImpact::Fixed]) + " fixed, " +
                    std::to_string(counts[UpgradeImpact::Changed]) + " otherwise changed" +
                    (counts[UpgradeImpact::NotJudged] ? ", " + std::to_string(counts[UpgradeImpact::NotJudged]) +
                                                            " not judged (environment)"
                                                      : "") +
                    "\n";
  for (const auto& c : changes) {
    if (c.impact == UpgradeImpact::Unchanged) continue;
    out += "  " + std::string(toString(c.impact)) + "  " + escapeControls(c.id, false) + ": " + upgradeLine(c.before) +
           " -> " + upgradeLine(c.after);
    if (!c.afterMessage.empty() && c.after != DriftStatus::Pass) {
      std::string line = c.afterMessage.substr(0, c.afterMessage.find('\n'));
      if (line.size() > 160) line = line.substr(0, 160) + "...";
      out += " (" + escapeControls(line, false) + ")";
    }
    out += "\n";
    if (!c.fix.empty()) out += "      fix on " + escapeControls(release, false) + ": " + c.fix + "\n";
  }
  return out;
}

}  // namespace harness::upgrade
