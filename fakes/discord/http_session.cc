#include "fakes/discord/http_session.h"

#include "fakes/discord/control_api.h"
#include "fakes/discord/rest_router.h"
#include "fakes/discord/shared_state.h"
#include "fakes/discord/websocket_session.h"

namespace fakes::discord {

namespace {

// Discord bulk command registration sends ~70 commands; 8 MiB is plenty.
constexpr std::uint64_t kBodyLimit = 8 * 1024 * 1024;

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> state)
    : stream_(std::move(socket)), state_(std::move(state)), delay_(stream_.get_executor()) {}

void HttpSession::run() { doRead(); }

void HttpSession::doRead() {
  parser_.emplace();
  parser_->body_limit(kBodyLimit);
  // Idle keep-alive connections are dropped after a while, like any server.
  stream_.expires_after(std::chrono::seconds(120));
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::onRead, shared_from_this()));
}

std::string HttpSession::origin(const http::request<http::string_body>& req) const {
  auto host = req[http::field::host];
  if (!host.empty()) return std::string(host);
  beast::error_code ec;
  const auto local = stream_.socket().local_endpoint(ec);
  if (ec) return "127.0.0.1";
  return local.address().to_string() + ":" + std::to_string(local.port());
}

void HttpSession::onRead(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec) return;  // timeout, reset, or a malformed request: drop the connection

  if (websocket::is_upgrade(parser_->get())) {
    auto req = parser_->release();
    // Before release_socket(): origin() may need the socket's local endpoint.
    const std::string wsOrigin = origin(req);
    const std::string path = targetPath(std::string(req.target()));
    state_->recordRequest(LoggedRequest{"GET", path, std::nullopt, 101});
    state_->log("[gateway] WebSocket upgrade " + path);
    stream_.expires_never();
    std::make_shared<WebsocketSession>(stream_.release_socket(), state_, wsOrigin)->run(std::move(req));
    return;
  }

  const auto& req = parser_->get();
  HttpExchange exchange{std::string(req.method_string()), std::string(req.target()), origin(req),
                        std::string(req[http::field::authorization]), req.body()};
  HttpReply reply = ControlApi::handles(exchange.target) ? ControlApi(*state_).handle(exchange)
                                                           : RestRouter(*state_).handle(exchange);
  respond(std::move(reply), req.version(), req.keep_alive());
}

void HttpSession::respond(HttpReply reply, unsigned version, bool keepAlive) {
  response_ = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), version);
  response_->set(http::field::server, "fake-discord");
  if (reply.status != 204) {
    response_->set(http::field::content_type, "application/json");
    response_->body() = std::move(reply.body);
  }
  response_->keep_alive(keepAlive);
  response_->prepare_payload();
  const bool close = response_->need_eof();
  auto write = [self = shared_from_this(), close] {
    self->stream_.expires_after(std::chrono::seconds(30));
    http::async_write(self->stream_, *self->response_,
                      beast::bind_front_handler(&HttpSession::onWrite, self, close));
  };
  if (reply.delay.count() > 0) {
    delay_.expires_after(reply.delay);
    delay_.async_wait([write](beast::error_code ec) {
      if (!ec) write();
    });
  } else {
    write();
  }
}

void HttpSession::onWrite(bool close, beast::error_code ec, std::size_t) {
  if (ec) return;
  if (close) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  response_.reset();
  doRead();
}

}  // namespace fakes::discord
