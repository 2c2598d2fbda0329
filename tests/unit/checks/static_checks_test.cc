#include <gtest/gtest.h>

#include <set>

#include "tests/unit/checks/check_test_support.h"

namespace harness::testing {
namespace {

TEST(StaticChecks, IdsAreUniqueAndEveryCheckNamesARequirement) {
  std::set<std::string> ids;
  for (const auto& c : staticChecks()) {
    EXPECT_TRUE(ids.insert(c.info.id).second) << "duplicate id " << c.info.id;
    EXPECT_FALSE(c.info.requirements.empty()) << c.info.id;
    EXPECT_FALSE(c.info.area.empty()) << c.info.id;
  }
}

TEST(StaticChecks, RunbookLayoutHasNoFailures) {
  FixtureHome home;
  home.write();
  auto results = runStaticChecks(loadHostSnapshot(home.spec(), home.environment()));
  ASSERT_EQ(results.size(), staticChecks().size());
  for (const auto& r : results) EXPECT_NE(r.status, CheckStatus::Fail) << r.id << ": " << r.message;
}

TEST(StaticChecks, EmptyHomeFailsWithoutCrashing) {
  ScopedTempDir home;
  auto results = runStaticChecks(loadHostSnapshot(defaultRescueSpec(home.path()), {{"HOME", home.path().string()}}));
  EXPECT_GT(summarize(results).fail, 0);
}

TEST(StaticChecks, NoCanaryInAnyResult) {
  FixtureHome home;
  // Break everything that involves secrets, so failing paths are exercised too.
  home.rescueConfig["channels"]["discord"]["token"] = kCanaryMainDiscordToken;
  home.rescueConfig["gateway"]["auth"]["token"] = kCanaryMainGatewayToken;
  home.write();
  auto results = runStaticChecks(loadHostSnapshot(home.spec(), home.environment()));
  for (const auto& r : results) {
    expectNoCanary(r);
  }
}

}  // namespace
}  // namespace harness::testing
