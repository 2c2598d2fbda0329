#include <gtest/gtest.h>

#include <string>

#include "lab/upgrade/drift.h"
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

TEST(DriftCompare, MatchingRunIsAsRecorded) {
  const auto run = runOf({result("contract.a", DriftStatus::Pass),
                          result("contract.b", DriftStatus::Refused, "named profiles cannot override X"),
                          result("scenario.c", DriftStatus::Skipped, "no Discord plugin")});
  const auto record = recordOf({{"contract.a", expect(DriftStatus::Pass)},
                                {"contract.b", expect(DriftStatus::Refused, "cannot override")},
                                {"scenario.c", expect(DriftStatus::Skipped)}});
  EXPECT_TRUE(compare(run, record).empty());
}

TEST(DriftCompare, AResultNobodyRecordedIsADifference) {
  const auto differences = compare(runOf({result("contract.new", DriftStatus::Pass)}), recordOf({}));
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].id, "contract.new");
  EXPECT_FALSE(differences[0].expected);
  ASSERT_TRUE(differences[0].observed);
  EXPECT_EQ(differences[0].describe(), "contract.new: not recorded, got pass");
}

TEST(DriftCompare, ARecordedResultTheRunDidNotProduceIsADifference) {
  const auto differences =
      compare(runOf({}), recordOf({{"contract.gone", expect(DriftStatus::Refused, "nope")}}));
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_FALSE(differences[0].observed);
  ASSERT_TRUE(differences[0].expected);
  EXPECT_EQ(differences[0].describe(), "contract.gone: expected refused (\"nope\"), not produced");
}

TEST(DriftCompare, RecordsOfAGroupTheRunLeftOutAreNotJudged) {
  // CI runs without the opt-in rescue contracts: their records are neither differences nor lost.
  auto run = runOf({result("contract.a", DriftStatus::Pass)});
  run.groupsNotRun = {"contract.rescue."};
  const auto record = recordOf({{"contract.a", expect(DriftStatus::Pass)},
                                {"contract.rescue.dm-answered", expect(DriftStatus::Fail, "0 model request")}});
  EXPECT_TRUE(compare(run, record).empty());
  EXPECT_TRUE(inGroupNotRun(run, "contract.rescue.dm-answered"));
  EXPECT_FALSE(inGroupNotRun(run, "contract.a"));
  // The same record against a run that did run the group: a result it did not produce differs.
  run.groupsNotRun.clear();
  ASSERT_EQ(compare(run, record).size(), 1u);
  EXPECT_EQ(compare(run, record)[0].id, "contract.rescue.dm-answered");
}

TEST(DriftCompare, ADifferentStatusIsADifference) {
  const auto differences =
      compare(runOf({result("contract.label", DriftStatus::Pass)}),
              recordOf({{"contract.label", expect(DriftStatus::Refused, "named profiles cannot override")}}));
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].describe(),
            "contract.label: expected refused (\"named profiles cannot override\"), got pass");
}

TEST(DriftCompare, ChangedWordingIsADifference) {
  const auto differences =
      compare(runOf({result("contract.label", DriftStatus::Refused, "profile may not set the label")}),
              recordOf({{"contract.label", expect(DriftStatus::Refused, "named profiles cannot override")}}));
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].describe(),
            "contract.label: expected refused (\"named profiles cannot override\"), got refused "
            "(\"profile may not set the label\")");
}

TEST(DriftCompare, MessageIsMatchedAsACaseSensitiveSubstring) {
  const auto record = recordOf({{"contract.a", expect(DriftStatus::Fail, "Port In Use")}});
  EXPECT_TRUE(compare(runOf({result("contract.a", DriftStatus::Fail, "error: Port In Use (18789)")}), record)
                  .empty());
  EXPECT_EQ(compare(runOf({result("contract.a", DriftStatus::Fail, "error: port in use")}), record).size(), 1u);
}

TEST(DriftCompare, SkippedResultsAreComparedLikeOthers) {
  const auto record = recordOf({{"scenario.a", expect(DriftStatus::Pass)},
                                {"scenario.b", expect(DriftStatus::Skipped, "no plugin")}});
  const auto differences = compare(runOf({result("scenario.a", DriftStatus::Skipped, "gateway did not start"),
                                          result("scenario.b", DriftStatus::Skipped, "needs node")}),
                                   record);
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_EQ(differences[0].describe(), "scenario.a: expected pass, got skipped (\"gateway did not start\")");
  EXPECT_EQ(differences[1].describe(), "scenario.b: expected skipped (\"no plugin\"), got skipped (\"needs node\")");
}

TEST(DriftCompare, RunOrderFirstThenRecordedOnlyIds) {
  const auto differences = compare(runOf({result("z.new", DriftStatus::Pass), result("a.new", DriftStatus::Pass)}),
                                   recordOf({{"m.gone", expect(DriftStatus::Pass)}}));
  ASSERT_EQ(differences.size(), 3u);
  EXPECT_EQ(differences[0].id, "z.new");
  EXPECT_EQ(differences[1].id, "a.new");
  EXPECT_EQ(differences[2].id, "m.gone");
}

TEST(DriftCompare, ARepeatedIdIsJudgedOnceByItsFirstResult) {
  const auto differences = compare(
      runOf({result("contract.a", DriftStatus::Pass), result("contract.a", DriftStatus::Fail)}),
      recordOf({{"contract.a", expect(DriftStatus::Pass)}}));
  EXPECT_TRUE(differences.empty());
}

TEST(DriftDifference, DescribeIsOneLineEvenForLongMultiLineMessages) {
  const auto differences = compare(
      runOf({result("contract.a", DriftStatus::Fail, "first line\x1b[31m\nsecond line")}),
      recordOf({{"contract.a", expect(DriftStatus::Pass)}}));
  ASSERT_EQ(differences.size(), 1u);
  const std::string text = differences[0].describe();
  EXPECT_EQ(text, "contract.a: expected pass, got fail (\"first line\\x1b[31m...\")");

  const auto longOne = compare(runOf({result("contract.a", DriftStatus::Fail, std::string(500, 'x'))}),
                               recordOf({{"contract.a", expect(DriftStatus::Pass)}}));
  ASSERT_EQ(longOne.size(), 1u);
  const std::string shortened = longOne[0].describe();
  EXPECT_NE(shortened.find(std::string(120, 'x') + "...\")"), std::string::npos) << shortened;
  EXPECT_EQ(shortened.find(std::string(121, 'x')), std::string::npos) << shortened;
}

}  // namespace
}  // namespace harness::upgrade
