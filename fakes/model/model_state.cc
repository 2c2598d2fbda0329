#include "fakes/model/model_state.h"

#include <chrono>
#include <ctime>

#include "harness/core/file_reader.h"

namespace fakes::model {
namespace {

using harness::Error;
using harness::ErrorCode;
using nlohmann::json;

bool constantTimeEquals(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

std::string nowIso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

harness::Result<std::vector<ApiKey>> loadKeysFile(const std::filesystem::path& path) {
  auto text = harness::readFileLimited(path, harness::kMaxInputFileBytes);
  if (!text) return text.error();
  json doc = json::parse(*text, nullptr, false);
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array())
    return Error{ErrorCode::InvalidInput, "expected {\"keys\":[{\"id\",\"key\"}]}", path.string()};
  std::vector<ApiKey> keys;
  for (size_t i = 0; i < doc["keys"].size(); ++i) {
    const json& k = doc["keys"][i];
    const std::string where = path.string() + ": keys[" + std::to_string(i) + "]";
    if (!k.is_object() || !k.contains("id") || !k["id"].is_string() || k["id"].get<std::string>().empty())
      return Error{ErrorCode::InvalidInput, "needs a non-empty string \"id\"", where};
    if (!k.contains("key") || !k["key"].is_string() || k["key"].get<std::string>().size() < 8)
      return Error{ErrorCode::InvalidInput, "needs a string \"key\" of at least 8 characters", where};
    keys.push_back(ApiKey{k["id"].get<std::string>(), k["key"].get<std::string>()});
  }
  return keys;
}

harness::Result<std::vector<ScriptedReply>> parseScriptedReplies(const json& body) {
  if (!body.is_object() || !body.contains("replies") || !body["replies"].is_array())
    return Error{ErrorCode::InvalidInput, "expected {\"replies\":[...]}", "replies"};
  std::vector<ScriptedReply> out;
  for (size_t i = 0; i < body["replies"].size(); ++i) {
    const json& r = body["replies"][i];
    const std::string where = "replies[" + std::to_string(i) + "]";
    if (!r.is_object()) return Error{ErrorCode::InvalidInput, "must be an object", where};
    ScriptedReply reply;
    for (const auto& [key, value] : r.items()) {
      if (key != "text" && key != "toolUse" && key != "error")
        return Error{ErrorCode::InvalidInput, "unknown key (text, toolUse, error)", where + "." + key};
    }
    if (r.contains("text")) {
      if (!r["text"].is_string()) return Error{ErrorCode::InvalidInput, "must be a string", where + ".text"};
      reply.text = r["text"].get<std::string>();
    }
    if (r.contains("toolUse")) {
      const json& t = r["toolUse"];
      if (!t.is_object() || !t.contains("name") || !t["name"].is_string() || t["name"].get<std::string>().empty())
        return Error{ErrorCode::InvalidInput, "needs a non-empty string", where + ".toolUse.name"};
      reply.toolName = t["name"].get<std::string>();
      if (t.contains("input")) {
        if (!t["input"].is_object()) return Error{ErrorCode::InvalidInput, "must be an object", where + ".toolUse.input"};
        reply.toolInput = t["input"];
      }
    }
    if (r.contains("error")) {
      const json& e = r["error"];
      if (!e.is_object() || !e.contains("status") || !e["status"].is_number_integer() || e["status"].get<int>() < 400 ||
          e["status"].get<int>() > 599)
        return Error{ErrorCode::InvalidInput, "needs an integer status 400-599", where + ".error.status"};
      reply.errorStatus = e["status"].get<int>();
      reply.errorType = e.value("type", "api_error");
      reply.errorMessage = e.value("message", "scripted error");
    }
    if (reply.text.empty() && !reply.toolName && !reply.errorStatus)
      return Error{ErrorCode::InvalidInput, "needs text, toolUse or error", where};
    out.push_back(std::move(reply));
  }
  return out;
}

const char* toString(AuthOutcome outcome) {
  switch (outcome) {
    case AuthOutcome::Matched: return "matched";
    case AuthOutcome::Missing: return "missing";
    case AuthOutcome::Unknown: return "unknown";
  }
  return "unknown";
}

ModelState::ModelState(std::vector<ApiKey> keys, std::string defaultReply)
    : keys_(std::move(keys)), defaultReply_(std::move(defaultReply)) {
  for (const auto& k : keys_) redactor_.addSecret(k.key);
}

AuthOutcome ModelState::authenticate(const std::string& presented, std::string* keyId) const {
  if (presented.empty()) return AuthOutcome::Missing;
  for (const auto& k : keys_) {
    if (constantTimeEquals(presented, k.key)) {
      if (keyId) *keyId = k.id;
      return AuthOutcome::Matched;
    }
  }
  return AuthOutcome::Unknown;
}

void ModelState::appendReplies(std::vector<ScriptedReply> replies) {
  std::lock_guard lock(mu_);
  for (auto& r : replies) queue_.push_back(std::move(r));
}

ModelState::NextReply ModelState::takeReply(const std::vector<std::string>& toolNames) {
  std::lock_guard lock(mu_);
  NextReply out;
  // A request that offers no tools is not an agent turn: OpenClaw 2026.9.6 sends such side
  // requests before and after a turn (measured: 3 requests per DM, tools 0/14/0). They get
  // the default reply and leave the script to the turns it was written for.
  if (queue_.empty() || toolNames.empty()) return out;
  const ScriptedReply& front = queue_.front();
  if (front.toolName) {
    bool offered = false;
    std::string names;
    for (const auto& n : toolNames) {
      offered = offered || n == *front.toolName;
      names += (names.empty() ? "" : ", ") + n;
    }
    if (!offered) {
      out.refusal = "tools: the scripted tool call \"" + *front.toolName + "\" is not among the request's tools (" +
                    (names.empty() ? "none" : names) + ")";
      return out;
    }
  }
  out.scripted = queue_.front();
  out.index = taken_++;
  queue_.pop_front();
  return out;
}

size_t ModelState::pendingReplies() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

int ModelState::record(json record) {
  std::lock_guard lock(mu_);
  const int seq = static_cast<int>(log_.size()) + 1;
  record["seq"] = seq;
  record["at"] = nowIso();
  log_.push_back(std::move(record));
  return seq;
}

json ModelState::requests() const {
  std::lock_guard lock(mu_);
  return json{{"requests", log_}};
}

json ModelState::status() const {
  std::lock_guard lock(mu_);
  json ids = json::array();
  for (const auto& k : keys_) ids.push_back(k.id);
  return json{{"pendingReplies", queue_.size()}, {"requests", log_.size()}, {"keys", ids}};
}

void ModelState::reset() {
  std::lock_guard lock(mu_);
  queue_.clear();
  log_.clear();
  taken_ = 0;
}

}  // namespace fakes::model
