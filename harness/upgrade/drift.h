#pragma once

// The drift model: what one OpenClaw release did with each thing the runbook relies on
// (contracts: config keys, label rules, ports, logs, health, auth store) and with each
// isolation scenario, and how that compares with what was recorded for a release.
//
// Expected results are data in the repo, one file per release (tests/contract/expected/
// <version>.json), so a new difference fails the suite until someone records it:
//
//   {
//     "release": "2026.9.6",
//     "results": {
//       "contract.label.rescue-start": {"status": "refused", "message": "named profiles cannot override"},
//       "scenario.MainStopLeavesRescueServing": {"status": "pass"}
//     }
//   }
//
// "message" is optional: a substring the observed message must contain (the release's own text
// for refused and failed cells), so a release that changes its wording is a difference too.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"

namespace harness::upgrade {

enum class DriftStatus { Pass, Fail, Refused, Skipped };

const char* toString(DriftStatus status);                       // "pass", "fail", "refused", "skipped"
std::optional<DriftStatus> parseDriftStatus(const std::string& text);

struct DriftResult {
  std::string id;     // "contract.config.key.gateway.port", "scenario.MainStopLeavesRescueServing"
  std::string title;  // one line for humans
  std::vector<std::string> requirements;  // ids from requirements.md: "R21", "G1", "S4"
  DriftStatus status = DriftStatus::Skipped;
  std::string message;  // the release's own text for refused/fail, why for skipped; redacted
  double seconds = 0;
};

struct DriftRun {
  std::string release;  // "2026.9.6"
  std::vector<DriftResult> results;
  double seconds = 0;          // wall time of the whole run
  double openclawSeconds = 0;  // of which inside OpenClaw CLI/gateway processes and Node start-up
};

struct Expectation {
  DriftStatus status = DriftStatus::Pass;
  std::string messageContains;  // empty: any message
};

struct ReleaseExpectations {
  std::string release;
  std::filesystem::path file;  // where it was read from (for messages)
  std::map<std::string, Expectation> results;
};

// Reads one expectations file. Errors name the file and the key ("results.<id>.status").
Result<ReleaseExpectations> loadExpectations(const std::filesystem::path& file);
// Every <version>.json in dir, sorted by release version (oldest first). A bad file is an error.
Result<std::vector<ReleaseExpectations>> loadExpectationDir(const std::filesystem::path& dir);
// The expectations a run would record (status + a stable prefix of each non-pass message).
nlohmann::json expectationsJson(const DriftRun& run);
// The part of a release's message worth recording as "message" (see drift_expectations.cc for
// the rule): always a substring of `message`, so a file written from a run matches that run.
// Empty when nothing stable is left (the message then matches any text).
std::string stableMessagePrefix(std::string_view message);

struct DriftDifference {
  std::string id;
  std::optional<Expectation> expected;  // nullopt: a result nobody recorded
  std::optional<DriftResult> observed;  // nullopt: recorded but not produced by this run
  std::string describe() const;         // one line: "contract.x: expected refused (\"...\"), got pass"
};

// Differences between a run and the expectations for the same release. Empty = as recorded.
std::vector<DriftDifference> compare(const DriftRun& run, const ReleaseExpectations& expected);

// Renderers. `baseline` is the newest recorded release the run is compared with (may be null);
// `differences` those of compare() against the run's own record, if any. The run's own record,
// when there is one, is expected among `recorded` (or to be the baseline): that is how the
// renderers tell "as recorded" from "nothing recorded for this release yet".
// A run cell is "changed" (marked '*', JSON "changed": true) when it differs from the
// baseline's cell, absence included: a result the baseline lacks, or one only it has.
struct DriftReportInput {
  const DriftRun* run = nullptr;
  const ReleaseExpectations* baseline = nullptr;
  std::vector<ReleaseExpectations> recorded;  // extra columns for the table (oldest first)
  std::vector<DriftDifference> differences;
};

// Releases × results as a text table (one column per recorded release and the run), then the
// release's messages for non-pass cells, then the differences.
std::string renderDriftTable(const DriftReportInput& input, bool color);
std::string renderDriftMarkdown(const DriftReportInput& input);
// {"schemaVersion":1,"release","baseline","seconds","openclawSeconds","results":[{id,title,
//  requirements,status,message,seconds,baselineStatus,changed}],"differences":[...]}
nlohmann::json renderDriftJson(const DriftReportInput& input);

}  // namespace harness::upgrade
