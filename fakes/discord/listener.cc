#include "fakes/discord/listener.h"

#include "fakes/discord/http_session.h"
#include "fakes/discord/shared_state.h"

namespace fakes::discord {

Listener::Listener(net::io_context& ioc, std::shared_ptr<SharedState> state)
    : ioc_(ioc), acceptor_(ioc), state_(std::move(state)) {}

beast::error_code Listener::open(const tcp::endpoint& endpoint) {
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return ec;
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return ec;
  acceptor_.bind(endpoint, ec);
  if (ec) return ec;
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  return ec;
}

uint16_t Listener::port() const {
  beast::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

void Listener::run() { doAccept(); }

void Listener::stop() {
  beast::error_code ec;
  acceptor_.close(ec);
}

void Listener::doAccept() {
  // Every session runs on the one io thread, so no strands are needed for the shared state.
  acceptor_.async_accept(ioc_, beast::bind_front_handler(&Listener::onAccept, shared_from_this()));
}

void Listener::onAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (!ec) std::make_shared<HttpSession>(std::move(socket), state_)->run();
  doAccept();
}

}  // namespace fakes::discord
