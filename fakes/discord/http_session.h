#pragma once

// HttpSession: one HTTP connection (chat-multi's http_session). Routes /_fake/ to the
// ControlApi and everything else to the RestRouter, applies a route's deliberate delay with
// a timer (never blocking the io thread), and hands WebSocket upgrades to a WebsocketSession.
// Internal to fake_discord_core (includes Beast).

#include <memory>
#include <optional>

#include "fakes/discord/beast.h"
#include "fakes/discord/http_exchange.h"

namespace fakes::discord {

class SharedState;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> state);
  void run();

 private:
  void doRead();
  void onRead(beast::error_code ec, std::size_t bytes);
  void respond(HttpReply reply, unsigned version, bool keepAlive);
  void onWrite(bool close, beast::error_code ec, std::size_t bytes);
  std::string origin(const http::request<http::string_body>& req) const;

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  net::steady_timer delay_;
};

}  // namespace fakes::discord
