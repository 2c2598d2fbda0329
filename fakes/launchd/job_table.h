#pragma once

// JobTable: the loaded jobs of every domain and their state machine. Single-threaded; the
// supervisor's event loop feeds it child exits (onChildExited) and the clock (onTimers).
//
// States: NotRunning -> Running (spawn) -> NotRunning | SpawnScheduled (KeepAlive with
// ThrottleInterval) ; Running -> Stopping ("SIGTERMed": SIGTERM sent, SIGKILL after
// ExitTimeOut) -> removed (bootout) | Running again (kickstart -k) | NotRunning.
// When a job's main process ends, what is left of its process group is SIGKILLed unless
// AbandonProcessGroup is set; processes that left the group survive.
//
// Waiters (deferred launchctl replies) are called with the job once the operation is done,
// or with nullptr when the job was removed meanwhile.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/launchd/job_spec.h"
#include "fakes/launchd/launchd_format.h"

namespace fakes::launchd {

using Clock = std::chrono::steady_clock;

// The launchd-like base environment of every job (HOME, USER, LOGNAME, SHELL, TMPDIR).
using BaseEnvironment = std::map<std::string, std::string>;

struct Job {
  enum class State { NotRunning, Running, SpawnScheduled, Stopping };
  enum class AfterStop { None, Restart, Remove };
  using Waiter = std::function<void(const Job*)>;

  std::string domain;
  std::string plistPath;
  JobSpec spec;
  int throttleInterval = JobSpec::kDefaultThrottleInterval;  // effective (override applied)

  State state = State::NotRunning;
  pid_t pid = 0;
  unsigned long long runs = 0;
  ExitInfo lastExit;
  std::string jobState;  // "", running, exited, spawn failed
  Clock::time_point startedAt{};
  Clock::time_point spawnAt{};
  Clock::time_point killAt{};
  bool killSent = false;
  AfterStop afterStop = AfterStop::None;
  std::vector<Waiter> stopWaiters;     // called when the stop finished (removed: nullptr)
  std::vector<Waiter> restartWaiters;  // kickstart -k: called after the new spawn

  const std::string& label() const { return spec.label; }
  JobStatus status() const;
};

class JobTable {
 public:
  explicit JobTable(BaseEnvironment baseEnvironment);
  ~JobTable();
  JobTable(const JobTable&) = delete;
  JobTable& operator=(const JobTable&) = delete;

  Job* find(const std::string& domain, const std::string& label);
  std::vector<const Job*> jobsInDomain(const std::string& domain) const;
  std::vector<const Job*> allJobs() const;
  size_t size() const { return jobs_.size(); }
  std::vector<pid_t> runningPids() const;

  // Adds a job (caller checked it is not loaded) and starts it if it starts at load.
  Job& load(const std::string& domain, const std::string& plistPath, JobSpec spec, int throttleInterval);

  // bootout: stop (SIGTERM, SIGKILL after ExitTimeOut) then remove; `done` after removal.
  void remove(Job& job, Job::Waiter done);
  // kickstart: start now if not running (also cancels a pending respawn). With kill: stop the
  // running instance and start a new one; `done` is called after the new spawn.
  void kickstart(Job& job, bool kill, Job::Waiter done);
  // Sends a signal to the main process. False if no process.
  bool signal(Job& job, int sig);
  // Stops and removes every job; `done` once the table is empty.
  void removeAll(std::function<void()> done);

  // `launchctl setenv/unsetenv/getenv`: variables given to jobs spawned afterwards.
  void setEnvironmentVariable(const std::string& name, std::optional<std::string> value);
  std::optional<std::string> environmentVariable(const std::string& name) const;

  // A child of the supervisor ended (any child: adopted orphans are ignored).
  void onChildExited(pid_t pid, int status);
  // Fires due respawns and SIGKILL escalations.
  void onTimers(Clock::time_point now);
  std::optional<Clock::time_point> nextDeadline() const;

 private:
  void spawn(Job& job);
  void stop(Job& job, Job::AfterStop after);
  void finishStop(Job& job);
  void afterExit(Job& job, Clock::duration ranFor);
  void erase(Job& job);
  void checkAllRemoved();

  BaseEnvironment base_;
  std::map<std::string, std::string> launchctlEnv_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Job>> jobs_;
  std::map<pid_t, Job*> byPid_;
  std::vector<std::function<void()>> allRemovedWaiters_;
};

}  // namespace fakes::launchd
