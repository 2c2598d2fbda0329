#pragma once

// FakeModelClient: the /_fake/ control API of a running fake-model, for tests, scenarios and
// contracts. Plain std types only; cpp-httplib and nlohmann/json stay in the .cc.
//
//   FakeModelClient model(port);
//   model.script({ModelReply::exec("openclaw gateway start"), ModelReply::say("Main is back.")});
//   auto requests = model.requests();   // every /v1/messages request: key id, tools, tool results

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace fakes::model {

struct ModelReply {
  std::string text;              // said (before the tool call, when there is one)
  std::string toolName;          // empty: no tool call
  std::string toolInputJson = "{}";
  int errorStatus = 0;           // non-zero: answer this HTTP error instead
  std::string errorType = "api_error";
  std::string errorMessage = "scripted error";

  static ModelReply say(std::string text);
  static ModelReply callTool(std::string name, std::string inputJson, std::string text = "");
  // The exec tool with {"command": command}, as OpenClaw's agent calls it.
  static ModelReply exec(const std::string& command, std::string toolName = "exec");
  static ModelReply error(int status, std::string type, std::string message);
};

struct ModelToolResult {
  std::string toolUseId;
  std::string text;
  bool isError = false;
};

struct ModelRequestRecord {
  int seq = 0;
  std::string auth;                  // "matched" | "missing" | "unknown"
  std::optional<std::string> keyId;  // the id of the key that matched; never the key
  int status = 0;
  bool stream = false;
  std::string model;
  std::string lastUserText;
  std::vector<std::string> toolNames;
  std::vector<ModelToolResult> toolResults;
  std::string errorField, errorMessage;  // a 400's field and why
  std::string anthropicBeta, userAgent;
  std::string json;  // the whole record (body included), as the fake keeps it: keys redacted
};

class FakeModelClient {
 public:
  explicit FakeModelClient(uint16_t port, std::string host = "127.0.0.1");
  uint16_t port() const { return port_; }

  // Appends replies to the queue; each /v1/messages request takes the next one.
  harness::Status script(const std::vector<ModelReply>& replies);
  harness::Result<std::vector<ModelRequestRecord>> requests();
  harness::Result<size_t> pendingReplies();
  harness::Status reset();

 private:
  uint16_t port_;
  std::string host_;
};

}  // namespace fakes::model
