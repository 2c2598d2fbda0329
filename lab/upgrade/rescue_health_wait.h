#pragma once

// Waiting for a real release's rescue gateway to serve, with deadlines from what the release
// needs rather than one fixed timeout (a loaded machine must not turn "slow" into "broken"):
//
//   - until `expected` (from the release's measured start-up, scaled by HARNESS_TIMEOUT_SCALE)
//     the wait only ends early on health or a crash loop;
//   - after it, the wait goes on while the job makes progress (its log grows, its processes
//     use CPU) and ends when nothing moved for `quiet`: Stalled;
//   - `cap` bounds it all: reached while still progressing, the machine was too slow
//     (OutOfTime, an environment result);
//   - launchd restarting the job `crashLoopStarts` times is the release refusing to start
//     (CrashLoop, its behaviour), whatever the time.
//
// For contracts that restart or reload the rescue (the G9 maintenance contracts, the rescue DM
// contracts) as well as for the first start.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "lab/upgrade/drift.h"

namespace harness {
class FakeStack;
}

namespace harness::upgrade {

struct HealthWaitLimits {
  std::chrono::milliseconds expected{std::chrono::seconds(60)};
  std::chrono::milliseconds quiet{std::chrono::seconds(45)};
  std::chrono::milliseconds cap{std::chrono::minutes(10)};
  std::chrono::milliseconds poll{std::chrono::milliseconds(250)};
  int crashLoopStarts = 5;  // load + kickstart -k already make 2
};

// The limits for a release whose rescue took `measuredStartSeconds` to serve last time (none:
// never measured), all scaled by HARNESS_TIMEOUT_SCALE.
HealthWaitLimits healthWaitLimits(std::optional<double> measuredStartSeconds);

struct HealthWaitProbes {
  std::function<bool()> healthy;         // /healthz answers 200
  std::function<int()> starts;           // how often launchd started the job so far
  std::function<uint64_t()> progress;    // changes while the job does anything (log bytes + CPU ticks)
};

struct HealthWaitOutcome {
  enum class Kind { Healthy, CrashLoop, Stalled, OutOfTime };
  Kind kind = Kind::OutOfTime;
  double seconds = 0;
  int starts = 0;
  std::string describe() const;  // "the job exited and was restarted 5 times", ...
};

HealthWaitOutcome waitForHealthy(const HealthWaitProbes& probes, const HealthWaitLimits& limits);

// The verdict on an outcome: Healthy pass; CrashLoop and Stalled fail (the release's doing)
// unless `log` shows an environment cause; OutOfTime environment.
DriftStatus healthVerdict(const HealthWaitOutcome& outcome, const std::string& log, std::string& message);

// The probes for the rescue job of a FakeStack (label ai.openclaw.gateway.rescue).
HealthWaitProbes rescueProbes(FakeStack& stack);

// CPU time (clock ticks, user + system, reaped children included) of `root` and every live
// descendant, from /proc; 0 when `root` is gone.
uint64_t processTreeCpuTicks(pid_t root);

}  // namespace harness::upgrade
