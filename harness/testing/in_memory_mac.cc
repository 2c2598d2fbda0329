#include "harness/testing/in_memory_mac.h"

#include <algorithm>

namespace harness::testing {

InMemoryMac::InMemoryMac() {
  spec_ = defaultRescueSpec("/Users/test");
  for (const auto* instance : {&spec_.main, &spec_.rescue}) {
    const std::string name = instance == &spec_.main ? kMain : kRescue;
    Job j;
    j.name = name;
    j.label = instance->label;
    j.plist = instance->plistPath;
    j.port = instance->port;
    jobs_[name] = j;
    run(jobs_[name]);
  }
}

InMemoryMac::Job& InMemoryMac::job(const std::string& name) { return jobs_.at(name); }

size_t InMemoryMac::count(const std::string& call) const {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  return static_cast<size_t>(std::count(calls_.begin(), calls_.end(), call));
}

bool InMemoryMac::serving(const std::string& name) {
  const Job& j = jobs_.at(name);
  return j.loaded && j.pid && j.healthy;
}

void InMemoryMac::record(const std::string& call) {
  calls_.push_back(call);
  if (onCall) onCall(call);
}

InMemoryMac::Job* InMemoryMac::byLabel(const std::string& label) {
  for (auto& [_, j] : jobs_) {
    if (j.label == label) return &j;
  }
  return nullptr;
}

InMemoryMac::Job* InMemoryMac::byPlist(const std::filesystem::path& plist) {
  for (auto& [_, j] : jobs_) {
    if (j.plist == plist) return &j;
  }
  return nullptr;
}

InMemoryMac::Job* InMemoryMac::byPort(uint16_t port) {
  for (auto& [_, j] : jobs_) {
    if (j.port == port) return &j;
  }
  return nullptr;
}

InMemoryMac::Job* InMemoryMac::forTarget(const OpenClawTarget& target) {
  if (target.launchdLabel) return byLabel(*target.launchdLabel);
  return target.profile.empty() ? &jobs_.at(kMain) : byLabel(spec_.rescue.label);
}

void InMemoryMac::run(Job& j) {
  j.pid = nextPid_++;
  j.healthy = j.comesUpHealthy;
}

void InMemoryMac::unload(Job& j) {
  j.loaded = false;
  j.pid.reset();
  j.healthy = false;
}

Status InMemoryMac::bootstrap(const std::filesystem::path& plistPath) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("bootstrap " + plistPath.string());
  Job* j = byPlist(plistPath);
  if (!j) return Error{ErrorCode::NotFound, "Bootstrap failed: 5: Input/output error", plistPath.string()};
  if (j->loaded) return Error{ErrorCode::ProcessFailed, "already loaded: Bootstrap failed: 5: Input/output error"};
  if (j->disabled) return Error{ErrorCode::PermissionDenied, "Bootstrap failed: 119: Service is disabled"};
  j->loaded = true;
  if (!j->failsToStart) run(*j);  // RunAtLoad
  return ok();
}

Status InMemoryMac::bootout(const std::string& label) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("bootout " + label);
  Job* j = byLabel(label);
  if (!j || !j->loaded) return Error{ErrorCode::NotFound, "Boot-out failed: 3: No such process"};
  unload(*j);
  return ok();
}

Status InMemoryMac::bootoutPlist(const std::filesystem::path& plistPath) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  Job* j = byPlist(plistPath);
  return j ? bootout(j->label) : Status(Error{ErrorCode::NotFound, "Boot-out failed: 5: Input/output error"});
}

Status InMemoryMac::enable(const std::string& label) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("enable " + label);
  if (Job* j = byLabel(label)) j->disabled = false;
  return ok();
}

Status InMemoryMac::disable(const std::string& label) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("disable " + label);
  if (Job* j = byLabel(label)) j->disabled = true;
  return ok();
}

Status InMemoryMac::kickstart(const std::string& label, bool kill) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record(std::string("kickstart") + (kill ? " -k " : " ") + label);
  Job* j = byLabel(label);
  if (!j || !j->loaded) return Error{ErrorCode::NotFound, "Could not find service \"" + label + "\" in domain for user"};
  if (j->failsToStart) return Error{ErrorCode::ProcessFailed, "Could not kickstart service: 5: Input/output error"};
  if (kill || !j->pid) run(*j);
  return ok();
}

Status InMemoryMac::kill(const std::string& label, int) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("kill " + label);
  Job* j = byLabel(label);
  if (!j || !j->loaded) return Error{ErrorCode::NotFound, "Could not find service"};
  if (!j->pid) return Error{ErrorCode::ProcessFailed, "No process to signal"};
  j->pid.reset();
  return ok();
}

Result<JobState> InMemoryMac::print(const std::string& label) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("print " + label);
  JobState s;
  const Job* j = byLabel(label);
  if (!j || !j->loaded) return s;
  s.loaded = true;
  s.target = domain() + "/" + label;
  s.pid = j->pid;
  s.state = j->pid ? "running" : "not running";
  s.path = j->plist.string();
  return s;
}

Result<std::map<std::string, bool>> InMemoryMac::printDisabled() {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("print-disabled");
  std::map<std::string, bool> out;
  for (const auto& [_, j] : jobs_) out[j.label] = j.disabled;
  return out;
}

Result<std::vector<JobListEntry>> InMemoryMac::list() {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("list");
  std::vector<JobListEntry> out;
  for (const auto& [_, j] : jobs_) {
    if (j.loaded) out.push_back(JobListEntry{j.pid, 0, j.label});
  }
  return out;
}

Result<CommandOutcome> InMemoryMac::gateway(GatewayAction action, const OpenClawTarget& target,
                                            std::optional<uint16_t>) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  Job* j = forTarget(target);
  const std::string who = j ? j->name : target.launchdLabel.value_or("?");
  record(std::string("gateway ") + toString(action) + " " + who);
  if (cliFailsToRun) return Error{ErrorCode::NotFound, "no such file or directory", "openclaw"};
  CommandOutcome out;
  out.commandLine = std::string("openclaw ") + (target.profile.empty() ? "" : "--profile " + target.profile + " ") +
                    "gateway " + toString(action);
  if (refuseLabelOverride && target.launchdLabel && !target.profile.empty()) {
    out.refused = true;
    out.exitCode = 1;
    out.message = "OPENCLAW_LAUNCHD_LABEL cannot override the service label of a named profile";
    return out;
  }
  if (!j) {
    out.exitCode = 1;
    out.message = "no such service";
    return out;
  }
  const bool failing = (action == GatewayAction::Stop && cliStopFailsFor == j->name) ||
                       (action == GatewayAction::Start && (cliStartFailsFor == j->name || j->failsToStart));
  if (failing) {
    out.exitCode = 1;
    out.message = "Gateway " + std::string(toString(action)) + " failed";
    return out;
  }
  switch (action) {
    case GatewayAction::Stop:
      if (!j->ignoresStop) unload(*j);
      for (const auto& other : j->alsoStops) unload(jobs_.at(other));
      break;
    case GatewayAction::Start:
    case GatewayAction::Restart:
      j->loaded = true;
      run(*j);
      break;
    case GatewayAction::Install:
    case GatewayAction::Uninstall:
      break;
  }
  out.ok = true;
  out.exitCode = 0;
  out.message = std::string("Gateway ") + toString(action) + " ok";
  return out;
}

Result<GatewayServiceStatus> InMemoryMac::gatewayStatus(const OpenClawTarget& target) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("gateway status");
  GatewayServiceStatus s;
  if (const Job* j = forTarget(target)) {
    s.installed = true;
    s.loaded = j->loaded;
    s.running = j->pid.has_value();
    s.pid = j->pid;
    s.label = j->label;
    s.port = j->port;
  }
  return s;
}

Result<ConfigValidation> InMemoryMac::validateConfig(const OpenClawTarget&) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("config validate");
  ConfigValidation v;
  v.valid = true;
  return v;
}

Result<ChannelsStatus> InMemoryMac::channelsStatus(const OpenClawTarget&) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("channels status");
  return ChannelsStatus{};
}

Result<SecurityAudit> InMemoryMac::securityAudit(const OpenClawTarget&) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("security audit");
  return SecurityAudit{};
}

GatewayHealth InMemoryMac::health(uint16_t port, std::chrono::milliseconds) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("health " + std::to_string(port));
  GatewayHealth h;
  const Job* j = byPort(port);
  if (!j || !j->pid) {
    h.error = "connection refused";
    return h;
  }
  h.live = true;
  h.ready = j->healthy;
  if (!h.ready) h.error = "readyz: not ready";
  return h;
}

bool InMemoryMac::accepting(uint16_t port, std::chrono::milliseconds) {
  const std::lock_guard<std::recursive_mutex> lock(mutex_);
  record("accepting " + std::to_string(port));
  const Job* j = byPort(port);
  return j && j->pid.has_value();
}

}  // namespace harness::testing
