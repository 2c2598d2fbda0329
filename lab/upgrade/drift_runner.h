#pragma once

// One release's drift run: install it into the cache if needed, run the runbook's contracts
// (contract_runner.h) and the isolation scenarios against it, and collect both as DriftResults.
//
// The scenarios are the GoogleTest suites of scenarios/, unchanged, on the real-release backend
// (the `real_openclaw_scenarios` program), run as a child process with GoogleTest's JSON output:
// a scenario that failed because the release refused a runbook command is `refused` with the
// release's message; one that skipped is `skipped`.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "harness/core/result.h"
#include "lab/fake_stack/fake_stack.h"
#include "lab/upgrade/drift.h"
#include "lab/upgrade/release_cache.h"

namespace harness::upgrade {

struct DriftRunOptions {
  std::string version;
  FakeStackBinaries binaries;
  std::filesystem::path scenarioProgram;  // real_openclaw_scenarios; empty: no scenarios
  std::string scenarioFilter = "*";       // GoogleTest filter on the scenario names
  bool contracts = true;
  std::filesystem::path workDir;          // scratch (created; the caller removes it)
  // contract.maintenance.upgrade upgrades main's install to this release (none: reinstalls).
  std::optional<std::string> upgradeTo;
  std::function<void(const std::string&)> progress;
};

// Errors: the release cannot be had (ReleaseCache::ensure's errors), or the scenario program
// could not run or wrote no results.
Result<DriftRun> runDrift(const DriftRunOptions& options, ReleaseCache& cache);

// The GoogleTest filter selecting `scenarios` ("A:B*", names or patterns) on the real-release
// backend: "RealOpenClaw/*.A/*:RealOpenClaw/*.B*/*".
std::string realReleaseFilter(const std::string& scenarios);

// GoogleTest's --gtest_output=json document → one result per scenario ("scenario.<Name>"), with
// the requirement ids the test recorded (RecordProperty("requirements", "G1,R24")).
std::vector<DriftResult> scenarioResultsFromGtestJson(const nlohmann::json& report);

}  // namespace harness::upgrade
