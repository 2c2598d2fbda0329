#pragma once

// The static checks and then the live checks of the running gateways (harness/live), with
// --wait retrying failing live checks until they pass or time is up: what `verify-host live`,
// `verify-host disruptive` and the lab's sandbox report before anything is stopped.

#include <chrono>
#include <functional>
#include <ostream>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/cli/run_context.h"
#include "harness/cli/verify_host_options.h"
#include "harness/live/live_checks.h"

namespace harness {

// On a connected context (connectBackends): adopts the installed release when
// --openclaw-version is absent, runs the static checks on the context's snapshot, then the live
// checks on its backends.
std::vector<CheckResult> runStaticAndLiveChecks(RunContext& ctx, const VerifyHostOptions& options, std::ostream& err);

// The --wait loop, separate for tests: runs the live checks on `collect()`'s snapshots until no
// check fails or `wait` has passed since `start`, re-collecting (the openclaw part only when a
// check that needs it still fails). Each result's durationMs is the time from `start` until it
// passed (or until the loop gave up).
using LiveCollector = std::function<LiveSnapshot(const LiveCollectOptions&)>;
std::vector<CheckResult> runLiveChecksWithWait(const LiveCollector& collect, std::chrono::milliseconds wait,
                                               std::chrono::steady_clock::time_point start);

}  // namespace harness
