// The release-aware health wait (rescue_health_wait.h) on scripted probes: each way it ends,
// and the verdict each way gets.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>

#include "harness/core/deadline_scale.h"
#include "lab/upgrade/rescue_health_wait.h"

namespace harness::upgrade {
namespace {

using std::chrono::milliseconds;
using Kind = HealthWaitOutcome::Kind;

HealthWaitLimits fastLimits() {
  HealthWaitLimits limits;
  limits.expected = milliseconds(50);
  limits.quiet = milliseconds(50);
  limits.cap = milliseconds(400);
  limits.poll = milliseconds(2);
  return limits;
}

// For the tests whose verdict is not about time: no stall and no cap a loaded machine could
// reach before the scripted probes decide, so the verdict cannot move with the load.
HealthWaitLimits limitsNoLoadReaches() {
  auto limits = fastLimits();
  limits.expected = std::chrono::seconds(30);
  limits.cap = std::chrono::seconds(60);
  return limits;
}

TEST(RescueHealthWait, EndsAsSoonAsItServes) {
  int polls = 0;
  const auto outcome = waitForHealthy({.healthy = [&] { return ++polls >= 3; }, .starts = [] { return 1; },
                                       .progress = [] { return uint64_t{0}; }},
                                      limitsNoLoadReaches());
  EXPECT_EQ(outcome.kind, Kind::Healthy);
  EXPECT_EQ(polls, 3);
  std::string message = "x";
  EXPECT_EQ(healthVerdict(outcome, "", message), DriftStatus::Pass);
  EXPECT_TRUE(message.empty());
}

TEST(RescueHealthWait, ACrashLoopIsTheReleaseWhateverTheTime) {
  int starts = 0;
  auto limits = fastLimits();
  limits.cap = std::chrono::minutes(5);  // never reached: the crash loop ends it
  const auto outcome = waitForHealthy({.healthy = [] { return false; }, .starts = [&] { return ++starts; },
                                       .progress = [&] { return uint64_t(starts); }},
                                      limits);
  EXPECT_EQ(outcome.kind, Kind::CrashLoop);
  EXPECT_EQ(outcome.starts, limits.crashLoopStarts);
  std::string message = "no /healthz: " + outcome.describe();
  EXPECT_EQ(healthVerdict(outcome, "Gateway failed to start: plugin needs consent", message), DriftStatus::Fail);
  EXPECT_NE(message.find("restarted 5 times"), std::string::npos) << message;
}

TEST(RescueHealthWait, StillProgressingAtTheCapIsTheMachine) {
  uint64_t ticks = 0;
  const auto outcome = waitForHealthy({.healthy = [] { return false; }, .starts = [] { return 1; },
                                       .progress = [&] { return ++ticks; }},
                                      fastLimits());
  EXPECT_EQ(outcome.kind, Kind::OutOfTime);
  EXPECT_GE(outcome.seconds, 0.4);
  std::string message = "no /healthz: " + outcome.describe();
  EXPECT_EQ(healthVerdict(outcome, "", message), DriftStatus::Environment);
  EXPECT_NE(message.find("HARNESS_TIMEOUT_SCALE"), std::string::npos) << message;
}

TEST(RescueHealthWait, NoProgressAfterTheExpectedStartIsAStall) {
  auto limits = fastLimits();
  limits.cap = std::chrono::seconds(60);  // the stall ends it long before; a loaded machine cannot reach it
  const auto outcome = waitForHealthy({.healthy = [] { return false; }, .starts = [] { return 1; },
                                       .progress = [] { return uint64_t{7}; }},
                                      limits);
  EXPECT_EQ(outcome.kind, Kind::Stalled);
  EXPECT_GE(outcome.seconds, 0.05);
  std::string message = "no /healthz";
  EXPECT_EQ(healthVerdict(outcome, "[gateway] waiting", message), DriftStatus::Fail);
  // ... unless what it last said was the network failing.
  message = "no /healthz";
  EXPECT_EQ(healthVerdict(outcome, "[plugins] npm error code E503", message), DriftStatus::Environment);
}

TEST(RescueHealthWait, ProgressBeforeTheExpectedStartIsNotJudged) {
  // Quiet from the start for twice the quiet period, but the release is expected to need
  // longer: no stall before that. (Were the quiet judged before the expected start, it would
  // end the wait at 50 ms, before the probe serves.)
  const auto limits = limitsNoLoadReaches();
  const auto serveAt = std::chrono::steady_clock::now() + 2 * limits.quiet;
  const auto outcome = waitForHealthy({.healthy = [&] { return std::chrono::steady_clock::now() >= serveAt; },
                                       .starts = [] { return 1; }, .progress = [] { return uint64_t{0}; }},
                                      limits);
  EXPECT_EQ(outcome.kind, Kind::Healthy);
}

TEST(RescueHealthWait, LimitsFollowTheMeasuredStartAndTheScale) {
  const auto none = healthWaitLimits(std::nullopt);
  EXPECT_EQ(none.expected, scaled(std::chrono::seconds(60)));
  EXPECT_EQ(none.cap, scaled(std::chrono::minutes(10)));
  const auto slow = healthWaitLimits(150.0);  // a release that needed 150 s
  EXPECT_EQ(slow.expected, scaled(std::chrono::seconds(450)));
  EXPECT_EQ(slow.cap, scaled(std::chrono::seconds(900)));
  EXPECT_EQ(healthWaitLimits(5.0).expected, none.expected);  // never below the floor
}

TEST(ProcessTreeCpuTicks, CountsALiveProcessAndNothingForAGoneOne) {
  // Burn a little CPU so this process has ticks to count.
  std::atomic<uint64_t> sink{0};
  const auto until = std::chrono::steady_clock::now() + milliseconds(60);
  while (std::chrono::steady_clock::now() < until) sink += 1;
  EXPECT_GT(processTreeCpuTicks(::getpid()), 0u);
  EXPECT_EQ(processTreeCpuTicks(0), 0u);
  EXPECT_EQ(processTreeCpuTicks(999'999'999), 0u);
}

}  // namespace
}  // namespace harness::upgrade
