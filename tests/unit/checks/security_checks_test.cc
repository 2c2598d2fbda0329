#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/checks/check_test_support.h"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kOwnerOnly = "rescue.security.discord-owner-only";
constexpr const char* kPlaceholders = "security.placeholder-secrets";
constexpr const char* kPermissions = "security.file-permissions";
constexpr const char* kExposure = "security.gateway-exposure";

// The evidence entry with this key, or nullptr.
const Evidence* evidenceFor(const CheckResult& r, const std::string& key) {
  for (const auto& e : r.evidence) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

fs::path rescueConfigPath(const FixtureHome& home) { return home.path(".openclaw-rescue/openclaw.json"); }
fs::path mainConfigPath(const FixtureHome& home) { return home.path(".openclaw/openclaw.json"); }

// ------------------------------------------------------------------------------------------
// rescue.security.discord-owner-only

TEST(DiscordOwnerOnly, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck(kOwnerOnly, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "channels.discord.dmPolicy"));
  expectNoCanary(r);
}

TEST(DiscordOwnerOnly, PassesWithDefaultPairingAndAllowlistedGuild) {
  FixtureHome home;
  auto& discord = home.rescueConfig["channels"]["discord"];
  discord.erase("dmPolicy");
  discord.erase("allowFrom");
  discord.erase("groupPolicy");
  discord["guilds"] = {{"998877", {{"users", json::array({"123456789012345678"})}}}};
  auto r = runCheck(kOwnerOnly, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
}

TEST(DiscordOwnerOnly, FailsOnOpenDmPolicy) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["dmPolicy"] = "open";
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  ASSERT_NE(evidenceFor(r, "channels.discord.dmPolicy"), nullptr);
  EXPECT_EQ(evidenceFor(r, "channels.discord.dmPolicy")->file, rescueConfigPath(home).string());
  EXPECT_NE(r.remediation.find("openclaw --profile rescue config set channels.discord.dmPolicy"), std::string::npos);
  expectActionable(r);
}

TEST(DiscordOwnerOnly, FailsOnStarSender) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["allowFrom"] = json::array({"123", "*"});
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.allowFrom"), nullptr);
  expectActionable(r);
}

TEST(DiscordOwnerOnly, FailsOnAllowlistWithoutIds) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["allowFrom"] = json::array();
  auto r = runCheck(kOwnerOnly, home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.allowFrom"), nullptr);
  expectActionable(r);
  home.rescueConfig["channels"]["discord"].erase("allowFrom");
  r = runCheck(kOwnerOnly, home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  expectActionable(r);
}

TEST(DiscordOwnerOnly, FailsOnOpenGroupPolicy) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["groupPolicy"] = "open";
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.groupPolicy"), nullptr);
  EXPECT_NE(r.remediation.find("channels.discord.groupPolicy '\"disabled\"'"), std::string::npos) << r.remediation;
  expectActionable(r);
}

TEST(DiscordOwnerOnly, WarnsOnAllowlistedGuildsWithoutUsersOrRoles) {
  FixtureHome home;
  auto& discord = home.rescueConfig["channels"]["discord"];
  discord.erase("groupPolicy");  // default allowlist, no guilds
  auto r = runCheck(kOwnerOnly, home);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.guilds"), nullptr);
  expectActionable(r);

  discord["groupPolicy"] = "allowlist";
  discord["guilds"] = {{"998877", {{"channels", {{"general", {{"allow", true}}}}}}}};
  r = runCheck(kOwnerOnly, home);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.guilds.998877"), nullptr);
  expectActionable(r);
}

TEST(DiscordOwnerOnly, WarnsWithoutCommandOwner) {
  FixtureHome home;
  home.rescueConfig.erase("commands");
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(evidenceFor(r, "commands.ownerAllowFrom"), nullptr);
  EXPECT_NE(r.remediation.find("commands.ownerAllowFrom"), std::string::npos);
  expectActionable(r);
}

TEST(DiscordOwnerOnly, WorstStatusWinsAndEveryProblemIsListed) {
  FixtureHome home;
  home.rescueConfig.erase("commands");
  home.rescueConfig["channels"]["discord"]["groupPolicy"] = "open";
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "commands.ownerAllowFrom"), nullptr);
  EXPECT_NE(evidenceFor(r, "channels.discord.groupPolicy"), nullptr);
  expectActionable(r);
}

TEST(DiscordOwnerOnly, ReadsLegacyDmKeys) {
  FixtureHome home;
  auto& discord = home.rescueConfig["channels"]["discord"];
  discord.erase("dmPolicy");
  discord.erase("allowFrom");
  discord["dm"] = {{"policy", "open"}, {"allowFrom", json::array({"*"})}};
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.dm.policy"), nullptr);
  EXPECT_NE(evidenceFor(r, "channels.discord.dm.allowFrom"), nullptr);
  expectActionable(r);
}

TEST(DiscordOwnerOnly, ChecksAccountOverrides) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["accounts"] = {{"ops", {{"token", kCanaryRescueDiscordToken}}},
                                                          {"alt", {{"dmPolicy", "open"}}}};
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.accounts.alt.dmPolicy"), nullptr);
  EXPECT_EQ(r.evidence.size(), 1u) << "inherited settings are not reported twice";
  expectActionable(r);

  home.rescueConfig["channels"]["discord"]["accounts"] = {{"ops", {{"token", kCanaryRescueDiscordToken}}}};
  r = runCheck(kOwnerOnly, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  expectNoCanary(r);
}

TEST(DiscordOwnerOnly, FailsOnWrongTypes) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["dmPolicy"] = 3;
  home.rescueConfig["channels"]["discord"]["allowFrom"] = "123456789012345678";
  auto r = runCheck(kOwnerOnly, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.dmPolicy"), nullptr);
  EXPECT_NE(evidenceFor(r, "channels.discord.allowFrom"), nullptr);
  expectActionable(r);

  FixtureHome accounts;
  accounts.rescueConfig["channels"]["discord"]["accounts"] = json::array({"ops"});
  r = runCheck(kOwnerOnly, accounts);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.accounts"), nullptr);
  expectActionable(r);

  FixtureHome discord;
  discord.rescueConfig["channels"]["discord"] = "on";
  r = runCheck(kOwnerOnly, discord);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  expectActionable(r);
}

TEST(DiscordOwnerOnly, SkipsWithoutConfigOrDiscord) {
  FixtureHome home;
  home.write();
  writeFile(rescueConfigPath(home), "[1,", 0600);
  auto r = runCheck(kOwnerOnly, load(home));
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;

  FixtureHome noDiscord;
  noDiscord.rescueConfig["channels"].erase("discord");
  r = runCheck(kOwnerOnly, noDiscord);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
}

// ------------------------------------------------------------------------------------------
// security.placeholder-secrets

TEST(PlaceholderSecrets, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck(kPlaceholders, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  expectNoCanary(r);
}

TEST(PlaceholderSecrets, FailsOnRunbookPlaceholdersWithoutPrintingThem) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["token"] = "YOUR_RESCUE_BOT_TOKEN";
  home.rescueConfig["gateway"]["auth"]["token"] = "YOUR_RESCUE_GATEWAY_TOKEN";
  home.mainConfig["gateway"]["auth"]["token"] = "";
  auto r = runCheck(kPlaceholders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  const Evidence* discord = evidenceFor(r, "channels.discord.token");
  ASSERT_NE(discord, nullptr);
  EXPECT_EQ(discord->file, rescueConfigPath(home).string());
  EXPECT_NE(discord->detail.find("rescue"), std::string::npos);
  EXPECT_TRUE(evidenceMentions(r, mainConfigPath(home).string()));
  for (const auto& e : r.evidence) {
    EXPECT_EQ(e.detail.find("YOUR_"), std::string::npos) << e.detail;
  }
  EXPECT_EQ(r.message.find("YOUR_"), std::string::npos);
  expectActionable(r);
}

TEST(PlaceholderSecrets, FailsOnNestedSecretKeysAndUnresolvedVariables) {
  FixtureHome home;
  home.rescueConfig["models"]["providers"]["anthropic"]["apiKey"] = "changeme";
  home.mainConfig["channels"]["discord"]["token"] = "${MAIN_DISCORD_TOKEN_UNSET}";
  auto r = runCheck(kPlaceholders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "models.providers.anthropic.apiKey"), nullptr);
  ASSERT_NE(evidenceFor(r, "channels.discord.token"), nullptr);
  EXPECT_NE(evidenceFor(r, "channels.discord.token")->detail.find("environment variable"), std::string::npos);
  expectActionable(r);
}

TEST(PlaceholderSecrets, FailsOnMissingRescueBotTokenAndGatewayToken) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"].erase("token");
  home.mainConfig["gateway"]["auth"].erase("token");
  auto r = runCheck(kPlaceholders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  ASSERT_NE(evidenceFor(r, "channels.discord.token"), nullptr);
  ASSERT_NE(evidenceFor(r, "gateway.auth.token"), nullptr);
  EXPECT_EQ(evidenceFor(r, "gateway.auth.token")->file, mainConfigPath(home).string());
  expectActionable(r);
}

TEST(PlaceholderSecrets, AcceptsSecretRefsAndAccountTokens) {
  FixtureHome home;
  home.rescueConfig["gateway"]["auth"]["token"] = {{"source", "env"}, {"provider", "default"}, {"id", "GW_TOKEN"}};
  home.rescueConfig["channels"]["discord"].erase("token");
  home.rescueConfig["channels"]["discord"]["accounts"] = {{"ops", {{"token", kCanaryRescueDiscordToken}}}};
  auto r = runCheck(kPlaceholders, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  expectNoCanary(r);
}

TEST(PlaceholderSecrets, FailsOnWrongTypeAndPlistPlaceholder) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["token"] = 12345;
  auto r = runCheck(kPlaceholders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "channels.discord.token"), nullptr);
  expectActionable(r);

  FixtureHome plist;
  plist.rescuePlist["EnvironmentVariables"]["OPENCLAW_GATEWAY_TOKEN"] = "YOUR_TOKEN";
  r = runCheck(kPlaceholders, plist);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "EnvironmentVariables.OPENCLAW_GATEWAY_TOKEN"), nullptr);
  expectActionable(r);
}

TEST(PlaceholderSecrets, SkipsOnlyWhenNoConfigIsReadable) {
  FixtureHome home;
  home.write();
  writeFile(mainConfigPath(home), "{", 0600);
  auto r = runCheck(kPlaceholders, load(home));
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "main.config.readable"));
  writeFile(rescueConfigPath(home), "{", 0600);
  r = runCheck(kPlaceholders, load(home));
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
}

// ------------------------------------------------------------------------------------------
// security.file-permissions

// Points both plists at a program inside the fixture home, so the check can stat it here too.
fs::path useLocalProgram(FixtureHome& home) {
  const fs::path program = home.path("bin/node");
  home.mainPlist["ProgramArguments"][0] = program.string();
  home.rescuePlist["ProgramArguments"][0] = program.string();
  home.write();
  writeFile(program, "#!/bin/sh\n", 0755);
  ::chmod(program.parent_path().c_str(), 0755);
  return program;
}

TEST(FilePermissions, PassesOnGoodFixture) {
  FixtureHome home;
  useLocalProgram(home);
  auto r = runCheck(kPermissions, load(home));
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message << (r.evidence.empty() ? "" : " " + r.evidence[0].detail);
  expectNoCanary(r);
}

TEST(FilePermissions, WarnsWhenTheProgramIsMissingOrNotAbsolute) {
  FixtureHome home;
  useLocalProgram(home);
  home.rescuePlist["ProgramArguments"][0] = home.path("no/such/node").string();
  home.write();
  auto r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(evidenceFor(r, "ProgramArguments[0]"), nullptr);
  expectActionable(r);

  home.rescuePlist["ProgramArguments"][0] = "node";
  home.write();
  r = runCheck(kPermissions, load(home));
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  expectActionable(r);

  home.rescuePlist["Program"] = 5;
  home.write();
  r = runCheck(kPermissions, load(home));
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(evidenceFor(r, "Program"), nullptr);
}

TEST(FilePermissions, FailsOnReadableSecretFilesWithTheirModes) {
  FixtureHome home;
  useLocalProgram(home);
  const fs::path authJson = home.path(".openclaw-rescue/agents/rescue/agent/auth-profiles.json");
  const fs::path wal = home.path(".openclaw/agents/main/agent/openclaw-agent.sqlite-wal");
  const fs::path envFile = home.path(".openclaw-rescue/service-env/ai.openclaw.rescue.env");
  writeFile(home.path(".openclaw/agents/main/agent/openclaw-agent.sqlite"), "SQLite", 0600);
  writeFile(wal, "wal", 0644);
  writeFile(envFile, "export A='b'\n", 0644);
  ::chmod(rescueConfigPath(home).c_str(), 0644);
  ::chmod(authJson.c_str(), 0640);
  auto r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "mode 0644"));
  EXPECT_TRUE(evidenceMentions(r, "mode 0640"));
  for (const auto& p : {rescueConfigPath(home), authJson, wal, envFile}) {
    EXPECT_TRUE(evidenceMentions(r, p.string())) << p;
    EXPECT_NE(r.remediation.find(p.string()), std::string::npos) << p;
  }
  EXPECT_EQ(r.remediation.rfind("chmod 600 ", 0), 0u) << r.remediation;
  expectActionable(r);
}

TEST(FilePermissions, IncludesTheLegacyRescueConfig) {
  FixtureHome home;
  useLocalProgram(home);
  writeFile(home.path(".openclaw/openclaw-rescue.json"), "{}", 0644);
  auto r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_EQ(r.message.rfind("1 permission problem", 0), 0u) << r.message;
  EXPECT_NE(r.remediation.find("chmod 600 " + home.path(".openclaw/openclaw-rescue.json").string()), std::string::npos);
  expectActionable(r);
}

TEST(FilePermissions, FailsOnOpenStateDirAndWritablePlists) {
  FixtureHome home;
  useLocalProgram(home);
  ::chmod(home.path(".openclaw-rescue").c_str(), 0755);
  ::chmod(home.path("Library/LaunchAgents/ai.openclaw.gateway.rescue.plist").c_str(), 0664);
  ::chmod(home.path("Library/LaunchAgents").c_str(), 0777);
  auto r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.remediation.find("chmod 700 " + home.path(".openclaw-rescue").string()), std::string::npos)
      << r.remediation;
  EXPECT_NE(r.remediation.find("chmod go-w"), std::string::npos);
  EXPECT_NE(r.remediation.find(home.path("Library/LaunchAgents").string()), std::string::npos);
  EXPECT_TRUE(evidenceMentions(r, "mode 0664"));
  expectActionable(r);
}

TEST(FilePermissions, FailsWhenTheProgramDirectoryIsWorldWritable) {
  FixtureHome home;
  const fs::path program = useLocalProgram(home);
  ::chmod(program.parent_path().c_str(), 0777);
  auto r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, program.parent_path().string()));
  EXPECT_NE(r.remediation.find("chmod go-w " + program.parent_path().string()), std::string::npos) << r.remediation;
  expectActionable(r);
}

TEST(FilePermissions, FailsOnForeignOwner) {
  FixtureHome home;
  useLocalProgram(home);
  auto snap = load(home);
  snap.currentUser = 4242;
  auto r = runCheck(kPermissions, snap);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "expected uid 4242"));
  EXPECT_TRUE(evidenceMentions(r, rescueConfigPath(home).string()));
  EXPECT_NE(r.remediation.find("chown"), std::string::npos);
  expectActionable(r);
}

TEST(FilePermissions, JudgesTheTargetOfASymlinkedConfig) {
  FixtureHome home;
  useLocalProgram(home);
  const fs::path real = home.path("private/rescue-openclaw.json");
  writeFile(real, readFile(rescueConfigPath(home)), 0600);
  fs::remove(rescueConfigPath(home));
  fs::create_symlink(real, rescueConfigPath(home));
  auto r = runCheck(kPermissions, load(home));
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "symlink to " + real.string()));

  ::chmod(real.c_str(), 0644);
  r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "mode 0644"));
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// security.gateway-exposure

TEST(GatewayExposure, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck(kExposure, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "gateway.bind"));
  expectNoCanary(r);
}

TEST(GatewayExposure, FailsOnLanBindNamingTheInstance) {
  FixtureHome home;
  home.rescueConfig["gateway"]["bind"] = "lan";
  auto r = runCheck(kExposure, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  const Evidence* e = evidenceFor(r, "gateway.bind");
  ASSERT_NE(e, nullptr);
  bool rescueNamed = false;
  for (const auto& ev : r.evidence) {
    if (ev.key == "gateway.bind" && ev.file == rescueConfigPath(home).string() &&
        ev.detail.find("\"lan\"") != std::string::npos) {
      rescueNamed = true;
    }
  }
  EXPECT_TRUE(rescueNamed);
  EXPECT_NE(r.remediation.find("openclaw --profile rescue config set gateway.bind"), std::string::npos);
  expectActionable(r);
}

TEST(GatewayExposure, WarnsOnUnsetBind) {
  FixtureHome home;
  home.mainConfig["gateway"].erase("bind");
  auto r = runCheck(kExposure, home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.remediation.find("openclaw config set gateway.bind"), std::string::npos) << r.remediation;
  expectActionable(r);
}

TEST(GatewayExposure, FailsWithoutAuth) {
  FixtureHome home;
  home.rescueConfig["gateway"]["auth"] = {{"mode", "none"}};
  auto r = runCheck(kExposure, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "gateway.auth.mode"), nullptr);
  expectActionable(r);

  home.rescueConfig["gateway"].erase("auth");
  r = runCheck(kExposure, home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  expectActionable(r);
}

TEST(GatewayExposure, WarnsWhenModeIsInferredFromAToken) {
  FixtureHome home;
  home.rescueConfig["gateway"]["auth"].erase("mode");
  auto r = runCheck(kExposure, home);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  expectActionable(r);
}

TEST(GatewayExposure, FailsOnTokenModeWithoutUsableToken) {
  FixtureHome home;
  home.rescueConfig["gateway"]["auth"]["token"] = "YOUR_RESCUE_GATEWAY_TOKEN";
  auto r = runCheck(kExposure, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "gateway.auth.token"), nullptr);
  EXPECT_NE(r.remediation.find("openssl rand"), std::string::npos);
  expectActionable(r);
}

TEST(GatewayExposure, AcceptsPasswordAuth) {
  FixtureHome home;
  home.rescueConfig["gateway"]["auth"] = {{"mode", "password"}, {"password", kCanaryRescueGatewayToken}};
  auto r = runCheck(kExposure, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  expectNoCanary(r);
}

TEST(GatewayExposure, FailsOnWrongTypesNamingTheKey) {
  FixtureHome home;
  home.rescueConfig["gateway"]["bind"] = 1;
  home.mainConfig["gateway"]["auth"] = "token";
  auto r = runCheck(kExposure, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(evidenceFor(r, "gateway.bind"), nullptr);
  ASSERT_NE(evidenceFor(r, "gateway.auth"), nullptr);
  EXPECT_EQ(evidenceFor(r, "gateway.auth")->file, mainConfigPath(home).string());
  expectActionable(r);
}

TEST(GatewayExposure, SkipsWhenNoConfigIsReadable) {
  FixtureHome home;
  home.write();
  writeFile(mainConfigPath(home), "", 0600);
  writeFile(rescueConfigPath(home), "", 0600);
  auto r = runCheck(kExposure, load(home));
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

using namespace harness::testing;
using nlohmann::json;

// Every check of the four areas on hostile inputs: wrong types everywhere, an empty home.
// A check that throws would end a run as an "internal error"; here it fails the test.
TEST(AuthLaunchAgentLegacySecurityChecks, SurviveHostileInputs) {
  const char* ids[] = {"rescue.auth.store", "rescue.auth.providers", "rescue.plist.readable", "rescue.plist.label",
                       "rescue.plist.arguments", "rescue.plist.environment", "rescue.plist.keepalive",
                       "rescue.plist.logs", "rescue.official-service-absent", "main.plist.readable",
                       "main.plist.not-rescue", "legacy.rescue-config", "legacy.rescue-workspace",
                       "legacy.launchctl-load", kOwnerOnly, kPlaceholders, kPermissions, kExposure};
  FixtureHome home;
  for (json* config : {&home.rescueConfig, &home.mainConfig}) {
    *config = {{"agents", {{"defaults", {{"model", json::array({1})}, {"workspace", json::object()}}},
                           {"list", json::array({5, {{"id", 3}, {"model", {{"fallbacks", 2}}}}})}}},
               {"channels", {{"discord", {{"accounts", {{"a", 5}, {"b", {{"guilds", "x"}}}}}, {"guilds", json::array({1})},
                                          {"dm", "x"}, {"token", json::array()}, {"groupPolicy", "allowlist"}}}}},
               {"gateway", {{"bind", json::object()}, {"auth", {{"mode", 1}, {"token", json::array()}}}}},
               {"commands", "x"},
               {"models", {{"providers", json::array()}}}};
  }
  home.rescuePlist = {{"Label", json::array()}, {"ProgramArguments", {{"a", 1}}}, {"Program", json::array()},
                      {"EnvironmentVariables", json::array({1})}, {"KeepAlive", 0}, {"StandardOutPath", json::object()},
                      {"Disabled", json::object()}};
  home.mainPlist = {{"ProgramArguments", json::array()}, {"EnvironmentVariables", {{"OPENCLAW_STATE_DIR", 1}}}};
  home.rescueAuthProfiles = {{"profiles", {{"x", 5}, {"", json::object()}}}};
  home.mainAuthProfiles = json::array();
  for (const char* id : ids) {
    EXPECT_NO_THROW({
      auto r = runCheck(id, home);
      EXPECT_FALSE(r.message.empty()) << id;
      if (r.status == CheckStatus::Fail || r.status == CheckStatus::Warn) {
        EXPECT_FALSE(r.remediation.empty()) << id;
      }
    }) << id;
  }

  ScopedTempDir empty;
  auto snap = loadHostSnapshot(defaultRescueSpec(empty.path()), {{"HOME", empty.path().string()}});
  for (const char* id : ids) {
    EXPECT_NO_THROW({
      auto r = runCheck(id, snap);
      EXPECT_FALSE(r.message.empty()) << id;
      if (r.status == CheckStatus::Fail || r.status == CheckStatus::Warn) {
        EXPECT_FALSE(r.remediation.empty()) << id;
      }
    }) << id;
  }
}

}  // namespace
}  // namespace harness
