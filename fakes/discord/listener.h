#pragma once

// Listener: accepts TCP connections and starts an HttpSession for each (chat-multi's
// listener). Internal to fake_discord_core (includes Beast).

#include <memory>

#include "fakes/discord/beast.h"

namespace fakes::discord {

class SharedState;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, std::shared_ptr<SharedState> state);

  // Opens, binds and listens; errors are returned rather than thrown so main can report them.
  beast::error_code open(const tcp::endpoint& endpoint);
  uint16_t port() const;
  void run();
  void stop();

 private:
  void doAccept();
  void onAccept(beast::error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<SharedState> state_;
};

}  // namespace fakes::discord
