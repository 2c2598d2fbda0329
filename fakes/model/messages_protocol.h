#pragma once

// The Anthropic Messages API as the fake model speaks it (POST /v1/messages): which request
// fields it understands, and how a scripted reply is rendered as one JSON message or as the
// SSE event sequence (message_start, content_block_start/delta/stop, message_delta,
// message_stop). Pure functions, no sockets: unit-tested without a server.
//
// A field the fake does not understand is an error naming it ("messages[2].content[0].foo"),
// which the server answers with 400 invalid_request_error: whatever a real OpenClaw release sends
// that the fake does not model shows up as a clear finding, never as a silently wrong answer.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "harness/core/result.h"

namespace fakes::model {

// What the fake keeps of a request (the body itself is recorded, redacted, by the server).
struct MessagesRequest {
  std::string model;
  bool stream = false;
  int maxTokens = 0;
  std::vector<std::string> toolNames;  // tools[].name, in order
  std::string lastUserText;            // the text blocks of the last user message, joined by "\n"
  // tool_result blocks of the last user message: tool_use_id and their text.
  struct ToolResult {
    std::string toolUseId;
    std::string text;
    bool isError = false;
  };
  std::vector<ToolResult> toolResults;
  size_t messageCount = 0;
};

// Errors: InvalidInput whose `context` is the offending field's path and `message` says why.
harness::Result<MessagesRequest> parseMessagesRequest(const nlohmann::json& body);

// One content block of a scripted reply: {"type":"text","text"} or
// {"type":"tool_use","id","name","input"}.
struct ReplyBlock {
  std::string type;  // "text" | "tool_use"
  std::string text;
  std::string toolUseId;
  std::string toolName;
  nlohmann::json input = nlohmann::json::object();
};

struct RenderedReply {
  std::string messageId;
  std::string model;
  std::vector<ReplyBlock> blocks;
  int inputTokens = 0;
  int outputTokens = 0;
  // "tool_use" when a block is a tool call, else "end_turn".
  std::string stopReason() const;
};

nlohmann::json toMessageJson(const RenderedReply& reply);

struct SseEvent {
  std::string event;
  nlohmann::json data;
  std::string wire() const;  // "event: X\ndata: {...}\n\n"
};
// message_start, ping, per block start/delta(s)/stop, message_delta, message_stop. Text is
// split into deltas of at most `chunk` bytes (UTF-8 safe), tool input JSON likewise.
std::vector<SseEvent> toSseEvents(const RenderedReply& reply, size_t chunk = 16);

// {"type":"error","error":{"type":TYPE,"message":MESSAGE}}
nlohmann::json errorBody(const std::string& type, const std::string& message);

}  // namespace fakes::model
