#include <filesystem>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/checks/check_test_support.h"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;
using nlohmann::json;

fs::path legacyConfig(const FixtureHome& home) { return home.path(".openclaw/openclaw-rescue.json"); }
fs::path legacyWorkspace(const FixtureHome& home) { return home.path(".openclaw/workspace-rescue"); }

// ------------------------------------------------------------------------------------------
// legacy.rescue-config

TEST(LegacyRescueConfig, PassesWhenAbsent) {
  FixtureHome home;
  auto r = runCheck("legacy.rescue-config", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, legacyConfig(home).string()));
  EXPECT_EQ(r.requirements, std::vector<std::string>{"R27"});
}

TEST(LegacyRescueConfig, WarnsWhenPresentButUnused) {
  FixtureHome home;
  home.write();
  writeFile(legacyConfig(home), home.rescueConfig.dump(), 0600);
  auto r = runCheck("legacy.rescue-config", load(home));
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, legacyConfig(home).string()));
  EXPECT_NE(r.remediation.find("rm " + legacyConfig(home).string()), std::string::npos) << r.remediation;
  EXPECT_NE(r.remediation.find("config validate"), std::string::npos);
  expectActionable(r);
}

TEST(LegacyRescueConfig, FailsWhenThePlistUsesIt) {
  FixtureHome home;
  home.rescuePlist["EnvironmentVariables"]["OPENCLAW_CONFIG_PATH"] = legacyConfig(home).string();
  home.write();
  writeFile(legacyConfig(home), home.rescueConfig.dump(), 0600);
  auto r = runCheck("legacy.rescue-config", load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "EnvironmentVariables.OPENCLAW_CONFIG_PATH"));
  EXPECT_NE(r.remediation.find("plutil -replace EnvironmentVariables.OPENCLAW_CONFIG_PATH -string " +
                               home.path(".openclaw-rescue/openclaw.json").string()),
            std::string::npos)
      << r.remediation;
  expectActionable(r);
}

TEST(LegacyRescueConfig, FailsWhenAnArgumentNamesIt) {
  FixtureHome home;
  home.rescuePlist["ProgramArguments"].push_back("--config=" + legacyConfig(home).string());
  home.write();
  writeFile(legacyConfig(home), "not even json", 0600);  // content is irrelevant
  auto r = runCheck("legacy.rescue-config", load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "ProgramArguments[7]"));
  expectActionable(r);
}

TEST(LegacyRescueConfig, WarnsWhenPresentAsADirectoryAndPlistIsUnreadable) {
  FixtureHome home;
  home.writeRescuePlist = false;
  home.write();
  fs::create_directories(legacyConfig(home));
  auto r = runCheck("legacy.rescue-config", load(home));
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "directory"));
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// legacy.rescue-workspace

TEST(LegacyRescueWorkspace, PassesWhenAbsent) {
  FixtureHome home;
  auto r = runCheck("legacy.rescue-workspace", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(LegacyRescueWorkspace, WarnsWhenPresentButUnused) {
  FixtureHome home;
  home.write();
  fs::create_directories(legacyWorkspace(home));
  auto r = runCheck("legacy.rescue-workspace", load(home));
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, legacyWorkspace(home).string()));
  expectActionable(r);
}

TEST(LegacyRescueWorkspace, FailsWhenTheRescueConfigUsesIt) {
  FixtureHome home;
  home.rescueConfig["agents"]["list"][0]["workspace"] = "~/.openclaw/workspace-rescue";
  home.write();
  fs::create_directories(legacyWorkspace(home));
  auto r = runCheck("legacy.rescue-workspace", load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "agents.list[0].workspace"));
  EXPECT_NE(r.remediation.find("openclaw --profile rescue config set agents.list[0].workspace"), std::string::npos)
      << r.remediation;
  expectActionable(r);
}

TEST(LegacyRescueWorkspace, FailsWhenDefaultsUseItEvenIfTheDirectoryIsGone) {
  FixtureHome home;
  home.rescueConfig["agents"]["defaults"]["workspace"] = legacyWorkspace(home).string();
  auto r = runCheck("legacy.rescue-workspace", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "agents.defaults.workspace"));
  expectActionable(r);
}

TEST(LegacyRescueWorkspace, ReportsWrongTypesAndUnreadableConfig) {
  FixtureHome home;
  home.rescueConfig["agents"]["defaults"]["workspace"] = 12;
  home.write();
  fs::create_directories(legacyWorkspace(home));
  auto r = runCheck("legacy.rescue-workspace", load(home));
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "agents.defaults.workspace"));
  expectActionable(r);

  writeFile(home.path(".openclaw-rescue/openclaw.json"), "{{{", 0600);
  r = runCheck("legacy.rescue-workspace", load(home));
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "rescue.config.readable"));
}

// ------------------------------------------------------------------------------------------
// legacy.launchctl-load

TEST(LegacyLaunchctlLoad, PassesWithoutDisabledKeys) {
  FixtureHome home;
  auto r = runCheck("legacy.launchctl-load", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_EQ(r.message, "no load/unload leftovers in the plists; live mode checks launchd");
}

TEST(LegacyLaunchctlLoad, WarnsOnDisabledKey) {
  FixtureHome home;
  home.rescuePlist["Disabled"] = true;
  home.mainPlist["Disabled"] = false;
  auto r = runCheck("legacy.launchctl-load", home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, home.path("Library/LaunchAgents/ai.openclaw.gateway.rescue.plist").string()));
  EXPECT_TRUE(evidenceMentions(r, home.path("Library/LaunchAgents/ai.openclaw.gateway.plist").string()));
  EXPECT_NE(r.remediation.find("launchctl bootstrap gui/$(id -u)"), std::string::npos);
  EXPECT_NE(r.remediation.find("plutil -remove Disabled"), std::string::npos);
  expectActionable(r);
}

TEST(LegacyLaunchctlLoad, WarnsOnDisabledKeyOfAnyType) {
  FixtureHome home;
  home.rescuePlist["Disabled"] = "yes";
  auto r = runCheck("legacy.launchctl-load", home);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  expectActionable(r);
}

TEST(LegacyLaunchctlLoad, SkipsWhenNoPlistIsReadable) {
  FixtureHome home;
  home.writeMainPlist = false;
  home.writeRescuePlist = false;
  auto r = runCheck("legacy.launchctl-load", home);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
}

}  // namespace
}  // namespace harness
