#include "harness/spec/rescue_spec.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace harness {
namespace {

TEST(RescueSpec, DefaultsAreTheRunbooks) {
  auto s = defaultRescueSpec("/h");
  EXPECT_EQ(s.main.configPath, "/h/.openclaw/openclaw.json");
  EXPECT_EQ(s.rescue.configPath, "/h/.openclaw-rescue/openclaw.json");
  EXPECT_EQ(s.rescue.workspace, "/h/.openclaw-rescue/workspace");
  EXPECT_EQ(s.rescue.agentDir, "/h/.openclaw-rescue/agents/rescue/agent");
  EXPECT_EQ(s.main.agentDir, "/h/.openclaw/agents/main/agent");
  EXPECT_EQ(s.main.port, 18789);
  EXPECT_EQ(s.rescue.port, 19001);
  EXPECT_EQ(s.main.label, "ai.openclaw.gateway");
  EXPECT_EQ(s.rescue.label, "ai.openclaw.gateway.rescue");
  EXPECT_EQ(s.rescue.plistPath, "/h/Library/LaunchAgents/ai.openclaw.gateway.rescue.plist");
  EXPECT_EQ(s.rescue.logPath, "/h/.openclaw-rescue/logs/gateway.log");
  EXPECT_EQ(s.rescue.profile, "rescue");
  EXPECT_EQ(s.main.profile, "");
}

TEST(RescueSpec, OverridingStateDirMovesDerivedPaths) {
  auto s = buildRescueSpec("/h", {{"rescue", {{"stateDir", "~/rescue"}, {"port", 19201}}}});
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->rescue.configPath, "/h/rescue/openclaw.json");
  EXPECT_EQ(s->rescue.workspace, "/h/rescue/workspace");
  EXPECT_EQ(s->rescue.port, 19201);
}

TEST(RescueSpec, LabelOverrideMovesPlistPath) {
  nlohmann::json o = nlohmann::json::object();
  ASSERT_TRUE(setSpecOverride(o, "rescue.label", "com.example.rescue"));
  ASSERT_TRUE(setSpecOverride(o, "main.port", "18000"));
  auto s = buildRescueSpec("/h", o);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rescue.plistPath, "/h/Library/LaunchAgents/com.example.rescue.plist");
  EXPECT_EQ(s->main.port, 18000);
}

TEST(RescueSpec, BadOverridesNameTheKey) {
  auto wrongType = buildRescueSpec("/h", {{"rescue", {{"port", "19001"}}}});
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().context, "spec.rescue.port");
  auto unknown = buildRescueSpec("/h", {{"rescue", {{"colour", "blue"}}}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().context, "spec.rescue.colour");
  EXPECT_FALSE(buildRescueSpec("/h", {{"main", 5}}));
  EXPECT_FALSE(buildRescueSpec("/h", nlohmann::json::array()));
  nlohmann::json o = nlohmann::json::object();
  EXPECT_FALSE(setSpecOverride(o, "rescue.port", "abc"));
  EXPECT_FALSE(setSpecOverride(o, "backup.port", "1"));
  EXPECT_FALSE(setSpecOverride(o, "rescue.nope", "1"));
  EXPECT_FALSE(buildRescueSpec("/h", {{"rescue", {{"port", 70000}}}}));
}

TEST(RescueSpec, ToJsonRoundTripsThroughBuild) {
  auto s = defaultRescueSpec("/h");
  auto j = toJson(s);
  auto rebuilt = buildRescueSpec("/other", j);
  ASSERT_TRUE(rebuilt) << rebuilt.error().describe();
  EXPECT_EQ(rebuilt->rescue.configPath, s.rescue.configPath);
  EXPECT_EQ(rebuilt->home, "/h");
}

}  // namespace
}  // namespace harness
