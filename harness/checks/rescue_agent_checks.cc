// Can the rescue's agent bring main back (G8)? Measured on the real releases (the drift run's
// contract.rescue.brings-main-back): every command the rescue's agent runs inherits the rescue
// plist's OPENCLAW_PROFILE, OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH and OPENCLAW_LAUNCHD_LABEL,
// so the command a user would ask for, a plain `openclaw gateway start`, acts on the rescue and
// leaves main down (2026.3.24 restarts the rescue, 2026.9.6 refuses). On 2026.3.24 the same
// command with those variables removed brings main back; from 2026.8.1 the `openclaw` on the
// agent's PATH is the rescue gateway's own CLI pinned to --profile rescue, so only launchd's
// own commands reach main. The runbook's plist sets the variables (R19), so its rescue needs to
// be told the way that works. The check looks for it in the rescue workspace's instruction
// files, which the agent reads.
//
// Pure over the snapshot, which read those files when they are regular files inside the home
// (a symlink is stat()ed, never opened: InstanceSnapshot::instructionFiles).

#include <string>
#include <vector>

#include "harness/checks/check_support.h"
#include "harness/checks/start_main_commands.h"
#include "harness/core/release_traits.h"

namespace harness {
namespace {

using nlohmann::json;

constexpr const char* kArea = "Rescue agent";
// The instruction files that tell the agent how to start main: launchd's kickstart of main's
// label, or (where the agent's `openclaw` is not pinned to the rescue) the unset-variables form.
bool teachesWorkingForm(const std::string& text, const std::string& mainLabel, const ReleaseTraits& traits) {
  if (!traits.agentCliPinsProfile && text.find("-u OPENCLAW_PROFILE") != std::string::npos) return true;
  return text.find("kickstart") != std::string::npos && text.find(mainLabel) != std::string::npos;
}

CheckResult checkRescueStartsMain(const CheckInfo& info, const HostSnapshot& snap) {
  const json* root = plistRoot(snap.rescue.plist);
  const std::string plistFile = snap.spec.rescue.plistPath.string();
  if (!root) return skipped(info, "rescue plist is not readable; see rescue.plist.readable", {{plistFile, "", ""}});
  std::vector<std::string> inherited;
  if (auto env = root->find("EnvironmentVariables"); env != root->end() && env->is_object()) {
    for (const char* var : kInheritedProfileSelectors)
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
  const ReleaseTraits traits = releaseTraits(snap.spec.openclawVersion);
  for (const LoadedText& f : snap.rescue.instructionFiles) {
    const std::string file = f.file.path.string();
    if (!f.text) {
      evidence.push_back({file, "", f.error ? f.error->message : "not readable"});
      continue;
    }
    if (teachesWorkingForm(*f.text, mainLabel, traits)) {
      evidence.push_back({file, "", "tells the agent to start main without the rescue's variables"});
      return passed(info, "the rescue's agent is told how to start main: " + f.file.path.filename().string() +
                              " names the working form",
                    evidence);
    }
    const bool unsetOnly = f.text->find("-u OPENCLAW_PROFILE") != std::string::npos;
    evidence.push_back({file, "", unsetOnly ? "names only the unset-variables form, which the agent's pinned `openclaw` "
                                              "ignores on this release"
                                            : "does not say how to start main"});
  }
  const std::string agents = (snap.spec.rescue.workspace / "AGENTS.md").string();
  const std::string pinned =
      traits.agentCliPinsProfile
          ? std::string("; ") + (traits.known() ? "on " + traits.version : "from 2026.8.1") +
                " the `openclaw` on the agent's PATH is the rescue's own CLI pinned to --profile rescue, so "
                "unsetting the variables does not help either (2026.9.6: \"Gateway service not loaded\" for the "
                "rescue profile)"
          : std::string();
  return warned(info,
                "the rescue's agent cannot bring main back with a plain `openclaw gateway start`: the rescue plist's " +
                    names + " reach every command it runs, so that command acts on the rescue, not main (measured: "
                    "OpenClaw 2026.3.24 restarted the rescue and left main down; 2026.9.6 refuses it, \"named "
                    "profiles cannot override OPENCLAW_LAUNCHD_LABEL\", and main stays down" + pinned + "; G8)",
                evidence,
                "tell the rescue's agent to start main through launchd: add to " + shellQuote(agents) +
                    " a line such as \"To start or restart the MAIN gateway run: " + launchdStartCommand(snap.spec.main) +
                    " (a plain `openclaw gateway start` acts on this rescue)\"" +
                    (traits.agentCliPinsProfile ? "" : "; on this release `" + unsetSelectorsStartCommand() + "` works too"));
}

}  // namespace

void addRescueAgentChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"rescue.agent.starts-main", kArea, {"G8", "R19"}}, &checkRescueStartsMain});
}

}  // namespace harness
