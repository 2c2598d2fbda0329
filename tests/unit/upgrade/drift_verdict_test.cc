// Environment or behaviour (drift_verdict.h), and environment results in the drift model:
// never a difference, never recorded, shown, retried once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/testing/scoped_temp_dir.h"
#include "harness/core/deadline_scale.h"
#include "lab/upgrade/drift.h"
#include "lab/upgrade/drift_verdict.h"
#include "tests/unit/upgrade/drift_fixtures.h"

namespace harness::upgrade {
namespace {

using testing::expect;
using testing::result;

DriftRun runOf(std::vector<DriftResult> results) {
  DriftRun run;
  run.release = "2026.9.6";
  run.results = std::move(results);
  return run;
}

ReleaseExpectations recordOf(std::map<std::string, Expectation> results) {
  ReleaseExpectations record;
  record.release = "2026.9.6";
  record.results = std::move(results);
  return record;
}

TEST(EnvironmentCause, NetworkAndNpmErrorsAreTheEnvironment) {
  EXPECT_TRUE(environmentCause("Error: getaddrinfo ENOTFOUND plugins.example"));
  EXPECT_TRUE(environmentCause("request to https://x failed, reason: connect ETIMEDOUT 10.0.0.1:443"));
  EXPECT_TRUE(environmentCause("TypeError: fetch failed"));
  EXPECT_TRUE(environmentCause("npm ERR! code E503"));
  EXPECT_TRUE(environmentCause("npm error network request failed"));
  EXPECT_TRUE(environmentCause("connect EHOSTUNREACH 192.0.2.1:443"));
  EXPECT_NE(environmentCause("getaddrinfo EAI_AGAIN")->find("EAI_AGAIN"), std::string::npos);
}

TEST(EnvironmentCause, TheReleasesOwnRefusalsAreBehaviour) {
  EXPECT_FALSE(environmentCause("service management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL"));
  EXPECT_FALSE(environmentCause("Gateway failed to start: Port 19001 in use"));
  // The CLI not reaching its own gateway on localhost is the release's doing.
  EXPECT_FALSE(environmentCause("connect ECONNREFUSED 127.0.0.1:19001"));
  EXPECT_FALSE(environmentCause(""));
}

TEST(StatusForError, ATimeoutIsTheMachineAnyOtherErrorTheRelease) {
  EXPECT_EQ(statusForError(Error{ErrorCode::Timeout, "openclaw did not finish within 180000 ms", "openclaw"}),
            DriftStatus::Environment);
  EXPECT_EQ(statusForError(Error{ErrorCode::ProcessFailed, "exited 1: invalid config", "openclaw"}), DriftStatus::Fail);
  EXPECT_EQ(statusForError(Error{ErrorCode::ProcessFailed, "npm error code ECONNRESET", "openclaw"}),
            DriftStatus::Environment);
  EXPECT_EQ(statusForError(Error{ErrorCode::InvalidInput, "not JSON", ""}, DriftStatus::Refused), DriftStatus::Refused);
}

TEST(BehaviourOrEnvironment, NamesTheCauseFirst) {
  std::string message = "no /healthz";
  EXPECT_EQ(behaviourOrEnvironment(DriftStatus::Fail, "[plugins] install failed: getaddrinfo ENOTFOUND x", message),
            DriftStatus::Environment);
  EXPECT_EQ(message.rfind("network:", 0), 0u) << message;
  EXPECT_NE(message.find("no /healthz"), std::string::npos);

  message = "no /healthz";
  EXPECT_EQ(behaviourOrEnvironment(DriftStatus::Fail, "Gateway failed to start: needs consent", message), DriftStatus::Fail);
  EXPECT_EQ(message, "no /healthz");
  // A pass stays a pass whatever the log says.
  EXPECT_EQ(behaviourOrEnvironment(DriftStatus::Pass, "fetch failed", message), DriftStatus::Pass);
}

TEST(DriftEnvironment, IsNeverADifference) {
  const auto record = recordOf({{"contract.a", expect(DriftStatus::Pass)}, {"contract.b", expect(DriftStatus::Pass)}});
  const auto run = runOf({result("contract.a", DriftStatus::Pass), result("contract.b", DriftStatus::Environment, "timed out")});
  EXPECT_TRUE(compare(run, record).empty());
  EXPECT_EQ(notJudged(run, record), std::vector<std::string>{"contract.b"});
}

TEST(DriftEnvironment, ResultsItCutShortAreNotJudgedRatherThanMissing) {
  const auto record = recordOf({{"contract.gateway", expect(DriftStatus::Pass)}, {"contract.health", expect(DriftStatus::Pass)}});
  const auto run = runOf({result("contract.gateway", DriftStatus::Environment, "still starting")});
  EXPECT_TRUE(compare(run, record).empty());
  EXPECT_EQ(notJudged(run, record), (std::vector<std::string>{"contract.gateway", "contract.health"}));
  // Without an environment result a missing one stays a difference.
  EXPECT_EQ(compare(runOf({result("contract.gateway", DriftStatus::Pass)}), record).size(), 1u);
  EXPECT_TRUE(notJudged(runOf({result("contract.gateway", DriftStatus::Pass)}), record).empty());
}

TEST(DriftEnvironment, BehaviourBesideItIsStillADifference) {
  const auto record = recordOf({{"contract.a", expect(DriftStatus::Pass)}, {"contract.b", expect(DriftStatus::Pass)}});
  const auto run = runOf({result("contract.a", DriftStatus::Fail, "wrong"), result("contract.b", DriftStatus::Environment)});
  const auto differences = compare(run, record);
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].id, "contract.a");
}

TEST(DriftEnvironment, IsNeverRecorded) {
  const auto run = runOf({result("contract.a", DriftStatus::Pass), result("contract.b", DriftStatus::Environment, "x")});
  EXPECT_FALSE(recordable(run));
  EXPECT_TRUE(recordable(runOf({result("contract.a", DriftStatus::Fail, "x")})));
  const auto json = expectationsJson(run);
  EXPECT_TRUE(json["results"].contains("contract.a"));
  EXPECT_FALSE(json["results"].contains("contract.b"));
}

TEST(DriftEnvironment, ARecordThatExpectsItIsRefusedNamingTheKey) {
  harness::testing::ScopedTempDir dir;
  const auto file = dir.path() / "2026.9.6.json";
  std::ofstream(file) << R"({"release": "2026.9.6", "results": {"contract.a": {"status": "environment"}}})";
  auto loaded = loadExpectations(file);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("results.contract.a.status"), std::string::npos) << loaded.error().message;
  EXPECT_EQ(parseDriftStatus("environment"), DriftStatus::Environment);
  EXPECT_STREQ(toString(DriftStatus::Environment), "environment");
}

TEST(DriftEnvironment, IsShownInEveryRenderer) {
  const auto record = recordOf({{"contract.a", expect(DriftStatus::Pass)}, {"contract.b", expect(DriftStatus::Pass)}});
  const auto run = runOf({result("contract.a", DriftStatus::Pass), result("contract.b", DriftStatus::Environment, "machine too slow")});
  DriftReportInput input;
  input.run = &run;
  input.recorded = {record};
  input.differences = compare(run, record);
  input.notJudged = notJudged(run, record);
  const std::string table = renderDriftTable(input, false);
  EXPECT_NE(table.find("ENV"), std::string::npos) << table;
  EXPECT_NE(table.find("Not judged on this machine"), std::string::npos) << table;
  EXPECT_NE(table.find("machine too slow"), std::string::npos) << table;
  EXPECT_NE(table.find("1 environment (not judged)"), std::string::npos) << table;
  EXPECT_EQ(table.find("\nAs recorded.\n"), std::string::npos) << table;
  const std::string markdown = renderDriftMarkdown(input);
  EXPECT_NE(markdown.find("Not judged on this machine"), std::string::npos) << markdown;
  const auto json = renderDriftJson(input);
  EXPECT_EQ(json["summary"]["environment"], 1);
  EXPECT_EQ(json["summary"]["differences"], 0);
  EXPECT_EQ(json["notJudged"], nlohmann::json::array({"contract.b"}));
}

TEST(MergeRetry, TheRetryJudgesWhatTheFirstRunCouldNot) {
  DriftRun first = runOf({result("contract.stack", DriftStatus::Pass), result("contract.gateway", DriftStatus::Environment)});
  first.seconds = 10;
  first.openclawSeconds = 8;
  DriftRun retry = runOf({result("contract.stack", DriftStatus::Pass), result("contract.gateway", DriftStatus::Pass),
                          result("contract.health", DriftStatus::Fail, "HTTP 500")});
  retry.seconds = 20;
  retry.openclawSeconds = 15;
  const DriftRun merged = mergeRetry(first, retry);
  ASSERT_EQ(merged.results.size(), 3u);
  EXPECT_EQ(merged.results[1].status, DriftStatus::Pass);
  EXPECT_EQ(merged.results[2].status, DriftStatus::Fail);
  EXPECT_DOUBLE_EQ(merged.seconds, 30);
  EXPECT_DOUBLE_EQ(merged.openclawSeconds, 23);
}

TEST(MergeRetry, KeepsWhatOnlyTheFirstRunJudged) {
  const DriftRun first = runOf({result("contract.gateway", DriftStatus::Pass), result("contract.health", DriftStatus::Pass),
                                result("contract.discord", DriftStatus::Environment)});
  const DriftRun retry = runOf({result("contract.gateway", DriftStatus::Environment)});
  const DriftRun merged = mergeRetry(first, retry);
  ASSERT_EQ(merged.results.size(), 3u);
  EXPECT_EQ(merged.results[0].id, "contract.gateway");
  EXPECT_EQ(merged.results[0].status, DriftStatus::Pass);  // judged by the first run
  EXPECT_EQ(merged.results[1].id, "contract.health");
  EXPECT_EQ(merged.results[2].status, DriftStatus::Environment);  // neither run could judge it
  EXPECT_TRUE(hasEnvironmentResults(merged));
}

TEST(Deadlines, ScaleParsesLikeTheTestTimeouts) {
  EXPECT_EQ(parseDeadlineScale("3"), 3.0);
  EXPECT_EQ(parseDeadlineScale("0.5"), 0.5);
  EXPECT_FALSE(parseDeadlineScale(nullptr));
  EXPECT_FALSE(parseDeadlineScale(""));
  EXPECT_FALSE(parseDeadlineScale("0"));
  EXPECT_FALSE(parseDeadlineScale("-2"));
  EXPECT_FALSE(parseDeadlineScale("fast"));
  EXPECT_GT(deadlineScale(), 0);
  EXPECT_EQ(scaled(std::chrono::milliseconds(1000)).count(), static_cast<long long>(1000 * deadlineScale()));
}

}  // namespace
}  // namespace harness::upgrade
