// "What breaks for my rescue if I go from OLD to NEW" (upgrade_path.h): the baseline rule,
// OLD -> NEW per result, the order (what breaks the rescue first) and the known fixes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lab/upgrade/upgrade_path.h"
#include "tests/unit/upgrade/drift_fixtures.h"

#ifndef HARNESS_EXPECTED_DIR
#error "HARNESS_EXPECTED_DIR (tests/contract/expected) is needed"
#endif

namespace harness::upgrade {
namespace {

using testing::expect;
using testing::result;

ReleaseExpectations recordNamed(std::string release, std::map<std::string, Expectation> results = {}) {
  ReleaseExpectations r;
  r.release = std::move(release);
  r.results = std::move(results);
  return r;
}

TEST(UpgradeBaseline, IsTheNewestRecordedReleaseBelowNotTheNewestOverall) {
  const std::vector<ReleaseExpectations> recorded = {recordNamed("2026.3.24"), recordNamed("2026.8.1"),
                                                     recordNamed("2026.9.6")};
  EXPECT_EQ(nearestRecordedBaseline(recorded, "2026.7.35"), 0u);
  EXPECT_EQ(nearestRecordedBaseline(recorded, "2026.9.5"), 1u);
  EXPECT_EQ(nearestRecordedBaseline(recorded, "2026.9.6"), 1u);  // its own record is not its baseline
  EXPECT_EQ(nearestRecordedBaseline(recorded, "2026.12.1"), 2u);
  EXPECT_EQ(nearestRecordedBaseline(recorded, "2026.3.24"), std::nullopt);
  EXPECT_EQ(nearestRecordedBaseline(recorded, "2026.1.1"), std::nullopt);
  EXPECT_EQ(nearestRecordedBaseline({}, "2026.9.6"), std::nullopt);
  EXPECT_EQ(recordOf(recorded, "2026.8.1"), 1u);
  EXPECT_EQ(recordOf(recorded, "2026.08.1"), 1u);
  EXPECT_EQ(recordOf(recorded, "2026.7.35"), std::nullopt);
}

TEST(UpgradeBaseline, ARunOf2026_7_35IsComparedWith2026_3_24FromTheRepositoryRecords) {
  auto recorded = loadExpectationDir(HARNESS_EXPECTED_DIR);
  ASSERT_TRUE(recorded) << recorded.error().describe();
  const auto baseline = nearestRecordedBaseline(*recorded, "2026.7.35");
  ASSERT_TRUE(baseline);
  EXPECT_EQ((*recorded)[*baseline].release, "2026.3.24");
}

TEST(UpgradeBaseline, ARunStandsInForAMissingRecordWithoutItsEnvironmentResults) {
  DriftRun old;
  old.release = "2026.7.35";
  old.results = {result("contract.a", DriftStatus::Pass), result("contract.b", DriftStatus::Refused, "named profiles cannot override X 12345"),
                 result("contract.c", DriftStatus::Environment, "machine")};
  const auto record = expectationsFromRun(old);
  EXPECT_EQ(record.release, "2026.7.35");
  ASSERT_EQ(record.results.size(), 2u);
  EXPECT_EQ(record.results.at("contract.b").messageContains, "named profiles cannot override X");
  EXPECT_STREQ(toString(BaselineSource::Run), "run");
  EXPECT_STREQ(toString(BaselineSource::Recorded), "recorded");
}

DriftRun newRun() {
  DriftRun run;
  run.release = "2026.9.6";
  run.results = {
      result("contract.config.schema.gateway.port", DriftStatus::Pass, "", {"R7"}),
      result("contract.logs.install-path", DriftStatus::Fail, "gateway install logs to ~/Library/Logs", {"R23"}),
      result("contract.label.restart", DriftStatus::Refused,
             "service management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL", {"R25"}),
      result("contract.gateway.rescue.healthy", DriftStatus::Fail, "no /healthz: restarted 5 times", {"R21", "G1"}),
      result("contract.auth.store", DriftStatus::Pass, "", {"R16"}),
      result("contract.config.warnings.rescue", DriftStatus::Fail, "acpx: plugin not installed (new text)", {"R26"}),
      result("contract.discord.connected", DriftStatus::Environment, "timed out", {"R23"}),
  };
  return run;
}

ReleaseExpectations oldRecord() {
  return recordNamed("2026.3.24", {{"contract.config.schema.gateway.port", expect(DriftStatus::Pass)},
                                   {"contract.logs.install-path", expect(DriftStatus::Pass)},
                                   {"contract.label.restart", expect(DriftStatus::Pass)},
                                   {"contract.gateway.rescue.healthy", expect(DriftStatus::Pass)},
                                   {"contract.auth.store", expect(DriftStatus::Fail, "sqlite")},
                                   {"contract.config.warnings.rescue", expect(DriftStatus::Fail, "acpx: old text")},
                                   {"contract.discord.connected", expect(DriftStatus::Skipped)},
                                   {"contract.gone", expect(DriftStatus::Pass)},
                                   {"scenario.NotAskedFor", expect(DriftStatus::Pass)}});
}

const UpgradeChange& find(const std::vector<UpgradeChange>& changes, const std::string& id) {
  for (const auto& c : changes) {
    if (c.id == id) return c;
  }
  static const UpgradeChange none;
  ADD_FAILURE() << "no change for " << id;
  return none;
}

TEST(UpgradeComparison, ReportsEachResultOldToNew) {
  const auto changes = compareUpgrade(oldRecord(), newRun());
  EXPECT_EQ(find(changes, "contract.config.schema.gateway.port").impact, UpgradeImpact::Unchanged);
  const auto& restart = find(changes, "contract.label.restart");
  EXPECT_EQ(restart.impact, UpgradeImpact::Breaks);
  EXPECT_EQ(restart.before, DriftStatus::Pass);
  EXPECT_EQ(restart.after, DriftStatus::Refused);
  EXPECT_EQ(find(changes, "contract.auth.store").impact, UpgradeImpact::Fixed);
  EXPECT_EQ(find(changes, "contract.config.warnings.rescue").impact, UpgradeImpact::StillBroken);
  EXPECT_EQ(find(changes, "contract.discord.connected").impact, UpgradeImpact::NotJudged);
  EXPECT_EQ(find(changes, "contract.gone").impact, UpgradeImpact::NotJudged);  // the run was cut short
  EXPECT_EQ(find(changes, "scenario.NotAskedFor").impact, UpgradeImpact::NotJudged);
}

TEST(UpgradeComparison, WhatStopsTheRescueComesFirstThenWhatStopsManagingIt) {
  DriftRun run = newRun();
  run.results.pop_back();  // no environment result: recorded-only ids are plain changes
  const auto changes = compareUpgrade(oldRecord(), run);
  ASSERT_GE(changes.size(), 3u);
  EXPECT_EQ(changes[0].id, "contract.gateway.rescue.healthy");  // G1: the rescue does not run
  EXPECT_EQ(changes[1].impact, UpgradeImpact::Breaks);
  EXPECT_EQ(changes[1].id, "contract.label.restart");           // R25 before R23 by id order within R21-R25
  EXPECT_EQ(changes[2].id, "contract.logs.install-path");
  EXPECT_EQ(changes[3].impact, UpgradeImpact::StillBroken);
  EXPECT_EQ(find(changes, "contract.gone").impact, UpgradeImpact::Changed);
  EXPECT_EQ(find(changes, "scenario.NotAskedFor").impact, UpgradeImpact::Unchanged);
  EXPECT_EQ(changes.back().impact, UpgradeImpact::Unchanged);
}

TEST(UpgradeComparison, BreakingChangesCarryTheFixThatWorksOnTheNewRelease) {
  const auto changes = compareUpgrade(oldRecord(), newRun());
  EXPECT_NE(find(changes, "contract.label.restart").fix.find("launchctl kickstart -k"), std::string::npos);
  EXPECT_NE(find(changes, "contract.config.warnings.rescue").fix.find("acpx"), std::string::npos);
  EXPECT_TRUE(find(changes, "contract.gateway.rescue.healthy").fix.empty());  // none known: none invented
  EXPECT_TRUE(find(changes, "contract.auth.store").fix.empty());             // fixed: nothing to do
  EXPECT_EQ(knownFix("contract.label.restart", "some other refusal"), "");
  EXPECT_NE(knownFix("contract.install.main-as-laid-out", "Auth profile store").find("doctor --fix"), std::string::npos);
}

TEST(UpgradeReport, NamesItsBaselineInTheFirstLineAndInJson) {
  const auto changes = compareUpgrade(oldRecord(), newRun());
  const std::string text = renderUpgradeText("2026.3.24", BaselineSource::Recorded, "2026.9.6", changes);
  const std::string first = text.substr(0, text.find('\n'));
  EXPECT_NE(first.find("2026.3.24 -> 2026.9.6"), std::string::npos) << first;
  EXPECT_NE(first.find("baseline 2026.3.24, recorded"), std::string::npos) << first;
  EXPECT_NE(first.find("3 break the rescue"), std::string::npos) << first;
  EXPECT_LT(text.find("contract.gateway.rescue.healthy"), text.find("contract.label.restart")) << text;
  EXPECT_NE(text.find("fix on 2026.9.6: manage the rescue with launchctl"), std::string::npos) << text;
  EXPECT_EQ(text.find("contract.config.schema.gateway.port"), std::string::npos) << "unchanged results are left out";
  EXPECT_NE(renderUpgradeText("2026.7.35", BaselineSource::Run, "2026.9.6", changes).find("run here"), std::string::npos);

  const auto json = upgradeJson("2026.3.24", BaselineSource::Run, changes);
  EXPECT_EQ(json["baseline"]["version"], "2026.3.24");
  EXPECT_EQ(json["baseline"]["source"], "run");
  EXPECT_EQ(json["breaking"], 3);
  EXPECT_EQ(json["changes"][0]["id"], "contract.gateway.rescue.healthy");
  EXPECT_EQ(json["changes"][0]["before"], "pass");
  EXPECT_EQ(json["changes"][0]["after"], "fail");
  EXPECT_TRUE(json["changes"][0]["fix"].is_null());
}

}  // namespace
}  // namespace harness::upgrade
