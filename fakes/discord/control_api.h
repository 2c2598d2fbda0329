#pragma once

// ControlApi: the fake-only endpoints under /_fake/ that tests and scenarios use to look
// inside the fake and to act as a Discord user (no auth; loopback only):
//   GET  /_fake/bots                  -> {"bots":[{"id","username","sessions","identifies"}]}
//   POST /_fake/dm {"botId","content","authorId"?,"authorName"?}
//                                     -> MESSAGE_CREATE to the bot's READY sessions;
//                                        {"delivered","channelId","messageId"}
//   GET  /_fake/messages?botId=ID     -> {"messages":[{"id","channelId","content","timestamp"}]}
//   GET  /_fake/requests              -> {"requests":[{"method","path","botId"|null,"status"}]}
//   POST /_fake/reset                 -> clears posted messages and the request log
// Control requests are not themselves recorded in the request log.

#include "fakes/discord/http_exchange.h"

namespace fakes::discord {

class SharedState;

inline constexpr const char* kControlPrefix = "/_fake/";
inline constexpr const char* kDefaultDmAuthorId = "123456789012345678";

class ControlApi {
 public:
  explicit ControlApi(SharedState& state) : state_(state) {}

  static bool handles(const std::string& target);
  HttpReply handle(const HttpExchange& exchange);

 private:
  HttpReply sendDm(const std::string& body);

  SharedState& state_;
};

}  // namespace fakes::discord
