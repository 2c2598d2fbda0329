// The real `fake-model` process, started through FakeModelProcess and driven over HTTP the way
// the Anthropic SDK calls it (x-api-key or Authorization: Bearer, JSON or SSE) and through its
// control API. Every test checks at teardown that no key reached the fake's log or its records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "fakes/model/fake_model_process.h"
#include "harness/testing/scoped_temp_dir.h"

namespace fakes::model {
namespace {

using harness::testing::readFile;
using harness::testing::ScopedTempDir;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kRescueKey = "sk-ant-canary-rescue-model-key-0101";
constexpr const char* kMainKey = "sk-ant-canary-main-model-key-0102";
constexpr const char* kStrangerKey = "sk-ant-canary-stranger-key-0103";

struct SseParsed {
  std::vector<std::string> events;
  std::string text;
  std::string toolJson;
  std::string toolName;
  std::string stopReason;
};

SseParsed parseSse(const std::string& body) {
  SseParsed out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find("\n\n", pos);
    if (end == std::string::npos) break;
    const std::string frame = body.substr(pos, end - pos);
    pos = end + 2;
    const auto dataAt = frame.find("data: ");
    const auto eventAt = frame.find("event: ");
    if (dataAt == std::string::npos || eventAt == std::string::npos) continue;
    out.events.push_back(frame.substr(eventAt + 7, frame.find('\n', eventAt) - eventAt - 7));
    const json data = json::parse(frame.substr(dataAt + 6));
    if (data["type"] == "content_block_start" && data["content_block"]["type"] == "tool_use")
      out.toolName = data["content_block"]["name"];
    if (data["type"] == "content_block_delta") {
      if (data["delta"]["type"] == "text_delta") out.text += data["delta"]["text"].get<std::string>();
      if (data["delta"]["type"] == "input_json_delta") out.toolJson += data["delta"]["partial_json"].get<std::string>();
    }
    if (data["type"] == "message_delta") out.stopReason = data["delta"]["stop_reason"];
  }
  return out;
}

json request(const std::string& text, bool stream) {
  return json{{"model", "claude-sonnet-4-5"},
              {"max_tokens", 512},
              {"stream", stream},
              {"tools", json::array({{{"name", "exec"}, {"description", "Run a shell command"},
                                      {"input_schema", {{"type", "object"}}}}})},
              {"messages", json::array({{{"role", "user"}, {"content", text}}})}};
}

class FakeModelProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = FakeModelProcess::start(FAKE_MODEL_BIN, dir_.path(), {{"rescue", kRescueKey}, {"main", kMainKey}});
    ASSERT_TRUE(started) << started.error().describe();
    model_ = std::move(*started);
  }
  void TearDown() override {
    if (!model_) return;
    auto records = model_->client().requests();
    std::string all = readFile(model_->logFile());
    if (records) for (const auto& r : *records) all += r.json;
    for (const char* key : {kRescueKey, kMainKey, kStrangerKey}) EXPECT_THAT(all, Not(HasSubstr(key)));
  }
  httplib::Result post(const json& body, const httplib::Headers& headers) {
    httplib::Client http("127.0.0.1", model_->port());
    http.set_read_timeout(std::chrono::seconds(10));
    return http.Post("/v1/messages", headers, body.dump(), "application/json");
  }
  static httplib::Headers key(const std::string& k) {
    return {{"x-api-key", k}, {"anthropic-version", "2023-06-01"}};
  }

  ScopedTempDir dir_{"fake-model"};
  std::unique_ptr<FakeModelProcess> model_;
};

TEST_F(FakeModelProcessTest, StreamsAScriptedToolCallThenAnswersTheToolResult) {
  ASSERT_TRUE(model_->client().script({ModelReply::exec("openclaw gateway start"), ModelReply::say("Main is back.")}));

  auto first = post(request("main is down, bring it back", true), key(kRescueKey));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_THAT(first->get_header_value("Content-Type"), HasSubstr("text/event-stream"));
  const SseParsed sse = parseSse(first->body);
  ASSERT_GE(sse.events.size(), 6u) << first->body;
  EXPECT_EQ(sse.events.front(), "message_start");
  EXPECT_EQ(sse.events.back(), "message_stop");
  EXPECT_EQ(sse.toolName, "exec");
  EXPECT_EQ(json::parse(sse.toolJson)["command"], "openclaw gateway start");
  EXPECT_EQ(sse.stopReason, "tool_use");
  // The tool_use id, to answer it as the SDK would.
  const auto idAt = first->body.find("toolu_fake_");
  ASSERT_NE(idAt, std::string::npos);
  const std::string toolUseId = first->body.substr(idAt, first->body.find('"', idAt) - idAt);

  json second = request("main is down, bring it back", false);
  second["messages"].push_back({{"role", "assistant"},
                                {"content", json::array({{{"type", "tool_use"}, {"id", toolUseId}, {"name", "exec"},
                                                          {"input", {{"command", "openclaw gateway start"}}}}})}});
  second["messages"].push_back({{"role", "user"},
                                {"content", json::array({{{"type", "tool_result"}, {"tool_use_id", toolUseId},
                                                          {"content", "Restarted LaunchAgent: gui/501/ai.openclaw.gateway"}}})}});
  auto reply = post(second, {{"authorization", std::string("Bearer ") + kRescueKey}});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  const json message = json::parse(reply->body);
  EXPECT_EQ(message["stop_reason"], "end_turn");
  EXPECT_EQ(message["content"][0]["text"], "Main is back.");

  auto records = model_->client().requests();
  ASSERT_TRUE(records) << records.error().describe();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].keyId.value_or(""), "rescue");
  EXPECT_TRUE((*records)[0].stream);
  EXPECT_EQ((*records)[0].toolNames, std::vector<std::string>{"exec"});
  EXPECT_EQ((*records)[0].lastUserText, "main is down, bring it back");
  ASSERT_EQ((*records)[1].toolResults.size(), 1u);
  EXPECT_EQ((*records)[1].toolResults[0].toolUseId, toolUseId);
  EXPECT_THAT((*records)[1].toolResults[0].text, HasSubstr("ai.openclaw.gateway"));
  EXPECT_EQ(*model_->client().pendingReplies(), 0u);
}

TEST_F(FakeModelProcessTest, AWrongOrMissingKeyIs401AndTakesNoReply) {
  ASSERT_TRUE(model_->client().script({ModelReply::say("only for a known key")}));
  auto wrong = post(request("hi", false), key(kStrangerKey));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(json::parse(wrong->body)["error"]["type"], "authentication_error");
  auto missing = post(request("hi", false), {{"anthropic-version", "2023-06-01"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_THAT(missing->body, HasSubstr("x-api-key header is required"));
  EXPECT_EQ(*model_->client().pendingReplies(), 1u);

  auto good = post(request("hi", false), key(kMainKey));
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
  auto records = model_->client().requests();
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].auth, "unknown");
  EXPECT_FALSE((*records)[0].keyId);
  EXPECT_EQ((*records)[1].auth, "missing");
  EXPECT_EQ((*records)[2].keyId.value_or(""), "main");
}

TEST_F(FakeModelProcessTest, AnUnsupportedFieldIs400NamingIt) {
  json body = request("hi", true);
  body["context_management"] = {{"edits", json::array()}};
  auto res = post(body, key(kRescueKey));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json error = json::parse(res->body);
  EXPECT_EQ(error["error"]["type"], "invalid_request_error");
  EXPECT_THAT(error["error"]["message"].get<std::string>(), HasSubstr("context_management"));
  auto records = model_->client().requests();
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].status, 400);
  EXPECT_EQ((*records)[0].errorField, "context_management");
  EXPECT_THAT(readFile(model_->logFile()), HasSubstr("unsupported: context_management"));

  // A scripted tool the request does not offer is a 400 too, and stays queued.
  ASSERT_TRUE(model_->client().script({ModelReply::exec("ls", "bash")}));
  auto notOffered = post(request("hi", false), key(kRescueKey));
  ASSERT_TRUE(notOffered);
  EXPECT_EQ(notOffered->status, 400);
  EXPECT_THAT(notOffered->body, HasSubstr("\\\"bash\\\" is not among the request's tools (exec)"));
  EXPECT_EQ(*model_->client().pendingReplies(), 1u);
}

TEST_F(FakeModelProcessTest, ControlApiQueuesResetsAndRefusesABadScript) {
  httplib::Client http("127.0.0.1", model_->port());
  auto bad = http.Post("/_fake/replies", R"({"replies":[{"toolUse":{}}]})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("replies[0].toolUse.name"));

  ASSERT_TRUE(model_->client().script({ModelReply::say("one"), ModelReply::error(529, "overloaded_error", "busy")}));
  EXPECT_EQ(*model_->client().pendingReplies(), 2u);
  auto one = post(request("a", false), key(kRescueKey));
  ASSERT_TRUE(one);
  EXPECT_EQ(json::parse(one->body)["content"][0]["text"], "one");
  auto overloaded = post(request("b", false), key(kRescueKey));
  ASSERT_TRUE(overloaded);
  EXPECT_EQ(overloaded->status, 529);
  auto fallback = post(request("c", false), key(kRescueKey));
  ASSERT_TRUE(fallback);
  EXPECT_EQ(json::parse(fallback->body)["content"][0]["text"], "fake-model: no scripted reply");

  ASSERT_TRUE(model_->client().script({ModelReply::say("left over")}));
  ASSERT_TRUE(model_->client().reset());
  EXPECT_EQ(*model_->client().pendingReplies(), 0u);
  EXPECT_TRUE(model_->client().requests()->empty());
  auto unknownRoute = http.Get("/v1/models");
  ASSERT_TRUE(unknownRoute);
  EXPECT_EQ(unknownRoute->status, 404);
}

TEST(FakeModelProcessStart, ABadKeysFileExits2WithTheReason) {
  ScopedTempDir dir("fake-model-bad");
  harness::testing::writeFile(dir.path() / "keys.json", R"({"keys":[{"id":"x","key":"short"}]})");
  httplib::Client unused("127.0.0.1", 1);
  auto started = FakeModelProcess::start(FAKE_MODEL_BIN, dir.path(), {{"x", "short"}});
  ASSERT_FALSE(started);
  EXPECT_THAT(started.error().message, HasSubstr("at least 8 characters"));
}

}  // namespace
}  // namespace fakes::model
