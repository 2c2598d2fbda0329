// rescue.launchagent.own-install (G10): does the rescue run main's very OpenClaw install?
#include <filesystem>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/checks/check_test_support.h"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kId = "rescue.launchagent.own-install";

// A fake npm install under `prefix`: prefix/lib/node_modules/openclaw/{package.json,dist/index.js}
// and Homebrew's link prefix/bin/openclaw -> ../lib/node_modules/openclaw/openclaw.mjs.
fs::path installOpenClaw(const fs::path& prefix) {
  const fs::path package = prefix / "lib/node_modules/openclaw";
  fs::create_directories(package / "dist");
  fs::create_directories(prefix / "bin");
  writeFile(package / "package.json", R"({"name":"openclaw","version":"2026.9.6"})", 0644);
  writeFile(package / "dist/index.js", "// entry\n", 0644);
  writeFile(package / "openclaw.mjs", "#!/usr/bin/env node\n", 0755);
  fs::create_symlink("../lib/node_modules/openclaw/openclaw.mjs", prefix / "bin/openclaw");
  return package;
}

void runsEntry(json& plist, const fs::path& entry) { plist["ProgramArguments"][1] = entry.string(); }

TEST(RescueOwnInstall, WarnsOnTheRunbooksSharedInstallAsThePlistsNameIt) {
  // The runbook's plists both run /opt/homebrew/lib/node_modules/openclaw (not on this host).
  FixtureHome home;
  auto r = runCheck(kId, home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.message.find("/opt/homebrew/lib/node_modules/openclaw"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("as the plists name it"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("G10"), std::string::npos);
  EXPECT_TRUE(evidenceMentions(r, "ProgramArguments[1]"));
  EXPECT_NE(r.remediation.find("npm install --prefix"), std::string::npos) << r.remediation;
  EXPECT_NE(r.remediation.find("plutil -replace ProgramArguments.1 -string"), std::string::npos) << r.remediation;
  EXPECT_NE(r.remediation.find(home.path(".openclaw-rescue/openclaw/node_modules/openclaw/dist/index.js").string()),
            std::string::npos)
      << r.remediation;
  expectActionable(r);
}

TEST(RescueOwnInstall, WarnsWhenALinkLeadsBothToOnePackage) {
  // Main runs Homebrew's bin/openclaw link, the rescue the package's entry: one install.
  FixtureHome home;
  const fs::path prefix = home.path("brew");
  const fs::path package = installOpenClaw(prefix);
  home.mainPlist["ProgramArguments"] = json::array({(prefix / "bin/openclaw").string(), "gateway", "--port", "18789"});
  runsEntry(home.rescuePlist, package / "dist/index.js");
  auto r = runCheck(kId, home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.message.find(fs::canonical(package).string()), std::string::npos) << r.message;
  EXPECT_EQ(r.message.find("as the plists name it"), std::string::npos) << "the link was resolved: " << r.message;
  EXPECT_TRUE(evidenceMentions(r, "ProgramArguments[0]"));
  expectActionable(r);
}

TEST(RescueOwnInstall, PassesWhenTheRescueHasItsOwnPinnedInstall) {
  FixtureHome home;
  const fs::path mainPackage = installOpenClaw(home.path("brew"));
  const fs::path rescuePackage = installOpenClaw(home.path(".openclaw-rescue/openclaw"));
  runsEntry(home.mainPlist, mainPackage / "dist/index.js");
  runsEntry(home.rescuePlist, rescuePackage / "dist/index.js");
  auto r = runCheck(kId, home);
  ASSERT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_NE(r.message.find("its own OpenClaw install"), std::string::npos) << r.message;
  EXPECT_TRUE(evidenceMentions(r, fs::canonical(rescuePackage).string()));
  EXPECT_TRUE(evidenceMentions(r, fs::canonical(mainPackage).string()));
  EXPECT_TRUE(r.remediation.empty());
}

TEST(RescueOwnInstall, ALinkIntoMainsInstallIsStillMainsInstall) {
  // A "pinned" rescue path that is only a symlink to main's package shares it.
  FixtureHome home;
  const fs::path mainPackage = installOpenClaw(home.path("brew"));
  fs::create_directories(home.path(".openclaw-rescue/openclaw/node_modules"));
  fs::create_directory_symlink(mainPackage, home.path(".openclaw-rescue/openclaw/node_modules/openclaw"));
  runsEntry(home.mainPlist, mainPackage / "dist/index.js");
  runsEntry(home.rescuePlist, home.path(".openclaw-rescue/openclaw/node_modules/openclaw/dist/index.js"));
  auto r = runCheck(kId, home);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
}

TEST(RescueOwnInstall, SkipsWhenAPlistNamesNoOpenClawPackage) {
  FixtureHome home;
  home.rescuePlist["ProgramArguments"] = json::array({"/usr/local/bin/some-wrapper", "gateway", "--port", "19001"});
  auto r = runCheck(kId, home);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
  EXPECT_NE(r.message.find("rescue plist"), std::string::npos) << r.message;

  FixtureHome other;
  other.writeMainPlist = false;
  r = runCheck(kId, other);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
  EXPECT_NE(r.message.find("main's plist"), std::string::npos) << r.message;
}

TEST(RescueOwnInstall, WrongTypesAreSkippedNotCrashed) {
  FixtureHome home;
  home.rescuePlist["ProgramArguments"] = json::array({42, true, json::object()});
  auto r = runCheck(kId, home);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
  home.rescuePlist["ProgramArguments"] = "not an array";
  r = runCheck(kId, home);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
}

}  // namespace
}  // namespace harness
