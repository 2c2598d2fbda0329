// fake-openclaw-gateway against the fake Discord (both real processes): login, status, the
// ping → pong DM with and without model auth, a bad token, and the session ending on SIGTERM.

#include <csignal>

#include "fakes/discord/fake_discord_process.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/wait.h"
#include "tests/fakes/gateway/gateway_test_support.h"

namespace fakes::gateway::testing {
namespace {

namespace fs = std::filesystem;
using fakes::discord::FakeDiscordProcess;
using nlohmann::json;

constexpr const char* kBotId = "222233334444555566";
constexpr const char* kBotName = "OpenClaw Rescue Bot";
// A bot whose portal setting refuses the MESSAGE_CONTENT intent (→ close 4014).
constexpr const char* kNoIntentsBotId = "333344445555666677";
constexpr const char* kNoIntentsToken = "MzMzMzQ0NDQ1NTU1NjY2Nzc3.CANARY.no-intents-token-0009";

class FakeGatewayDiscordTest : public GatewayTestBase {
 protected:
  void SetUp() override {
    const fs::path bots = home_.path("fake-discord/bots.json");
    harness::testing::writeFile(
        bots, json{{"bots", json::array({{{"token", harness::testing::kCanaryRescueDiscordToken},
                                          {"id", kBotId},
                                          {"username", kBotName},
                                          {"allowMessageContent", true}},
                                         {{"token", kNoIntentsToken},
                                          {"id", kNoIntentsBotId},
                                          {"username", "No Intents Bot"},
                                          {"allowMessageContent", false}}})}}
                  .dump());
    auto discord = FakeDiscordProcess::start(FAKE_DISCORD_BIN, bots, home_.path("fake-discord/discord.log"));
    ASSERT_TRUE(discord) << discord.error().describe();
    discord_ = std::move(*discord);
  }

  std::map<std::string, std::string> discordEnv() const { return {{"DISCORD_API_URL", discord_->apiUrl()}}; }

  int sessions(const std::string& botId = kBotId) {
    auto bots = discord_->client().bots();
    if (!bots) return -1;
    for (const auto& b : *bots) {
      if (b.id == botId) return b.sessions;
    }
    return -1;
  }

  int identifies(const std::string& botId) {
    auto bots = discord_->client().bots();
    if (!bots) return -1;
    for (const auto& b : *bots) {
      if (b.id == botId) return b.identifies;
    }
    return -1;
  }

  std::vector<fakes::discord::PostedMessage> posted() {
    auto messages = discord_->client().messages(kBotId);
    return messages ? *messages : std::vector<fakes::discord::PostedMessage>{};
  }

  std::unique_ptr<FakeDiscordProcess> discord_;
};

TEST_F(FakeGatewayDiscordTest, LogsInAnswersPingAndEndsTheSessionOnSigterm) {
  home_.write();
  const auto log = newLogFile();
  auto gateway = startListening(log, {}, discordEnv());
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(waitForLog(log, std::string("[discord] logged in to discord as ") + kBotId + " (" + kBotName + ")"));
  EXPECT_TRUE(waitForLog(log, std::string("[discord] [default] starting provider (@") + kBotName + ")"));

  auto [status, fake] = getJson(port_, "/__fake/status");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(fake["discord"]["connected"], true) << fake;
  EXPECT_EQ(fake["discord"]["bot"], json({{"id", kBotId}, {"username", kBotName}})) << fake;
  EXPECT_TRUE(harness::testing::waitForValue<int>("READY sessions of the bot", [&] { return sessions(); }, 1));

  // Not "ping": no answer. Then "ping": exactly one "pong" in the DM channel.
  auto hello = discord_->client().sendDm(kBotId, "hello");
  ASSERT_TRUE(hello) << hello.error().describe();
  EXPECT_EQ(hello->delivered, 1);
  auto ping = discord_->client().sendDm(kBotId, "ping");
  ASSERT_TRUE(ping) << ping.error().describe();
  EXPECT_EQ(ping->delivered, 1);
  ASSERT_TRUE(harness::testing::waitFor("pong posted", [&] { return !posted().empty(); })) << readLog(log);
  auto messages = posted();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].content, "pong");
  EXPECT_EQ(messages[0].channelId, ping->channelId);

  EXPECT_EQ(getJson(port_, "/readyz").first, 200);

  gateway->signal(SIGTERM);
  auto exit = gateway->waitForExit(harness::testing::actionTimeout());
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->exitCode, 0) << readLog(log);
  EXPECT_TRUE(harness::testing::waitForValue<int>("sessions after SIGTERM", [&] { return sessions(); }, 0));
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayDiscordTest, WithoutAuthProfilesLogsNoApiKeyAndPostsNothing) {
  home_.writeRescueAuthProfiles = false;
  home_.write();
  const auto log = newLogFile();
  auto gateway = startListening(log, {}, discordEnv());
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(waitForLog(log, "[discord] logged in to discord as"));
  auto ping = discord_->client().sendDm(kBotId, "ping");
  ASSERT_TRUE(ping) << ping.error().describe();
  EXPECT_EQ(ping->delivered, 1);
  EXPECT_TRUE(waitForLog(log, "[agent/embedded] No API key found for provider \"anthropic\". Auth store: " +
                                  (stateDir() / "agents/rescue/agent/auth-profiles.json").string()));
  EXPECT_TRUE(posted().empty());

  // Copying the auth store while it runs is enough for the next ping.
  home_.writeRescueAuthProfiles = true;
  home_.write();
  ASSERT_TRUE(discord_->client().sendDm(kBotId, "ping"));
  EXPECT_TRUE(harness::testing::waitFor("pong after auth copied", [&] { return posted().size() == 1; }));
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayDiscordTest, UnknownTokenIsFatalAndReadinessFailsOnDiscord) {
  home_.rescueConfig["channels"]["discord"]["token"] = harness::testing::kCanaryMainDiscordToken;  // unknown to the fake
  home_.write();
  const auto log = newLogFile();
  auto gateway = startListening(log, {}, discordEnv());
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(waitForLog(log, "[discord] gateway closed: 4004 Authentication failed."));
  ASSERT_TRUE(harness::testing::waitFor("readyz 503", [&] { return getJson(port_, "/readyz").first == 503; }));
  auto [status, ready] = getJson(port_, "/readyz");
  EXPECT_EQ(ready["ready"], false);
  EXPECT_EQ(ready["failing"], json::array({"discord"}));
  EXPECT_EQ(getJson(port_, "/healthz").first, 200);  // alive, just not ready

  auto [s2, fake] = getJson(port_, "/__fake/status");
  EXPECT_EQ(fake["discord"]["connected"], false);
  EXPECT_NE(fake["discord"]["lastError"].get<std::string>().find("4004"), std::string::npos) << fake;
  EXPECT_EQ(sessions(), 0);
  EXPECT_TRUE(gateway->running());
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayDiscordTest, DisallowedIntentIsFatal) {
  home_.rescueConfig["channels"]["discord"]["token"] = kNoIntentsToken;
  home_.write();
  const auto log = newLogFile();
  auto gateway = startListening(log, {}, discordEnv());
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(waitForLog(log, "[discord] gateway closed: 4014 Disallowed intent(s)."));
  ASSERT_TRUE(harness::testing::waitFor("readyz 503", [&] { return getJson(port_, "/readyz").first == 503; }));
  EXPECT_EQ(getJson(port_, "/readyz").second["failing"], json::array({"discord"}));
  EXPECT_EQ(identifies(kNoIntentsBotId), 1);  // gave up: no reconnect loop
  EXPECT_EQ(sessions(kNoIntentsBotId), 0);
  EXPECT_EQ(readLog(log).find("reconnecting"), std::string::npos);
  EXPECT_EQ(readLog(log).find(kNoIntentsToken), std::string::npos);  // compared, never printed
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayDiscordTest, DiscordDisabledOrWithoutTokenStaysReady) {
  home_.rescueConfig["channels"]["discord"].erase("token");
  home_.write();
  const auto log = newLogFile();
  auto gateway = startListening(log, {}, discordEnv());
  ASSERT_TRUE(gateway);
  EXPECT_TRUE(waitForLog(log, "[discord] channels.discord.token is not set; Discord disabled"));
  EXPECT_EQ(getJson(port_, "/readyz").first, 200);
  EXPECT_EQ(sessions(), 0);
}

TEST_F(FakeGatewayDiscordTest, ReconnectsWhenTheFakeDiscordComesBack) {
  home_.write();
  const auto log = newLogFile();
  auto gateway = startListening(log, {}, discordEnv());
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(waitForLog(log, "[discord] logged in to discord as"));
  const uint16_t discordPort = discord_->port();
  const fs::path bots = home_.path("fake-discord/bots.json");
  discord_.reset();  // the fake Discord dies: the gateway must notice and retry
  ASSERT_TRUE(waitForLog(log, "reconnecting in"));

  fakes::discord::FakeDiscordProcessOptions options;
  options.port = discordPort;
  auto again = FakeDiscordProcess::start(FAKE_DISCORD_BIN, bots, home_.path("fake-discord/discord2.log"), options);
  ASSERT_TRUE(again) << again.error().describe();
  discord_ = std::move(*again);
  EXPECT_TRUE(harness::testing::waitForValue<int>("session after reconnect", [&] { return sessions(); }, 1,
                                                  harness::testing::actionMaxTimeout()))
      << readLog(log);
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayDiscordTest, RetriesUntilTheFakeDiscordIsUp) {
  home_.write();
  const auto env = discordEnv();
  const uint16_t discordPort = discord_->port();
  discord_.reset();  // nothing listens on DISCORD_API_URL yet

  const auto log = newLogFile();
  auto gateway = startListening(log, {}, env);
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(waitForLog(log, "[discord] [default] Discord API unreachable"));
  EXPECT_EQ(getJson(port_, "/readyz").first, 200);  // not fatal: it keeps trying

  fakes::discord::FakeDiscordProcessOptions options;
  options.port = discordPort;
  auto discord = FakeDiscordProcess::start(FAKE_DISCORD_BIN, home_.path("fake-discord/bots.json"),
                                           home_.path("fake-discord/discord-late.log"), options);
  ASSERT_TRUE(discord) << discord.error().describe();
  discord_ = std::move(*discord);
  EXPECT_TRUE(waitForLog(log, std::string("[discord] logged in to discord as ") + kBotId));
  EXPECT_TRUE(harness::testing::waitForValue<int>("session once Discord is up", [&] { return sessions(); }, 1));
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

}  // namespace
}  // namespace fakes::gateway::testing
