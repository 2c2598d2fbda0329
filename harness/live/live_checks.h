#pragma once

// Live checks: pure functions from a LiveSnapshot to one CheckResult each, like the static
// checks (static_check.h) but about the running system. Ids:
//
//   main.live.launchd / rescue.live.launchd   loaded, running, not disabled in launchd's overrides
//   main.live.ports   / rescue.live.ports     B and B+2 held by that job's process tree, not the other's
//   main.live.health  / rescue.live.health    /healthz and /readyz answer as OpenClaw's do
//   main.live.discord / rescue.live.discord   logged into Discord as its own bot since the last start
//   rescue.live.openclaw-status               the runbook's status command (R22)
//   live.config-validate                      `openclaw config validate --json` for both (R26)
//   live.security-audit                       `openclaw security audit --json` for both (S1–S4)
//   live.openclaw-version                     which OpenClaw the CLI checks ran
//
// Checks that need the openclaw CLI are skipped, saying why, when there is none.

#include <string>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/live/live_snapshot.h"

namespace harness {

using LiveCheckFn = CheckResult (*)(const CheckInfo&, const LiveSnapshot&);

struct LiveCheck {
  CheckInfo info;
  LiveCheckFn run;
  bool needsOpenClaw = false;  // its input comes (partly) from the openclaw CLI
};

// All live checks, in report order. Ids are unique.
const std::vector<LiveCheck>& liveChecks();

// Runs every live check; a check that throws becomes a failing result naming the exception.
std::vector<CheckResult> runLiveChecks(const LiveSnapshot& snapshot);

// Runs one check by id (for --wait); nullopt for an unknown id.
std::optional<CheckResult> runLiveCheck(const std::string& id, const LiveSnapshot& snapshot);

}  // namespace harness
