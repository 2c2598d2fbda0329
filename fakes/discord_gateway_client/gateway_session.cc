#include "fakes/discord_gateway_client/gateway_session.h"

// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "fakes/discord_gateway_client/gateway_payloads.h"

namespace fakes::discord_gateway {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr milliseconds kDefaultHeartbeatInterval{41250};

}  // namespace

// The socket's handlers and the heartbeat timer hold the Impl weakly, so a session dropped by
// its owner runs no callback afterwards.
struct GatewaySession::Impl : std::enable_shared_from_this<Impl> {
  Impl(boost::asio::io_context& ioc, GatewaySessionOptions o, GatewaySessionHandlers h)
      : ioc(ioc), options(std::move(o)), handlers(std::move(h)), heartbeatTimer(ioc), sequence(options.initialSequence) {}

  boost::asio::io_context& ioc;
  GatewaySessionOptions options;
  GatewaySessionHandlers handlers;
  boost::asio::steady_timer heartbeatTimer;
  std::unique_ptr<GatewaySocket> socket;
  std::optional<int64_t> sequence;
  milliseconds heartbeatInterval{kDefaultHeartbeatInterval};
  int64_t unacked = 0;
  bool closing = false;

  void start() {
    std::weak_ptr<Impl> weak = weak_from_this();
    GatewaySocketHandlers socketHandlers;
    socketHandlers.onOpen = [weak] {
      if (auto self = weak.lock(); self && self->handlers.onOpen) self->handlers.onOpen();
    };
    socketHandlers.onFrame = [weak](const GatewayFrame& frame) {
      if (auto self = weak.lock()) self->onFrame(frame.text);
    };
    socketHandlers.onClosed = [weak](const GatewayClose& close) {
      if (auto self = weak.lock()) self->onClosed(close);
    };
    socket = std::make_unique<GatewaySocket>(ioc, options.socket, std::move(socketHandlers));
    socket->connect();
  }

  void onFrame(const std::string& text) {
    const json msg = json::parse(text, nullptr, false);
    if (!msg.is_object()) {
      if (handlers.onUnreadablePayload) handlers.onUnreadablePayload();
      return;
    }
    if (msg.contains("s") && msg["s"].is_number_integer()) sequence = msg["s"].get<int64_t>();
    const int op = msg.value("op", -1);
    const json d = msg.contains("d") ? msg["d"] : json();
    switch (op) {
      case kOpHello:
        onHello(d);
        break;
      case kOpHeartbeatAck:
        unacked = 0;
        if (handlers.onHeartbeatAck) handlers.onHeartbeatAck();
        break;
      case kOpHeartbeat:  // the Gateway asks for one now
        socket->send(heartbeatPayload(sequence).dump());
        break;
      case kOpReconnect:
        if (handlers.onReconnectRequested) handlers.onReconnectRequested();
        close(kReconnectCloseCode);
        break;
      case kOpInvalidSession:  // d tells whether the session can be resumed
        if (handlers.onInvalidSession) handlers.onInvalidSession(d.is_boolean() && d.get<bool>());
        close(kReconnectCloseCode);
        break;
      case kOpDispatch:
        if (handlers.onDispatch) handlers.onDispatch(msg.value("t", ""), d);
        break;
      default:
        break;
    }
  }

  void onHello(const json& d) {
    if (options.heartbeatInterval) {
      heartbeatInterval = *options.heartbeatInterval;
    } else if (d.is_object() && d.contains("heartbeat_interval") && d["heartbeat_interval"].is_number()) {
      heartbeatInterval = milliseconds(std::max<int64_t>(1, d["heartbeat_interval"].get<int64_t>()));
    }
    unacked = 0;
    scheduleHeartbeat();
    socket->send(options.resume.empty() ? options.identify : options.resume);
  }

  void scheduleHeartbeat() {
    heartbeatTimer.expires_after(heartbeatInterval);
    heartbeatTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || self->closing || !self->socket->open()) return;
      self->heartbeat();
    });
  }

  void heartbeat() {
    if (options.reconnectOnMissedAck && unacked > 0) {
      if (handlers.onMissedAck) handlers.onMissedAck();
      close(kReconnectCloseCode);
      return;
    }
    socket->send(heartbeatPayload(sequence).dump());
    ++unacked;
    if (handlers.onHeartbeat) handlers.onHeartbeat(unacked);
    scheduleHeartbeat();
  }

  void close(uint16_t code) {
    closing = true;
    heartbeatTimer.cancel();
    if (socket) socket->close(code);
  }

  void onClosed(const GatewayClose& close) {
    closing = true;
    heartbeatTimer.cancel();
    auto onClosedHandler = std::move(handlers.onClosed);
    handlers = {};
    if (onClosedHandler) onClosedHandler(close);
  }
};

GatewaySession::GatewaySession(boost::asio::io_context& ioc, GatewaySessionOptions options,
                               GatewaySessionHandlers handlers)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), std::move(handlers))) {}

GatewaySession::~GatewaySession() {
  impl_->handlers = {};
  impl_->heartbeatTimer.cancel();
}

void GatewaySession::start() {
  auto keep = impl_;  // onClosed may run at once (resolve failure) and drop this session
  keep->start();
}

void GatewaySession::send(const nlohmann::json& payload) {
  if (impl_->socket) impl_->socket->send(payload.dump());
}

void GatewaySession::close(uint16_t code) { impl_->close(code); }

bool GatewaySession::open() const { return impl_->socket && impl_->socket->open(); }

std::optional<int64_t> GatewaySession::sequence() const { return impl_->sequence; }

}  // namespace fakes::discord_gateway
