#include "fakes/discord/control_api.h"

#include <nlohmann/json.hpp>

#include "fakes/discord/shared_state.h"

namespace fakes::discord {

using nlohmann::json;

namespace {

HttpReply reply(int status, const json& body) { return HttpReply{status, body.dump(), {}}; }
HttpReply error(int status, const std::string& message) { return reply(status, json{{"error", message}}); }

}  // namespace

bool ControlApi::handles(const std::string& target) { return target.rfind(kControlPrefix, 0) == 0; }

HttpReply ControlApi::handle(const HttpExchange& exchange) {
  const std::string path = targetPath(exchange.target);
  const std::string& method = exchange.method;
  if (path == "/_fake/bots") {
    if (method != "GET") return error(405, "use GET");
    json bots = json::array();
    for (const auto& c : state_.botCounters())
      bots.push_back({{"id", c.id}, {"username", c.username}, {"sessions", c.sessions}, {"identifies", c.identifies}});
    return reply(200, json{{"bots", bots}});
  }
  if (path == "/_fake/dm") {
    if (method != "POST") return error(405, "use POST");
    return sendDm(exchange.body);
  }
  if (path == "/_fake/messages") {
    if (method != "GET") return error(405, "use GET");
    const std::string botId = queryParam(targetQuery(exchange.target), "botId");
    json messages = json::array();
    for (const auto& m : state_.messages(botId.empty() ? std::nullopt : std::optional<std::string>(botId)))
      messages.push_back({{"id", m.id}, {"channelId", m.channelId}, {"botId", m.botId}, {"content", m.content},
                          {"timestamp", m.timestamp}});
    return reply(200, json{{"messages", messages}});
  }
  if (path == "/_fake/requests") {
    if (method != "GET") return error(405, "use GET");
    json requests = json::array();
    for (const auto& r : state_.requests())
      requests.push_back({{"method", r.method},
                          {"path", r.path},
                          {"botId", r.botId ? json(*r.botId) : json(nullptr)},
                          {"status", r.status}});
    return reply(200, json{{"requests", requests}});
  }
  if (path == "/_fake/reset") {
    if (method != "POST") return error(405, "use POST");
    state_.reset();
    state_.log("[control] reset: messages and request log cleared");
    return reply(200, json{{"ok", true}});
  }
  if (path == "/_fake/health") return reply(200, json{{"ok", true}});
  return error(404, "unknown control endpoint " + path);
}

HttpReply ControlApi::sendDm(const std::string& body) {
  const json request = json::parse(body.empty() ? std::string("{}") : body, nullptr, false);
  if (request.is_discarded() || !request.is_object()) return error(400, "body must be a JSON object");
  auto stringField = [&](const char* key, const std::string& fallback) {
    auto it = request.find(key);
    return it != request.end() && it->is_string() ? it->get<std::string>() : fallback;
  };
  const std::string botId = stringField("botId", "");
  if (botId.empty()) return error(400, "botId is required");
  if (!request.contains("content") || !request["content"].is_string()) return error(400, "content is required");
  const BotConfig* bot = state_.botForId(botId);
  if (!bot) return error(404, "unknown bot " + botId);
  const std::string authorId = stringField("authorId", kDefaultDmAuthorId);
  const std::string authorName = stringField("authorName", "");

  const DmChannel channel = state_.dmChannel(bot->id, authorId, authorName);
  const std::string messageId = state_.nextSnowflake();
  const json data = {{"id", messageId},
                     {"channel_id", channel.id},
                     {"author",
                      {{"id", authorId},
                       {"username", channel.userName},
                       {"discriminator", "0"},
                       {"global_name", nullptr},
                       {"avatar", nullptr},
                       {"bot", false}}},
                     {"content", request["content"]},
                     {"timestamp", SharedState::isoTimestampNow()},
                     {"edited_timestamp", nullptr},
                     {"type", 0},
                     {"tts", false},
                     {"flags", 0},
                     {"pinned", false},
                     {"mention_everyone", false},
                     {"mentions", json::array()},
                     {"mention_roles", json::array()},
                     {"attachments", json::array()},
                     {"embeds", json::array()},
                     {"components", json::array()}};
  const int delivered = state_.dispatchToBot(bot->id, "MESSAGE_CREATE", data);
  state_.log("[control] DM to bot " + bot->id + " in channel " + channel.id + " delivered to " +
             std::to_string(delivered) + " session(s)");
  return reply(200, json{{"delivered", delivered}, {"channelId", channel.id}, {"messageId", messageId}});
}

}  // namespace fakes::discord
