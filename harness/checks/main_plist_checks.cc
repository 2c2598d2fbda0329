// The LaunchAgents around the rescue's (R20, R5, G2, G7, R24): the profile's official service
// must be absent, and main's plist must stay main's and not be bent towards the rescue.

#include <string>
#include <vector>

#include "harness/checks/launch_agent_plist.h"

namespace harness::launch_agent {

// ---------------------------------------------------------------------------------------------
// rescue.official-service-absent

CheckResult checkOfficialServiceAbsent(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& official = snap.officialRescuePlist;
  const auto& path = official.file.path;
  if (samePath(path, snap.spec.rescue.plistPath)) {
    return skipped(info, "the spec's rescue label is the official one (" + snap.spec.officialRescueLabel +
                             "); nothing separate to look for",
                   {fileEvidence(official.file)});
  }
  const bool present = official.file.kind != FileKind::Missing || !official.file.error.empty();
  if (!present) {
    return passed(info, "the official " + snap.spec.officialRescueLabel + " LaunchAgent is not installed",
                  {fileEvidence(official.file)});
  }
  std::vector<Evidence> evidence{fileEvidence(official.file)};
  if (const json* root = plistRoot(official)) {
    evidence.push_back({path.string(), "Label", describeValue(member(*root, "Label"))});
    Arguments args = programArguments(*root, path);
    if (!args.problem) evidence.push_back({path.string(), "ProgramArguments", joinArgs(args.values)});
  } else if (official.error) {
    evidence.back().detail += "; " + official.error->message;
  }
  const std::string label = snap.spec.officialRescueLabel;
  return failed(info,
                "the official " + label + " LaunchAgent is installed too: two services would run the rescue profile",
                evidence,
                "launchctl bootout gui/$(id -u)/" + label + "; mv " + shellQuote(path.string()) + " " +
                    shellQuote((snap.spec.home / (label + ".plist.disabled")).string()));
}

// ---------------------------------------------------------------------------------------------
// main.plist.readable

CheckResult checkMainPlistReadable(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& plist = snap.main.plist;
  const auto& spec = snap.spec.main;
  const std::string file = spec.plistPath.string();
  const bool missing = !plist.file.exists() && !plist.error;
  if (missing) {
    return warned(info, "main LaunchAgent plist " + file + " is missing (main may be managed another way)",
                  {fileEvidence(plist.file)}, "openclaw gateway install   # installs main's " + spec.label + " LaunchAgent");
  }
  if (auto problem = plistProblem(plist)) {
    auto e = fileEvidence(plist.file);
    e.detail += "; " + *problem;
    return failed(info, "main LaunchAgent plist " + file + " is unusable: " + *problem, {e},
                  "plutil -lint " + shellQuote(file) + "; openclaw gateway install   # rewrites main's plist");
  }
  const json* label = member(*plistRoot(plist), "Label");
  const std::string fix = "plutil -replace Label -string " + shellQuote(spec.label) + " " + shellQuote(file) + " && " +
                          reloadCommand(spec.plistPath);
  if (!label || !label->is_string()) {
    return failed(info,
                  label ? "main plist Label is " + typeName(*label) + ", expected a string" : "main plist has no Label",
                  {{file, "Label", describeValue(label)}}, fix);
  }
  if (label->get_ref<const std::string&>() != spec.label) {
    return failed(info, "main plist Label is " + describeValue(label) + ", expected \"" + spec.label + "\"",
                  {{file, "Label", describeValue(label)}}, fix);
  }
  return passed(info, "main plist parses and its Label is " + spec.label, {{file, "Label", describeValue(label)}});
}

// ---------------------------------------------------------------------------------------------
// main.plist.not-rescue

namespace {

// Findings for one plist whose arguments or environment point into the other instance.
void crossPointers(const LoadedPlist& plist, const InstanceSpec& self, const InstanceSpec& other,
                   std::vector<Evidence>& findings, std::vector<Evidence>& seen) {
  const json* root = plistRoot(plist);
  if (!root) return;
  const std::string file = self.plistPath.string();
  Arguments args = programArguments(*root, self.plistPath);
  if (!args.problem && !other.profile.empty()) {
    const auto tokens = normalisedArguments(args.values);
    auto profile = flagValue(tokens, "--profile");
    if (profile && *profile == other.profile) {
      findings.push_back({file, "ProgramArguments", "runs --profile " + *profile + " (the " + other.name + " profile)"});
    }
  }
  const json* env = member(*root, "EnvironmentVariables");
  if (!env || !env->is_object()) return;
  for (const char* key : {"OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH"}) {
    auto it = env->find(key);
    if (it == env->end() || !it->is_string() || it->get_ref<const std::string&>().empty()) continue;
    const std::string value = it->get<std::string>();
    const std::string keyPath = std::string("EnvironmentVariables.") + key;
    if (pathWithin(value, other.stateDir)) {
      findings.push_back({file, keyPath, "\"" + value + "\" is inside the " + other.name + " state dir " +
                                             other.stateDir.string()});
    } else {
      seen.push_back({file, keyPath, "\"" + value + "\""});
    }
  }
  for (const char* key : {"OPENCLAW_PROFILE", "OPENCLAW_LAUNCHD_LABEL"}) {
    auto it = env->find(key);
    if (it == env->end() || !it->is_string()) continue;
    const auto& value = it->get_ref<const std::string&>();
    const std::string& theirs = std::string(key) == "OPENCLAW_PROFILE" ? other.profile : other.label;
    if (!theirs.empty() && value == theirs) {
      findings.push_back({file, std::string("EnvironmentVariables.") + key,
                          "\"" + value + "\" belongs to the " + other.name + " gateway"});
    }
  }
}

}  // namespace

CheckResult checkMainPlistNotRescue(const CheckInfo& info, const HostSnapshot& snap) {
  const bool mainOk = plistRoot(snap.main.plist) != nullptr;
  const bool rescueOk = plistRoot(snap.rescue.plist) != nullptr;
  if (!mainOk && !rescueOk) {
    return skipped(info, "neither plist is readable; see main.plist.readable and rescue.plist.readable",
                   {fileEvidence(snap.main.plist.file), fileEvidence(snap.rescue.plist.file)});
  }
  std::vector<Evidence> findings, seen;
  crossPointers(snap.main.plist, snap.spec.main, snap.spec.rescue, findings, seen);
  crossPointers(snap.rescue.plist, snap.spec.rescue, snap.spec.main, findings, seen);
  if (findings.empty()) {
    if (!mainOk) seen.push_back({snap.spec.main.plistPath.string(), "", "not readable; only the rescue plist was judged"});
    if (!rescueOk) seen.push_back({snap.spec.rescue.plistPath.string(), "", "not readable; only main's plist was judged"});
    return passed(info, "main's and the rescue's plists each point only at their own profile and state", seen);
  }
  std::string fix;
  for (const auto& f : findings) {
    if (fix.find(f.file) == std::string::npos) {
      fix += "edit " + shellQuote(f.file) + " (remove --profile " + snap.spec.rescue.profile +
             " from main's, point OPENCLAW_* at the plist's own state dir), then " +
             reloadCommand(f.file) + "; ";
    }
  }
  fix.resize(fix.size() - 2);
  return failed(info, "a gateway's plist points at the other gateway's profile or state (G7, R24)", findings, fix);
}

}  // namespace harness::launch_agent
