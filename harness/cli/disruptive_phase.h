#pragma once

// The disruptive part of a run on a connected RunContext (harness/disruptive's check): used by
// `verify-host disruptive` and `verify-host recover`, by `verify-host live` to restore first,
// and by the lab's sandbox.
//
// A restore journal in the harness's state directory records what the disruptive check stopped,
// so after a SIGKILL or a power cut the next live, disruptive or recover run restores first.
// ScopedSignalFlag catches SIGINT, SIGTERM and SIGHUP for a disruptive run, which then restores
// main before it ends (exit 128+signal).

#include <atomic>
#include <chrono>
#include <optional>
#include <ostream>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/cli/run_context.h"
#include "harness/cli/verify_host_options.h"
#include "harness/core/result.h"
#include "harness/disruptive/disruptive_check.h"

namespace harness {

// Each direction's hold on a Mac unless --hold says otherwise.
inline constexpr std::chrono::milliseconds kDefaultHold{20'000};

// The disruptive check's options for this run: the journal in the state directory of ctx.env,
// the hold from --hold, else `defaultHold`. Error when there is no place for the journal.
Result<DisruptiveOptions> disruptiveOptions(const RunContext& ctx, const VerifyHostOptions& options,
                                            std::chrono::milliseconds defaultHold = kDefaultHold);

// The disruptive check's view of the context's backends; progress lines go to `err`.
DisruptiveDeps disruptiveDeps(RunContext& ctx, const std::atomic<int>* interrupt, std::ostream& err);

// When a restore journal exists, restores what it says is stopped (progress on `err`) and
// returns the recover result; nullopt when there was none.
std::optional<CheckResult> restorePendingJournal(RunContext& ctx, std::ostream& err);

// The disruptive check itself, after the static and live checks. `interrupt` is the caller's
// signal flag.
std::vector<CheckResult> runDisruptivePhase(RunContext& ctx, const VerifyHostOptions& options,
                                            const std::atomic<int>* interrupt, std::ostream& err,
                                            std::chrono::milliseconds defaultHold = kDefaultHold);

// Catches SIGINT, SIGTERM and SIGHUP into a flag for the lifetime of the object (restoring the
// previous handlers after), so a disruptive run can restore main before it ends.
class ScopedSignalFlag {
 public:
  ScopedSignalFlag();
  ~ScopedSignalFlag();
  ScopedSignalFlag(const ScopedSignalFlag&) = delete;
  ScopedSignalFlag& operator=(const ScopedSignalFlag&) = delete;
  const std::atomic<int>* flag() const;
  int signal() const;
};

}  // namespace harness
