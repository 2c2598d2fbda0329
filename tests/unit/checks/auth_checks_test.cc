#include <filesystem>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/checks/check_test_support.h"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kStore = "rescue.auth.store";
constexpr const char* kProviders = "rescue.auth.providers";

// The snapshot as seen with a given OpenClaw release (empty = unknown).
HostSnapshot loadAs(const FixtureHome& home, const std::string& version = {}) {
  auto spec = home.spec();
  spec.openclawVersion = version;
  return loadHostSnapshot(spec, home.environment());
}

fs::path rescueAgentDir(const FixtureHome& home) { return home.path(".openclaw-rescue/agents/rescue/agent"); }
fs::path rescueAuthJson(const FixtureHome& home) { return rescueAgentDir(home) / "auth-profiles.json"; }
fs::path mainAuthJson(const FixtureHome& home) { return home.path(".openclaw/agents/main/agent/auth-profiles.json"); }

void writeSqlite(const FixtureHome& home) {
  writeFile(rescueAgentDir(home) / "openclaw-agent.sqlite", std::string("SQLite format 3\0", 16), 0600);
}

// ------------------------------------------------------------------------------------------
// rescue.auth.store

TEST(RescueAuthStore, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck(kStore, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "auth-profiles.json"));
  EXPECT_EQ(r.requirements, (std::vector<std::string>{"R16", "G4", "R29"}));
  expectNoCanary(r);
}

TEST(RescueAuthStore, PassesWithJsonOnJsonRelease) {
  FixtureHome home;
  home.write();
  auto r = runCheck(kStore, loadAs(home, "2026.3.24"));
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  expectNoCanary(r);
}

TEST(RescueAuthStore, FailsWhenAuthProfilesMissing) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  auto r = runCheck(kStore, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, rescueAuthJson(home).string()));
  EXPECT_NE(r.remediation.find("cp " + mainAuthJson(home).string() + " " + rescueAuthJson(home).string()),
            std::string::npos)
      << r.remediation;
  EXPECT_NE(r.remediation.find("chmod 600 " + rescueAuthJson(home).string()), std::string::npos) << r.remediation;
  expectActionable(r);
}

TEST(RescueAuthStore, FailsWhenOnlySqliteOnJsonRelease) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  home.write();
  writeSqlite(home);
  auto r = runCheck(kStore, loadAs(home, "2026.5.28"));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.remediation.find("cp "), std::string::npos);
  expectActionable(r);
}

TEST(RescueAuthStore, FailsOnInvalidJson) {
  FixtureHome home;
  home.write();
  writeFile(rescueAuthJson(home), "{\"profiles\": {", 0600);
  auto r = runCheck(kStore, loadAs(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.message.find(rescueAuthJson(home).string()), std::string::npos) << r.message;
  EXPECT_TRUE(evidenceMentions(r, rescueAuthJson(home).string()));
  EXPECT_TRUE(evidenceMentions(r, "not valid JSON"));
  expectActionable(r);
}

TEST(RescueAuthStore, FailsOnWrongProfilesType) {
  FixtureHome home;
  home.rescueAuthProfiles["profiles"] = json::array({"anthropic"});
  auto r = runCheck(kStore, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "profiles"));
  EXPECT_TRUE(evidenceMentions(r, "array"));
  expectActionable(r);
}

TEST(RescueAuthStore, FailsOnEmptyProfilesAndNonObjectRoot) {
  FixtureHome home;
  home.rescueAuthProfiles["profiles"] = json::object();
  auto r = runCheck(kStore, home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "empty"));
  expectActionable(r);

  home.rescueAuthProfiles["profiles"] = {{"anthropic:default", "sk-not-an-object"}};
  r = runCheck(kStore, home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "no profile object"));
  expectActionable(r);

  home.rescueAuthProfiles = json::array();
  r = runCheck(kStore, home);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "root"));
  expectActionable(r);
}

TEST(RescueAuthStore, FailsWhenAuthProfilesIsADirectory) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  home.write();
  fs::create_directories(rescueAuthJson(home));
  auto r = runCheck(kStore, loadAs(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "directory"));
  expectActionable(r);
}

TEST(RescueAuthStore, FailsWithJsonOnlyOnSqliteRelease) {
  FixtureHome home;
  home.write();
  auto r = runCheck(kStore, loadAs(home, "2026.9.6"));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.message.find("AUTH_PROFILE_MIGRATION_REQUIRED"), std::string::npos) << r.message;
  EXPECT_NE(r.remediation.find("openclaw --profile rescue doctor --fix"), std::string::npos) << r.remediation;
  expectActionable(r);
}

TEST(RescueAuthStore, PassesWithSqliteOnSqliteRelease) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  home.write();
  writeSqlite(home);
  auto r = runCheck(kStore, loadAs(home, "2026.7.1"));
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "openclaw-agent.sqlite"));
  expectNoCanary(r);
}

TEST(RescueAuthStore, FailsWhenBothMissingOnSqliteRelease) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  home.write();
  auto r = runCheck(kStore, loadAs(home, "2026.9.6"));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.remediation.find("doctor --fix"), std::string::npos);
  EXPECT_NE(r.remediation.find("cp "), std::string::npos);
  expectActionable(r);
}

TEST(RescueAuthStore, UnknownReleaseAcceptsEitherStoreAndSaysWhich) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  home.write();
  writeSqlite(home);
  auto r = runCheck(kStore, loadAs(home));
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_NE(r.message.find("openclaw-agent.sqlite"), std::string::npos) << r.message;

  FixtureHome jsonHome;
  r = runCheck(kStore, jsonHome);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_NE(r.message.find("auth-profiles.json"), std::string::npos) << r.message;
}

TEST(RescueAuthStore, UnknownReleaseFailsWhenBothMissing) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  auto r = runCheck(kStore, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "openclaw-agent.sqlite"));
  EXPECT_TRUE(evidenceMentions(r, "auth-profiles.json"));
  expectActionable(r);
}

// ------------------------------------------------------------------------------------------
// rescue.auth.providers

TEST(RescueAuthProviders, PassesOnGoodFixture) {
  FixtureHome home;
  auto r = runCheck(kProviders, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "anthropic"));
  expectNoCanary(r);
}

TEST(RescueAuthProviders, FailsWhenModelProviderHasNoProfile) {
  FixtureHome home;
  home.rescueConfig["agents"]["defaults"]["model"]["primary"] = "kimi-coding/k2";
  home.mainConfig["agents"]["defaults"]["model"]["primary"] = "kimi-coding/k2";
  auto r = runCheck(kProviders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.message.find("No API key found for provider \"kimi-coding\""), std::string::npos) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "agents.defaults.model.primary"));
  expectActionable(r);
}

TEST(RescueAuthProviders, FailsForAgentModelFallback) {
  FixtureHome home;
  home.rescueConfig["agents"]["list"][0]["model"] = {{"primary", "anthropic/claude-opus-4"},
                                                     {"fallbacks", json::array({"openai/gpt-5"})}};
  auto r = runCheck(kProviders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_NE(r.message.find("openai"), std::string::npos);
  EXPECT_TRUE(evidenceMentions(r, "agents.list[0].model.fallbacks[0]"));
  expectActionable(r);
}

TEST(RescueAuthProviders, ProfileKeyPrefixCountsAsProvider) {
  FixtureHome home;
  home.rescueAuthProfiles["profiles"]["openai:work"] = {{"type", "api_key"}, {"key", kCanaryAnthropicKey}};
  home.mainAuthProfiles = home.rescueAuthProfiles;
  home.rescueConfig["agents"]["defaults"]["model"]["fallbacks"] = json::array({"openai/gpt-5"});
  auto r = runCheck(kProviders, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  expectNoCanary(r);
}

TEST(RescueAuthProviders, ConfigApiKeyCoversProvider) {
  FixtureHome home;
  home.rescueConfig["agents"]["defaults"]["model"]["primary"] = "kimi/k2";
  home.rescueConfig["models"]["providers"]["kimi"] = {{"apiKey", kCanaryAnthropicKey}};
  auto r = runCheck(kProviders, home);
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "models.providers.kimi.apiKey"));
  expectNoCanary(r);
}

TEST(RescueAuthProviders, WarnsWhenMainHasProvidersRescueLacks) {
  FixtureHome home;
  home.mainAuthProfiles["profiles"]["openai:default"] = {
      {"type", "api_key"}, {"provider", "openai"}, {"key", kCanaryAnthropicKey}};
  auto r = runCheck(kProviders, home);
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_NE(r.message.find("openai"), std::string::npos);
  EXPECT_TRUE(evidenceMentions(r, mainAuthJson(home).string()));
  expectActionable(r);
}

TEST(RescueAuthProviders, FailsOnWrongModelType) {
  FixtureHome home;
  home.rescueConfig["agents"]["defaults"]["model"] = 42;
  auto r = runCheck(kProviders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "agents.defaults.model"));
  EXPECT_TRUE(evidenceMentions(r, "number"));
  expectActionable(r);

  home.rescueConfig["agents"]["defaults"]["model"] = {{"primary", "anthropic/x"}, {"fallbacks", "openai/gpt-5"}};
  r = runCheck(kProviders, home);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "agents.defaults.model.fallbacks"));
}

TEST(RescueAuthProviders, SkipsWhenOnlySqlite) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  home.write();
  writeSqlite(home);
  auto r = runCheck(kProviders, loadAs(home, "2026.9.6"));
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
  EXPECT_NE(r.message.find("checked live through the installed CLI"), std::string::npos) << r.message;
}

TEST(RescueAuthProviders, SkipsWhenNoAuthStoreOrNoConfig) {
  FixtureHome home;
  home.writeRescueAuthProfiles = false;
  auto r = runCheck(kProviders, home);
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
  EXPECT_NE(r.message.find("rescue.auth.store"), std::string::npos);

  FixtureHome broken;
  broken.write();
  writeFile(broken.path(".openclaw-rescue/openclaw.json"), "{ not json5 at all", 0600);
  r = runCheck(kProviders, loadAs(broken));
  EXPECT_EQ(r.status, CheckStatus::Skip) << r.message;
  EXPECT_NE(r.message.find("rescue.config.readable"), std::string::npos);
}

}  // namespace
}  // namespace harness
