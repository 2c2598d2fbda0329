#include "fakes/discord/websocket_session.h"

#include "fakes/discord/shared_state.h"

namespace fakes::discord {

WebsocketSession::WebsocketSession(tcp::socket&& socket, std::shared_ptr<SharedState> state, std::string origin)
    : ws_(std::move(socket)), state_(std::move(state)), protocol_(*state_, *this, "ws://" + origin) {}

WebsocketSession::~WebsocketSession() { protocol_.onClosed(); }

void WebsocketSession::run(http::request<http::string_body> upgrade) {
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "fake-discord"); }));
  ws_.async_accept(upgrade, beast::bind_front_handler(&WebsocketSession::onAccept, shared_from_this()));
}

void WebsocketSession::onAccept(beast::error_code ec) {
  if (ec) {
    state_->log("[gateway] upgrade failed: " + ec.message());
    return;
  }
  accepted_ = true;
  protocol_.start();
  doRead();
}

void WebsocketSession::doRead() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WebsocketSession::onRead, shared_from_this()));
}

void WebsocketSession::onRead(beast::error_code ec, std::size_t) {
  if (ec) {
    // Closed by the peer, by our own close handshake, or reset: the session is gone now.
    protocol_.onClosed();
    return;
  }
  if (!pendingClose_) {
    const std::string text = beast::buffers_to_string(buffer_.data());
    auto close = ws_.got_text() ? protocol_.onText(text) : protocol_.onBinary();
    if (close) requestClose(std::move(*close));
  }
  buffer_.consume(buffer_.size());
  doRead();
}

void WebsocketSession::sendText(std::string frame) {
  if (pendingClose_ || !accepted_) return;
  queue_.push_back(std::move(frame));
  if (!writing_) doWrite();
}

void WebsocketSession::doWrite() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(queue_.front()),
                  beast::bind_front_handler(&WebsocketSession::onWrite, shared_from_this()));
}

void WebsocketSession::onWrite(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) {
    queue_.clear();
    return;
  }
  queue_.pop_front();
  if (!queue_.empty()) {
    doWrite();
  } else if (pendingClose_) {
    doClose();
  }
}

void WebsocketSession::requestClose(GatewayClose close) {
  if (pendingClose_) return;
  pendingClose_ = std::move(close);
  // The session stops counting at once, not when the peer finishes the close handshake.
  protocol_.onClosed();
  if (!writing_) doClose();
}

void WebsocketSession::doClose() {
  if (closeStarted_) return;
  closeStarted_ = true;
  websocket::close_reason reason(static_cast<websocket::close_code>(pendingClose_->code), pendingClose_->reason);
  ws_.async_close(reason, [self = shared_from_this()](beast::error_code) {});
}

}  // namespace fakes::discord
