#include "fakes/discord/rest_router.h"

#include <nlohmann/json.hpp>

#include <vector>

#include "fakes/discord/shared_state.h"

namespace fakes::discord {

using nlohmann::json;

namespace {

HttpReply jsonReply(int status, const json& body) { return HttpReply{status, body.dump(), {}}; }

HttpReply discordError(int status, const std::string& message, int code) {
  return jsonReply(status, json{{"message", message}, {"code", code}});
}

HttpReply notFound() { return discordError(404, "404: Not Found", 0); }
HttpReply unauthorized() { return discordError(401, "401: Unauthorized", 0); }
HttpReply methodNotAllowed() { return discordError(405, "405: Method Not Allowed", 0); }
HttpReply invalidJson() { return discordError(400, "The request body contains invalid JSON.", 50109); }

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    if (slash > pos) out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

// "/api/v10/users/@me" and "/api/users/@me" both give "users/@me"; nullopt when not /api.
std::optional<std::string> apiRoute(const std::string& decodedPath) {
  auto parts = splitPath(decodedPath);
  if (parts.empty() || parts[0] != "api") return std::nullopt;
  size_t first = 1;
  if (parts.size() > 1 && parts[1].size() > 1 && parts[1][0] == 'v' &&
      parts[1].find_first_not_of("0123456789", 1) == std::string::npos)
    first = 2;
  std::string route;
  for (size_t i = first; i < parts.size(); ++i) route += (route.empty() ? "" : "/") + parts[i];
  return route;
}

// "Bot <token>" -> token; anything else gives an empty view (unauthenticated).
std::string_view botToken(const std::string& authorization) {
  constexpr std::string_view prefix = "Bot ";
  if (authorization.size() <= prefix.size() || authorization.compare(0, prefix.size(), prefix) != 0) return {};
  return std::string_view(authorization).substr(prefix.size());
}

json userObject(const std::string& id, const std::string& username, bool bot) {
  json user = {{"id", id},      {"username", username}, {"discriminator", "0"}, {"global_name", nullptr},
               {"avatar", nullptr}, {"public_flags", 0}};
  if (bot) user["bot"] = true;
  return user;
}

json channelObject(const DmChannel& channel) {
  return json{{"id", channel.id},
              {"type", 1},
              {"last_message_id", nullptr},
              {"flags", 0},
              {"recipients", json::array({userObject(channel.userId, channel.userName, false)})}};
}

}  // namespace

HttpReply RestRouter::handle(const HttpExchange& exchange) {
  const std::string rawPath = targetPath(exchange.target);
  const auto route = apiRoute(percentDecode(rawPath));
  const BotConfig* bot = state_.botForToken(botToken(exchange.authorization));
  HttpReply reply = route ? this->route(exchange, *route, bot) : notFound();
  LoggedRequest record{exchange.method, rawPath, std::nullopt, reply.status};
  if (bot) record.botId = bot->id;
  state_.log("[rest] " + exchange.method + " " + rawPath + " -> " + std::to_string(reply.status) +
             (bot ? " (bot " + bot->id + ")" : std::string(" (no known bot token)")));
  state_.recordRequest(std::move(record));
  return reply;
}

HttpReply RestRouter::route(const HttpExchange& exchange, const std::string& route, const BotConfig* bot) {
  const auto parts = splitPath(route);
  const std::string& method = exchange.method;
  auto is = [&](std::initializer_list<const char*> pattern) {
    if (parts.size() != pattern.size()) return false;
    size_t i = 0;
    for (const char* p : pattern) {
      if (std::string_view(p) != "*" && parts[i] != p) return false;
      ++i;
    }
    return true;
  };
  // Routes are matched first so an unknown route is 404 with or without a token, as on Discord.
  enum class Route { None, UsersMe, GatewayBot, Gateway, OAuthApp, Commands, Command, DmChannels, Channel,
                     ChannelMessages, Typing };
  Route r = Route::None;
  if (is({"users", "@me"})) r = Route::UsersMe;
  else if (is({"gateway", "bot"})) r = Route::GatewayBot;
  else if (is({"gateway"})) r = Route::Gateway;
  else if (is({"oauth2", "applications", "@me"})) r = Route::OAuthApp;
  else if (is({"applications", "*", "commands"})) r = Route::Commands;
  else if (is({"applications", "*", "commands", "*"})) r = Route::Command;
  else if (is({"users", "@me", "channels"})) r = Route::DmChannels;
  else if (is({"channels", "*"})) r = Route::Channel;
  else if (is({"channels", "*", "messages"})) r = Route::ChannelMessages;
  else if (is({"channels", "*", "typing"})) r = Route::Typing;
  if (r == Route::None) return notFound();

  const std::string wsUrl = "ws://" + exchange.host;
  if (r == Route::Gateway) {  // the one route Discord serves without a token
    if (method != "GET") return methodNotAllowed();
    return jsonReply(200, json{{"url", wsUrl}});
  }
  if (!bot) return unauthorized();

  json body;
  if (method == "POST" || method == "PUT" || method == "PATCH") {
    body = json::parse(exchange.body.empty() ? std::string("{}") : exchange.body, nullptr, false);
    if (body.is_discarded()) return invalidJson();
  }

  switch (r) {
    case Route::UsersMe: {
      if (method != "GET") return methodNotAllowed();
      json user = userObject(bot->id, bot->username, true);
      user["flags"] = 0;
      user["mfa_enabled"] = false;
      user["verified"] = true;
      HttpReply reply = jsonReply(200, user);
      // OpenClaw 3.24 logs the bot's name only when /users/@me answers after READY (facts 5.3).
      reply.delay = state_.settings().usersMeDelay;
      return reply;
    }
    case Route::GatewayBot:
      if (method != "GET") return methodNotAllowed();
      return jsonReply(200, json{{"url", wsUrl},
                                 {"shards", 1},
                                 {"session_start_limit",
                                  {{"total", 1000}, {"remaining", 999}, {"reset_after", 14400000},
                                   {"max_concurrency", 1}}}});
    case Route::OAuthApp: {
      if (method != "GET") return methodNotAllowed();
      const int flags = bot->allowMessageContent ? kAppFlagGatewayMessageContent : 0;
      return jsonReply(200, json{{"id", bot->applicationId},
                                 {"name", bot->username},
                                 {"icon", nullptr},
                                 {"description", ""},
                                 {"summary", ""},
                                 {"verify_key", "0000000000000000000000000000000000000000000000000000000000000000"},
                                 {"bot_public", false},
                                 {"bot_require_code_grant", false},
                                 {"flags", flags},
                                 {"team", nullptr},
                                 {"bot", userObject(bot->id, bot->username, true)},
                                 {"owner", userObject("1", "owner", false)}});
    }
    case Route::Commands:
    case Route::Command: {
      const std::string& appId = parts[1];
      if (appId != bot->applicationId) return discordError(403, "Missing Access", 50001);
      if (r == Route::Command) {
        if (method != "DELETE") return methodNotAllowed();
        if (!state_.deleteCommand(appId, parts[3])) return discordError(404, "Unknown application command", 10063);
        return HttpReply{204, "", {}};
      }
      if (method == "GET") return jsonReply(200, state_.commands(appId));
      if (method == "PUT") {
        if (!body.is_array()) return discordError(400, "Invalid Form Body", 50035);
        return jsonReply(200, state_.replaceCommands(appId, body));
      }
      if (method == "POST") {
        if (!body.is_object() || !body.contains("name")) return discordError(400, "Invalid Form Body", 50035);
        return jsonReply(201, state_.addCommand(appId, body));
      }
      return methodNotAllowed();
    }
    case Route::DmChannels: {
      if (method != "POST") return methodNotAllowed();
      if (!body.is_object() || !body.contains("recipient_id") || !body["recipient_id"].is_string())
        return discordError(400, "Invalid Form Body", 50035);
      return jsonReply(200, channelObject(state_.dmChannel(bot->id, body["recipient_id"].get<std::string>(), "")));
    }
    case Route::Channel:
    case Route::ChannelMessages:
    case Route::Typing: {
      const auto channel = state_.channel(parts[1]);
      if (!channel) return discordError(404, "Unknown Channel", 10003);
      if (channel->botId != bot->id) return discordError(403, "Missing Access", 50001);
      if (r == Route::Channel) {
        if (method != "GET") return methodNotAllowed();
        return jsonReply(200, channelObject(*channel));
      }
      if (r == Route::Typing) {
        if (method != "POST") return methodNotAllowed();
        return HttpReply{204, "", {}};
      }
      if (method != "POST") return methodNotAllowed();
      const std::string content =
          body.is_object() && body.contains("content") && body["content"].is_string() ? body["content"].get<std::string>()
                                                                                       : std::string();
      const bool hasEmbeds = body.is_object() && body.contains("embeds") && body["embeds"].is_array() &&
                             !body["embeds"].empty();
      if (content.empty() && !hasEmbeds) return discordError(400, "Cannot send an empty message", 50006);
      const auto message = state_.recordMessage(bot->id, channel->id, content);
      return jsonReply(200, json{{"id", message.id},
                                 {"type", 0},
                                 {"channel_id", message.channelId},
                                 {"content", message.content},
                                 {"author", userObject(bot->id, bot->username, true)},
                                 {"attachments", json::array()},
                                 {"embeds", hasEmbeds ? body["embeds"] : json::array()},
                                 {"mentions", json::array()},
                                 {"mention_roles", json::array()},
                                 {"mention_everyone", false},
                                 {"pinned", false},
                                 {"tts", false},
                                 {"timestamp", message.timestamp},
                                 {"edited_timestamp", nullptr},
                                 {"flags", 0},
                                 {"components", json::array()}});
    }
    default:
      return notFound();
  }
}

}  // namespace fakes::discord
