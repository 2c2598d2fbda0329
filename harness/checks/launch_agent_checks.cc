// Rescue LaunchAgent (R17–R20, R5, R23, G1, G2, G7, R24): the runbook's custom plist
// ~/Library/LaunchAgents/ai.openclaw.gateway.rescue.plist (here), the absence of the profile's
// official service, and main's plist not being bent towards the rescue (main_plist_checks.cc).
//
// launchd reads the plist, not the CLI's view of it, so these checks judge the file itself:
// keys, types and values exactly as launchd would see them (it expands no ~ and no $VAR).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "harness/checks/launch_agent_plist.h"

namespace harness {
namespace launch_agent {
namespace {

// ---------------------------------------------------------------------------------------------
// rescue.plist.readable

CheckResult checkRescuePlistReadable(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& plist = snap.rescue.plist;
  const auto& path = snap.spec.rescue.plistPath;
  if (auto problem = plistProblem(plist)) {
    auto e = fileEvidence(plist.file);
    if (plist.file.exists() || plist.error) e.detail += "; " + *problem;
    const bool missing = !plist.file.exists() && !plist.error;
    return failed(info, "rescue LaunchAgent plist " + path.string() + (missing ? " is missing" : " is unusable: " + *problem),
                  {e},
                  "write the runbook's plist to " + path.string() + " (Label " + snap.spec.rescue.label +
                      ", ProgramArguments with --profile " + snap.spec.rescue.profile + " gateway --port " +
                      std::to_string(snap.spec.rescue.port) + ", the four OPENCLAW_* variables), check it with plutil -lint " +
                      shellQuote(path.string()) + ", then launchctl bootstrap gui/$(id -u) " + shellQuote(path.string()));
  }
  return passed(info, "rescue plist parses (" + std::string(toString(plist.plist->format)) + ")",
                {fileEvidence(plist.file)});
}

// ---------------------------------------------------------------------------------------------
// rescue.plist.label

CheckResult checkRescuePlistLabel(const CheckInfo& info, const HostSnapshot& snap) {
  if (auto skip = skipWithoutPlist(info, snap.rescue.plist, "rescue", "rescue.plist.readable")) return *skip;
  const auto& root = *plistRoot(snap.rescue.plist);
  const auto& spec = snap.spec.rescue;
  const std::string file = spec.plistPath.string();
  const std::string fix = "plutil -replace Label -string " + shellQuote(spec.label) + " " + shellQuote(file) + " && " +
                          reloadCommand(spec.plistPath);
  const json* label = member(root, "Label");
  if (!label) return failed(info, "rescue plist has no Label", {{file, "Label", "missing"}}, fix);
  if (!label->is_string()) {
    return failed(info, "rescue plist Label is " + typeName(*label) + ", expected a string",
                  {{file, "Label", describeValue(label)}}, fix);
  }
  const auto& value = label->get_ref<const std::string&>();
  if (value != spec.label) {
    return failed(info, "rescue plist Label is \"" + value + "\", expected \"" + spec.label + "\"",
                  {{file, "Label", describeValue(label)}}, fix);
  }
  const std::string expectedName = spec.label + ".plist";
  if (spec.plistPath.filename() != expectedName) {
    return failed(info, "rescue plist file name does not match its Label",
                  {{file, "Label", describeValue(label) + "; file name " + spec.plistPath.filename().string()}},
                  "mv " + shellQuote(file) + " " + shellQuote((spec.plistPath.parent_path() / expectedName).string()));
  }
  return passed(info, "rescue plist Label is " + spec.label, {{file, "Label", describeValue(label)}});
}

// ---------------------------------------------------------------------------------------------
// rescue.plist.arguments

// The current arguments with the profile/gateway/port run put right: the program part before
// --profile or gateway is kept, the run follows, then any other arguments.
json correctedArguments(const std::vector<std::string>& args, const InstanceSpec& spec) {
  json out = json::array();
  size_t i = 0;
  for (; i < args.size(); ++i) {
    if (args[i] == "--profile" || args[i] == "gateway" || args[i] == "--port") break;
    out.push_back(args[i]);
  }
  if (out.empty()) out.push_back("<path to openclaw>");
  for (const char* a : {"--profile", spec.profile.c_str(), "gateway", "--port"}) out.push_back(a);
  out.push_back(std::to_string(spec.port));
  for (; i < args.size(); ++i) {
    if ((args[i] == "--profile" || args[i] == "--port") && i + 1 < args.size()) {
      ++i;
    } else if (args[i] != "gateway") {
      out.push_back(args[i]);
    }
  }
  return out;
}

CheckResult checkRescuePlistArguments(const CheckInfo& info, const HostSnapshot& snap) {
  if (auto skip = skipWithoutPlist(info, snap.rescue.plist, "rescue", "rescue.plist.readable")) return *skip;
  const auto& spec = snap.spec.rescue;
  const std::string file = spec.plistPath.string();
  const auto port = std::to_string(spec.port);
  const std::string expectedText = "--profile " + spec.profile + " gateway --port " + port;
  Arguments args = programArguments(*plistRoot(snap.rescue.plist), spec.plistPath);
  auto fixWith = [&](const std::vector<std::string>& current) {
    return "plutil -replace ProgramArguments -json " + shellQuote(correctedArguments(current, spec).dump()) + " " +
           shellQuote(file) + " && " + reloadCommand(spec.plistPath);
  };
  if (args.problem) {
    return failed(info, "rescue plist ProgramArguments " + args.problem->detail, {*args.problem}, fixWith({}));
  }
  const auto tokens = normalisedArguments(args.values);
  const std::vector<std::string> expected{"--profile", spec.profile, "gateway", "--port", port};
  Evidence e{file, "ProgramArguments", joinArgs(args.values)};
  if (std::search(tokens.begin(), tokens.end(), expected.begin(), expected.end()) != tokens.end()) {
    return passed(info, "rescue plist runs `" + expectedText + "`", {e});
  }
  std::string why;
  auto profile = flagValue(tokens, "--profile");
  auto portValue = flagValue(tokens, "--port");
  if (!profile) why = "no --profile " + spec.profile;
  else if (*profile != spec.profile) why = "--profile is " + *profile + ", expected " + spec.profile;
  else if (!portValue) why = "no --port " + port;
  else if (*portValue != port) why = "--port is " + *portValue + ", expected " + port;
  else if (std::find(tokens.begin(), tokens.end(), "gateway") == tokens.end()) why = "no gateway command";
  else why = "the arguments are not in the order `" + expectedText + "`";
  return failed(info, "rescue plist does not run `" + expectedText + "`: " + why, {e}, fixWith(args.values));
}

// ---------------------------------------------------------------------------------------------
// rescue.plist.environment

CheckResult checkRescuePlistEnvironment(const CheckInfo& info, const HostSnapshot& snap) {
  if (auto skip = skipWithoutPlist(info, snap.rescue.plist, "rescue", "rescue.plist.readable")) return *skip;
  const auto& spec = snap.spec.rescue;
  const std::string file = spec.plistPath.string();
  struct Expected {
    std::string key;
    std::string value;
    bool isPath;
  };
  std::vector<Expected> wanted;
  if (!spec.profile.empty()) wanted.push_back({"OPENCLAW_PROFILE", spec.profile, false});
  wanted.push_back({"OPENCLAW_STATE_DIR", spec.stateDir.string(), true});
  wanted.push_back({"OPENCLAW_CONFIG_PATH", spec.configPath.string(), true});
  wanted.push_back({"OPENCLAW_LAUNCHD_LABEL", spec.label, false});

  const json* env = member(*plistRoot(snap.rescue.plist), "EnvironmentVariables");
  if (!env || !env->is_object()) {
    json fixed = json::object();
    for (const auto& w : wanted) fixed[w.key] = w.value;
    return failed(info,
                  env ? "rescue plist EnvironmentVariables is " + typeName(*env) + ", expected a dict"
                      : "rescue plist has no EnvironmentVariables",
                  {{file, "EnvironmentVariables", env ? describeValue(env) : "missing"}},
                  "plutil -replace EnvironmentVariables -json " + shellQuote(fixed.dump()) + " " + shellQuote(file) +
                      " && " + reloadCommand(spec.plistPath));
  }

  std::vector<Evidence> evidence;
  std::vector<std::string> problems;
  std::string fix;
  for (const auto& w : wanted) {
    const std::string key = "EnvironmentVariables." + w.key;
    auto it = env->find(w.key);
    std::string problem;
    if (it == env->end()) {
      problem = "missing";
    } else if (!it->is_string()) {
      problem = "is " + typeName(*it) + ", expected a string";
    } else {
      const auto& v = it->get_ref<const std::string&>();
      if (w.isPath && !v.empty() && v[0] == '~') {
        problem = "\"" + v + "\": launchd does not expand ~, so OpenClaw gets a relative path";
      } else if (w.isPath ? !samePath(v, w.value) : v != w.value) {
        problem = "\"" + v + "\", expected \"" + w.value + "\"";
      }
    }
    if (problem.empty()) {
      evidence.push_back({file, key, describeValue(&*it)});
      continue;
    }
    problems.push_back(w.key);
    evidence.push_back({file, key, problem});
    fix += "plutil -replace " + key + " -string " + shellQuote(w.value) + " " + shellQuote(file) + " && ";
  }
  if (problems.empty()) {
    return passed(info, "rescue plist environment names the rescue profile, state dir, config and label", evidence);
  }
  std::string names;
  for (const auto& p : problems) names += (names.empty() ? "" : ", ") + p;
  return failed(info, "rescue plist environment is wrong for " + names, evidence, fix + reloadCommand(spec.plistPath));
}

// ---------------------------------------------------------------------------------------------
// rescue.plist.keepalive

CheckResult checkRescuePlistKeepAlive(const CheckInfo& info, const HostSnapshot& snap) {
  if (auto skip = skipWithoutPlist(info, snap.rescue.plist, "rescue", "rescue.plist.readable")) return *skip;
  const auto& root = *plistRoot(snap.rescue.plist);
  const std::string file = snap.spec.rescue.plistPath.string();
  const json* runAtLoad = member(root, "RunAtLoad");
  const json* keepAlive = member(root, "KeepAlive");
  std::vector<Evidence> evidence{{file, "RunAtLoad", describeValue(runAtLoad)},
                                 {file, "KeepAlive", describeValue(keepAlive)}};
  std::string fix;
  std::vector<std::string> problems;
  if (!(runAtLoad && runAtLoad->is_boolean() && runAtLoad->get<bool>())) {
    problems.push_back(runAtLoad && !runAtLoad->is_boolean() ? "RunAtLoad is " + typeName(*runAtLoad) + ", not a boolean"
                                                               : "RunAtLoad is not true");
    fix += "plutil -replace RunAtLoad -bool true " + shellQuote(file) + " && ";
  }
  const bool keepAliveOk = keepAlive && ((keepAlive->is_boolean() && keepAlive->get<bool>()) ||
                                         (keepAlive->is_object() && !keepAlive->empty()));
  if (!keepAliveOk) {
    problems.push_back(keepAlive && !keepAlive->is_boolean() && !keepAlive->is_object()
                           ? "KeepAlive is " + typeName(*keepAlive) + ", not a boolean or dict"
                           : "KeepAlive is not true");
    fix += "plutil -replace KeepAlive -bool true " + shellQuote(file) + " && ";
  }
  if (problems.empty()) return passed(info, "launchd starts the rescue at login and restarts it", evidence);
  std::string why;
  for (const auto& p : problems) why += (why.empty() ? "" : "; ") + p;
  return warned(info, why + ": the rescue would not come back after a crash or reboot", evidence,
                fix + reloadCommand(snap.spec.rescue.plistPath));
}

// ---------------------------------------------------------------------------------------------
// rescue.plist.logs

CheckResult checkRescuePlistLogs(const CheckInfo& info, const HostSnapshot& snap) {
  if (auto skip = skipWithoutPlist(info, snap.rescue.plist, "rescue", "rescue.plist.readable")) return *skip;
  const auto& root = *plistRoot(snap.rescue.plist);
  const auto& spec = snap.spec.rescue;
  const std::string file = spec.plistPath.string();

  // Main's log files: the spec's, and whatever main's plist actually names.
  std::vector<std::filesystem::path> mainLogs{snap.spec.main.logPath, snap.spec.main.errLogPath};
  if (const json* mainRoot = plistRoot(snap.main.plist)) {
    for (const char* key : {"StandardOutPath", "StandardErrorPath"}) {
      if (const json* v = member(*mainRoot, key); v && v->is_string() && !v->get_ref<const std::string&>().empty()) {
        mainLogs.emplace_back(v->get<std::string>());
      }
    }
  }

  CheckStatus worst = CheckStatus::Pass;
  std::vector<Evidence> evidence;
  std::string fix;
  struct Key {
    const char* key;
    std::filesystem::path expected;
  };
  for (const Key& k : {Key{"StandardOutPath", spec.logPath}, Key{"StandardErrorPath", spec.errLogPath}}) {
    const json* v = member(root, k.key);
    const std::string setIt =
        "plutil -replace " + std::string(k.key) + " -string " + shellQuote(k.expected.string()) + " " + shellQuote(file) + " && ";
    if (!v || !v->is_string() || v->get_ref<const std::string&>().empty()) {
      evidence.push_back({file, k.key,
                          !v ? "missing: launchd discards this output"
                             : v->is_string() ? "empty" : "is " + typeName(*v) + ", expected a path string"});
      if (worst == CheckStatus::Pass) worst = CheckStatus::Warn;
      fix += setIt;
      continue;
    }
    const std::string value = v->get<std::string>();
    const bool intoMain = std::any_of(mainLogs.begin(), mainLogs.end(), [&](const auto& m) { return samePath(value, m); }) ||
                          pathWithin(value, snap.spec.main.stateDir);
    if (intoMain) {
      evidence.push_back({file, k.key, "\"" + value + "\" is main's log (G7: logs must be disjoint)"});
      worst = CheckStatus::Fail;
      fix += setIt;
    } else if (!samePath(value, k.expected)) {
      std::string detail = "\"" + value + "\", expected \"" + k.expected.string() + "\"";
      if (value[0] == '~') detail += "; launchd does not expand ~";
      evidence.push_back({file, k.key, detail});
      if (worst == CheckStatus::Pass) worst = CheckStatus::Warn;
      fix += setIt;
    } else {
      evidence.push_back({file, k.key, describeValue(v)});
    }
  }
  const std::string remediation = fix.empty() ? "" : fix + reloadCommand(spec.plistPath);
  if (worst == CheckStatus::Fail) {
    return failed(info, "rescue plist writes its logs into main's log files", evidence, remediation);
  }
  if (worst == CheckStatus::Warn) {
    return warned(info, "rescue plist log paths differ from the spec; the harness reads logs from the plist's paths",
                  evidence, remediation);
  }
  return passed(info, "rescue plist logs to " + spec.logPath.string() + " and " + spec.errLogPath.filename().string(),
                evidence);
}

}  // namespace
}  // namespace launch_agent

void addLaunchAgentChecks(std::vector<StaticCheck>& out) {
  namespace la = launch_agent;
  out.push_back({{"rescue.plist.readable", la::kArea, {"R17"}}, &la::checkRescuePlistReadable});
  out.push_back({{"rescue.plist.label", la::kArea, {"R17", "R5"}}, &la::checkRescuePlistLabel});
  out.push_back({{"rescue.plist.arguments", la::kArea, {"R18"}}, &la::checkRescuePlistArguments});
  out.push_back({{"rescue.plist.environment", la::kArea, {"R19"}}, &la::checkRescuePlistEnvironment});
  out.push_back({{"rescue.plist.keepalive", la::kArea, {"G1"}}, &la::checkRescuePlistKeepAlive});
  out.push_back({{"rescue.plist.logs", la::kArea, {"R23", "G7"}}, &la::checkRescuePlistLogs});
  out.push_back({{"rescue.official-service-absent", la::kArea, {"R20"}}, &la::checkOfficialServiceAbsent});
  out.push_back({{"main.plist.readable", la::kArea, {"R5", "G2"}}, &la::checkMainPlistReadable});
  out.push_back({{"main.plist.not-rescue", la::kArea, {"G7", "R24"}}, &la::checkMainPlistNotRescue});
}

}  // namespace harness
