#include "fakes/discord_gateway_client/gateway_socket.h"

// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>

namespace fakes::discord_gateway {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Outgoing {
  std::string bytes;
  bool binary = false;
};

}  // namespace

// Pending operations hold the Impl by shared_ptr, so a socket dropped by its owner (a
// reconnect) never has its stream freed under a callback.
struct GatewaySocket::Impl : std::enable_shared_from_this<Impl> {
  Impl(net::io_context& ioc, GatewaySocketOptions o, GatewaySocketHandlers h)
      : ioc(ioc), ws(ioc), options(std::move(o)), handlers(std::move(h)) {}

  net::io_context& ioc;
  websocket::stream<beast::tcp_stream> ws;
  GatewaySocketOptions options;
  GatewaySocketHandlers handlers;
  beast::flat_buffer buffer;
  std::deque<Outgoing> outbox;
  bool writing = false;
  bool open = false;
  bool ended = false;
  std::optional<uint16_t> closeCode;  // set by close()
  std::optional<std::string> writeError;

  void connect() {
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec) return end(GatewayClose::Stage::Connect, ec);
    beast::get_lowest_layer(ws).expires_after(options.connectTimeout);
    beast::get_lowest_layer(ws).async_connect(endpoints, [self = shared_from_this()](beast::error_code ec,
                                                                                     const tcp::endpoint&) {
      if (ec) return self->end(GatewayClose::Stage::Connect, ec);
      self->handshake();
    });
  }

  void handshake() {
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout{
        std::chrono::duration_cast<websocket::stream_base::duration>(options.handshakeTimeout),
        websocket::stream_base::none(), false});
    ws.async_handshake(options.host + ":" + std::to_string(options.port), options.target,
                       [self = shared_from_this()](beast::error_code ec) {
                         if (ec) return self->end(GatewayClose::Stage::Handshake, ec);
                         self->open = true;
                         if (self->handlers.onOpen) self->handlers.onOpen();
                         self->read();
                         if (self->closeCode) self->sendClose();
                       });
  }

  void read() {
    ws.async_read(buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->end(GatewayClose::Stage::Open, ec);
      GatewayFrame frame{!self->ws.got_text(), beast::buffers_to_string(self->buffer.data())};
      self->buffer.consume(self->buffer.size());
      if (self->handlers.onFrame) self->handlers.onFrame(frame);
      self->read();
    });
  }

  void end(GatewayClose::Stage stage, beast::error_code ec) {
    if (ended) return;
    ended = true;
    open = false;
    GatewayClose close;
    close.stage = stage;
    close.error = ec.message();
    if (ec == websocket::error::closed) {
      close.clean = true;
      close.code = ws.reason().code;
      close.reason.assign(ws.reason().reason.data(), ws.reason().reason.size());
    }
    beast::error_code ignored;
    beast::get_lowest_layer(ws).socket().close(ignored);
    auto onClosed = std::move(handlers.onClosed);
    handlers = {};
    if (onClosed) onClosed(close);
  }

  void queue(std::string bytes, bool binary) {
    if (!open || closeCode) return;
    outbox.push_back({std::move(bytes), binary});
    if (!writing) write();
  }

  void write() {
    writing = true;
    ws.binary(outbox.front().binary);
    ws.async_write(net::buffer(outbox.front().bytes), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->outbox.pop_front();
      self->writing = false;
      if (ec) {
        if (!self->writeError) self->writeError = ec.message();
        self->outbox.clear();
        return;  // the read side notices the broken connection
      }
      if (!self->outbox.empty() && self->open && !self->closeCode) self->write();
    });
  }

  void sendClose() {
    ws.async_close(websocket::close_reason(*closeCode), [self = shared_from_this()](beast::error_code) {});
  }
};

GatewaySocket::GatewaySocket(net::io_context& ioc, GatewaySocketOptions options, GatewaySocketHandlers handlers)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), std::move(handlers))) {}

GatewaySocket::~GatewaySocket() {
  impl_->handlers = {};
  impl_->ended = true;
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

void GatewaySocket::connect() {
  auto keep = impl_;  // onClosed may run at once (resolve failure) and drop this socket
  keep->connect();
}

void GatewaySocket::send(std::string text) { impl_->queue(std::move(text), false); }

void GatewaySocket::sendBinary(std::string bytes) { impl_->queue(std::move(bytes), true); }

void GatewaySocket::close(uint16_t code) {
  if (impl_->ended || impl_->closeCode) return;
  impl_->closeCode = code;
  if (impl_->open) impl_->sendClose();
}

bool GatewaySocket::open() const { return impl_->open; }
bool GatewaySocket::closing() const { return impl_->closeCode.has_value(); }
bool GatewaySocket::writing() const { return impl_->writing || !impl_->outbox.empty(); }
std::optional<std::string> GatewaySocket::writeError() const { return impl_->writeError; }

}  // namespace fakes::discord_gateway
