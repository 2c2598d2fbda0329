#pragma once

// WebsocketSession: one Gateway connection (chat-multi's websocket_session). Accepts the
// upgrade handed over by HttpSession, feeds frames to a GatewayProtocol, writes its frames in
// order, and closes with the protocol's code once everything queued before has been written.
// Internal to fake_discord_core (includes Beast).

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "fakes/discord/beast.h"
#include "fakes/discord/gateway_connection.h"
#include "fakes/discord/gateway_protocol.h"

namespace fakes::discord {

class SharedState;

class WebsocketSession : public std::enable_shared_from_this<WebsocketSession>, public GatewayConnection {
 public:
  WebsocketSession(tcp::socket&& socket, std::shared_ptr<SharedState> state, std::string origin);
  ~WebsocketSession() override;

  void run(http::request<http::string_body> upgrade);
  void sendText(std::string frame) override;

 private:
  void onAccept(beast::error_code ec);
  void doRead();
  void onRead(beast::error_code ec, std::size_t bytes);
  void doWrite();
  void onWrite(beast::error_code ec, std::size_t bytes);
  void requestClose(GatewayClose close);
  void doClose();

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  GatewayProtocol protocol_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool accepted_ = false;
  std::optional<GatewayClose> pendingClose_;
  bool closeStarted_ = false;
};

}  // namespace fakes::discord
