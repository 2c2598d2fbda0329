#include "fakes/discord/fake_discord_client.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace fakes::discord {

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
  json body = json::parse(res->body, nullptr, false);
  if (res->status == 404)
    return Error{ErrorCode::NotFound,
                 body.is_object() ? body.value("error", std::string("not found")) : std::string("not found"), what};
  if (res->status != 200)
    return Error{ErrorCode::InvalidInput, "HTTP " + std::to_string(res->status) + ": " + res->body, what};
  if (body.is_discarded() || !body.is_object()) return Error{ErrorCode::InvalidInput, "body is not a JSON object", what};
  return body;
}

template <typename F>
auto guarded(const std::string& what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const json::exception& e) {
    return Error{ErrorCode::InvalidInput, std::string("unexpected JSON: ") + e.what(), what};
  }
}

}  // namespace

FakeDiscordClient::FakeDiscordClient(uint16_t port, std::string host) : port_(port), host_(std::move(host)) {}

harness::Result<std::vector<BotStatus>> FakeDiscordClient::bots() {
  const std::string what = "GET /_fake/bots";
  return guarded(what, [&]() -> harness::Result<std::vector<BotStatus>> {
    auto body = toJson(makeClient(host_, port_)->Get("/_fake/bots"), what);
    if (!body) return body.error();
    std::vector<BotStatus> out;
    for (const auto& b : body->at("bots"))
      out.push_back(BotStatus{b.at("id").get<std::string>(), b.at("username").get<std::string>(),
                              b.at("sessions").get<int>(), b.at("identifies").get<int>()});
    return out;
  });
}

harness::Result<BotStatus> FakeDiscordClient::bot(const std::string& botId) {
  auto all = bots();
  if (!all) return all.error();
  for (const auto& b : *all)
    if (b.id == botId) return b;
  return Error{ErrorCode::NotFound, "no bot " + botId, "GET /_fake/bots"};
}

harness::Result<DmDelivery> FakeDiscordClient::sendDm(const std::string& botId, const std::string& content,
                                                      const std::string& authorId, const std::string& authorName) {
  const std::string what = "POST /_fake/dm";
  return guarded(what, [&]() -> harness::Result<DmDelivery> {
    json request = {{"botId", botId}, {"content", content}, {"authorId", authorId}};
    if (!authorName.empty()) request["authorName"] = authorName;
    auto body = toJson(makeClient(host_, port_)->Post("/_fake/dm", request.dump(), "application/json"), what);
    if (!body) return body.error();
    return DmDelivery{body->at("delivered").get<int>(), body->at("channelId").get<std::string>(),
                      body->at("messageId").get<std::string>()};
  });
}

harness::Result<std::vector<PostedMessage>> FakeDiscordClient::messages(const std::string& botId) {
  const std::string what = "GET /_fake/messages";
  return guarded(what, [&]() -> harness::Result<std::vector<PostedMessage>> {
    httplib::Params params;
    if (!botId.empty()) params.emplace("botId", botId);
    auto body = toJson(makeClient(host_, port_)->Get("/_fake/messages", params, httplib::Headers{}), what);
    if (!body) return body.error();
    std::vector<PostedMessage> out;
    for (const auto& m : body->at("messages"))
      out.push_back(PostedMessage{m.at("id").get<std::string>(), m.at("channelId").get<std::string>(),
                                  m.value("botId", std::string()), m.at("content").get<std::string>(),
                                  m.at("timestamp").get<std::string>()});
    return out;
  });
}

harness::Result<std::vector<RequestRecord>> FakeDiscordClient::requests() {
  const std::string what = "GET /_fake/requests";
  return guarded(what, [&]() -> harness::Result<std::vector<RequestRecord>> {
    auto body = toJson(makeClient(host_, port_)->Get("/_fake/requests"), what);
    if (!body) return body.error();
    std::vector<RequestRecord> out;
    for (const auto& r : body->at("requests")) {
      RequestRecord record{r.at("method").get<std::string>(), r.at("path").get<std::string>(), std::nullopt,
                           r.value("status", 0)};
      if (r.contains("botId") && r["botId"].is_string()) record.botId = r["botId"].get<std::string>();
      out.push_back(std::move(record));
    }
    return out;
  });
}

harness::Status FakeDiscordClient::reset() {
  const std::string what = "POST /_fake/reset";
  auto body = toJson(makeClient(host_, port_)->Post("/_fake/reset", "{}", "application/json"), what);
  if (!body) return body.error();
  return harness::ok();
}

}  // namespace fakes::discord
