#include "tests/fakes/discord/gateway_test_client.h"

// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/asio/io_context.hpp>

#include <deque>
#include <functional>

#include "fakes/discord_gateway_client/gateway_payloads.h"
#include "fakes/discord_gateway_client/gateway_socket.h"
#include "harness/testing/timeouts.h"

namespace fakes::discord::testing {

namespace dg = fakes::discord_gateway;
using harness::Error;
using harness::ErrorCode;

struct GatewayTestClient::Impl {
  boost::asio::io_context ioc;
  std::deque<GatewayFrame> frames;    // read by the socket, not yet by the test
  std::optional<dg::GatewayClose> end;  // how the connection ended, once it has
  bool opened = false;
  bool endReported = false;           // read() has handed out the end
  std::unique_ptr<dg::GatewaySocket> socket;

  // Runs the io_context until `done` or the deadline.
  bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      ioc.restart();
      if (ioc.run_one_until(deadline) == 0 && ioc.stopped()) break;  // nothing left to wait for
    }
    return done();
  }
};

namespace {

std::chrono::milliseconds orDefault(std::chrono::milliseconds timeout) {
  return timeout.count() > 0 ? timeout : harness::testing::actionTimeout();
}

}  // namespace

GatewayTestClient::GatewayTestClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

GatewayTestClient::~GatewayTestClient() { close(); }

harness::Result<std::unique_ptr<GatewayTestClient>> GatewayTestClient::connect(const std::string& host,
                                                                               uint16_t port,
                                                                               const std::string& target) {
  auto impl = std::make_unique<Impl>();
  Impl* state = impl.get();
  dg::GatewaySocketHandlers handlers;
  handlers.onOpen = [state] { state->opened = true; };
  handlers.onFrame = [state](const dg::GatewayFrame& f) {
    GatewayFrame frame;
    frame.binary = f.binary;
    frame.text = f.text;
    frame.payload = nlohmann::json::parse(frame.text, nullptr, false);
    state->frames.push_back(std::move(frame));
  };
  handlers.onClosed = [state](const dg::GatewayClose& close) { state->end = close; };
  const auto timeout = harness::testing::actionTimeout();
  impl->socket = std::make_unique<dg::GatewaySocket>(
      impl->ioc, dg::GatewaySocketOptions{.host = host, .port = port, .target = target, .connectTimeout = timeout,
                                          .handshakeTimeout = timeout},
      std::move(handlers));
  impl->socket->connect();
  if (!impl->runUntil([state] { return state->opened || state->end; }, timeout)) {
    return Error{ErrorCode::Timeout, "no WebSocket handshake within " + std::to_string(timeout.count()) + " ms",
                 host + ":" + std::to_string(port)};
  }
  if (!impl->opened) {
    const bool atConnect = impl->end->stage == dg::GatewayClose::Stage::Connect;
    return Error{ErrorCode::Io, (atConnect ? "connect: " : "handshake: ") + impl->end->error,
                 atConnect ? host + ":" + std::to_string(port) : target};
  }
  return std::unique_ptr<GatewayTestClient>(new GatewayTestClient(std::move(impl)));
}

harness::Status GatewayTestClient::sendText(const std::string& text) {
  if (!impl_->socket->open()) return Error{ErrorCode::Io, "write: the connection is closed", "gateway"};
  impl_->socket->send(text);
  impl_->runUntil([&] { return !impl_->socket->writing(); }, harness::testing::actionTimeout());
  if (auto error = impl_->socket->writeError()) return Error{ErrorCode::Io, "write: " + *error, "gateway"};
  return harness::ok();
}

harness::Status GatewayTestClient::sendBinary(const std::string& bytes) {
  if (!impl_->socket->open()) return Error{ErrorCode::Io, "write: the connection is closed", "gateway"};
  impl_->socket->sendBinary(bytes);
  impl_->runUntil([&] { return !impl_->socket->writing(); }, harness::testing::actionTimeout());
  if (auto error = impl_->socket->writeError()) return Error{ErrorCode::Io, "write: " + *error, "gateway"};
  return harness::ok();
}

harness::Result<GatewayFrame> GatewayTestClient::read(std::chrono::milliseconds timeout) {
  Impl& impl = *impl_;
  if (impl.endReported) return Error{ErrorCode::Io, "connection already closed", "gateway"};
  if (!impl.runUntil([&] { return !impl.frames.empty() || impl.end; }, orDefault(timeout))) {
    return Error{ErrorCode::Timeout, "no frame within " + std::to_string(orDefault(timeout).count()) + " ms",
                 "gateway"};
  }
  if (!impl.frames.empty()) {
    GatewayFrame frame = std::move(impl.frames.front());
    impl.frames.pop_front();
    return frame;
  }
  impl.endReported = true;
  if (!impl.end->clean) return Error{ErrorCode::Io, "read: " + impl.end->error, "gateway"};
  GatewayFrame frame;
  frame.closed = true;
  frame.closeCode = impl.end->code;
  frame.closeReason = impl.end->reason;
  return frame;
}

harness::Result<nlohmann::json> GatewayTestClient::readDispatch(const std::string& type,
                                                                std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + orDefault(timeout);
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Error{ErrorCode::Timeout, "no " + type + " dispatch", "gateway"};
    auto frame = read(left);
    if (!frame) return frame.error();
    if (frame->closed)
      return Error{ErrorCode::Io,
                   "closed " + std::to_string(frame->closeCode) + " " + frame->closeReason + " while waiting for " + type,
                   "gateway"};
    const auto& p = frame->payload;
    if (p.is_object() && p.value("op", -1) == dg::kOpDispatch && p.value("t", std::string()) == type) return p;
  }
}

harness::Result<GatewayFrame> GatewayTestClient::readUntilClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + orDefault(timeout);
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Error{ErrorCode::Timeout, "server did not close", "gateway"};
    auto frame = read(left);
    if (!frame || frame->closed) return frame;
  }
}

void GatewayTestClient::close() {
  if (!impl_ || impl_->end) return;
  // The socket sends the close frame and reads until the server's reply.
  impl_->socket->close(1000);
  impl_->runUntil([&] { return impl_->end.has_value(); }, harness::testing::actionTimeout());
  impl_->socket.reset();
}

nlohmann::json GatewayTestClient::identify(const std::string& token, int64_t intents) {
  return dg::identifyPayload(token, intents, {});
}

}  // namespace fakes::discord::testing
