// Bad input, measured: Discord Gateway frames fed to the fake Discord's frame handling
// (GatewayProtocol, exactly what WebsocketSession calls for each frame), once on a fresh
// connection and once on an identified one. Every frame must be answered or closed with one of
// Discord's close codes; the handler must not throw (a throw would end the fake's io thread),
// every frame it sends must be JSON, and no token may reach its log.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "fakes/discord/bot_config.h"
#include "fakes/discord/gateway_connection.h"
#include "fakes/discord/gateway_protocol.h"
#include "fakes/discord/shared_state.h"
#include "tests/unit/hardening/hardening_support.h"

namespace fakes::discord {
namespace {

using harness::testing::CorpusCount;
using harness::testing::runBounded;
using nlohmann::json;

constexpr const char* kToken = "MTExMTIyMjIzMzMzNDQ0NDU1.CANARY.main-discord-token-0001";
constexpr const char* kBotId = "111122223333444455";

class CheckingConnection : public GatewayConnection {
 public:
  void sendText(std::string frame) override {
    const auto parsed = json::parse(frame, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "the fake sent a frame that is not JSON: " << frame.substr(0, 200);
    EXPECT_EQ(frame.find("CANARY"), std::string::npos) << "the fake echoed a token: " << frame.substr(0, 200);
    ++sent;
  }
  int sent = 0;
};

const std::set<int> kDiscordCloseCodes = {4000, 4001, 4002, 4003, 4004, 4005, 4007, 4008, 4009, 4010, 4011, 4012, 4013, 4014};

std::string deep(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::vector<std::pair<std::string, std::string>> hostileFrames() {
  auto identify = [](const json& d) { return json{{"op", 2}, {"d", d}}.dump(); };
  auto resume = [](const json& d) { return json{{"op", 6}, {"d", d}}.dump(); };
  const json goodProps = {{"os", "linux"}, {"browser", "x"}, {"device", "x"}};
  std::vector<std::pair<std::string, std::string>> f = {
      {"empty text", ""},
      {"whitespace", " \n"},
      {"truncated object", "{\"op\": 2, \"d\": {\"token\": \""},
      {"bare word", "heartbeat"},
      {"invalid UTF-8", "{\"op\": 1, \"d\": \"\xff\xfe\"}"},
      {"lone surrogate escape", R"({"op": 1, "d": "\udc00"})"},
      {"array root", "[1, 2]"},
      {"number root", "1"},
      {"string root", "\"op\""},
      {"null root", "null"},
      {"op missing", R"({"d": null})"},
      {"op null", R"({"op": null})"},
      {"op string", R"({"op": "1"})"},
      {"op float 1.0", R"({"op": 1.0})"},
      {"op float 2.5", R"({"op": 2.5})"},
      {"op negative", R"({"op": -1})"},
      {"op 2^63", R"({"op": 9223372036854775808})"},
      {"op 1e300", R"({"op": 1e300})"},
      {"op boolean", R"({"op": true})"},
      {"op array", R"({"op": [2]})"},
      {"op object", R"({"op": {"op": 2}})"},
      {"duplicate op", R"({"op": 1, "op": 2, "d": {}})"},
      {"op 0 from a client", R"({"op": 0, "t": "READY", "s": 1, "d": {}})"},
      {"op 7 from a client", R"({"op": 7})"},
      {"op 9 from a client", R"({"op": 9, "d": true})"},
      {"op 10 from a client", R"({"op": 10, "d": {"heartbeat_interval": 1}})"},
      {"op 11 from a client", R"({"op": 11})"},
      {"heartbeat with an object", R"({"op": 1, "d": {"seq": 1}})"},
      {"heartbeat with a string", R"({"op": 1, "d": "x"})"},
      {"heartbeat with a huge number", R"({"op": 1, "d": 1e308})"},
      {"heartbeat with a deep array", "{\"op\": 1, \"d\": " + deep(100000) + "}"},
      {"identify without d", R"({"op": 2})"},
      {"identify d null", identify(nullptr)},
      {"identify d string", identify("token")},
      {"identify d array", identify(json::array({kToken}))},
      {"identify token missing", identify({{"intents", 1}})},
      {"identify token number", identify({{"token", 5}, {"intents", 1}})},
      {"identify token null", identify({{"token", nullptr}, {"intents", 1}})},
      {"identify token object", identify({{"token", {{"t", kToken}}}, {"intents", 1}})},
      {"identify token array", identify({{"token", json::array({kToken})}, {"intents", 1}})},
      {"identify token empty", identify({{"token", ""}, {"intents", 1}})},
      {"identify token with Bot prefix", identify({{"token", std::string("Bot ") + kToken}, {"intents", 1}})},
      {"identify token 1 MiB", identify({{"token", std::string(1 << 20, 'A')}, {"intents", 1}})},
      {"identify token with NUL", identify({{"token", std::string(kToken) + std::string(1, '\0')}, {"intents", 1}})},
      {"identify token prefix only", identify({{"token", std::string(kToken).substr(0, 20)}, {"intents", 1}})},
      {"identify intents string", identify({{"token", kToken}, {"intents", "46601"}})},
      {"identify intents negative", identify({{"token", kToken}, {"intents", -1}})},
      {"identify intents float", identify({{"token", kToken}, {"intents", 1.5}})},
      {"identify intents 2^64", R"({"op": 2, "d": {"token": ")" + std::string(kToken) + R"(", "intents": 18446744073709551616}})"},
      {"identify intents null", identify({{"token", kToken}, {"intents", nullptr}})},
      {"identify properties array", identify({{"token", kToken}, {"intents", 1}, {"properties", json::array()}})},
      {"identify shard garbage", identify({{"token", kToken}, {"intents", 1}, {"properties", goodProps}, {"shard", "x"}})},
      {"identify shard out of range", identify({{"token", kToken}, {"intents", 1}, {"shard", json::array({5, 1})}})},
      {"identify presence garbage", identify({{"token", kToken}, {"intents", 1}, {"presence", 7}})},
      {"identify compress string", identify({{"token", kToken}, {"intents", 1}, {"compress", "yes"}})},
      {"identify large_threshold huge", identify({{"token", kToken}, {"intents", 1}, {"large_threshold", 1e300}})},
      {"identify with a deep array", "{\"op\": 2, \"d\": {\"token\": " + deep(50000) + "}}"},
      {"resume without d", R"({"op": 6})"},
      {"resume d string", resume("x")},
      {"resume session number", resume({{"token", kToken}, {"session_id", 5}, {"seq", 1}})},
      {"resume session missing", resume({{"token", kToken}, {"seq", 1}})},
      {"resume unknown session", resume({{"token", kToken}, {"session_id", "nope"}, {"seq", 1}})},
      {"resume session 1 MiB", resume({{"token", kToken}, {"session_id", std::string(1 << 20, 's')}, {"seq", 1}})},
      {"resume seq string", resume({{"token", kToken}, {"session_id", "x"}, {"seq", "1"}})},
      {"resume seq negative", resume({{"token", kToken}, {"session_id", "x"}, {"seq", -5}})},
      {"resume token wrong type", resume({{"token", 1}, {"session_id", "x"}, {"seq", 1}})},
      {"presence update garbage", R"({"op": 3, "d": [1, 2, 3]})"},
      {"voice state garbage", R"({"op": 4, "d": "x"})"},
      {"request members garbage", R"({"op": 8, "d": {"guild_id": []}})"},
      {"op 31 garbage", R"({"op": 31, "d": null})"},
      {"8 MiB frame", "{\"op\": 1, \"d\": \"" + std::string(8 << 20, 'x') + "\"}"},
      {"control characters", "{\"op\": 1,\x01\x02 \"d\": null}"},
  };
  return f;
}

TEST(DiscordFrameCorpus, EveryFrameIsAnsweredOrClosedWithADiscordCode) {
  CorpusCount count("Discord gateway frames");
  std::string log;
  SharedState state({BotConfig{kToken, kBotId, "OpenClaw Main Bot", kBotId, true}},
                    ServerSettings{std::chrono::milliseconds(0), std::chrono::milliseconds(1000)},
                    [&log](const std::string& line) { log += line + "\n"; });
  const auto frames = hostileFrames();
  for (bool identified : {false, true}) {
    for (const auto& entry : frames) {
      const std::string name = entry.first;  // clang 14 cannot capture a structured binding
      const auto frame = entry.second;
      ++count;
      const std::string label = name + (identified ? " (identified)" : " (fresh)");
      runBounded(label, [&] {
        CheckingConnection connection;
        GatewayProtocol protocol(state, connection, "ws://127.0.0.1:1");
        protocol.start();
        if (identified) {
          ASSERT_FALSE(protocol.onText(json{{"op", 2}, {"d", {{"token", kToken}, {"intents", 46601}}}}.dump()));
          ASSERT_TRUE(protocol.authenticated());
        }
        std::optional<GatewayClose> close;
        try {
          close = protocol.onText(frame);
        } catch (const std::exception& e) {
          ADD_FAILURE() << label << ": onText threw: " << e.what();
        }
        if (close) {
          EXPECT_TRUE(kDiscordCloseCodes.count(close->code)) << label << ": close code " << close->code;
        }
        protocol.onClosed();
      });
    }
  }
  // Binary frames, and a flood of heartbeats and presence updates on one connection.
  {
    ++count;
    CheckingConnection connection;
    GatewayProtocol protocol(state, connection, "ws://127.0.0.1:1");
    protocol.start();
    auto close = protocol.onBinary();
    ASSERT_TRUE(close);
    EXPECT_EQ(close->code, 4002);
  }
  {
    ++count;
    runBounded("100000 heartbeats", [&] {
      CheckingConnection connection;
      GatewayProtocol protocol(state, connection, "ws://127.0.0.1:1");
      protocol.start();
      ASSERT_FALSE(protocol.onText(json{{"op", 2}, {"d", {{"token", kToken}, {"intents", 46601}}}}.dump()));
      for (int i = 0; i < 100000; ++i) ASSERT_FALSE(protocol.onText(R"({"op": 1, "d": 1})")) << i;
      EXPECT_EQ(connection.sent, 2 + 100000);  // HELLO, READY, one ACK each
      protocol.onClosed();
    });
  }
  EXPECT_EQ(log.find("CANARY"), std::string::npos) << "a token reached the fake Discord's log:\n" << log;
  EXPECT_EQ(log.find("AAAAAAAAAAAAAAAAAAAA"), std::string::npos) << "an unknown token reached the log";
}

}  // namespace
}  // namespace fakes::discord
