// The fake model's pure parts: which request fields it accepts (and the field it names when it
// does not), how replies render as JSON and as SSE, and the control API's script format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakes/model/messages_protocol.h"
#include "fakes/model/model_state.h"

namespace fakes::model {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json minimalRequest() {
  return json{{"model", "claude-sonnet-4-5"},
              {"max_tokens", 1024},
              {"messages", json::array({{{"role", "user"}, {"content", "ping"}}})}};
}

TEST(FakeModelProtocol, AcceptsWhatTheSdkSends) {
  json body = minimalRequest();
  body["stream"] = true;
  body["system"] = json::array({{{"type", "text"}, {"text", "You are"}, {"cache_control", {{"type", "ephemeral"}}}}});
  body["tools"] = json::array({{{"name", "exec"}, {"description", "run"}, {"input_schema", {{"type", "object"}}}}});
  body["tool_choice"] = {{"type", "auto"}};
  body["temperature"] = 0.2;
  body["metadata"] = {{"user_id", "u"}};
  body["messages"].push_back({{"role", "assistant"},
                              {"content", json::array({{{"type", "tool_use"}, {"id", "t1"}, {"name", "exec"},
                                                        {"input", {{"command", "ls"}}}}})}});
  body["messages"].push_back(
      {{"role", "user"},
       {"content", json::array({{{"type", "tool_result"}, {"tool_use_id", "t1"},
                                 {"content", json::array({{{"type", "text"}, {"text", "file.txt"}}})}},
                                {{"type", "text"}, {"text", "continue"}}})}});
  auto parsed = parseMessagesRequest(body);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_TRUE(parsed->stream);
  EXPECT_EQ(parsed->toolNames, std::vector<std::string>{"exec"});
  EXPECT_EQ(parsed->messageCount, 3u);
  EXPECT_EQ(parsed->lastUserText, "continue");
  ASSERT_EQ(parsed->toolResults.size(), 1u);
  EXPECT_EQ(parsed->toolResults[0].toolUseId, "t1");
  EXPECT_EQ(parsed->toolResults[0].text, "file.txt");
}

TEST(FakeModelProtocol, ToolResultsAreThoseSinceTheLastAssistantMessage) {
  auto toolUse = [](const char* id) {
    return json{{"role", "assistant"},
                {"content", json::array({{{"type", "tool_use"}, {"id", id}, {"name", "exec"}, {"input", json::object()}}})}};
  };
  auto toolResult = [](const char* id, const char* text) {
    return json{{"role", "user"},
                {"content", json::array({{{"type", "tool_result"}, {"tool_use_id", id}, {"content", text}}})}};
  };
  json body = minimalRequest();
  body["messages"].push_back(toolUse("t1"));
  body["messages"].push_back(toolResult("t1", "old"));  // answered already: not this turn's
  body["messages"].push_back(toolUse("t2"));
  body["messages"].push_back(toolResult("t2", "Restarted LaunchAgent"));
  body["messages"].push_back({{"role", "user"}, {"content", "reminder: be brief"}});  // follows the result
  auto parsed = parseMessagesRequest(body);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  ASSERT_EQ(parsed->toolResults.size(), 1u);
  EXPECT_EQ(parsed->toolResults[0].toolUseId, "t2");
  EXPECT_EQ(parsed->toolResults[0].text, "Restarted LaunchAgent");
  EXPECT_EQ(parsed->lastUserText, "reminder: be brief");
}

TEST(FakeModelProtocol, UnknownFieldsAreNamed) {
  struct Case {
    std::function<void(json&)> edit;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](json& b) { b["context_management"] = json::object(); }, "context_management"},
      {[](json& b) { b["messages"][0]["name"] = "x"; }, "messages[0].name"},
      {[](json& b) {
         b["messages"][0]["content"] = json::array({{{"type", "text"}, {"text", "hi"}, {"extra", 1}}});
       },
       "messages[0].content[0].extra"},
      {[](json& b) { b["messages"][0]["content"] = json::array({{{"type", "document"}}}); },
       "messages[0].content[0].type"},
      {[](json& b) { b["tools"] = json::array({{{"type", "web_search_20250305"}, {"name", "web_search"}}}); },
       "tools[0].type"},
      {[](json& b) { b["tools"] = json::array({{{"name", "exec"}, {"input_schema", {}}, {"strict", true}}}); },
       "tools[0].strict"},
      {[](json& b) { b["thinking"] = {{"type", "enabled"}, {"effort", "high"}}; }, "thinking.effort"},
      {[](json& b) { b.erase("max_tokens"); }, "max_tokens"},
      {[](json& b) { b["output_config"] = {{"effort", "high"}, {"task_budget", 5}}; }, "output_config.task_budget"},
      {[](json& b) { b["output_config"] = {{"effort", 3}}; }, "output_config.effort"},
      {[](json& b) { b["messages"] = json::array(); }, "messages"},
      {[](json& b) { b["system"] = json::array({{{"type", "text"}, {"text", "s"}, {"cache_control", {{"type", "x"}}}}}); },
       "system[0].cache_control.type"},
  };
  for (const auto& c : cases) {
    json body = minimalRequest();
    c.edit(body);
    auto parsed = parseMessagesRequest(body);
    ASSERT_FALSE(parsed) << c.field;
    EXPECT_EQ(parsed.error().context, c.field) << parsed.error().message;
  }
  EXPECT_FALSE(parseMessagesRequest(json::array()));
}

TEST(FakeModelProtocol, OutputConfigAsOpenClaw2026_9_6SendsItIsAccepted) {
  // Found by running the real 2026.9.6 against the fake (contract.rescue.dm-answered): its second
  // request carried output_config and was answered 400 until the fake accepted it.
  json body = minimalRequest();
  body["output_config"] = {{"effort", "high"}, {"format", {{"type", "json_schema"}, {"schema", json::object()}}}};
  auto parsed = parseMessagesRequest(body);
  EXPECT_TRUE(parsed) << parsed.error().describe();
}

TEST(FakeModelProtocol, JsonReplyCarriesToolUseAndStopReason) {
  RenderedReply reply{"msg_1", "m", {{"text", "Restarting main.", "", "", json::object()},
                                      {"tool_use", "", "toolu_1", "exec", {{"command", "openclaw gateway start"}}}}};
  const json j = toMessageJson(reply);
  EXPECT_EQ(j["type"], "message");
  EXPECT_EQ(j["stop_reason"], "tool_use");
  ASSERT_EQ(j["content"].size(), 2u);
  EXPECT_EQ(j["content"][1]["input"]["command"], "openclaw gateway start");
  reply.blocks.pop_back();
  EXPECT_EQ(toMessageJson(reply)["stop_reason"], "end_turn");
}

TEST(FakeModelProtocol, SseEventsReassembleToTheReply) {
  const std::string text = "Main is back: gateway läuft wieder.";
  RenderedReply reply{"msg_2", "m", {{"text", text, "", "", json::object()},
                                      {"tool_use", "", "toolu_2", "exec", {{"command", "openclaw gateway start"}}}}};
  const auto events = toSseEvents(reply, 5);
  ASSERT_GE(events.size(), 8u);
  EXPECT_EQ(events.front().event, "message_start");
  EXPECT_EQ(events.back().event, "message_stop");
  EXPECT_EQ(events[events.size() - 2].data["delta"]["stop_reason"], "tool_use");
  std::string gotText, gotJson;
  int starts = 0, stops = 0;
  for (const auto& e : events) {
    EXPECT_EQ(e.data["type"], e.event);
    EXPECT_THAT(e.wire(), HasSubstr("event: " + e.event + "\ndata: "));
    if (e.event == "content_block_start") ++starts;
    if (e.event == "content_block_stop") ++stops;
    if (e.event == "content_block_delta" && e.data["delta"]["type"] == "text_delta")
      gotText += e.data["delta"]["text"].get<std::string>();
    if (e.event == "content_block_delta" && e.data["delta"]["type"] == "input_json_delta")
      gotJson += e.data["delta"]["partial_json"].get<std::string>();
  }
  EXPECT_EQ(starts, 2);
  EXPECT_EQ(stops, 2);
  EXPECT_EQ(gotText, text);  // split without breaking the UTF-8 "ä"
  EXPECT_EQ(json::parse(gotJson)["command"], "openclaw gateway start");
}

TEST(FakeModelScript, ParsesRepliesAndNamesBadEntries) {
  auto ok = parseScriptedReplies(json::parse(
      R"({"replies":[{"toolUse":{"name":"exec","input":{"command":"x"}}},{"text":"done"},{"error":{"status":529}}]})"));
  ASSERT_TRUE(ok) << ok.error().describe();
  ASSERT_EQ(ok->size(), 3u);
  EXPECT_EQ(*(*ok)[0].toolName, "exec");
  EXPECT_EQ((*ok)[1].text, "done");
  EXPECT_EQ(*(*ok)[2].errorStatus, 529);

  for (const auto& [body, context] : std::vector<std::pair<std::string, std::string>>{
           {R"({"replies":[{"txt":"x"}]})", "replies[0].txt"},
           {R"({"replies":[{}]})", "replies[0]"},
           {R"({"replies":[{"toolUse":{"input":{}}}]})", "replies[0].toolUse.name"},
           {R"({"replies":[{"error":{"status":200}}]})", "replies[0].error.status"},
           {R"({"nope":[]})", "replies"}}) {
    auto bad = parseScriptedReplies(json::parse(body));
    ASSERT_FALSE(bad) << body;
    EXPECT_EQ(bad.error().context, context);
  }
}

TEST(FakeModelState, KeysMatchByIdAndAToolCallWaitsForItsTool) {
  ModelState state({{"rescue", "sk-ant-rescue-key-1"}, {"main", "sk-ant-main-key-2"}}, "default");
  std::string id;
  EXPECT_EQ(state.authenticate("sk-ant-rescue-key-1", &id), AuthOutcome::Matched);
  EXPECT_EQ(id, "rescue");
  EXPECT_EQ(state.authenticate("sk-ant-rescue-key-", nullptr), AuthOutcome::Unknown);
  EXPECT_EQ(state.authenticate("", nullptr), AuthOutcome::Missing);

  ScriptedReply call;
  call.toolName = "exec";
  state.appendReplies({call});
  auto refused = state.takeReply({"read", "write"});
  EXPECT_FALSE(refused.scripted);
  EXPECT_THAT(refused.refusal, HasSubstr("\"exec\" is not among the request's tools (read, write)"));
  EXPECT_EQ(state.pendingReplies(), 1u);
  auto taken = state.takeReply({"read", "exec"});
  ASSERT_TRUE(taken.scripted);
  EXPECT_EQ(taken.index, 0);
  EXPECT_FALSE(state.takeReply({}).scripted);  // empty queue: the default reply

  state.record(json{{"lastUserText", "my key is sk-ant-main-key-2"}});
  // The server records through the redactor; the state's redactor knows every key.
  EXPECT_EQ(state.redactor().redact("sk-ant-main-key-2"), "[redacted]");
}

TEST(FakeModelState, ARequestWithoutToolsIsASideRequestAndTakesNoScriptedReply) {
  // OpenClaw 2026.9.6 sends requests with no tools around an agent turn (tools 0, 14, 0): the
  // script is for the turn.
  ModelState state({{"rescue", "k"}}, "default");
  ScriptedReply say;
  say.text = "RESCUE-CONTRACT-DONE";
  state.appendReplies({say});
  auto side = state.takeReply({});
  EXPECT_FALSE(side.scripted);
  EXPECT_TRUE(side.refusal.empty());
  EXPECT_EQ(state.pendingReplies(), 1u);
  auto turn = state.takeReply({"exec", "read"});
  ASSERT_TRUE(turn.scripted);
  EXPECT_EQ(turn.scripted->text, "RESCUE-CONTRACT-DONE");
  EXPECT_EQ(state.pendingReplies(), 0u);
}

}  // namespace
}  // namespace fakes::model
