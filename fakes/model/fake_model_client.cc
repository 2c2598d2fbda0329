#include "fakes/model/fake_model_client.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace fakes::model {

using harness::Error;
using harness::ErrorCode;
using nlohmann::json;

namespace {

std::unique_ptr<httplib::Client> makeClient(const std::string& host, uint16_t port) {
  auto client = std::make_unique<httplib::Client>(host, port);
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::seconds(10));
  client->set_write_timeout(std::chrono::seconds(10));
  return client;
}

harness::Result<json> toJson(const httplib::Result& res, const std::string& what) {
  if (!res) return Error{ErrorCode::Io, "request failed: " + httplib::to_string(res.error()), what};
  if (res->status != 200) return Error{ErrorCode::InvalidInput, "HTTP " + std::to_string(res->status) + ": " + res->body, what};
  json body = json::parse(res->body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Error{ErrorCode::InvalidInput, "body is not a JSON object", what};
  return body;
}

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

ModelReply ModelReply::say(std::string text) {
  ModelReply r;
  r.text = std::move(text);
  return r;
}

ModelReply ModelReply::callTool(std::string name, std::string inputJson, std::string text) {
  ModelReply r;
  r.toolName = std::move(name);
  r.toolInputJson = std::move(inputJson);
  r.text = std::move(text);
  return r;
}

ModelReply ModelReply::exec(const std::string& command, std::string toolName) {
  return callTool(std::move(toolName), json{{"command", command}}.dump());
}

ModelReply ModelReply::error(int status, std::string type, std::string message) {
  ModelReply r;
  r.errorStatus = status;
  r.errorType = std::move(type);
  r.errorMessage = std::move(message);
  return r;
}

FakeModelClient::FakeModelClient(uint16_t port, std::string host) : port_(port), host_(std::move(host)) {}

harness::Status FakeModelClient::script(const std::vector<ModelReply>& replies) {
  const std::string what = "POST /_fake/replies";
  json list = json::array();
  for (const auto& r : replies) {
    json entry = json::object();
    if (!r.text.empty()) entry["text"] = r.text;
    if (!r.toolName.empty()) {
      json input = json::parse(r.toolInputJson, nullptr, false);
      if (!input.is_object()) return Error{ErrorCode::InvalidInput, "tool input is not a JSON object", r.toolName};
      entry["toolUse"] = {{"name", r.toolName}, {"input", input}};
    }
    if (r.errorStatus) entry["error"] = {{"status", r.errorStatus}, {"type", r.errorType}, {"message", r.errorMessage}};
    list.push_back(entry);
  }
  auto body = toJson(makeClient(host_, port_)->Post("/_fake/replies", json{{"replies", list}}.dump(), "application/json"),
                     what);
  if (!body) return body.error();
  return harness::ok();
}

harness::Result<std::vector<ModelRequestRecord>> FakeModelClient::requests() {
  const std::string what = "GET /_fake/requests";
  auto body = toJson(makeClient(host_, port_)->Get("/_fake/requests"), what);
  if (!body) return body.error();
  std::vector<ModelRequestRecord> out;
  try {
    for (const auto& r : body->at("requests")) {
      ModelRequestRecord rec;
      rec.seq = r.value("seq", 0);
      rec.auth = str(r, "auth");
      if (r.contains("keyId") && r["keyId"].is_string()) rec.keyId = r["keyId"].get<std::string>();
      rec.status = r.value("status", 0);
      rec.stream = r.value("stream", false);
      rec.model = str(r, "model");
      rec.lastUserText = str(r, "lastUserText");
      if (r.contains("toolNames") && r["toolNames"].is_array())
        for (const auto& n : r["toolNames"]) rec.toolNames.push_back(n.get<std::string>());
      if (r.contains("toolResults") && r["toolResults"].is_array())
        for (const auto& t : r["toolResults"])
          rec.toolResults.push_back(ModelToolResult{str(t, "toolUseId"), str(t, "text"), t.value("isError", false)});
      if (r.contains("error") && r["error"].is_object()) {
        rec.errorField = str(r["error"], "field");
        rec.errorMessage = str(r["error"], "message");
      }
      rec.anthropicBeta = str(r, "anthropicBeta");
      rec.userAgent = str(r, "userAgent");
      rec.json = r.dump();
      out.push_back(std::move(rec));
    }
  } catch (const json::exception& e) {
    return Error{ErrorCode::InvalidInput, std::string("unexpected JSON: ") + e.what(), what};
  }
  return out;
}

harness::Result<size_t> FakeModelClient::pendingReplies() {
  auto body = toJson(makeClient(host_, port_)->Get("/_fake/status"), "GET /_fake/status");
  if (!body) return body.error();
  return body->value("pendingReplies", size_t{0});
}

harness::Status FakeModelClient::reset() {
  auto body = toJson(makeClient(host_, port_)->Post("/_fake/reset", "", "application/json"), "POST /_fake/reset");
  if (!body) return body.error();
  return harness::ok();
}

}  // namespace fakes::model
