// Process-level tests: the real `fake-discord` binary, started through FakeDiscordProcess,
// driven over REST (cpp-httplib), the Gateway (GatewayTestClient) and the control API
// (FakeDiscordClient). Every test checks at teardown that no token reached the fake's log.
#include <signal.h>

#include <future>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "fakes/discord/fake_discord_client.h"
#include "fakes/discord/fake_discord_process.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"
#include "tests/fakes/discord/gateway_test_client.h"

namespace fakes::discord::testing {
namespace {

namespace fs = std::filesystem;
using harness::testing::readFile;
using harness::testing::ScopedTempDir;
using harness::testing::waitFor;
using harness::testing::writeFile;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// The fixtures' token shape: base64(bot id) . marker . secret part.
constexpr const char* kMainToken = "MTExMTIyMjIzMzMzNDQ0NDU1.CANARY.main-discord-token-0001";
constexpr const char* kMainId = "111122223333444455";
constexpr const char* kRescueToken = "MjIyMjMzMzM0NDQ0NTU1NTY2.CANARY.rescue-discord-token-0002";
constexpr const char* kRescueId = "222233334444555566";
constexpr const char* kQuietToken = "MzMzMzQ0NDQ1NTU1NjY2Njc3.CANARY.quiet-discord-token-0003";
constexpr const char* kQuietId = "333344445555666677";
constexpr const char* kUnknownToken = "OTk5OTk5OTk5OTk5OTk5OTk5.CANARY.unknown-token-9999";

constexpr int64_t kOpenClawIntents = 46601;  // includes MESSAGE_CONTENT (1 << 15)

std::string botsJson() {
  return json{{"bots",
               {{{"token", kMainToken}, {"id", kMainId}, {"username", "OpenClaw Main Bot"}},
                {{"token", kRescueToken}, {"id", kRescueId}, {"username", "OpenClaw Rescue Bot"},
                 {"applicationId", "222233334444000000"}},
                {{"token", kQuietToken}, {"id", kQuietId}, {"username", "Quiet Bot"},
                 {"allowMessageContent", false}}}}}
      .dump(2);
}

class FakeDiscordProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    botsFile_ = dir_.path() / "bots.json";
    writeFile(botsFile_, botsJson());
    startFake({});
  }

  void startFake(FakeDiscordOptions options) {
    discord_.reset();
    logFile_ = dir_.path() / ("fake-discord-" + std::to_string(++starts_) + ".log");
    auto started = FakeDiscordProcess::start(FAKE_DISCORD_BIN, botsFile_, logFile_, options);
    ASSERT_TRUE(started) << started.error().describe();
    discord_ = std::move(*started);
  }

  void TearDown() override {
    // Tokens are compared, never logged: not the whole token, not its secret part.
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      if (entry.path().extension() != ".log") continue;
      const std::string log = readFile(entry.path());
      for (const char* token : {kMainToken, kRescueToken, kQuietToken, kUnknownToken})
        EXPECT_THAT(log, Not(HasSubstr(token))) << entry.path();
      EXPECT_THAT(log, Not(HasSubstr("CANARY"))) << entry.path();
    }
    if (HasFailure() && discord_) std::cerr << "--- fake-discord log ---\n" << readFile(logFile_) << std::endl;
  }

  httplib::Client http() {
    httplib::Client client("127.0.0.1", discord_->port());
    client.set_read_timeout(std::chrono::seconds(10));
    return client;
  }

  static httplib::Headers auth(const std::string& token) { return {{"Authorization", "Bot " + token}}; }

  httplib::Result get(const std::string& path, const std::string& token = kMainToken) {
    return http().Get(path.c_str(), token.empty() ? httplib::Headers{} : auth(token));
  }
  httplib::Result send(const std::string& method, const std::string& path, const json& body,
                       const std::string& token = kMainToken) {
    auto client = http();
    if (method == "PUT") return client.Put(path.c_str(), auth(token), body.dump(), "application/json");
    return client.Post(path.c_str(), auth(token), body.dump(), "application/json");
  }

  std::unique_ptr<GatewayTestClient> connectGateway() {
    auto ws = GatewayTestClient::connect("127.0.0.1", discord_->port());
    EXPECT_TRUE(ws) << ws.error().describe();
    if (!ws) return nullptr;
    auto hello = (*ws)->read();
    EXPECT_TRUE(hello) << hello.error().describe();
    if (!hello) return nullptr;
    EXPECT_EQ(hello->payload.value("op", -1), 10) << hello->text;
    return std::move(*ws);
  }

  // Connects and identifies; returns the client and its READY payload.
  std::pair<std::unique_ptr<GatewayTestClient>, json> login(const std::string& token,
                                                            int64_t intents = kOpenClawIntents) {
    auto ws = connectGateway();
    if (!ws) return {};
    EXPECT_TRUE(ws->sendJson(GatewayTestClient::identify(token, intents)));
    auto ready = ws->readDispatch("READY");
    EXPECT_TRUE(ready) << ready.error().describe();
    return {std::move(ws), ready ? *ready : json()};
  }

  int sessions(const std::string& botId) {
    auto bot = discord_->client().bot(botId);
    return bot ? bot->sessions : -1;
  }
  int identifies(const std::string& botId) {
    auto bot = discord_->client().bot(botId);
    return bot ? bot->identifies : -1;
  }

  ScopedTempDir dir_{"fake-discord"};
  fs::path botsFile_;
  fs::path logFile_;
  int starts_ = 0;
  std::unique_ptr<FakeDiscordProcess> discord_;
};

// ---- REST ----

TEST_F(FakeDiscordProcessTest, UsersMeAnswersVersionedUnversionedAndEncodedPaths) {
  for (const char* path : {"/api/v10/users/@me", "/api/users/@me", "/api/users/%40me", "/api/v10/users/%40me"}) {
    auto res = get(path);
    ASSERT_TRUE(res) << path;
    ASSERT_EQ(res->status, 200) << path << " " << res->body;
    const json me = json::parse(res->body);
    EXPECT_EQ(me["id"], kMainId);
    EXPECT_EQ(me["username"], "OpenClaw Main Bot");
    EXPECT_EQ(me["discriminator"], "0");
    EXPECT_EQ(me["bot"], true);
    EXPECT_TRUE(me["global_name"].is_null());
    EXPECT_TRUE(me["avatar"].is_null());
    EXPECT_EQ(me["flags"], 0);
  }
  auto rescue = get("/api/v10/users/@me", kRescueToken);
  ASSERT_TRUE(rescue);
  EXPECT_EQ(json::parse(rescue->body)["id"], kRescueId);
}

TEST_F(FakeDiscordProcessTest, UnknownOrMissingTokenIs401AndUnknownRouteIs404) {
  const json unauthorized = {{"message", "401: Unauthorized"}, {"code", 0}};
  for (const std::string& token : {std::string(kUnknownToken), std::string()}) {
    auto res = get("/api/v10/users/@me", token);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(json::parse(res->body), unauthorized);
  }
  // The token without the "Bot " scheme is not accepted either.
  auto bare = http().Get("/api/v10/users/@me", httplib::Headers{{"Authorization", kMainToken}});
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 401);
  auto missing = get("/api/v10/no/such/route");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body), (json{{"message", "404: Not Found"}, {"code", 0}}));
}

TEST_F(FakeDiscordProcessTest, GatewayBotHasTheSchemaOpenClawEnforces) {
  auto res = get("/api/v10/gateway/bot");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json body = json::parse(res->body);
  EXPECT_EQ(body["url"], discord_->gatewayUrl());
  EXPECT_EQ(body["shards"], 1);
  EXPECT_EQ(body["session_start_limit"],
            (json{{"total", 1000}, {"remaining", 999}, {"reset_after", 14400000}, {"max_concurrency", 1}}));
  EXPECT_EQ(get("/api/v10/gateway/bot", kUnknownToken)->status, 401);
}

TEST_F(FakeDiscordProcessTest, OAuthApplicationReportsTheMessageContentFlag) {
  const int messageContentFlag = 1 << 18;
  auto main = get("/api/v10/oauth2/applications/@me");
  ASSERT_TRUE(main);
  ASSERT_EQ(main->status, 200);
  const json app = json::parse(main->body);
  EXPECT_EQ(app["id"], kMainId);
  EXPECT_EQ(app["bot"]["id"], kMainId);
  EXPECT_EQ(app["bot"]["username"], "OpenClaw Main Bot");
  EXPECT_EQ(app["owner"]["id"], "1");
  EXPECT_EQ(app["owner"]["username"], "owner");
  EXPECT_EQ(app["flags"].get<int>() & messageContentFlag, messageContentFlag);

  const json quiet = json::parse(get("/api/v10/oauth2/applications/@me", kQuietToken)->body);
  EXPECT_EQ(quiet["flags"].get<int>() & messageContentFlag, 0);
  const json rescue = json::parse(get("/api/oauth2/applications/@me", kRescueToken)->body);
  EXPECT_EQ(rescue["id"], "222233334444000000");
}

TEST_F(FakeDiscordProcessTest, CommandsCanBeListedReplacedAndAdded) {
  const std::string path = "/api/v10/applications/" + std::string(kMainId) + "/commands";
  const std::string unversioned = "/api/applications/" + std::string(kMainId) + "/commands";
  auto empty = get(path);
  ASSERT_TRUE(empty);
  ASSERT_EQ(empty->status, 200);
  EXPECT_EQ(json::parse(empty->body), json::array());

  auto put = send("PUT", unversioned, json::array({{{"name", "status"}, {"description", "Status"}},
                                                   {{"name", "help"}, {"description", "Help"}}}));
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  const json replaced = json::parse(put->body);
  ASSERT_EQ(replaced.size(), 2u);
  EXPECT_FALSE(replaced[0]["id"].get<std::string>().empty());
  EXPECT_EQ(replaced[0]["application_id"], kMainId);

  auto post = send("POST", path, {{"name", "ping"}, {"description", "Ping"}});
  ASSERT_TRUE(post);
  ASSERT_EQ(post->status, 201) << post->body;
  const json added = json::parse(post->body);
  EXPECT_EQ(added["name"], "ping");
  EXPECT_FALSE(added["id"].get<std::string>().empty());

  const json listed = json::parse(get(path)->body);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[2]["id"], added["id"]);

  // Another bot's application is not this bot's to change.
  auto foreign = send("POST", path, {{"name", "x"}}, kRescueToken);
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403);
  EXPECT_EQ(json::parse(get("/api/v10/applications/222233334444000000/commands", kRescueToken)->body), json::array());
}

TEST_F(FakeDiscordProcessTest, BotOpensDmChannelAndPostsMessages) {
  auto opened = send("POST", "/api/v10/users/@me/channels", {{"recipient_id", "444455556666777788"}});
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 200) << opened->body;
  const json channel = json::parse(opened->body);
  EXPECT_EQ(channel["type"], 1);
  EXPECT_EQ(channel["recipients"][0]["id"], "444455556666777788");
  const std::string channelId = channel["id"];
  // The same user gets the same channel.
  EXPECT_EQ(json::parse(send("POST", "/api/users/@me/channels", {{"recipient_id", "444455556666777788"}})->body)["id"],
            channelId);

  auto posted = send("POST", "/api/v10/channels/" + channelId + "/messages", {{"content", "pong"}});
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 200) << posted->body;
  const json message = json::parse(posted->body);
  EXPECT_EQ(message["content"], "pong");
  EXPECT_EQ(message["channel_id"], channelId);
  EXPECT_EQ(message["author"]["id"], kMainId);
  EXPECT_EQ(message["author"]["bot"], true);

  auto messages = discord_->client().messages(kMainId);
  ASSERT_TRUE(messages) << messages.error().describe();
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].content, "pong");
  EXPECT_EQ((*messages)[0].channelId, channelId);
  EXPECT_EQ((*messages)[0].id, message["id"]);
  EXPECT_TRUE(discord_->client().messages(kRescueId)->empty());

  EXPECT_EQ(send("POST", "/api/v10/channels/" + channelId + "/messages", {{"content", ""}})->status, 400);
  EXPECT_EQ(send("POST", "/api/v10/channels/1/messages", {{"content", "x"}})->status, 404);
  EXPECT_EQ(send("POST", "/api/v10/channels/" + channelId + "/messages", {{"content", "x"}}, kRescueToken)->status, 403);
  EXPECT_EQ(discord_->client().messages(kMainId)->size(), 1u);
}

TEST_F(FakeDiscordProcessTest, RequestLogNamesTheBotButNeverTheTokenAndResetClearsIt) {
  ASSERT_TRUE(get("/api/users/%40me"));
  ASSERT_TRUE(get("/api/v10/gateway/bot", kUnknownToken));
  auto requests = discord_->client().requests();
  ASSERT_TRUE(requests) << requests.error().describe();
  ASSERT_EQ(requests->size(), 2u);
  EXPECT_EQ((*requests)[0].method, "GET");
  EXPECT_EQ((*requests)[0].path, "/api/users/%40me");
  EXPECT_EQ((*requests)[0].botId, std::optional<std::string>(kMainId));
  EXPECT_EQ((*requests)[1].botId, std::nullopt);
  EXPECT_EQ((*requests)[1].status, 401);

  auto raw = http().Get("/_fake/requests");
  ASSERT_TRUE(raw);
  EXPECT_THAT(raw->body, Not(HasSubstr("CANARY")));

  ASSERT_TRUE(discord_->client().reset());
  EXPECT_TRUE(discord_->client().requests()->empty());
}

TEST_F(FakeDiscordProcessTest, UsersMeDelayHoldsOnlyThatRoute) {
  const auto delay = std::chrono::milliseconds(1500);
  startFake(FakeDiscordOptions{.usersMeDelayMs = delay.count()});
  const auto start = std::chrono::steady_clock::now();
  auto slow = std::async(std::launch::async, [&] {
    auto res = get("/api/v10/users/@me");
    return std::make_pair(res ? res->status : -1, std::chrono::steady_clock::now());
  });
  // While users/@me is held, other requests are answered: the delay does not block the server.
  auto fast = get("/api/v10/gateway/bot");
  const auto fastDone = std::chrono::steady_clock::now();
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->status, 200);
  const auto [status, slowDone] = slow.get();
  EXPECT_EQ(status, 200);
  EXPECT_GE(slowDone - start, delay);
  EXPECT_LT(fastDone, slowDone);
}

// ---- Gateway ----

TEST_F(FakeDiscordProcessTest, IdentifyGivesReadyWithTheBotAndCountsTheSessionUntilClose) {
  startFake(FakeDiscordOptions{.heartbeatIntervalMs = 45000});
  auto ws = GatewayTestClient::connect("127.0.0.1", discord_->port());
  ASSERT_TRUE(ws) << ws.error().describe();
  auto hello = (*ws)->read();
  ASSERT_TRUE(hello) << hello.error().describe();
  EXPECT_EQ(hello->payload["op"], 10);
  EXPECT_EQ(hello->payload["d"]["heartbeat_interval"], 45000);
  EXPECT_EQ(sessions(kMainId), 0);

  ASSERT_TRUE((*ws)->sendJson(GatewayTestClient::identify(kMainToken)));
  auto ready = (*ws)->readDispatch("READY");
  ASSERT_TRUE(ready) << ready.error().describe();
  const json& d = (*ready)["d"];
  EXPECT_EQ((*ready)["s"], 1);
  EXPECT_EQ(d["v"], 10);
  EXPECT_EQ(d["user"]["id"], kMainId);
  EXPECT_EQ(d["user"]["username"], "OpenClaw Main Bot");
  EXPECT_EQ(d["user"]["bot"], true);
  EXPECT_EQ(d["user"]["discriminator"], "0");
  EXPECT_FALSE(d["session_id"].get<std::string>().empty());
  EXPECT_EQ(d["resume_gateway_url"], discord_->gatewayUrl());
  EXPECT_EQ(d["guilds"], json::array());
  EXPECT_EQ(d["application"]["id"], kMainId);
  EXPECT_EQ(d["application"]["flags"], 1 << 18);

  ASSERT_TRUE((*ws)->sendJson({{"op", 3}, {"d", {{"status", "online"}, {"afk", false}}}}));
  EXPECT_EQ(sessions(kMainId), 1);
  EXPECT_EQ(identifies(kMainId), 1);
  EXPECT_EQ(sessions(kRescueId), 0);

  (*ws)->close();
  EXPECT_TRUE(waitFor("main bot's session to end", [&] { return sessions(kMainId) == 0; }));
  EXPECT_EQ(identifies(kMainId), 1);
}

TEST_F(FakeDiscordProcessTest, HeartbeatIsAcknowledged) {
  auto ws = connectGateway();
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->sendJson({{"op", 1}, {"d", nullptr}}));
  auto ack = ws->read();
  ASSERT_TRUE(ack) << ack.error().describe();
  EXPECT_EQ(ack->payload["op"], 11);
  ASSERT_TRUE(ws->sendJson(GatewayTestClient::identify(kMainToken)));
  ASSERT_TRUE(ws->readDispatch("READY"));
  ASSERT_TRUE(ws->sendJson({{"op", 1}, {"d", 1}}));
  ack = ws->read();
  ASSERT_TRUE(ack) << ack.error().describe();
  EXPECT_EQ(ack->payload["op"], 11);
}

TEST_F(FakeDiscordProcessTest, UnknownTokenIsClosedWith4004) {
  auto ws = connectGateway();
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->sendJson(GatewayTestClient::identify(kUnknownToken)));
  auto closed = ws->readUntilClose();
  ASSERT_TRUE(closed) << closed.error().describe();
  ASSERT_TRUE(closed->closed);
  EXPECT_EQ(closed->closeCode, 4004);
  EXPECT_EQ(closed->closeReason, "Authentication failed.");
  for (const char* id : {kMainId, kRescueId, kQuietId}) {
    EXPECT_EQ(sessions(id), 0);
    EXPECT_EQ(identifies(id), 0);
  }
}

TEST_F(FakeDiscordProcessTest, DisallowedMessageContentIntentIsClosedWith4014) {
  auto ws = connectGateway();
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->sendJson(GatewayTestClient::identify(kQuietToken, kOpenClawIntents)));
  auto closed = ws->readUntilClose();
  ASSERT_TRUE(closed) << closed.error().describe();
  ASSERT_TRUE(closed->closed);
  EXPECT_EQ(closed->closeCode, 4014);
  EXPECT_EQ(closed->closeReason, "Disallowed intent(s).");
  EXPECT_EQ(sessions(kQuietId), 0);
  EXPECT_EQ(identifies(kQuietId), 1);

  // The same bot without MESSAGE_CONTENT logs in.
  auto [quiet, ready] = login(kQuietToken, kOpenClawIntents & ~(1 << 15));
  ASSERT_TRUE(quiet);
  EXPECT_EQ(ready["d"]["user"]["id"], kQuietId);
  EXPECT_EQ(sessions(kQuietId), 1);
}

TEST_F(FakeDiscordProcessTest, OpBeforeIdentifyIsClosedWith4003) {
  auto ws = connectGateway();
  ASSERT_TRUE(ws);
  ASSERT_TRUE(ws->sendJson({{"op", 3}, {"d", {{"status", "online"}}}}));
  auto closed = ws->readUntilClose();
  ASSERT_TRUE(closed) << closed.error().describe();
  EXPECT_EQ(closed->closeCode, 4003);
  EXPECT_EQ(closed->closeReason, "Not authenticated.");
}

TEST_F(FakeDiscordProcessTest, GarbageIsClosedWith4002) {
  for (const std::string& garbage : {std::string("this is not json"), std::string(R"({"d":{}})"),
                                     std::string(R"({"op":"2"})"), std::string("[1,2]")}) {
    auto ws = connectGateway();
    ASSERT_TRUE(ws);
    ASSERT_TRUE(ws->sendText(garbage));
    auto closed = ws->readUntilClose();
    ASSERT_TRUE(closed) << closed.error().describe();
    EXPECT_EQ(closed->closeCode, 4002) << garbage;
    EXPECT_EQ(closed->closeReason, "Error while decoding payload.");
  }
  auto binary = connectGateway();
  ASSERT_TRUE(binary);
  ASSERT_TRUE(binary->sendBinary(std::string("\x83\x01", 2)));
  EXPECT_EQ(binary->readUntilClose()->closeCode, 4002);
  // A well-formed frame with an opcode Discord does not know: 4001, as on Discord.
  auto unknownOp = connectGateway();
  ASSERT_TRUE(unknownOp);
  ASSERT_TRUE(unknownOp->sendJson({{"op", 42}, {"d", nullptr}}));
  EXPECT_EQ(unknownOp->readUntilClose()->closeCode, 4001);
}

TEST_F(FakeDiscordProcessTest, ResumeOfAKnownSessionGivesResumedAndUnknownGivesInvalidSession) {
  auto [first, ready] = login(kMainToken);
  ASSERT_TRUE(first);
  const std::string sessionId = ready["d"]["session_id"];
  ASSERT_TRUE(discord_->client().sendDm(kMainId, "one"));
  ASSERT_TRUE(first->readDispatch("MESSAGE_CREATE"));
  first->close();
  ASSERT_TRUE(waitFor("session to drop", [&] { return sessions(kMainId) == 0; }));

  auto unknown = connectGateway();
  ASSERT_TRUE(unknown);
  ASSERT_TRUE(unknown->sendJson({{"op", 6}, {"d", {{"token", kMainToken}, {"session_id", "nope"}, {"seq", 2}}}}));
  auto invalid = unknown->read();
  ASSERT_TRUE(invalid) << invalid.error().describe();
  EXPECT_EQ(invalid->payload["op"], 9);
  EXPECT_EQ(invalid->payload["d"], false);
  EXPECT_EQ(sessions(kMainId), 0);

  auto resumed = connectGateway();
  ASSERT_TRUE(resumed);
  ASSERT_TRUE(resumed->sendJson({{"op", 6}, {"d", {{"token", kMainToken}, {"session_id", sessionId}, {"seq", 2}}}}));
  auto dispatch = resumed->readDispatch("RESUMED");
  ASSERT_TRUE(dispatch) << dispatch.error().describe();
  EXPECT_EQ((*dispatch)["s"], 3);  // READY 1, MESSAGE_CREATE 2
  EXPECT_EQ(sessions(kMainId), 1);
  EXPECT_EQ(identifies(kMainId), 1);  // a RESUME is not an IDENTIFY
}

// ---- Control API ----

TEST_F(FakeDiscordProcessTest, DmIsDeliveredAsMessageCreateAndTheReplyIsListed) {
  auto none = discord_->client().sendDm(kMainId, "ping");
  ASSERT_TRUE(none) << none.error().describe();
  EXPECT_EQ(none->delivered, 0);

  auto [ws, ready] = login(kMainToken);
  ASSERT_TRUE(ws);
  auto dm = discord_->client().sendDm(kMainId, "ping", "555566667777888899", "alice");
  ASSERT_TRUE(dm) << dm.error().describe();
  EXPECT_EQ(dm->delivered, 1);
  auto created = ws->readDispatch("MESSAGE_CREATE");
  ASSERT_TRUE(created) << created.error().describe();
  const json& d = (*created)["d"];
  EXPECT_EQ((*created)["s"], 2);
  EXPECT_EQ(d["content"], "ping");
  EXPECT_EQ(d["id"], dm->messageId);
  EXPECT_EQ(d["channel_id"], dm->channelId);
  EXPECT_EQ(d["author"]["id"], "555566667777888899");
  EXPECT_EQ(d["author"]["username"], "alice");
  EXPECT_EQ(d["author"]["bot"], false);
  EXPECT_EQ(d["type"], 0);
  EXPECT_EQ(d["mentions"], json::array());
  EXPECT_FALSE(d["timestamp"].get<std::string>().empty());
  // The default author gets a different DM channel.
  EXPECT_NE(none->channelId, dm->channelId);

  // The bot answers in that channel, the way the fake gateway (or OpenClaw) replies.
  auto reply = send("POST", "/api/v10/channels/" + dm->channelId + "/messages", {{"content", "pong"}});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  auto messages = discord_->client().messages(kMainId);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].content, "pong");
  EXPECT_EQ((*messages)[0].channelId, dm->channelId);

  auto unknownBot = discord_->client().sendDm("1", "ping");
  ASSERT_FALSE(unknownBot);
  EXPECT_EQ(unknownBot.error().code, harness::ErrorCode::NotFound);
}

TEST_F(FakeDiscordProcessTest, TwoBotsConnectConcurrentlyAndAreCountedSeparately) {
  std::unique_ptr<GatewayTestClient> main;
  std::unique_ptr<GatewayTestClient> rescue;
  json mainReady;
  json rescueReady;
  {
    std::thread mainThread([&] { std::tie(main, mainReady) = login(kMainToken); });
    std::thread rescueThread([&] { std::tie(rescue, rescueReady) = login(kRescueToken); });
    mainThread.join();
    rescueThread.join();
  }
  ASSERT_TRUE(main);
  ASSERT_TRUE(rescue);
  EXPECT_EQ(mainReady["d"]["user"]["id"], kMainId);
  EXPECT_EQ(rescueReady["d"]["user"]["id"], kRescueId);
  EXPECT_NE(mainReady["d"]["session_id"], rescueReady["d"]["session_id"]);
  EXPECT_EQ(sessions(kMainId), 1);
  EXPECT_EQ(sessions(kRescueId), 1);
  EXPECT_EQ(sessions(kQuietId), 0);

  // A DM to one bot reaches only that bot's session.
  auto dm = discord_->client().sendDm(kRescueId, "ping");
  ASSERT_TRUE(dm);
  EXPECT_EQ(dm->delivered, 1);
  auto created = rescue->readDispatch("MESSAGE_CREATE");
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_EQ((*created)["d"]["content"], "ping");
  // The main bot's next frame is the ACK of a heartbeat sent after the DM, not the DM.
  ASSERT_TRUE(main->sendJson({{"op", 1}, {"d", 1}}));
  auto next = main->read();
  ASSERT_TRUE(next) << next.error().describe();
  EXPECT_EQ(next->payload["op"], 11) << next->text;

  // A second session of the same bot counts for that bot only.
  auto [second, ready2] = login(kMainToken);
  ASSERT_TRUE(second);
  EXPECT_EQ(sessions(kMainId), 2);
  EXPECT_EQ(sessions(kRescueId), 1);

  main->close();
  EXPECT_TRUE(waitFor("main sessions == 1", [&] { return sessions(kMainId) == 1; }));
  EXPECT_EQ(sessions(kRescueId), 1);
  rescue->close();
  second->close();
  EXPECT_TRUE(waitFor("all sessions closed", [&] { return sessions(kMainId) == 0 && sessions(kRescueId) == 0; }));
  EXPECT_EQ(identifies(kMainId), 2);
  EXPECT_EQ(identifies(kRescueId), 1);
}

// ---- Process ----

TEST_F(FakeDiscordProcessTest, LogHasRequestsButNoToken) {
  ASSERT_TRUE(get("/api/v10/users/@me"));
  ASSERT_TRUE(get("/api/v10/users/@me", kUnknownToken));
  auto [ws, ready] = login(kMainToken);
  ASSERT_TRUE(ws);
  auto bad = connectGateway();
  ASSERT_TRUE(bad);
  ASSERT_TRUE(bad->sendJson(GatewayTestClient::identify(kUnknownToken)));
  ASSERT_TRUE(bad->readUntilClose());
  ASSERT_TRUE(waitFor("the 4004 to be logged", [&] { return readFile(logFile_).find("4004") != std::string::npos; }));
  const std::string log = readFile(logFile_);
  EXPECT_THAT(log, HasSubstr("fake-discord listening on http://127.0.0.1:" + std::to_string(discord_->port())));
  EXPECT_THAT(log, HasSubstr("GET /api/v10/users/@me -> 200 (bot 111122223333444455)"));
  EXPECT_THAT(log, HasSubstr("-> READY"));
  // TearDown checks for the tokens themselves.
}

TEST_F(FakeDiscordProcessTest, SigtermExitsZero) {
  auto [ws, ready] = login(kMainToken);  // an open WebSocket must not hold shutdown up
  ASSERT_TRUE(ws);
  discord_->process().signal(SIGTERM);
  auto status = discord_->process().waitForExit(harness::testing::actionTimeout());
  ASSERT_TRUE(status) << "fake-discord did not exit on SIGTERM";
  EXPECT_EQ(status->termSignal, 0);
  EXPECT_EQ(status->exitCode, 0);
  EXPECT_THAT(readFile(logFile_), HasSubstr("received SIGTERM"));
}

TEST_F(FakeDiscordProcessTest, RestartsOnTheSamePortAfterSigterm) {
  // What a reconnect test does: kill the fake under a live session, start it again on its port.
  auto [ws, ready] = login(kMainToken);
  ASSERT_TRUE(ws);
  const uint16_t port = discord_->port();
  const auto stopped = discord_->stop();
  EXPECT_EQ(stopped.exitCode, 0);
  auto gone = ws->readUntilClose();
  EXPECT_TRUE(!gone || gone->closed) << "the client must see the connection end";

  FakeDiscordOptions options;
  options.port = port;
  startFake(options);
  ASSERT_EQ(discord_->port(), port);
  auto [again, readyAgain] = login(kMainToken);
  ASSERT_TRUE(again);
  EXPECT_EQ(sessions(kMainId), 1);
  // The new process starts with a fresh state: the old session is not resumable there.
  EXPECT_EQ(identifies(kMainId), 1);
  auto requests = discord_->client().requests();
  ASSERT_TRUE(requests);
  ASSERT_FALSE(requests->empty());
  EXPECT_EQ(requests->back().status, 101);  // the WebSocket upgrade is logged too
}

TEST_F(FakeDiscordProcessTest, BadBotsFileFailsToStartWithoutEchoingSecrets) {
  writeFile(dir_.path() / "bad.json",
            R"({"bots":[{"token":"MTExMTIyMjIzMzMzNDQ0NDU1.CANARY.main-discord-token-0001","id":"1"}]})");
  auto started = FakeDiscordProcess::start(FAKE_DISCORD_BIN, dir_.path() / "bad.json", dir_.path() / "bad.log");
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, harness::ErrorCode::ProcessFailed);
  EXPECT_THAT(started.error().message, HasSubstr("username"));
  EXPECT_THAT(started.error().message, Not(HasSubstr("CANARY")));
}

TEST_F(FakeDiscordProcessTest, PortInUseFailsToStart) {
  FakeDiscordOptions options;
  options.port = discord_->port();
  auto second = FakeDiscordProcess::start(FAKE_DISCORD_BIN, botsFile_, dir_.path() / "second.log", options);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, harness::ErrorCode::ProcessFailed);
  EXPECT_THAT(second.error().message, HasSubstr("cannot listen"));
}

}  // namespace
}  // namespace fakes::discord::testing
