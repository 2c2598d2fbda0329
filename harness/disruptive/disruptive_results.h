#pragma once

// The disruptive check's results: its check ids with their requirement ids, and what each
// phase's result says, built from the facts the state machine collected (no I/O here, so the
// wording of every outcome is in one place).

#include <chrono>
#include <string>

#include "harness/checks/check_result.h"
#include "harness/disruptive/disruption_controller.h"

namespace harness::disruptive {

extern const CheckInfo kPreconditionsInfo;  // G1, G2
extern const CheckInfo kMainStopInfo;       // G1, R24
extern const CheckInfo kMainStartInfo;      // R24, R21
extern const CheckInfo kRescueStopInfo;     // G2, R25
extern const CheckInfo kRescueStartInfo;    // R25, R21
extern const CheckInfo kRestoreInfo;        // G1, G2
extern const CheckInfo kRecoverInfo;        // G1, G2

// Everything one direction (stop one gateway, hold watching the other, bring both back) saw.
struct DirectionFacts {
  const Gateway* stopped = nullptr;
  const Gateway* watched = nullptr;
  int watchedPid = 0;
  bool checkLogin = false;  // the watched gateway's Discord login was to be checked
  std::string stopCommand, startCommand;  // the runbook's, as typed

  CommandRun stopRun;
  std::string stopFailure;  // the first failed assertion of the stop phase; empty = none
  std::string holdSummary;  // "412 polls over 20.0 s"; empty when there was no hold
  int signal = 0;           // interrupt seen
  std::chrono::milliseconds elapsedAtEnd{0};

  bool restartWatched = false;  // the watched gateway went down too and was restored
  CommandRun watchedRun;
  CommandRun startRun;
  bool stoppedBack = false;  // the stopped gateway served again within the start timeout
  std::chrono::milliseconds tookToStart{0};
  GatewayObservation stoppedNow, watchedNow;
  bool restored = false;  // both serving afterwards
};

CheckResult stopResult(const CheckInfo& info, const DirectionFacts& facts, const DisruptiveContext& context);
CheckResult startResult(const CheckInfo& info, const DirectionFacts& facts, const DisruptiveContext& context);

// The last result: both serving and the journal gone, or what is left.
CheckResult restoreResult(const Gateway& main, const GatewayObservation& mainEnd, const Gateway& rescue,
                          const GatewayObservation& rescueEnd, bool journalGone, int signal,
                          const DisruptiveContext& context);

}  // namespace harness::disruptive
