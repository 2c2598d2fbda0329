// In-process tests of the fake Discord's pure parts: the bots file, path handling, the REST
// router, the control API and the Gateway state machine, with a recording connection in place
// of a socket.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fakes/discord/bot_config.h"
#include "fakes/discord/control_api.h"
#include "fakes/discord/gateway_connection.h"
#include "fakes/discord/gateway_protocol.h"
#include "fakes/discord/http_exchange.h"
#include "fakes/discord/rest_router.h"
#include "fakes/discord/shared_state.h"

namespace fakes::discord {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kMainToken = "MTExMTIyMjIzMzMzNDQ0NDU1.CANARY.main-discord-token-0001";
constexpr const char* kMainId = "111122223333444455";
constexpr const char* kQuietToken = "MzMzMzQ0NDQ1NTU1NjY2Njc3.CANARY.quiet-discord-token-0003";
constexpr const char* kQuietId = "333344445555666677";

std::vector<BotConfig> testBots() {
  return {BotConfig{kMainToken, kMainId, "OpenClaw Main Bot", kMainId, true},
          BotConfig{kQuietToken, kQuietId, "Quiet Bot", "999", false}};
}

class RecordingConnection : public GatewayConnection {
 public:
  void sendText(std::string frame) override { frames.push_back(json::parse(frame)); }
  std::vector<json> frames;
};

class FakeDiscordLogicTest : public ::testing::Test {
 protected:
  FakeDiscordLogicTest()
      : state_(testBots(), ServerSettings{std::chrono::milliseconds(0), std::chrono::milliseconds(1234)},
               [this](const std::string& line) { log_ += line + "\n"; }) {}

  void TearDown() override {
    EXPECT_THAT(log_, Not(HasSubstr("CANARY"))) << "a token reached the log";
  }

  HttpReply rest(const std::string& method, const std::string& target, const std::string& token = kMainToken,
                 const std::string& body = "") {
    return RestRouter(state_).handle(
        HttpExchange{method, target, "127.0.0.1:4242", token.empty() ? "" : "Bot " + token, body});
  }

  std::string log_;
  SharedState state_;
};

TEST(BotConfigTest, ParsesDefaultsAndRejectsBadEntries) {
  auto bots = parseBotsJson(R"({"bots":[{"token":"t1","id":"1","username":"a"},
      {"token":"t2","id":"2","username":"b","applicationId":"20","allowMessageContent":false}]})");
  ASSERT_TRUE(bots) << bots.error().describe();
  ASSERT_EQ(bots->size(), 2u);
  EXPECT_EQ((*bots)[0].applicationId, "1");
  EXPECT_TRUE((*bots)[0].allowMessageContent);
  EXPECT_EQ((*bots)[1].applicationId, "20");
  EXPECT_FALSE((*bots)[1].allowMessageContent);

  EXPECT_FALSE(parseBotsJson("not json"));
  EXPECT_FALSE(parseBotsJson(R"({"bots":{}})"));
  EXPECT_FALSE(parseBotsJson(R"({"bots":[{"id":"1","username":"a"}]})"));
  EXPECT_FALSE(parseBotsJson(R"({"bots":[{"token":"t","id":"1","username":"a"},{"token":"u","id":"1","username":"b"}]})"));
  auto shared = parseBotsJson(R"({"bots":[{"token":"secret-x","id":"1","username":"a"},{"token":"secret-x","id":"2","username":"b"}]})");
  ASSERT_FALSE(shared);
  EXPECT_THAT(shared.error().describe(), Not(HasSubstr("secret-x")));
}

TEST(BotConfigTest, TokensEqualComparesWholeStrings) {
  EXPECT_TRUE(tokensEqual("abc", "abc"));
  EXPECT_FALSE(tokensEqual("abc", "abd"));
  EXPECT_FALSE(tokensEqual("abc", "abcd"));
  EXPECT_FALSE(tokensEqual("", "a"));
}

TEST(HttpExchangeTest, DecodesPathsAndQueries) {
  EXPECT_EQ(percentDecode("/api/users/%40me"), "/api/users/@me");
  EXPECT_EQ(percentDecode("/a%2"), "/a%2");
  EXPECT_EQ(percentDecode("/a%zz+b"), "/a%zz+b");
  EXPECT_EQ(targetPath("/x/y?botId=1"), "/x/y");
  EXPECT_EQ(queryParam("a=1&botId=12%33", "botId"), "123");
  EXPECT_EQ(queryParam("a=1", "botId"), "");
}

TEST_F(FakeDiscordLogicTest, RestRoutesAcceptVersionedUnversionedAndEncodedPaths) {
  for (const char* target : {"/api/v10/users/@me", "/api/users/@me", "/api/users/%40me", "/api/v9/users/@me/"}) {
    auto reply = rest("GET", target);
    EXPECT_EQ(reply.status, 200) << target;
    EXPECT_EQ(json::parse(reply.body)["id"], kMainId) << target;
  }
  EXPECT_EQ(rest("GET", "/api/v10/users/@me", "").status, 401);
  EXPECT_EQ(rest("GET", "/api/v10/users/@me", "wrong").status, 401);
  EXPECT_EQ(rest("GET", "/api/v10/nope").status, 404);
  EXPECT_EQ(rest("GET", "/other").status, 404);
  EXPECT_EQ(rest("DELETE", "/api/v10/users/@me").status, 405);
  const auto requests = state_.requests();
  ASSERT_EQ(requests.size(), 9u);
  EXPECT_EQ(requests[2].path, "/api/users/%40me");
  EXPECT_EQ(requests[4].botId, std::nullopt);
}

TEST_F(FakeDiscordLogicTest, GatewayBotUsesTheRequestOrigin) {
  auto body = json::parse(rest("GET", "/api/v10/gateway/bot").body);
  EXPECT_EQ(body["url"], "ws://127.0.0.1:4242");
  EXPECT_EQ(body["shards"], 1);
  EXPECT_EQ(body["session_start_limit"]["max_concurrency"], 1);
}

TEST_F(FakeDiscordLogicTest, CommandsAreScopedToTheBotsApplication) {
  EXPECT_EQ(rest("GET", "/api/v10/applications/999/commands").status, 403);
  EXPECT_EQ(rest("GET", "/api/v10/applications/999/commands", kQuietToken).status, 200);
  EXPECT_EQ(rest("PUT", "/api/applications/" + std::string(kMainId) + "/commands", kMainToken, "{}").status, 400);
  EXPECT_EQ(rest("POST", "/api/v10/applications/" + std::string(kMainId) + "/commands", kMainToken, "nope").status, 400);
}

TEST_F(FakeDiscordLogicTest, ControlDmWithoutSessionsDeliversNothing) {
  ControlApi api(state_);
  auto reply = api.handle(HttpExchange{"POST", "/_fake/dm", "", "", json{{"botId", kMainId}, {"content", "hi"}}.dump()});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["delivered"], 0);
  EXPECT_EQ(api.handle(HttpExchange{"POST", "/_fake/dm", "", "", R"({"botId":"5","content":"x"})"}).status, 404);
  EXPECT_EQ(api.handle(HttpExchange{"POST", "/_fake/dm", "", "", R"({"content":"x"})"}).status, 400);
  EXPECT_EQ(api.handle(HttpExchange{"GET", "/_fake/nope", "", "", ""}).status, 404);
}

class GatewayProtocolTest : public FakeDiscordLogicTest {
 protected:
  GatewayProtocolTest() : protocol_(state_, connection_, "ws://127.0.0.1:4242") { protocol_.start(); }

  std::optional<GatewayClose> send(const json& payload) { return protocol_.onText(payload.dump()); }

  RecordingConnection connection_;
  GatewayProtocol protocol_;
};

TEST_F(GatewayProtocolTest, HelloThenIdentifyGivesReadyAndCountsTheSession) {
  ASSERT_EQ(connection_.frames.size(), 1u);
  EXPECT_EQ(connection_.frames[0]["op"], 10);
  EXPECT_EQ(connection_.frames[0]["d"]["heartbeat_interval"], 1234);
  EXPECT_FALSE(send({{"op", 1}, {"d", nullptr}}));  // heartbeat before IDENTIFY is fine
  EXPECT_EQ(connection_.frames.back()["op"], 11);
  EXPECT_FALSE(send({{"op", 2}, {"d", {{"token", kMainToken}, {"intents", 46601}}}}));
  const json& ready = connection_.frames.back();
  EXPECT_EQ(ready["t"], "READY");
  EXPECT_EQ(ready["s"], 1);
  EXPECT_EQ(ready["d"]["user"]["id"], kMainId);
  EXPECT_EQ(ready["d"]["resume_gateway_url"], "ws://127.0.0.1:4242");
  EXPECT_EQ(ready["d"]["application"]["flags"], kAppFlagGatewayMessageContent);
  EXPECT_EQ(state_.botCounters()[0].sessions, 1);
  EXPECT_EQ(state_.dispatchToBot(kMainId, "MESSAGE_CREATE", json::object()), 1);
  EXPECT_EQ(connection_.frames.back()["s"], 2);
  EXPECT_FALSE(send({{"op", 3}, {"d", {{"status", "online"}}}}));
  auto again = send({{"op", 2}, {"d", {{"token", kMainToken}, {"intents", 1}}}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->code, 4005);
  protocol_.onClosed();
  EXPECT_EQ(state_.botCounters()[0].sessions, 0);
}

TEST_F(GatewayProtocolTest, RefusalsCloseWithDiscordCodes) {
  EXPECT_EQ(send({{"op", 3}, {"d", json::object()}})->code, 4003);
  EXPECT_EQ(send({{"op", 99}})->code, 4001);
  EXPECT_EQ(protocol_.onText("{oops")->code, 4002);
  EXPECT_EQ(send({{"op", "2"}})->code, 4002);
  EXPECT_EQ(protocol_.onBinary()->code, 4002);
  EXPECT_EQ(send({{"op", 2}, {"d", {{"token", "nope"}, {"intents", 1}}}})->code, 4004);
  EXPECT_EQ(send({{"op", 2}, {"d", {{"token", kMainToken}}}})->code, 4013);
  auto disallowed = send({{"op", 2}, {"d", {{"token", kQuietToken}, {"intents", 46601}}}});
  ASSERT_TRUE(disallowed);
  EXPECT_EQ(disallowed->code, 4014);
  EXPECT_EQ(disallowed->reason, "Disallowed intent(s).");
  EXPECT_FALSE(protocol_.authenticated());
  EXPECT_EQ(state_.botCounters()[1].sessions, 0);
  // Without MESSAGE_CONTENT the same bot may connect.
  EXPECT_FALSE(send({{"op", 2}, {"d", {{"token", kQuietToken}, {"intents", 46601 & ~kIntentMessageContent}}}}));
  EXPECT_EQ(connection_.frames.back()["d"]["application"]["flags"], 0);
  EXPECT_EQ(state_.botCounters()[1].identifies, 2);
}

TEST_F(GatewayProtocolTest, ResumeContinuesTheSequenceOrIsRefused) {
  ASSERT_FALSE(send({{"op", 2}, {"d", {{"token", kMainToken}, {"intents", 46601}}}}));
  const std::string sessionId = connection_.frames.back()["d"]["session_id"];
  protocol_.onClosed();

  RecordingConnection second;
  GatewayProtocol resumed(state_, second, "ws://127.0.0.1:4242");
  resumed.start();
  ASSERT_FALSE(resumed.onText(json{{"op", 6}, {"d", {{"token", kMainToken}, {"session_id", "unknown"}, {"seq", 1}}}}.dump()));
  EXPECT_EQ(second.frames.back()["op"], 9);
  EXPECT_EQ(second.frames.back()["d"], false);
  ASSERT_FALSE(resumed.onText(json{{"op", 6}, {"d", {{"token", kQuietToken}, {"session_id", sessionId}, {"seq", 1}}}}.dump()));
  EXPECT_EQ(second.frames.back()["op"], 9);
  ASSERT_FALSE(resumed.onText(json{{"op", 6}, {"d", {{"token", kMainToken}, {"session_id", sessionId}, {"seq", 1}}}}.dump()));
  EXPECT_EQ(second.frames.back()["t"], "RESUMED");
  EXPECT_EQ(second.frames.back()["s"], 2);
  EXPECT_EQ(state_.botCounters()[0].sessions, 1);
}

}  // namespace
}  // namespace fakes::discord
