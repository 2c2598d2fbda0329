#pragma once

// The fake model's state, shared by the API and the control API: the keys it accepts, the
// queue of scripted replies, and the log of every /v1/messages request. Thread-safe.
//
// Keys are compared in constant time and never stored in the log: a request records the id of
// the key that matched ("rescue"), or "missing"/"unknown". Recorded bodies pass through a
// Redactor that knows every configured key.

#include <nlohmann/json.hpp>

#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fakes/model/messages_protocol.h"
#include "harness/core/redactor.h"
#include "harness/core/result.h"

namespace fakes::model {

struct ApiKey {
  std::string id;
  std::string key;
};

// {"keys":[{"id":"rescue","key":"sk-..."}]}. Errors name the file and the entry.
harness::Result<std::vector<ApiKey>> loadKeysFile(const std::filesystem::path& path);

// One scripted reply, from the control API:
//   {"text":"..."}                                          a text answer
//   {"toolUse":{"name":"exec","input":{...}},"text"?:"..."} a tool call (text first, when given)
//   {"error":{"status":529,"type":"overloaded_error","message":"..."}}
struct ScriptedReply {
  std::string text;
  std::optional<std::string> toolName;
  nlohmann::json toolInput = nlohmann::json::object();
  std::optional<int> errorStatus;
  std::string errorType, errorMessage;
};
// Errors: InvalidInput naming the entry ("replies[1].toolUse.name").
harness::Result<std::vector<ScriptedReply>> parseScriptedReplies(const nlohmann::json& body);

enum class AuthOutcome { Matched, Missing, Unknown };
const char* toString(AuthOutcome outcome);

class ModelState {
 public:
  ModelState(std::vector<ApiKey> keys, std::string defaultReply);

  // x-api-key (or the token of "Authorization: Bearer") against the configured keys.
  AuthOutcome authenticate(const std::string& presented, std::string* keyId) const;

  void appendReplies(std::vector<ScriptedReply> replies);
  // The next reply for a request offering `toolNames`. A scripted tool call the request does not
  // offer stays queued and is reported through `refusal`. A request offering no tools at all
  // (a side request, not an agent turn) gets the default reply and takes nothing off the queue.
  struct NextReply {
    std::optional<ScriptedReply> scripted;  // nullopt: the default text reply
    int index = -1;                         // position in the script since the last reset
    std::string refusal;                    // non-empty: answer 400 with this
  };
  NextReply takeReply(const std::vector<std::string>& toolNames);
  size_t pendingReplies() const;

  // Records one request; returns its sequence number. `record` gets "seq" and "at".
  int record(nlohmann::json record);
  nlohmann::json requests() const;  // {"requests":[...]}
  nlohmann::json status() const;    // {"pendingReplies","requests","keys":[ids]}
  void reset();                     // clears the queue and the log

  const harness::Redactor& redactor() const { return redactor_; }
  const std::string& defaultReply() const { return defaultReply_; }
  int nextId() { std::lock_guard lock(mu_); return ++idCounter_; }

 private:
  std::vector<ApiKey> keys_;
  std::string defaultReply_;
  harness::Redactor redactor_;
  mutable std::mutex mu_;
  std::deque<ScriptedReply> queue_;
  int taken_ = 0;
  int idCounter_ = 0;
  std::vector<nlohmann::json> log_;
};

}  // namespace fakes::model
