// rescue.agent.starts-main (G8): is the rescue's agent told how to start main?
#include <filesystem>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/checks/check_test_support.h"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;

constexpr const char* kId = "rescue.agent.starts-main";
constexpr const char* kUnsetForm =
    "env -u OPENCLAW_PROFILE -u OPENCLAW_STATE_DIR -u OPENCLAW_CONFIG_PATH -u OPENCLAW_LAUNCHD_LABEL openclaw gateway start";

// The snapshot as seen with a given OpenClaw release (empty = unknown).
HostSnapshot loadAs(const FixtureHome& home, const std::string& version) {
  auto spec = home.spec();
  spec.openclawVersion = version;
  return loadHostSnapshot(spec, home.environment());
}

TEST(RescueAgentStartsMain, WarnsOnTheRunbooksPlistWithoutInstructions) {
  FixtureHome home;
  auto r = runCheck(kId, home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  for (const char* var : {"OPENCLAW_PROFILE", "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_LAUNCHD_LABEL"}) {
    EXPECT_NE(r.message.find(var), std::string::npos) << var << ": " << r.message;
  }
  EXPECT_NE(r.remediation.find(home.path(".openclaw-rescue/workspace/AGENTS.md").string()), std::string::npos);
  // The release is unknown here: only launchd's own commands are sure to reach main.
  EXPECT_NE(r.remediation.find("launchctl bootstrap gui/$(id -u) " + home.path("Library/LaunchAgents/ai.openclaw.gateway.plist").string()),
            std::string::npos)
      << r.remediation;
  EXPECT_NE(r.remediation.find("kickstart -k gui/$(id -u)/ai.openclaw.gateway"), std::string::npos);
  EXPECT_EQ(r.remediation.find(kUnsetForm), std::string::npos) << r.remediation;
  expectActionable(r);
}

TEST(RescueAgentStartsMain, OnTheRunbooksReleaseTheUnsetVariablesFormIsOfferedToo) {
  FixtureHome home;
  home.write();
  auto r = runCheck(kId, loadAs(home, "2026.3.24"));
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.remediation.find(kUnsetForm), std::string::npos) << r.remediation;
  EXPECT_NE(r.remediation.find("kickstart -k gui/$(id -u)/ai.openclaw.gateway"), std::string::npos);
  EXPECT_EQ(r.message.find("pinned"), std::string::npos) << r.message;
}

TEST(RescueAgentStartsMain, From2026_8_1TheUnsetVariablesFormIsNotEnough) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/workspace/AGENTS.md"), std::string("# Rescue\nTo start main: ") + kUnsetForm + "\n",
            0644);
  auto r = runCheck(kId, loadAs(home, "2026.9.6"));
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.message.find("pinned to --profile rescue"), std::string::npos) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "names only the unset-variables form"));
  EXPECT_EQ(r.remediation.find(kUnsetForm), std::string::npos) << r.remediation;
  // launchd's own commands pass there.
  writeFile(home.path(".openclaw-rescue/workspace/AGENTS.md"),
            "To start main: launchctl kickstart -k gui/$(id -u)/ai.openclaw.gateway\n", 0644);
  EXPECT_EQ(runCheck(kId, loadAs(home, "2026.9.6")).status, CheckStatus::Pass);
}

TEST(RescueAgentStartsMain, PassesWhenAgentsMdNamesTheWorkingForm) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/workspace/AGENTS.md"),
            std::string("# Rescue\nTo start main: ") + kUnsetForm + "\n", 0644);
  auto r = runCheck(kId, loadAs(home, "2026.3.24"));
  ASSERT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_NE(r.message.find("AGENTS.md"), std::string::npos);
}

TEST(RescueAgentStartsMain, LaunchdsKickstartOfMainsLabelCountsToo) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/workspace/TOOLS.md"),
            "Restart main with launchctl kickstart -k gui/$(id -u)/ai.openclaw.gateway\n", 0644);
  EXPECT_EQ(runCheck(kId, load(home)).status, CheckStatus::Pass);
  // A kickstart of some other label is not main's.
  writeFile(home.path(".openclaw-rescue/workspace/TOOLS.md"), "launchctl kickstart -k gui/501/com.example.other\n", 0644);
  EXPECT_EQ(runCheck(kId, load(home)).status, CheckStatus::Warn);
}

TEST(RescueAgentStartsMain, ASymlinkedInstructionFileIsNotRead) {
  FixtureHome home;
  home.write();
  ScopedTempDir outside("outside");
  writeFile(outside.path() / "AGENTS.md", "env -u OPENCLAW_PROFILE openclaw gateway start\n", 0644);
  fs::create_symlink(outside.path() / "AGENTS.md", home.path(".openclaw-rescue/workspace/AGENTS.md"));
  auto r = runCheck(kId, load(home));
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "not read"));
}

TEST(RescueAgentStartsMain, PassesWhenThePlistSetsNoSelector) {
  FixtureHome home;
  auto& env = home.rescuePlist["EnvironmentVariables"];
  for (const char* var : {"OPENCLAW_PROFILE", "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_LAUNCHD_LABEL"}) {
    env.erase(var);
  }
  auto r = runCheck(kId, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(RescueAgentStartsMain, AnUnreadablePlistIsSkipped) {
  FixtureHome home;
  home.writeRescuePlist = false;
  EXPECT_EQ(runCheck(kId, home).status, CheckStatus::Skip);
}

}  // namespace
}  // namespace harness
