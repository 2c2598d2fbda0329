// Topology: where each gateway's files live and which ports and labels it uses (R1–R5, G3).

#include <sstream>

#include "harness/checks/check_support.h"
#include "harness/checks/port_footprint.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

template <InstanceSnapshot HostSnapshot::*Instance>
CheckResult configReadable(const CheckInfo& info, const HostSnapshot& snap) {
  const InstanceSnapshot& inst = snap.*Instance;
  const auto& loaded = inst.config;
  const std::string file = inst.spec.configPath.string();
  if (loaded.error) {
    std::string remediation = loaded.error->code == ErrorCode::NotFound
                                  ? "create it (the runbook builds the rescue config from the main one as a template)"
                                  : "fix the file so `" + openclawCommand(inst.spec) + " config validate` passes";
    if (loaded.error->code == ErrorCode::PermissionDenied) remediation = "chmod 600 " + file;
    if (loaded.error->code == ErrorCode::Unsupported) {  // a symlink out of the home: not followed
      remediation = "keep the config inside " + snap.spec.home.string() + ", or check the file where it is with --set " +
                    inst.spec.name + ".configPath=<its real path>";
    }
    return failed(info, inst.spec.name + " config cannot be used: " + loaded.error->message,
                  {{file, "", loaded.error->describe()}}, remediation);
  }
  if (!loaded.config) {
    return failed(info, inst.spec.name + " config does not exist", {fileEvidence(loaded.file)},
                  inst.spec.name == "rescue"
                      ? "mkdir -p " + inst.spec.stateDir.string() + " && cp " + snap.spec.main.configPath.string() +
                            " " + file + " && chmod 600 " + file + ", then apply the runbook's rescue keys"
                      : "run `openclaw onboard` or restore " + file);
  }
  const auto& issues = loaded.config->issues;
  if (!issues.empty()) {
    std::vector<Evidence> evidence;
    for (const auto& issue : issues) evidence.push_back({file, issue.keyPath, issue.message});
    return warned(info, inst.spec.name + " config parses, but " + std::to_string(issues.size()) +
                            " value(s) cannot be resolved by the harness",
                  std::move(evidence),
                  "check these keys with `" + openclawCommand(inst.spec) + " config validate --json`");
  }
  return passed(info, inst.spec.name + " config is readable JSON5", {fileEvidence(loaded.file)});
}

CheckResult stateDirs(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& m = snap.main;
  const auto& r = snap.rescue;
  std::vector<Evidence> problems;
  std::string remediation;
  for (const auto* inst : {&m, &r}) {
    if (!inst->stateDir.exists()) {
      problems.push_back(fileEvidence(inst->stateDir));
      remediation = "mkdir -m 700 -p " + inst->spec.stateDir.string();
    } else if (!inst->stateDir.isDirectory()) {
      problems.push_back(fileEvidence(inst->stateDir, "exists but is not a directory"));
      remediation = "move the file away and create the directory " + inst->spec.stateDir.string();
    }
  }
  if (pathWithin(r.spec.stateDir, m.spec.stateDir) || pathWithin(m.spec.stateDir, r.spec.stateDir)) {
    problems.push_back({r.spec.stateDir.string(), "", "state dirs overlap with " + m.spec.stateDir.string()});
    remediation = "give the rescue its own state dir " + (snap.spec.home / ".openclaw-rescue").string();
  }
  // A symlink from one state dir into the other joins them as surely as a shared path.
  for (const auto& [from, to] : {std::pair{&r, &m}, std::pair{&m, &r}}) {
    std::vector<fs::path> candidates = {from->spec.stateDir};
    std::error_code ec;
    for (auto it = fs::directory_iterator(from->spec.stateDir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      candidates.push_back(it->path());
    }
    for (const auto& p : candidates) {
      auto info2 = inspectPath(p);
      if (info2.isSymlink() && pathWithin(p, to->spec.stateDir)) {
        problems.push_back(fileEvidence(info2, "symlink into " + to->spec.stateDir.string()));
        remediation = "replace the symlink " + p.string() + " with a real directory of its own";
      }
    }
  }
  if (!problems.empty()) {
    return failed(info, "state dirs are missing or not disjoint", std::move(problems), remediation);
  }
  return passed(info, "state dirs exist and are disjoint",
                {fileEvidence(m.stateDir), fileEvidence(r.stateDir)});
}

CheckResult workspaces(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& r = snap.rescue.workspace;
  if (!r.isDirectory()) {
    return failed(info, "rescue workspace directory is missing", {fileEvidence(r)},
                  "mkdir -m 700 -p " + snap.spec.rescue.workspace.string());
  }
  if (!snap.main.workspace.isDirectory()) {
    return warned(info, "main workspace directory is missing (main may use another path)",
                  {fileEvidence(snap.main.workspace)}, "check agents.defaults.workspace in the main config");
  }
  return passed(info, "both workspaces exist", {fileEvidence(snap.main.workspace), fileEvidence(r)});
}

// The port a gateway will use: the config's gateway.port, else the plist's --port, else the spec.
struct EffectivePort {
  uint16_t port = 0;
  Evidence evidence;
};

EffectivePort effectivePort(const InstanceSnapshot& inst) {
  if (inst.config.config) {
    if (auto p = inst.config.config->integer("gateway.port"); p && *p > 0 && *p < 65536) {
      return {static_cast<uint16_t>(*p), configEvidence(inst, "gateway.port")};
    }
  }
  if (inst.plist.plist) {
    const auto& args = inst.plist.plist->root.value("ProgramArguments", nlohmann::json::array());
    for (size_t i = 0; args.is_array() && i < args.size(); ++i) {
      if (!args[i].is_string()) continue;
      std::string a = args[i].get<std::string>();
      std::string value;
      if (a == "--port" && i + 1 < args.size() && args[i + 1].is_string()) value = args[i + 1].get<std::string>();
      else if (a.rfind("--port=", 0) == 0) value = a.substr(7);
      if (!value.empty()) {
        try {
          int p = std::stoi(value);
          if (p > 0 && p < 65536) {
            return {static_cast<uint16_t>(p), {inst.spec.plistPath.string(), "ProgramArguments --port", value}};
          }
        } catch (...) {
        }
      }
    }
  }
  return {inst.spec.port, {"", inst.spec.name + ".port", std::to_string(inst.spec.port) + " (spec default)"}};
}

std::string describe(const PortRange& r) {
  std::ostringstream os;
  os << r.role << " " << r.first;
  if (r.last != r.first) os << "-" << r.last;
  return os.str();
}

CheckResult ports(const CheckInfo& info, const HostSnapshot& snap) {
  auto m = effectivePort(snap.main);
  auto r = effectivePort(snap.rescue);
  const auto& version = snap.spec.openclawVersion;
  auto fm = portFootprint(m.port, version);
  auto fr = portFootprint(r.port, version);
  auto clashes = findPortClashes(fm, fr);
  std::vector<Evidence> evidence = {m.evidence, r.evidence};
  const std::string footprints = "main " + std::to_string(fm.lowest()) + "-" + std::to_string(fm.highest()) +
                                 ", rescue " + std::to_string(fr.lowest()) + "-" + std::to_string(fr.highest());
  if (!clashes.empty()) {
    for (const auto& c : clashes) evidence.push_back({"", "port footprint", "main " + describe(c.a) + " overlaps rescue " + describe(c.b)});
    const uint32_t spacing = minimumPortSpacing(version);
    return failed(info,
                  "port footprints overlap (" + footprints + "); OpenClaw derives browser and CDP ports up to base+110",
                  std::move(evidence),
                  "move the rescue at least " + std::to_string(spacing) + " ports away from main, e.g. " +
                      configSetCommand(snap.spec.rescue, "gateway.port",
                                       std::to_string(std::min<uint32_t>(65535 - 111, fm.base + spacing + 1))) +
                      " and the plist's --port");
  }
  return passed(info, "port footprints are disjoint (" + footprints + ")", std::move(evidence));
}

CheckResult labels(const CheckInfo& info, const HostSnapshot& snap) {
  const auto& s = snap.spec;
  std::vector<Evidence> evidence = {{s.rescue.plistPath.string(), "Label", s.rescue.label},
                                    {s.main.plistPath.string(), "Label", s.main.label}};
  if (s.rescue.label == s.main.label) {
    return failed(info, "rescue and main use the same LaunchAgent label", evidence,
                  "use the runbook's rescue label ai.openclaw.gateway.rescue");
  }
  if (s.rescue.label == s.officialRescueLabel) {
    return failed(info,
                  "rescue uses the profile's default label " + s.officialRescueLabel +
                      ", which `openclaw gateway` commands also manage",
                  evidence, "use the custom label ai.openclaw.gateway.rescue (runbook) and its own plist");
  }
  return passed(info, "labels are distinct: main " + s.main.label + ", rescue " + s.rescue.label, evidence);
}

}  // namespace

void addTopologyChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"main.config.readable", "Topology", {"R1"}}, &configReadable<&HostSnapshot::main>});
  out.push_back({{"rescue.config.readable", "Topology", {"R1", "R26"}}, &configReadable<&HostSnapshot::rescue>});
  out.push_back({{"topology.state-dirs", "Topology", {"R2", "G7"}}, &stateDirs});
  out.push_back({{"topology.workspaces", "Topology", {"R3"}}, &workspaces});
  out.push_back({{"topology.ports", "Topology", {"R4", "G3"}}, &ports});
  out.push_back({{"topology.labels", "Topology", {"R5"}}, &labels});
}

}  // namespace harness
