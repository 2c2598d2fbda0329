// Can the rescue's agent bring main back (G8)? Measured on the real 2026.3.24 (the drift run's
// contract.rescue.brings-main-back): every command the rescue's agent runs inherits the rescue
// plist's OPENCLAW_PROFILE, OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH and OPENCLAW_LAUNCHD_LABEL,
// so the command a user would ask for, a plain `openclaw gateway start`, restarts the rescue
// itself and leaves main down; the same command with those variables removed brings main back.
// The runbook's plist sets them (R19), so its rescue needs to be told the working form. The
// check looks for it in the rescue workspace's instruction files, which the agent reads.
//
// Pure over the snapshot, which read those files when they are regular files inside the home
// (a symlink is stat()ed, never opened: InstanceSnapshot::instructionFiles).

#include <array>
#include <string>
#include <vector>

#include "harness/checks/check_support.h"

namespace harness {
namespace {

using nlohmann::json;

constexpr const char* kArea = "Rescue agent";
constexpr std::array<const char*, 4> kInheritedSelectors = {"OPENCLAW_PROFILE", "OPENCLAW_STATE_DIR",
                                                            "OPENCLAW_CONFIG_PATH", "OPENCLAW_LAUNCHD_LABEL"};

std::string workingForm() {
  std::string form = "env";
  for (const char* var : kInheritedSelectors) form += std::string(" -u ") + var;
  return form + " openclaw gateway start";
}

// The instruction files that tell the agent how to start main without the rescue's selectors:
// the working form, or launchd's own kickstart of main's label.
bool teachesWorkingForm(const std::string& text, const std::string& mainLabel) {
  if (text.find("-u OPENCLAW_PROFILE") != std::string::npos) return true;
  return text.find("kickstart") != std::string::npos && text.find(mainLabel) != std::string::npos;
}

CheckResult checkRescueStartsMain(const CheckInfo& info, const HostSnapshot& snap) {
  const json* root = plistRoot(snap.rescue.plist);
  const std::string plistFile = snap.spec.rescue.plistPath.string();
  if (!root) return skipped(info, "rescue plist is not readable; see rescue.plist.readable", {{plistFile, "", ""}});
  std::vector<std::string> inherited;
  if (auto env = root->find("EnvironmentVariables"); env != root->end() && env->is_object()) {
    for (const char* var : kInheritedSelectors)
      if (env->contains(var)) inherited.push_back(var);
  }
  if (inherited.empty()) {
    return passed(info, "the rescue plist sets no OpenClaw profile selector, so commands its agent runs act on the "
                        "default profile (main)",
                  {{plistFile, "EnvironmentVariables", "no OPENCLAW_PROFILE/STATE_DIR/CONFIG_PATH/LAUNCHD_LABEL"}});
  }
  std::string names;
  for (const auto& v : inherited) names += (names.empty() ? "" : ", ") + v;
  std::vector<Evidence> evidence{{plistFile, "EnvironmentVariables", names + ": inherited by every command the agent runs"}};
  const std::string mainLabel = snap.spec.main.label;
  for (const LoadedText& f : snap.rescue.instructionFiles) {
    const std::string file = f.file.path.string();
    if (!f.text) {
      evidence.push_back({file, "", f.error ? f.error->message : "not readable"});
      continue;
    }
    if (teachesWorkingForm(*f.text, mainLabel)) {
      evidence.push_back({file, "", "tells the agent to start main without the rescue's variables"});
      return passed(info, "the rescue's agent is told how to start main: " + f.file.path.filename().string() +
                              " names the working form",
                    evidence);
    }
    evidence.push_back({file, "", "does not say how to start main"});
  }
  const std::string agents = (snap.spec.rescue.workspace / "AGENTS.md").string();
  return warned(info,
                "the rescue's agent cannot bring main back with a plain `openclaw gateway start`: the rescue plist's " +
                    names + " reach every command it runs, so that command acts on the rescue, not main (measured: "
                    "OpenClaw 2026.3.24 restarted the rescue and left main down; 2026.9.6 refuses it, \"named "
                    "profiles cannot override OPENCLAW_LAUNCHD_LABEL\", and main stays down; G8)",
                evidence,
                "tell the rescue's agent the working form: add to " + shellQuote(agents) +
                    " a line such as \"To start or restart the MAIN gateway run: " + workingForm() +
                    " (or launchctl kickstart -k gui/$(id -u)/" + mainLabel + "); a plain `openclaw gateway start` "
                    "restarts this rescue\"");
}

}  // namespace

void addRescueAgentChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"rescue.agent.starts-main", kArea, {"G8", "R19"}}, &checkRescueStartsMain});
}

}  // namespace harness
