#pragma once

// Shared inputs for the drift tests: a run of a made-up release 2026.10.1 and the records of
// two older releases, chosen so every kind of cell occurs (unchanged, changed status, new
// result, result only the baseline has).

#include <string>
#include <vector>

#include "lab/upgrade/drift.h"

namespace harness::upgrade::testing {

inline DriftResult result(std::string id, DriftStatus status, std::string message = {},
                          std::vector<std::string> requirements = {}) {
  DriftResult r;
  r.id = std::move(id);
  r.title = "title of " + r.id;
  r.status = status;
  r.message = std::move(message);
  r.requirements = std::move(requirements);
  r.seconds = 1.5;
  return r;
}

inline Expectation expect(DriftStatus status, std::string messageContains = {}) {
  return Expectation{status, std::move(messageContains)};
}

inline DriftRun sampleRun() {
  DriftRun run;
  run.release = "2026.10.1";
  run.results = {
      result("contract.config.key.gateway.port", DriftStatus::Pass, "", {"R7"}),
      result("contract.label.rescue-start", DriftStatus::Refused,
             "named profiles cannot override OPENCLAW_LAUNCHD_LABEL", {"R21", "G1"}),
      result("scenario.MainStopLeavesRescueServing", DriftStatus::Fail, "rescue | not serving", {"G1"}),
      result("contract.discord.login", DriftStatus::Skipped, "plugin lacks DISCORD_API_URL", {"R6"}),
  };
  run.seconds = 100;
  run.openclawSeconds = 96;
  return run;
}

// Oldest first, as loadExpectationDir returns them.
inline std::vector<ReleaseExpectations> sampleRecords() {
  ReleaseExpectations old;
  old.release = "2026.3.24";
  old.results = {
      {"contract.config.key.gateway.port", expect(DriftStatus::Pass)},
      {"contract.label.rescue-start", expect(DriftStatus::Pass)},
      {"scenario.MainStopLeavesRescueServing", expect(DriftStatus::Pass)},
  };
  ReleaseExpectations newer;
  newer.release = "2026.9.6";
  newer.results = {
      {"contract.config.key.gateway.port", expect(DriftStatus::Pass)},
      {"contract.label.rescue-start", expect(DriftStatus::Refused, "named profiles cannot override")},
      {"scenario.MainStopLeavesRescueServing", expect(DriftStatus::Pass)},
      {"contract.auth.store", expect(DriftStatus::Pass)},
  };
  return {old, newer};
}

}  // namespace harness::upgrade::testing
