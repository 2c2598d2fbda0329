#include "harness/cli/live_phase.h"

#include <algorithm>
#include <set>
#include <thread>

#include "harness/checks/static_check.h"

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kWaitPollInterval{50};
constexpr std::chrono::milliseconds kHttpTimeout{1000};

double msSince(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double, std::milli>(end - start).count();
}

// --wait skips the slow openclaw calls when nothing that needs them still fails: keep the
// last round's answers.
void carryOverOpenClaw(LiveSnapshot& to, const LiveSnapshot& from) {
  to.openclawVersion = from.openclawVersion;
  to.rescueStatus = from.rescueStatus;
  to.rescueStatusDerived = from.rescueStatusDerived;
  for (auto [t, f] : {std::pair{&to.main, &from.main}, std::pair{&to.rescue, &from.rescue}}) {
    t->channels = f->channels;
    t->validation = f->validation;
    t->audit = f->audit;
  }
}

bool needsOpenClaw(const std::string& id) {
  for (const auto& c : liveChecks()) {
    if (c.info.id == id) return c.needsOpenClaw;
  }
  return false;
}

}  // namespace

std::vector<CheckResult> runLiveChecksWithWait(const LiveCollector& collect, std::chrono::milliseconds wait,
                                               Clock::time_point start) {
  const auto deadline = start + wait;
  LiveSnapshot snapshot = collect(LiveCollectOptions{});
  std::vector<CheckResult> results = runLiveChecks(snapshot);
  std::set<std::string> pending;
  auto roundEnd = Clock::now();
  const double firstRound = msSince(start, roundEnd);
  for (auto& r : results) {
    r.durationMs = firstRound;
    if (r.status == CheckStatus::Fail) pending.insert(r.id);
  }
  // The loop ends on the time its last round ended, not on a later clock reading: a check
  // still failing was then seen failing at or after the deadline, never just before it.
  while (!pending.empty() && roundEnd < deadline) {
    const auto next = std::min(Clock::now() + kWaitPollInterval, deadline);
    std::this_thread::sleep_until(next);
    LiveCollectOptions opts;
    opts.openclaw = std::any_of(pending.begin(), pending.end(), needsOpenClaw);
    LiveSnapshot fresh = collect(opts);
    if (!opts.openclaw) carryOverOpenClaw(fresh, snapshot);
    snapshot = std::move(fresh);
    roundEnd = Clock::now();
    const double now = msSince(start, roundEnd);
    for (auto& r : results) {
      if (!pending.count(r.id)) continue;
      auto again = runLiveCheck(r.id, snapshot);
      if (!again) continue;
      r = std::move(*again);
      r.durationMs = now;
      if (r.status != CheckStatus::Fail) pending.erase(r.id);
    }
  }
  return results;
}

std::vector<CheckResult> runStaticAndLiveChecks(RunContext& ctx, const VerifyHostOptions& options, std::ostream& err) {
  adoptInstalledRelease(ctx);
  std::vector<CheckResult> results = runStaticChecks(ctx.snapshot);

  LiveProbes probes{*ctx.services, *ctx.portOwners, ctx.openclaw.cli, ctx.openclaw.unavailable, ctx.openclaw.path};
  probes.httpTimeout = kHttpTimeout;
  const auto liveStart = Clock::now();
  auto collect = [&](const LiveCollectOptions& o) { return collectLiveSnapshot(ctx.spec(), probes, ctx.expected, o); };
  const auto wait = std::chrono::milliseconds(static_cast<long long>(options.waitSeconds.value_or(0) * 1000));
  if (options.waitSeconds) {
    err << "verify-host: waiting up to " << *options.waitSeconds << " s for failing live checks to pass\n";
  }
  auto live = runLiveChecksWithWait(collect, wait, liveStart);
  results.insert(results.end(), live.begin(), live.end());
  return results;
}

}  // namespace harness
