#pragma once

// RestRouter: the Discord REST API subset OpenClaw uses at login and when replying, under
// both /api/v10/... (and any /api/vN) and the unversioned /api/... that carbon (3.24) uses.
// The path is percent-decoded first (/api/users/%40me). Every /api request is recorded in
// the request log with the bot it authenticated as; the token itself is only compared.

#include "fakes/discord/http_exchange.h"

namespace fakes::discord {

class SharedState;
struct BotConfig;

class RestRouter {
 public:
  explicit RestRouter(SharedState& state) : state_(state) {}

  // Handles any non-control request: /api routes, and 404 for everything else.
  HttpReply handle(const HttpExchange& exchange);

 private:
  HttpReply route(const HttpExchange& exchange, const std::string& route, const BotConfig* bot);

  SharedState& state_;
};

// GATEWAY_MESSAGE_CONTENT in an application's flags: the portal's Message Content switch.
inline constexpr int kAppFlagGatewayMessageContent = 1 << 18;

}  // namespace fakes::discord
