#include <gtest/gtest.h>

#include "tests/unit/checks/check_test_support.h"

namespace harness::testing {
namespace {

TEST(DiscordBots, DifferentBotsPass) {
  FixtureHome home;
  auto r = runCheck("isolation.discord-bots", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_NE(r.message.find("111122223333444455"), std::string::npos);  // bot id decoded from the token
}

TEST(DiscordBots, SameTokenFailsWithoutPrintingIt) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["token"] = kCanaryMainDiscordToken;
  auto r = runCheck("isolation.discord-bots", home);
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_FALSE(evidenceMentions(r, kCanaryMainDiscordToken));
  EXPECT_EQ(r.message.find(kCanaryMainDiscordToken), std::string::npos);
}

TEST(DiscordBots, TwoTokensOfTheSameBotFail) {
  FixtureHome home;
  // Same first segment (bot id 111122223333444455), different secret part: a reset token.
  home.rescueConfig["channels"]["discord"]["token"] = "MTExMTIyMjIzMzMzNDQ0NDU1.OTHER.reset-token-value-9";
  auto r = runCheck("isolation.discord-bots", home);
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_NE(r.message.find("same bot"), std::string::npos);
}

TEST(DiscordBots, MissingRescueTokenFails) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"].erase("token");
  EXPECT_EQ(runCheck("isolation.discord-bots", home).status, CheckStatus::Fail);
}

TEST(DisjointPaths, RunbookLayoutPasses) {
  FixtureHome home;
  auto r = runCheck("isolation.paths", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(DisjointPaths, SharedWorkspaceFails) {
  FixtureHome home;
  home.rescueConfig["agents"]["defaults"]["workspace"] = "~/.openclaw/workspace";
  auto r = runCheck("isolation.paths", home);
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_TRUE(evidenceMentions(r, "workspace"));
}

TEST(DisjointPaths, RescueAgentDirInsideMainStateFails) {
  FixtureHome home;
  home.rescueConfig["agents"]["list"][0]["agentDir"] = "~/.openclaw/agents/rescue/agent";
  EXPECT_EQ(runCheck("isolation.paths", home).status, CheckStatus::Fail);
}

TEST(DisjointPaths, SharedLogFileFails) {
  FixtureHome home;
  home.rescuePlist["StandardOutPath"] = (home.home() / ".openclaw/logs/gateway.log").string();
  auto r = runCheck("isolation.paths", home);
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_TRUE(evidenceMentions(r, "StandardOutPath"));
}

}  // namespace
}  // namespace harness::testing
