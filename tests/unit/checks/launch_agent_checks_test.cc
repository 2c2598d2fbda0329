#include <filesystem>
#include <string>

#include "harness/plist/plist_reader.h"
#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/checks/check_test_support.h"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;
using nlohmann::json;

fs::path rescuePlistPath(const FixtureHome& home) {
  return home.path("Library/LaunchAgents/ai.openclaw.gateway.rescue.plist");
}
fs::path mainPlistPath(const FixtureHome& home) { return home.path("Library/LaunchAgents/ai.openclaw.gateway.plist"); }
fs::path officialPlistPath(const FixtureHome& home) { return home.path("Library/LaunchAgents/ai.openclaw.rescue.plist"); }

// ------------------------------------------------------------------------------------------
// rescue.plist.readable

TEST(RescuePlistReadable, PassesOnXmlAndBinaryPlists) {
  FixtureHome home;
  auto r = runCheck("rescue.plist.readable", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, rescuePlistPath(home).string()));
  home.binaryRescuePlist = true;
  r = runCheck("rescue.plist.readable", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_NE(r.message.find("binary"), std::string::npos) << r.message;
}

TEST(RescuePlistReadable, FailsWhenMissing) {
  FixtureHome home;
  home.writeRescuePlist = false;
  auto r = runCheck("rescue.plist.readable", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, rescuePlistPath(home).string()));
  EXPECT_NE(r.remediation.find("launchctl bootstrap gui/$(id -u)"), std::string::npos);
  expectActionable(r);
}

TEST(RescuePlistReadable, FailsOnTruncatedGarbageDirectoryAndNonDictRoot) {
  FixtureHome home;
  home.write();
  const std::string xml = toXmlPlist(home.rescuePlist);
  const std::string inputs[] = {xml.substr(0, xml.size() / 2), std::string("bplist00\x01\x02\xff\xfe garbage", 20),
                                toXmlPlist(json::array({"not", "a", "dict"}))};
  for (const auto& bytes : inputs) {
    writeFile(rescuePlistPath(home), bytes, 0644);
    auto r = runCheck("rescue.plist.readable", load(home));
    EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
    EXPECT_TRUE(evidenceMentions(r, rescuePlistPath(home).string()));
    expectActionable(r);
  }
  fs::remove(rescuePlistPath(home));
  fs::create_directories(rescuePlistPath(home));
  auto r = runCheck("rescue.plist.readable", load(home));
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "directory"));
  expectActionable(r);
}

TEST(RescuePlistReadable, FailsOnDanglingSymlink) {
  FixtureHome home;
  home.writeRescuePlist = false;
  home.write();
  fs::create_symlink(home.path("nowhere.plist"), rescuePlistPath(home));
  auto r = runCheck("rescue.plist.readable", load(home));
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "symlink"));
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// rescue.plist.label

TEST(RescuePlistLabel, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck("rescue.plist.label", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "Label"));
}

TEST(RescuePlistLabel, FailsOnWrongLabel) {
  FixtureHome home;
  home.rescuePlist["Label"] = "ai.openclaw.rescue";
  auto r = runCheck("rescue.plist.label", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "ai.openclaw.rescue"));
  EXPECT_NE(r.remediation.find("plutil -replace Label -string ai.openclaw.gateway.rescue"), std::string::npos);
  expectActionable(r);
}

TEST(RescuePlistLabel, FailsOnWrongTypeOrMissingLabel) {
  FixtureHome home;
  home.rescuePlist["Label"] = 7;
  auto r = runCheck("rescue.plist.label", home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.message.find("number"), std::string::npos) << r.message;
  expectActionable(r);
  home.rescuePlist.erase("Label");
  r = runCheck("rescue.plist.label", home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  expectActionable(r);
}

TEST(RescuePlistLabel, FailsWhenFileNameDoesNotMatchLabel) {
  FixtureHome home;
  home.write();
  auto spec = home.spec();
  spec.rescue.plistPath = home.path("Library/LaunchAgents/rescue-custom.plist");
  fs::copy_file(rescuePlistPath(home), spec.rescue.plistPath);
  auto r = runCheck("rescue.plist.label", loadHostSnapshot(spec, home.environment()));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.remediation.find("mv "), std::string::npos);
  expectActionable(r);
}

TEST(RescuePlistLabel, SkipsWhenPlistUnreadable) {
  FixtureHome home;
  home.writeRescuePlist = false;
  for (const char* id : {"rescue.plist.label", "rescue.plist.arguments", "rescue.plist.environment",
                         "rescue.plist.keepalive", "rescue.plist.logs"}) {
    auto r = runCheck(id, home);
    EXPECT_EQ(r.status, CheckStatus::Skip) << id << ": " << r.message;
    EXPECT_NE(r.message.find("rescue.plist.readable"), std::string::npos) << id;
  }
}

// ------------------------------------------------------------------------------------------
// rescue.plist.arguments

TEST(RescuePlistArguments, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck("rescue.plist.arguments", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "--profile rescue gateway --port 19001"));
}

TEST(RescuePlistArguments, AcceptsEqualsForms) {
  FixtureHome home;
  home.rescuePlist["ProgramArguments"] = json::array({"/opt/homebrew/bin/node", "/x/index.js", "--profile=rescue",
                                                      "gateway", "--port=19001"});
  auto r = runCheck("rescue.plist.arguments", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(RescuePlistArguments, FailsOnWrongPortWithExpectedValue) {
  FixtureHome home;
  home.rescuePlist["ProgramArguments"][6] = "19002";
  auto r = runCheck("rescue.plist.arguments", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.message.find("expected 19001"), std::string::npos) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "ProgramArguments"));
  EXPECT_NE(r.remediation.find("\"--port\",\"19001\""), std::string::npos) << r.remediation;
  EXPECT_NE(r.remediation.find((home.home() / "bin/node").string()), std::string::npos) << r.remediation;
  expectActionable(r);
}

TEST(RescuePlistArguments, FailsWithoutProfile) {
  FixtureHome home;
  home.rescuePlist["ProgramArguments"] = json::array({"/opt/homebrew/bin/node", "/x/index.js", "gateway", "--port",
                                                      "19001"});
  auto r = runCheck("rescue.plist.arguments", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.message.find("--profile"), std::string::npos);
  expectActionable(r);
}

TEST(RescuePlistArguments, FailsOnWrongTypes) {
  FixtureHome home;
  home.rescuePlist["ProgramArguments"][2] = 5;
  auto r = runCheck("rescue.plist.arguments", home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "ProgramArguments[2]"));
  expectActionable(r);
  home.rescuePlist["ProgramArguments"] = "/opt/homebrew/bin/openclaw --profile rescue gateway --port 19001";
  r = runCheck("rescue.plist.arguments", home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "string"));
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// rescue.plist.environment

TEST(RescuePlistEnvironment, PassesOnGoodFixtureAndEquivalentPaths) {
  FixtureHome home;
  auto r = runCheck("rescue.plist.environment", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "EnvironmentVariables.OPENCLAW_STATE_DIR"));
  home.rescuePlist["EnvironmentVariables"]["OPENCLAW_STATE_DIR"] = home.path(".openclaw-rescue/").string();
  r = runCheck("rescue.plist.environment", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(RescuePlistEnvironment, FailsOnTildePath) {
  FixtureHome home;
  home.rescuePlist["EnvironmentVariables"]["OPENCLAW_STATE_DIR"] = "~/.openclaw-rescue";
  auto r = runCheck("rescue.plist.environment", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "launchd does not expand ~"));
  EXPECT_TRUE(evidenceMentions(r, "EnvironmentVariables.OPENCLAW_STATE_DIR"));
  EXPECT_NE(r.remediation.find("plutil -replace EnvironmentVariables.OPENCLAW_STATE_DIR -string " +
                               home.path(".openclaw-rescue").string()),
            std::string::npos)
      << r.remediation;
  expectActionable(r);
}

TEST(RescuePlistEnvironment, FailsOnMissingWrongOrMistypedVariables) {
  FixtureHome home;
  home.rescuePlist["EnvironmentVariables"].erase("OPENCLAW_LAUNCHD_LABEL");
  home.rescuePlist["EnvironmentVariables"]["OPENCLAW_PROFILE"] = 1;
  home.rescuePlist["EnvironmentVariables"]["OPENCLAW_CONFIG_PATH"] = home.path(".openclaw/openclaw-rescue.json").string();
  auto r = runCheck("rescue.plist.environment", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "EnvironmentVariables.OPENCLAW_LAUNCHD_LABEL"));
  EXPECT_TRUE(evidenceMentions(r, "EnvironmentVariables.OPENCLAW_PROFILE"));
  EXPECT_TRUE(evidenceMentions(r, "openclaw-rescue.json"));
  expectActionable(r);
}

TEST(RescuePlistEnvironment, FailsWhenEnvironmentIsNotADict) {
  FixtureHome home;
  home.rescuePlist["EnvironmentVariables"] = json::array({"OPENCLAW_PROFILE=rescue"});
  auto r = runCheck("rescue.plist.environment", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "EnvironmentVariables"));
  EXPECT_NE(r.remediation.find("plutil -replace EnvironmentVariables -json"), std::string::npos);
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// rescue.plist.keepalive

TEST(RescuePlistKeepAlive, PassesOnGoodFixtureAndKeepAliveDict) {
  FixtureHome home;
  auto r = runCheck("rescue.plist.keepalive", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  home.rescuePlist["KeepAlive"] = {{"SuccessfulExit", false}};
  r = runCheck("rescue.plist.keepalive", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(RescuePlistKeepAlive, WarnsWhenNotKeptAlive) {
  FixtureHome home;
  home.rescuePlist["KeepAlive"] = false;
  home.rescuePlist.erase("RunAtLoad");
  auto r = runCheck("rescue.plist.keepalive", home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.message.find("crash or reboot"), std::string::npos);
  EXPECT_NE(r.remediation.find("plutil -replace KeepAlive -bool true"), std::string::npos);
  EXPECT_NE(r.remediation.find("plutil -replace RunAtLoad -bool true"), std::string::npos);
  expectActionable(r);
}

TEST(RescuePlistKeepAlive, WarnsOnWrongType) {
  FixtureHome home;
  home.rescuePlist["KeepAlive"] = "yes";
  auto r = runCheck("rescue.plist.keepalive", home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.message.find("KeepAlive is a string"), std::string::npos) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "KeepAlive"));
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// rescue.plist.logs

TEST(RescuePlistLogs, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck("rescue.plist.logs", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "StandardOutPath"));
}

TEST(RescuePlistLogs, WarnsOnOtherPathsMissingKeysAndWrongTypes) {
  FixtureHome home;
  home.rescuePlist["StandardOutPath"] = home.path("Library/Logs/openclaw/gateway-rescue.log").string();
  auto r = runCheck("rescue.plist.logs", home);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "gateway-rescue.log"));
  expectActionable(r);
  home.rescuePlist.erase("StandardOutPath");
  home.rescuePlist["StandardErrorPath"] = 3;
  r = runCheck("rescue.plist.logs", home);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "StandardErrorPath"));
  expectActionable(r);
}

TEST(RescuePlistLogs, FailsWhenPointingAtMainsLogs) {
  FixtureHome home;
  home.rescuePlist["StandardErrorPath"] = home.path(".openclaw/logs/gateway.err.log").string();
  auto r = runCheck("rescue.plist.logs", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "main's log"));
  EXPECT_NE(r.remediation.find(home.path(".openclaw-rescue/logs/gateway.err.log").string()), std::string::npos);
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// rescue.official-service-absent

TEST(OfficialRescueService, PassesWhenAbsent) {
  FixtureHome home;
  auto r = runCheck("rescue.official-service-absent", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(OfficialRescueService, FailsWhenInstalled) {
  FixtureHome home;
  home.write();
  json official = home.rescuePlist;
  official["Label"] = "ai.openclaw.rescue";
  writeFile(officialPlistPath(home), toXmlPlist(official), 0644);
  auto r = runCheck("rescue.official-service-absent", load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, officialPlistPath(home).string()));
  EXPECT_NE(r.remediation.find("launchctl bootout gui/$(id -u)/ai.openclaw.rescue"), std::string::npos);
  EXPECT_NE(r.remediation.find("mv " + officialPlistPath(home).string()), std::string::npos);
  expectActionable(r);
}

TEST(OfficialRescueService, FailsWhenInstalledButBroken) {
  FixtureHome home;
  home.write();
  writeFile(officialPlistPath(home), "garbage", 0644);
  auto r = runCheck("rescue.official-service-absent", load(home));
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  expectActionable(r);
}

TEST(OfficialRescueService, SkipsWhenSpecUsesTheOfficialLabel) {
  FixtureHome home;
  home.write();
  auto spec = home.spec();
  spec.rescue.label = "ai.openclaw.rescue";
  spec.rescue.plistPath = officialPlistPath(home);
  auto r = runCheck("rescue.official-service-absent", loadHostSnapshot(spec, home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
}

// ------------------------------------------------------------------------------------------
// main.plist.readable

TEST(MainPlistReadable, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck("main.plist.readable", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(MainPlistReadable, WarnsWhenMissing) {
  FixtureHome home;
  home.writeMainPlist = false;
  auto r = runCheck("main.plist.readable", home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, mainPlistPath(home).string()));
  expectActionable(r);
}

TEST(MainPlistReadable, FailsWhenBrokenOrMislabelled) {
  FixtureHome home;
  home.write();
  writeFile(mainPlistPath(home), "<?xml version=\"1.0\"?><plist><dict><key>Label", 0644);
  auto r = runCheck("main.plist.readable", load(home));
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, mainPlistPath(home).string()));
  expectActionable(r);

  home.mainPlist["Label"] = "ai.openclaw.gateway.rescue";
  r = runCheck("main.plist.readable", home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  expectActionable(r);

  home.mainPlist["Label"] = json::array();
  r = runCheck("main.plist.readable", home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "Label"));
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// main.plist.not-rescue

TEST(MainPlistNotRescue, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck("main.plist.not-rescue", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(MainPlistNotRescue, FailsWhenMainRunsTheRescueProfile) {
  FixtureHome home;
  auto& args = home.mainPlist["ProgramArguments"];
  args.insert(args.begin() + 2, "--profile=rescue");
  auto r = runCheck("main.plist.not-rescue", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, mainPlistPath(home).string()));
  EXPECT_TRUE(evidenceMentions(r, "ProgramArguments"));
  expectActionable(r);
}

TEST(MainPlistNotRescue, FailsWhenEnvironmentPointsIntoTheOtherStateDir) {
  FixtureHome home;
  home.mainPlist["EnvironmentVariables"]["OPENCLAW_STATE_DIR"] = home.path(".openclaw-rescue").string();
  auto r = runCheck("main.plist.not-rescue", home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "EnvironmentVariables.OPENCLAW_STATE_DIR"));
  expectActionable(r);

  FixtureHome other;
  other.rescuePlist["EnvironmentVariables"]["OPENCLAW_CONFIG_PATH"] = other.path(".openclaw/openclaw.json").string();
  r = runCheck("main.plist.not-rescue", other);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, rescuePlistPath(other).string()));
  expectActionable(r);
}

TEST(MainPlistNotRescue, JudgesTheReadablePlistAndSkipsWhenNoneIs) {
  FixtureHome home;
  home.writeMainPlist = false;
  auto r = runCheck("main.plist.not-rescue", home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  home.writeRescuePlist = false;
  r = runCheck("main.plist.not-rescue", home);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
}

}  // namespace
}  // namespace harness
