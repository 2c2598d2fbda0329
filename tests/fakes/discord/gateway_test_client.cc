#include "tests/fakes/discord/gateway_test_client.h"

// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "harness/testing/timeouts.h"

namespace fakes::discord::testing {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using harness::Error;
using harness::ErrorCode;

struct GatewayTestClient::Impl {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  beast::flat_buffer buffer;
  bool closed = false;

  // Runs the io_context until `done` or the deadline; on timeout cancels the socket's I/O.
  bool runUntil(const bool& done, std::chrono::milliseconds timeout) {
    ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done && std::chrono::steady_clock::now() < deadline) ioc.run_one_until(deadline);
    if (done) return true;
    beast::error_code ec;
    beast::get_lowest_layer(ws).cancel(ec);
    ioc.restart();
    while (!done) ioc.run_one();
    return false;
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
  beast::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return Error{ErrorCode::InvalidInput, "bad host", host};
  beast::get_lowest_layer(impl->ws).connect(tcp::endpoint(address, port), ec);
  if (ec) return Error{ErrorCode::Io, "connect: " + ec.message(), host + ":" + std::to_string(port)};
  impl->ws.handshake(host + ":" + std::to_string(port), target, ec);
  if (ec) return Error{ErrorCode::Io, "handshake: " + ec.message(), target};
  return std::unique_ptr<GatewayTestClient>(new GatewayTestClient(std::move(impl)));
}

harness::Status GatewayTestClient::sendText(const std::string& text) {
  beast::error_code ec;
  impl_->ws.text(true);
  impl_->ws.write(net::buffer(text), ec);
  if (ec) return Error{ErrorCode::Io, "write: " + ec.message(), "gateway"};
  return harness::ok();
}

harness::Status GatewayTestClient::sendBinary(const std::string& bytes) {
  beast::error_code ec;
  impl_->ws.binary(true);
  impl_->ws.write(net::buffer(bytes), ec);
  impl_->ws.text(true);
  if (ec) return Error{ErrorCode::Io, "write: " + ec.message(), "gateway"};
  return harness::ok();
}

harness::Result<GatewayFrame> GatewayTestClient::read(std::chrono::milliseconds timeout) {
  if (impl_->closed) return Error{ErrorCode::Io, "connection already closed", "gateway"};
  bool done = false;
  beast::error_code result;
  impl_->buffer.consume(impl_->buffer.size());
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!impl_->runUntil(done, orDefault(timeout)))
    return Error{ErrorCode::Timeout, "no frame within " + std::to_string(orDefault(timeout).count()) + " ms",
                 "gateway"};
  GatewayFrame frame;
  if (result == websocket::error::closed) {
    impl_->closed = true;
    frame.closed = true;
    frame.closeCode = impl_->ws.reason().code;
    frame.closeReason = std::string(impl_->ws.reason().reason.data(), impl_->ws.reason().reason.size());
    return frame;
  }
  if (result) {
    impl_->closed = true;
    return Error{ErrorCode::Io, "read: " + result.message(), "gateway"};
  }
  frame.binary = !impl_->ws.got_text();
  frame.text = beast::buffers_to_string(impl_->buffer.data());
  frame.payload = nlohmann::json::parse(frame.text, nullptr, false);
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
    if (p.is_object() && p.value("op", -1) == 0 && p.value("t", std::string()) == type) return p;
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
  if (!impl_ || impl_->closed) return;
  impl_->closed = true;
  bool done = false;
  // Beast sends the close frame and reads until the server's reply.
  impl_->ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
  impl_->runUntil(done, harness::testing::actionTimeout());
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).close(ec);
}

nlohmann::json GatewayTestClient::identify(const std::string& token, int64_t intents) {
  return {{"op", 2},
          {"d",
           {{"token", token},
            {"intents", intents},
            {"properties", {{"os", "linux"}, {"browser", "openclaw"}, {"device", "openclaw"}}}}}};
}

}  // namespace fakes::discord::testing
