#include "fakes/launchd/job_table.h"

#include <signal.h>

#include "harness/process/process_runner.h"
#include "harness/process/session_spawn.h"

namespace fakes::launchd {
namespace {

constexpr int kExConfig = 78;
// A job whose program cannot be spawned is retried no faster than this, whatever the
// throttle override says, so a missing program never spins the supervisor.
constexpr std::chrono::seconds kMinSpawnFailureRetry{1};

const char* stateText(Job::State s) {
  switch (s) {
    case Job::State::Running: return "running";
    case Job::State::NotRunning: return "not running";
    case Job::State::SpawnScheduled: return "spawn scheduled";
    case Job::State::Stopping: return "SIGTERMed";
  }
  return "not running";
}

}  // namespace

JobStatus Job::status() const {
  JobStatus s;
  s.state = stateText(state);
  if (pid > 0) s.pid = pid;
  s.runs = runs;
  s.lastExit = lastExit;
  s.jobState = jobState;
  s.minimumRuntime = throttleInterval;
  return s;
}

JobTable::JobTable(BaseEnvironment baseEnvironment) : base_(std::move(baseEnvironment)) {}

JobTable::~JobTable() {
  for (auto& [pid, job] : byPid_) ::kill(job->spec.abandonProcessGroup ? pid : -pid, SIGKILL);
}

Job* JobTable::find(const std::string& domain, const std::string& label) {
  auto it = jobs_.find({domain, label});
  return it == jobs_.end() ? nullptr : it->second.get();
}

std::vector<const Job*> JobTable::jobsInDomain(const std::string& domain) const {
  std::vector<const Job*> out;
  for (const auto& [key, job] : jobs_) {
    if (key.first == domain) out.push_back(job.get());
  }
  return out;
}

std::vector<const Job*> JobTable::allJobs() const {
  std::vector<const Job*> out;
  for (const auto& [key, job] : jobs_) out.push_back(job.get());
  return out;
}

std::vector<pid_t> JobTable::runningPids() const {
  std::vector<pid_t> out;
  for (const auto& [pid, job] : byPid_) out.push_back(pid);
  return out;
}

Job& JobTable::load(const std::string& domain, const std::string& plistPath, JobSpec spec, int throttleInterval) {
  auto job = std::make_unique<Job>();
  job->domain = domain;
  job->plistPath = plistPath;
  job->spec = std::move(spec);
  job->throttleInterval = throttleInterval;
  Job& ref = *job;
  jobs_[{domain, ref.label()}] = std::move(job);
  if (ref.spec.startsAtLoad()) spawn(ref);
  return ref;
}

void JobTable::spawn(Job& job) {
  std::map<std::string, std::string> env = base_;
  env["PATH"] = JobSpec::kDefaultPath;
  env["XPC_SERVICE_NAME"] = job.label();
  for (const auto& [k, v] : launchctlEnv_) env[k] = v;
  for (const auto& [k, v] : job.spec.environment) env[k] = v;

  // launchd's defaults: "/" as the directory, /dev/null for unset streams, umask 022; a job
  // whose chdir, redirection or exec fails exits with EX_CONFIG.
  harness::SessionSpawnSpec request;
  request.argv = job.spec.argv();
  request.workingDirectory = job.spec.workingDirectory.value_or("/");
  request.stdinPath = job.spec.standardInPath.value_or("");
  request.stdoutPath = job.spec.standardOutPath.value_or("");
  request.stderrPath = job.spec.standardErrorPath.value_or("");
  request.umask = job.spec.umask.value_or(022);
  request.setupFailureExitCode = kExConfig;

  auto executable = harness::findExecutable(job.spec.executable(), env["PATH"]);
  request.environment = std::move(env);
  std::optional<pid_t> pid;
  if (executable) {
    request.executable = *executable;
    auto spawned = harness::spawnInNewSession(request);
    if (spawned) pid = *spawned;
  }
  if (!pid) {
    // launchd shows a job it cannot spawn as exited with EX_CONFIG.
    job.pid = 0;
    job.lastExit = ExitInfo::code(kExConfig);
    job.jobState = "spawn failed";
    if (job.spec.restartsAfter(job.lastExit)) {
      job.state = Job::State::SpawnScheduled;
      job.spawnAt = Clock::now() + std::max<Clock::duration>(std::chrono::seconds(job.throttleInterval),
                                                           kMinSpawnFailureRetry);
    } else {
      job.state = Job::State::NotRunning;
    }
    return;
  }
  job.pid = *pid;
  byPid_[*pid] = &job;
  job.state = Job::State::Running;
  job.runs += 1;
  job.startedAt = Clock::now();
  job.jobState = "running";
  job.killSent = false;
}

void JobTable::stop(Job& job, Job::AfterStop after) {
  if (static_cast<int>(after) > static_cast<int>(job.afterStop)) job.afterStop = after;
  switch (job.state) {
    case Job::State::Running:
      ::kill(job.pid, SIGTERM);
      job.state = Job::State::Stopping;
      job.killSent = false;
      job.killAt = job.spec.exitTimeOut > 0 ? Clock::now() + std::chrono::seconds(job.spec.exitTimeOut)
                                            : Clock::time_point::max();
      break;
    case Job::State::Stopping:
      break;
    case Job::State::NotRunning:
    case Job::State::SpawnScheduled:
      finishStop(job);
      break;
  }
}

void JobTable::finishStop(Job& job) {
  const Job::AfterStop after = job.afterStop;
  job.afterStop = Job::AfterStop::None;
  auto stopWaiters = std::move(job.stopWaiters);
  auto restartWaiters = std::move(job.restartWaiters);
  job.stopWaiters.clear();
  job.restartWaiters.clear();
  switch (after) {
    case Job::AfterStop::Remove:
      erase(job);
      for (auto& w : stopWaiters) w(nullptr);
      for (auto& w : restartWaiters) w(nullptr);
      checkAllRemoved();
      return;
    case Job::AfterStop::Restart:
      job.state = Job::State::NotRunning;
      spawn(job);
      for (auto& w : restartWaiters) w(&job);
      for (auto& w : stopWaiters) w(&job);
      return;
    case Job::AfterStop::None:
      job.state = Job::State::NotRunning;
      for (auto& w : stopWaiters) w(&job);
      return;
  }
}

void JobTable::remove(Job& job, Job::Waiter done) {
  job.stopWaiters.push_back(std::move(done));
  stop(job, Job::AfterStop::Remove);
}

void JobTable::kickstart(Job& job, bool kill, Job::Waiter done) {
  switch (job.state) {
    case Job::State::Running:
      if (!kill) {
        done(&job);
        return;
      }
      job.restartWaiters.push_back(std::move(done));
      stop(job, Job::AfterStop::Restart);
      return;
    case Job::State::Stopping:
      if (job.afterStop == Job::AfterStop::Remove) {
        done(nullptr);
        return;
      }
      job.afterStop = Job::AfterStop::Restart;
      job.restartWaiters.push_back(std::move(done));
      return;
    case Job::State::NotRunning:
    case Job::State::SpawnScheduled:
      spawn(job);
      done(&job);
      return;
  }
}

bool JobTable::signal(Job& job, int sig) {
  if (job.pid <= 0) return false;
  return ::kill(job.pid, sig) == 0;
}

void JobTable::removeAll(std::function<void()> done) {
  allRemovedWaiters_.push_back(std::move(done));
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& [key, job] : jobs_) keys.push_back(key);
  for (const auto& key : keys) {
    auto it = jobs_.find(key);
    if (it != jobs_.end()) stop(*it->second, Job::AfterStop::Remove);
  }
  checkAllRemoved();
}

void JobTable::checkAllRemoved() {
  if (!jobs_.empty() || allRemovedWaiters_.empty()) return;
  auto waiters = std::move(allRemovedWaiters_);
  allRemovedWaiters_.clear();
  for (auto& w : waiters) w();
}

void JobTable::erase(Job& job) {
  if (job.pid > 0) byPid_.erase(job.pid);
  jobs_.erase({job.domain, job.label()});
}

void JobTable::setEnvironmentVariable(const std::string& name, std::optional<std::string> value) {
  if (value) launchctlEnv_[name] = *value;
  else launchctlEnv_.erase(name);
}

std::optional<std::string> JobTable::environmentVariable(const std::string& name) const {
  auto it = launchctlEnv_.find(name);
  if (it == launchctlEnv_.end()) return std::nullopt;
  return it->second;
}

void JobTable::onChildExited(pid_t pid, int status) {
  auto it = byPid_.find(pid);
  if (it == byPid_.end()) return;  // an adopted orphan or a stray
  Job& job = *it->second;
  byPid_.erase(it);
  job.lastExit = ExitInfo::fromWaitStatus(status);
  job.jobState = "exited";
  job.pid = 0;
  // launchd ends what is left of the job's process group once its main process is gone.
  if (!job.spec.abandonProcessGroup) ::kill(-pid, SIGKILL);
  const auto ranFor = Clock::now() - job.startedAt;
  if (job.state == Job::State::Stopping || job.afterStop != Job::AfterStop::None) {
    finishStop(job);
  } else {
    afterExit(job, ranFor);
  }
}

void JobTable::afterExit(Job& job, Clock::duration ranFor) {
  if (!job.spec.restartsAfter(job.lastExit)) {
    job.state = Job::State::NotRunning;
    return;
  }
  const auto throttle = std::chrono::seconds(job.throttleInterval);
  if (ranFor >= throttle) {
    spawn(job);
    return;
  }
  job.state = Job::State::SpawnScheduled;
  job.spawnAt = Clock::now() + (throttle - ranFor);
}

void JobTable::onTimers(Clock::time_point now) {
  std::vector<std::pair<std::string, std::string>> due;
  for (auto& [key, job] : jobs_) {
    if (job->state == Job::State::SpawnScheduled && job->spawnAt <= now) due.push_back(key);
    if (job->state == Job::State::Stopping && !job->killSent && job->killAt <= now) {
      ::kill(job->pid, SIGKILL);
      job->killSent = true;
    }
  }
  for (const auto& key : due) {
    auto it = jobs_.find(key);
    if (it != jobs_.end() && it->second->state == Job::State::SpawnScheduled) spawn(*it->second);
  }
}

std::optional<Clock::time_point> JobTable::nextDeadline() const {
  std::optional<Clock::time_point> next;
  auto consider = [&](Clock::time_point t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& [key, job] : jobs_) {
    if (job->state == Job::State::SpawnScheduled) consider(job->spawnAt);
    if (job->state == Job::State::Stopping && !job->killSent && job->killAt != Clock::time_point::max()) {
      consider(job->killAt);
    }
  }
  return next;
}

}  // namespace fakes::launchd
