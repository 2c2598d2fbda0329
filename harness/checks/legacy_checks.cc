// Runbook 1.0 leftovers (R27, R28, R30): the old rescue config and workspace inside main's
// state dir, and `launchctl load -w / unload -w` traces in the plists. Present-but-unused
// leftovers warn; leftovers the rescue still uses fail.

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "harness/checks/check_support.h"
#include "harness/config/key_path.h"

namespace harness {
namespace {

using nlohmann::json;

constexpr const char* kArea = "Runbook 1.0 leftovers";

bool present(const FileInfo& f) { return f.kind != FileKind::Missing || !f.error.empty(); }

// Places in one plist (environment or arguments) that name `target`.
void plistReferences(const LoadedPlist& plist, const std::filesystem::path& plistPath,
                     const std::filesystem::path& target, std::vector<Evidence>& out) {
  const json* root = plistRoot(plist);
  if (!root) return;
  if (auto env = root->find("EnvironmentVariables"); env != root->end() && env->is_object()) {
    for (auto it = env->begin(); it != env->end(); ++it) {
      if (it->is_string() && !it->get_ref<const std::string&>().empty() &&
          samePath(it->get<std::string>(), target)) {
        out.push_back({plistPath.string(), "EnvironmentVariables." + it.key(), "\"" + it->get<std::string>() + "\""});
      }
    }
  }
  if (auto args = root->find("ProgramArguments"); args != root->end() && args->is_array()) {
    for (size_t i = 0; i < args->size(); ++i) {
      const auto& a = (*args)[i];
      if (!a.is_string()) continue;
      const auto& text = a.get_ref<const std::string&>();
      // "--config=/path" style as well as a bare path argument.
      const auto eq = text.find('=');
      const std::string value = (eq != std::string::npos && text.rfind("--", 0) == 0) ? text.substr(eq + 1) : text;
      if (!value.empty() && samePath(value, target)) {
        out.push_back({plistPath.string(), "ProgramArguments[" + std::to_string(i) + "]", "\"" + text + "\""});
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// legacy.rescue-config

CheckResult checkLegacyRescueConfig(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& legacy = snap.legacyRescueConfig;
  if (!present(legacy)) {
    return passed(info, "no runbook 1.0 rescue config " + legacy.path.string(), {fileEvidence(legacy)});
  }
  std::vector<Evidence> uses;
  plistReferences(snap.rescue.plist, snap.spec.rescue.plistPath, legacy.path, uses);
  plistReferences(snap.main.plist, snap.spec.main.plistPath, legacy.path, uses);
  std::vector<Evidence> evidence{fileEvidence(legacy)};
  const std::string rm = "rm " + shellQuote(legacy.path.string());
  if (!uses.empty()) {
    evidence.insert(evidence.end(), uses.begin(), uses.end());
    const auto plist = shellQuote(snap.spec.rescue.plistPath.string());
    return failed(info, "the runbook 1.0 rescue config " + legacy.path.string() + " is still in use", evidence,
                  "plutil -replace EnvironmentVariables.OPENCLAW_CONFIG_PATH -string " +
                      shellQuote(snap.spec.rescue.configPath.string()) + " " + plist +
                      " (and drop the legacy path from ProgramArguments), then launchctl bootout gui/$(id -u) " + plist +
                      "; launchctl bootstrap gui/$(id -u) " + plist + "; once " + openclawCommand(snap.spec.rescue) +
                      " config validate passes: " + rm);
  }
  return warned(info, "the runbook 1.0 rescue config " + legacy.path.string() + " is still present (not used)",
                evidence,
                openclawCommand(snap.spec.rescue) + " config validate && " + rm +
                    "   # after confirming " + snap.spec.rescue.configPath.string() + " has everything you need");
}

// ---------------------------------------------------------------------------------------------
// legacy.rescue-workspace

CheckResult checkLegacyRescueWorkspace(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& legacy = snap.legacyRescueWorkspace;
  const auto& rescue = snap.rescue;
  std::vector<Evidence> evidence{fileEvidence(legacy)};
  std::vector<Evidence> uses;
  std::vector<std::string> keys;
  if (rescue.config.config) {
    const auto& config = *rescue.config.config;
    auto consider = [&](const std::string& keyPath, const json* value) {
      if (!value) return;
      if (!value->is_string()) {
        evidence.push_back({rescue.spec.configPath.string(), keyPath,
                            std::string(value->is_array() || value->is_object() ? "is an " : "is a ") + value->type_name() +
                                ", expected a path string"});
        return;
      }
      const std::string path = expandHome(value->get_ref<const std::string&>(), snap.spec.home);
      if (!path.empty() && pathWithin(path, legacy.path)) {
        uses.push_back({rescue.spec.configPath.string(), keyPath, "\"" + path + "\""});
        keys.push_back(keyPath);
      }
    };
    consider("agents.defaults.workspace", config.find("agents.defaults.workspace").value);
    for (const auto& agent : config.agents) {
      if (!agent.raw || !agent.raw->is_object()) continue;
      auto ws = agent.raw->find("workspace");
      if (ws != agent.raw->end()) consider(childKeyPath(agent.keyPath, "workspace"), &*ws);
    }
  } else {
    evidence.push_back({rescue.spec.configPath.string(), "",
                        "rescue config not readable (see rescue.config.readable); references not checked"});
  }

  if (!uses.empty()) {
    evidence.insert(evidence.end(), uses.begin(), uses.end());
    std::string fix;
    for (const auto& k : keys) {
      fix += configSetCommand(rescue.spec, k, json(rescue.spec.workspace.string()).dump()) + " && ";
    }
    fix += "mkdir -p " + shellQuote(rescue.spec.workspace.string());
    if (present(legacy)) {
      fix += "   # then move what you need from " + legacy.path.string() + " into " + rescue.spec.workspace.string();
    }
    return failed(info, "the rescue config still uses the runbook 1.0 workspace " + legacy.path.string(), evidence, fix);
  }
  if (present(legacy)) {
    return warned(info, "the runbook 1.0 rescue workspace " + legacy.path.string() + " is still present (not used)",
                  evidence,
                  "move anything still needed into " + rescue.spec.workspace.string() + ", then rm -r " +
                      shellQuote(legacy.path.string()));
  }
  return passed(info, "no runbook 1.0 rescue workspace " + legacy.path.string(), evidence);
}

// ---------------------------------------------------------------------------------------------
// legacy.launchctl-load

CheckResult checkLegacyLaunchctlLoad(const CheckInfo& info, const HostSnapshot& snap) {
  struct Candidate {
    const LoadedPlist* plist;
    const InstanceSpec* spec;
  };
  const Candidate candidates[] = {{&snap.rescue.plist, &snap.spec.rescue}, {&snap.main.plist, &snap.spec.main}};
  std::vector<Evidence> findings, judged;
  std::string fix;
  for (const auto& c : candidates) {
    const json* root = plistRoot(*c.plist);
    if (!root) continue;
    const auto file = c.spec->plistPath.string();
    judged.push_back({file, "Disabled", "absent"});
    auto disabled = root->find("Disabled");
    if (disabled == root->end()) continue;
    findings.push_back({file, "Disabled", describeValue(&*disabled) + " (written by launchctl load -w / unload -w)"});
    const auto p = shellQuote(file);
    fix += "plutil -remove Disabled " + p + " && launchctl bootout gui/$(id -u) " + p +
           "; launchctl enable gui/$(id -u)/" + c.spec->label + " && launchctl bootstrap gui/$(id -u) " + p + "; ";
  }
  if (judged.empty()) {
    return skipped(info, "neither plist is readable; see rescue.plist.readable and main.plist.readable",
                   {fileEvidence(snap.rescue.plist.file), fileEvidence(snap.main.plist.file)});
  }
  if (!findings.empty()) {
    fix += "from now on use launchctl bootstrap/bootout gui/$(id -u) <plist>, not load/unload";
    return warned(info, "a plist carries a Disabled key from the launchctl load/unload era", findings, fix);
  }
  return passed(info, "no load/unload leftovers in the plists; live mode checks launchd", judged);
}

}  // namespace

void addLegacyChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"legacy.rescue-config", kArea, {"R27"}}, &checkLegacyRescueConfig});
  out.push_back({{"legacy.rescue-workspace", kArea, {"R28"}}, &checkLegacyRescueWorkspace});
  out.push_back({{"legacy.launchctl-load", kArea, {"R30"}}, &checkLegacyLaunchctlLoad});
}

}  // namespace harness
