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
//
// A result is the release's behaviour (pass, fail, refused, skipped) or `environment`: this
// machine could not judge it (a deadline the machine's load ran out while the release was still
// making progress, an unreachable host, an npm error; drift_verdict.h decides which). An
// environment result is retried once, shown, never recorded and never counted as a difference.

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"

namespace harness::upgrade {

enum class DriftStatus { Pass, Fail, Refused, Skipped, Environment };

// "pass", "fail", "refused", "skipped", "environment"
const char* toString(DriftStatus status);
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
  // Id prefixes of opt-in contract groups this run left out ("contract.rescue."): their
  // recorded results are not judged, rather than reported as "not produced".
  std::vector<std::string> groupsNotRun;
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

// Reads one expectations file. Errors name the file and the key ("results.<id>.status"); an
// "environment" status is refused there (it is not something a release does).
Result<ReleaseExpectations> loadExpectations(const std::filesystem::path& file);
// Every <version>.json in dir, sorted by release version (oldest first). A bad file is an error.
Result<std::vector<ReleaseExpectations>> loadExpectationDir(const std::filesystem::path& dir);
// The expectations a run would record (status + a stable prefix of each non-pass message).
// Environment results are left out: recordable(run) says whether the run may be recorded.
nlohmann::json expectationsJson(const DriftRun& run);
// False when any result is `environment`: such a run says nothing certain about the release.
bool recordable(const DriftRun& run);
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
// Environment results are never differences; nor are recorded results the run did not produce
// when it has environment results (an environment failure ends the steps that depend on it):
// notJudged() lists both.
std::vector<DriftDifference> compare(const DriftRun& run, const ReleaseExpectations& expected);
// The ids of `expected` (and of the run) that this run could not judge, for the report.
std::vector<std::string> notJudged(const DriftRun& run, const ReleaseExpectations& expected);
bool hasEnvironmentResults(const DriftRun& run);
// Whether `id` belongs to an opt-in group the run left out (DriftRun::groupsNotRun).
bool inGroupNotRun(const DriftRun& run, const std::string& id);

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
  std::vector<std::string> notJudged;  // notJudged() against the run's own record
  std::string baselineSource = "recorded";  // "recorded" or "run" (upgrade_path.h)
};

// Releases × results as a text table (one column per recorded release and the run), then the
// release's messages for non-pass cells, then the differences.
std::string renderDriftTable(const DriftReportInput& input, bool color);
std::string renderDriftMarkdown(const DriftReportInput& input);
// {"schemaVersion":2,"release","baseline":{version,source}|null,"seconds","openclawSeconds","results":[{id,title,
//  requirements,status,message,seconds,baselineStatus,changed}],"differences":[...]}
nlohmann::json renderDriftJson(const DriftReportInput& input);

}  // namespace harness::upgrade
