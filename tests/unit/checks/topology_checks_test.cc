#include <gtest/gtest.h>

#include "tests/unit/checks/check_test_support.h"

namespace harness::testing {
namespace {

namespace fs = std::filesystem;

TEST(ConfigReadable, PassesOnTheRunbookLayout) {
  FixtureHome home;
  EXPECT_EQ(runCheck("rescue.config.readable", home).status, CheckStatus::Pass);
  EXPECT_EQ(runCheck("main.config.readable", home).status, CheckStatus::Pass);
}

TEST(ConfigReadable, MissingRescueConfigFailsNamingTheFile) {
  FixtureHome home;
  home.write();
  fs::remove(home.path(".openclaw-rescue/openclaw.json"));
  auto r = runCheck("rescue.config.readable", loadHostSnapshot(home.spec(), home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_TRUE(evidenceMentions(r, ".openclaw-rescue/openclaw.json"));
  EXPECT_FALSE(r.remediation.empty());
}

TEST(ConfigReadable, MalformedJson5FailsWithLineAndColumn) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/openclaw.json"), "{\n  gateway: { port: 19001,, }\n}");
  auto r = runCheck("rescue.config.readable", loadHostSnapshot(home.spec(), home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_NE(r.message.find("line 2"), std::string::npos) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "openclaw.json"));
}

TEST(ConfigReadable, DirectoryWhereTheConfigShouldBeFails) {
  FixtureHome home;
  home.write();
  fs::remove(home.path(".openclaw/openclaw.json"));
  fs::create_directories(home.path(".openclaw/openclaw.json"));
  EXPECT_EQ(runCheck("main.config.readable", loadHostSnapshot(home.spec(), home.environment())).status,
            CheckStatus::Fail);
}

TEST(ConfigReadable, SymlinkLoopIsAFindingNamingTheFile) {
  FixtureHome home;
  home.write();
  const auto config = home.path(".openclaw-rescue/openclaw.json");
  fs::remove(config);
  fs::create_symlink(home.path(".openclaw-rescue/loop-b"), config);
  fs::create_symlink(config, home.path(".openclaw-rescue/loop-b"));
  auto r = runCheck("rescue.config.readable", loadHostSnapshot(home.spec(), home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_TRUE(evidenceMentions(r, "openclaw.json"));
}

TEST(ConfigReadable, VeryLargeFileIsRefusedNotParsed) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/openclaw.json"), std::string(9u << 20, ' ') + "{}");
  auto r = runCheck("rescue.config.readable", loadHostSnapshot(home.spec(), home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_NE(r.message.find("limit"), std::string::npos) << r.message;
}

TEST(ConfigReadable, BinaryGarbageIsAFinding) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/openclaw.json"), std::string("\x00\xff\xfe{\x01", 5));
  EXPECT_EQ(runCheck("rescue.config.readable", loadHostSnapshot(home.spec(), home.environment())).status,
            CheckStatus::Fail);
}

TEST(ConfigReadable, UnresolvedEnvVarWarnsWithKeyPath) {
  FixtureHome home;
  home.rescueConfig["gateway"]["auth"]["token"] = "${RESCUE_GATEWAY_TOKEN_UNSET_FOR_TEST}";
  auto r = runCheck("rescue.config.readable", home);
  EXPECT_EQ(r.status, CheckStatus::Warn);
  EXPECT_TRUE(evidenceMentions(r, "gateway.auth.token"));
}

TEST(ConfigReadable, EnvVarFromTheStateDirDotenvResolves) {
  FixtureHome home;
  home.rescueConfig["gateway"]["auth"]["token"] = "${RESCUE_GATEWAY_TOKEN}";
  home.write();
  writeFile(home.path(".openclaw-rescue/.env"), std::string("RESCUE_GATEWAY_TOKEN=") + kCanaryRescueGatewayToken + "\n");
  auto snap = loadHostSnapshot(home.spec(), home.environment());
  EXPECT_EQ(runCheck("rescue.config.readable", snap).status, CheckStatus::Pass);
  EXPECT_EQ(snap.redactor.redact(kCanaryRescueGatewayToken), "[redacted]");
}

TEST(StateDirs, PassesWhenDisjoint) {
  FixtureHome home;
  EXPECT_EQ(runCheck("topology.state-dirs", home).status, CheckStatus::Pass);
}

TEST(StateDirs, RescueStateInsideMainFails) {
  FixtureHome home;
  home.write();
  auto spec = home.spec();
  auto moved = buildRescueSpec(home.home(), {{"rescue", {{"stateDir", "~/.openclaw/rescue"}}}});
  ASSERT_TRUE(moved);
  fs::create_directories(moved->rescue.stateDir);
  auto r = runCheck("topology.state-dirs", loadHostSnapshot(*moved, home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
}

TEST(StateDirs, SymlinkFromRescueIntoMainFails) {
  FixtureHome home;
  home.write();
  fs::remove_all(home.path(".openclaw-rescue/workspace"));
  fs::create_directory_symlink(home.path(".openclaw/workspace"), home.path(".openclaw-rescue/workspace"));
  auto r = runCheck("topology.state-dirs", loadHostSnapshot(home.spec(), home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_TRUE(evidenceMentions(r, "symlink"));
}

TEST(StateDirs, MissingRescueStateDirFails) {
  FixtureHome home;
  home.write();
  fs::remove_all(home.path(".openclaw-rescue"));
  auto r = runCheck("topology.state-dirs", loadHostSnapshot(home.spec(), home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_NE(r.remediation.find("mkdir"), std::string::npos);
}

TEST(Workspaces, PassesFailsAndWarns) {
  FixtureHome home;
  EXPECT_EQ(runCheck("topology.workspaces", home).status, CheckStatus::Pass);
  fs::remove_all(home.path(".openclaw/workspace"));
  EXPECT_EQ(runCheck("topology.workspaces", loadHostSnapshot(home.spec(), home.environment())).status,
            CheckStatus::Warn);
  fs::remove_all(home.path(".openclaw-rescue/workspace"));
  EXPECT_EQ(runCheck("topology.workspaces", loadHostSnapshot(home.spec(), home.environment())).status,
            CheckStatus::Fail);
}

TEST(Ports, RunbookPortsPass) {
  FixtureHome home;
  EXPECT_EQ(runCheck("topology.ports", home).status, CheckStatus::Pass);
}

TEST(Ports, TwentyApartFailsOnFootprint) {
  FixtureHome home;
  home.rescueConfig["gateway"]["port"] = 18809;
  auto r = runCheck("topology.ports", home);
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_TRUE(evidenceMentions(r, "CDP range"));
  EXPECT_NE(r.remediation.find("gateway.port"), std::string::npos);
}

TEST(Ports, PlistPortIsUsedWhenTheConfigHasNone) {
  FixtureHome home;
  home.rescueConfig["gateway"].erase("port");
  home.rescuePlist["ProgramArguments"] = {"/usr/bin/node", "--profile", "rescue", "gateway", "--port=18800"};
  auto r = runCheck("topology.ports", home);
  EXPECT_EQ(r.status, CheckStatus::Fail);
  EXPECT_TRUE(evidenceMentions(r, "ProgramArguments"));
}

TEST(Ports, WrongTypedPortFallsBackWithoutCrashing) {
  FixtureHome home;
  home.rescueConfig["gateway"]["port"] = "19001";
  EXPECT_EQ(runCheck("topology.ports", home).status, CheckStatus::Pass);
}

TEST(Labels, DistinctLabelsPass) {
  FixtureHome home;
  EXPECT_EQ(runCheck("topology.labels", home).status, CheckStatus::Pass);
}

TEST(Labels, OfficialProfileLabelFails) {
  FixtureHome home;
  home.write();
  auto spec = buildRescueSpec(home.home(), {{"rescue", {{"label", "ai.openclaw.rescue"}}}});
  ASSERT_TRUE(spec);
  auto r = runCheck("topology.labels", loadHostSnapshot(*spec, home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Fail);
  auto same = buildRescueSpec(home.home(), {{"rescue", {{"label", "ai.openclaw.gateway"}}}});
  EXPECT_EQ(runCheck("topology.labels", loadHostSnapshot(*same, home.environment())).status, CheckStatus::Fail);
}

}  // namespace
}  // namespace harness::testing
