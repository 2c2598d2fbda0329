#include "fakes/model/messages_protocol.h"

#include <initializer_list>
#include <set>

namespace fakes::model {
namespace {

using harness::Error;
using harness::ErrorCode;
using nlohmann::json;

Error bad(const std::string& field, const std::string& why) { return Error{ErrorCode::InvalidInput, why, field}; }

// The first key of `object` not in `known`, as "path.key"; empty when all are known.
std::string unknownKey(const json& object, std::initializer_list<const char*> known, const std::string& path) {
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (const char* k : known) found = found || key == k;
    if (!found) return path.empty() ? key : path + "." + key;
  }
  return "";
}

harness::Status checkFields(const json& object, std::initializer_list<const char*> known, const std::string& path) {
  if (!object.is_object()) return bad(path, "must be an object");
  if (auto key = unknownKey(object, known, path); !key.empty()) return bad(key, "field not supported by the fake model");
  return harness::ok();
}

harness::Status checkCacheControl(const json& block, const std::string& path) {
  if (!block.contains("cache_control")) return harness::ok();
  const json& cc = block["cache_control"];
  if (cc.is_null()) return harness::ok();
  if (auto s = checkFields(cc, {"type", "ttl"}, path + ".cache_control"); !s) return s;
  if (cc.value("type", "") != "ephemeral") return bad(path + ".cache_control.type", "only \"ephemeral\" is supported");
  return harness::ok();
}

harness::Status requireString(const json& object, const char* key, const std::string& path) {
  if (!object.contains(key) || !object[key].is_string()) return bad(path + "." + key, "must be a string");
  return harness::ok();
}

// Blocks a tool_result's content may hold, and a message's content.
harness::Status checkBlock(const json& block, const std::string& path, bool insideToolResult,
                           MessagesRequest::ToolResult* toolResult, std::string* text) {
  if (!block.is_object()) return bad(path, "must be an object");
  if (!block.contains("type") || !block["type"].is_string()) return bad(path + ".type", "must be a string");
  const std::string type = block["type"].get<std::string>();
  if (type == "text") {
    if (auto s = checkFields(block, {"type", "text", "cache_control", "citations"}, path); !s) return s;
    if (auto s = requireString(block, "text", path); !s) return s;
    if (text) *text += (text->empty() ? "" : "\n") + block["text"].get<std::string>();
  } else if (type == "image") {
    if (auto s = checkFields(block, {"type", "source", "cache_control"}, path); !s) return s;
  } else if (insideToolResult) {
    return bad(path + ".type", "\"" + type + "\" is not supported inside a tool_result by the fake model");
  } else if (type == "tool_use") {
    if (auto s = checkFields(block, {"type", "id", "name", "input", "cache_control"}, path); !s) return s;
    if (auto s = requireString(block, "id", path); !s) return s;
    if (auto s = requireString(block, "name", path); !s) return s;
    if (!block.contains("input") || !block["input"].is_object()) return bad(path + ".input", "must be an object");
  } else if (type == "tool_result") {
    if (auto s = checkFields(block, {"type", "tool_use_id", "content", "is_error", "cache_control"}, path); !s)
      return s;
    if (auto s = requireString(block, "tool_use_id", path); !s) return s;
    MessagesRequest::ToolResult result;
    result.toolUseId = block["tool_use_id"].get<std::string>();
    result.isError = block.value("is_error", false);
    if (block.contains("content")) {
      const json& content = block["content"];
      if (content.is_string()) {
        result.text = content.get<std::string>();
      } else if (content.is_array()) {
        for (size_t i = 0; i < content.size(); ++i) {
          if (auto s = checkBlock(content[i], path + ".content[" + std::to_string(i) + "]", true, nullptr,
                                  &result.text);
              !s)
            return s;
        }
      } else {
        return bad(path + ".content", "must be a string or an array of blocks");
      }
    }
    if (toolResult) *toolResult = std::move(result);
  } else if (type == "thinking") {
    if (auto s = checkFields(block, {"type", "thinking", "signature"}, path); !s) return s;
  } else if (type == "redacted_thinking") {
    if (auto s = checkFields(block, {"type", "data"}, path); !s) return s;
  } else {
    return bad(path + ".type", "content block type \"" + type + "\" is not supported by the fake model");
  }
  return checkCacheControl(block, path);
}

harness::Status checkSystem(const json& system) {
  if (system.is_string()) return harness::ok();
  if (!system.is_array()) return bad("system", "must be a string or an array of text blocks");
  for (size_t i = 0; i < system.size(); ++i) {
    const std::string path = "system[" + std::to_string(i) + "]";
    if (!system[i].is_object() || system[i].value("type", "") != "text")
      return bad(path + ".type", "system blocks must be text blocks");
    if (auto s = checkBlock(system[i], path, false, nullptr, nullptr); !s) return s;
  }
  return harness::ok();
}

harness::Status checkTools(const json& tools, MessagesRequest& out) {
  if (!tools.is_array()) return bad("tools", "must be an array");
  for (size_t i = 0; i < tools.size(); ++i) {
    const std::string path = "tools[" + std::to_string(i) + "]";
    const json& tool = tools[i];
    if (auto s = checkFields(tool, {"name", "description", "input_schema", "cache_control", "type"}, path); !s)
      return s;
    if (tool.contains("type") && tool["type"] != "custom")
      return bad(path + ".type", "server tools are not supported by the fake model (only custom tools)");
    if (auto s = requireString(tool, "name", path); !s) return s;
    if (!tool.contains("input_schema") || !tool["input_schema"].is_object())
      return bad(path + ".input_schema", "must be an object");
    if (auto s = checkCacheControl(tool, path); !s) return s;
    out.toolNames.push_back(tool["name"].get<std::string>());
  }
  return harness::ok();
}

// Splits at most `chunk` bytes without cutting a UTF-8 sequence.
std::vector<std::string> splitUtf8(const std::string& text, size_t chunk) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.size(), pos + std::max<size_t>(chunk, 4));
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    parts.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  if (parts.empty()) parts.emplace_back();
  return parts;
}

json usage(int input, int output) {
  return json{{"input_tokens", input}, {"output_tokens", output}, {"cache_creation_input_tokens", 0},
              {"cache_read_input_tokens", 0}};
}

json blockJson(const ReplyBlock& b) {
  if (b.type == "tool_use") return json{{"type", "tool_use"}, {"id", b.toolUseId}, {"name", b.toolName}, {"input", b.input}};
  return json{{"type", "text"}, {"text", b.text}};
}

}  // namespace

harness::Result<MessagesRequest> parseMessagesRequest(const json& body) {
  if (!body.is_object()) return bad("(body)", "must be a JSON object");
  MessagesRequest out;
  if (auto s = checkFields(body,
                           {"model", "messages", "max_tokens", "system", "tools", "tool_choice", "stream", "temperature",
                            "top_p", "top_k", "stop_sequences", "metadata", "thinking", "service_tier", "output_config"},
                           "");
      !s)
    return s.error();
  if (!body.contains("model") || !body["model"].is_string()) return bad("model", "must be a string");
  out.model = body["model"].get<std::string>();
  if (!body.contains("max_tokens") || !body["max_tokens"].is_number_integer() || body["max_tokens"].get<long>() < 1)
    return bad("max_tokens", "must be a positive integer");
  out.maxTokens = body["max_tokens"].get<int>();
  if (body.contains("stream")) {
    if (!body["stream"].is_boolean()) return bad("stream", "must be a boolean");
    out.stream = body["stream"].get<bool>();
  }
  for (const char* key : {"temperature", "top_p", "top_k"}) {
    if (body.contains(key) && !body[key].is_number()) return bad(key, "must be a number");
  }
  if (body.contains("stop_sequences") && !body["stop_sequences"].is_array())
    return bad("stop_sequences", "must be an array");
  if (body.contains("metadata")) {
    if (auto s = checkFields(body["metadata"], {"user_id"}, "metadata"); !s) return s.error();
  }
  if (body.contains("thinking")) {
    if (auto s = checkFields(body["thinking"], {"type", "budget_tokens", "display"}, "thinking"); !s) return s.error();
  }
  // Sent by OpenClaw 2026.9.6 (effort, structured output); accepted, not acted on.
  if (body.contains("output_config")) {
    if (auto s = checkFields(body["output_config"], {"effort", "format"}, "output_config"); !s) return s.error();
    const json& oc = body["output_config"];
    if (oc.contains("effort") && !oc["effort"].is_string()) return bad("output_config.effort", "must be a string");
    if (oc.contains("format") && !oc["format"].is_object()) return bad("output_config.format", "must be an object");
  }
  if (body.contains("tool_choice")) {
    if (auto s = checkFields(body["tool_choice"], {"type", "name", "disable_parallel_tool_use"}, "tool_choice"); !s)
      return s.error();
  }
  if (body.contains("system")) {
    if (auto s = checkSystem(body["system"]); !s) return s.error();
  }
  if (body.contains("tools")) {
    if (auto s = checkTools(body["tools"], out); !s) return s.error();
  }

  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty())
    return bad("messages", "must be a non-empty array");
  const json& messages = body["messages"];
  out.messageCount = messages.size();
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string path = "messages[" + std::to_string(i) + "]";
    const json& m = messages[i];
    if (auto s = checkFields(m, {"role", "content"}, path); !s) return s.error();
    const std::string role = m.value("role", "");
    if (role != "user" && role != "assistant") return bad(path + ".role", "must be \"user\" or \"assistant\"");
    const bool last = i + 1 == messages.size();
    std::string text;
    std::vector<MessagesRequest::ToolResult> results;
    if (!m.contains("content")) return bad(path + ".content", "is required");
    if (m["content"].is_string()) {
      text = m["content"].get<std::string>();
    } else if (m["content"].is_array()) {
      for (size_t j = 0; j < m["content"].size(); ++j) {
        MessagesRequest::ToolResult result;
        const json& block = m["content"][j];
        if (auto s = checkBlock(block, path + ".content[" + std::to_string(j) + "]", false, &result, &text); !s)
          return s.error();
        if (block.value("type", "") == "tool_result") results.push_back(std::move(result));
      }
    } else {
      return bad(path + ".content", "must be a string or an array of blocks");
    }
    // The tool results the model is answering: those in the user messages since the last
    // assistant message (a release may follow its tool_result message with another user
    // message, e.g. a reminder).
    if (role == "assistant") {
      out.toolResults.clear();
    } else {
      for (auto& r : results) out.toolResults.push_back(std::move(r));
    }
    if (last && role == "user") out.lastUserText = text;
  }
  return out;
}

std::string RenderedReply::stopReason() const {
  for (const auto& b : blocks) {
    if (b.type == "tool_use") return "tool_use";
  }
  return "end_turn";
}

json toMessageJson(const RenderedReply& reply) {
  json content = json::array();
  for (const auto& b : reply.blocks) content.push_back(blockJson(b));
  return json{{"id", reply.messageId},       {"type", "message"},         {"role", "assistant"},
              {"model", reply.model},        {"content", content},        {"stop_reason", reply.stopReason()},
              {"stop_sequence", nullptr},    {"usage", usage(reply.inputTokens, reply.outputTokens)}};
}

std::string SseEvent::wire() const { return "event: " + event + "\ndata: " + data.dump() + "\n\n"; }

std::vector<SseEvent> toSseEvents(const RenderedReply& reply, size_t chunk) {
  std::vector<SseEvent> events;
  events.push_back({"message_start",
                    {{"type", "message_start"},
                     {"message",
                      {{"id", reply.messageId},
                       {"type", "message"},
                       {"role", "assistant"},
                       {"model", reply.model},
                       {"content", json::array()},
                       {"stop_reason", nullptr},
                       {"stop_sequence", nullptr},
                       {"usage", usage(reply.inputTokens, 1)}}}}});
  events.push_back({"ping", {{"type", "ping"}}});
  for (size_t i = 0; i < reply.blocks.size(); ++i) {
    const ReplyBlock& b = reply.blocks[i];
    json start = b.type == "tool_use"
                     ? json{{"type", "tool_use"}, {"id", b.toolUseId}, {"name", b.toolName}, {"input", json::object()}}
                     : json{{"type", "text"}, {"text", ""}};
    events.push_back({"content_block_start", {{"type", "content_block_start"}, {"index", i}, {"content_block", start}}});
    if (b.type == "tool_use") {
      for (const auto& part : splitUtf8(b.input.dump(), chunk)) {
        events.push_back({"content_block_delta",
                          {{"type", "content_block_delta"},
                           {"index", i},
                           {"delta", {{"type", "input_json_delta"}, {"partial_json", part}}}}});
      }
    } else {
      for (const auto& part : splitUtf8(b.text, chunk)) {
        events.push_back({"content_block_delta",
                          {{"type", "content_block_delta"}, {"index", i}, {"delta", {{"type", "text_delta"}, {"text", part}}}}});
      }
    }
    events.push_back({"content_block_stop", {{"type", "content_block_stop"}, {"index", i}}});
  }
  events.push_back({"message_delta",
                    {{"type", "message_delta"},
                     {"delta", {{"stop_reason", reply.stopReason()}, {"stop_sequence", nullptr}}},
                     {"usage", {{"output_tokens", reply.outputTokens}}}}});
  events.push_back({"message_stop", {{"type", "message_stop"}}});
  return events;
}

json errorBody(const std::string& type, const std::string& message) {
  return json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}};
}

}  // namespace fakes::model
