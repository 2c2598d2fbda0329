#include "fakes/discord/fake_discord_server.h"

#include <csignal>

#include "fakes/discord/beast.h"
#include "fakes/discord/listener.h"

namespace fakes::discord {

struct FakeDiscordServer::Impl {
  // Declared first, destroyed last: sessions destroyed with the io_context detach from it.
  std::shared_ptr<SharedState> state;
  std::string host;
  net::io_context ioc{1};
  std::shared_ptr<Listener> listener;
  std::unique_ptr<net::signal_set> signals;
};

FakeDiscordServer::FakeDiscordServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

FakeDiscordServer::~FakeDiscordServer() {
  stop();
  // Destroy pending handlers (and with them the sessions) while the state is still alive.
  impl_->listener.reset();
  impl_->signals.reset();
}

harness::Result<std::unique_ptr<FakeDiscordServer>> FakeDiscordServer::create(std::vector<BotConfig> bots,
                                                                              FakeDiscordServerOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->state = std::make_shared<SharedState>(std::move(bots), options.settings, options.logger);
  impl->host = options.host;
  beast::error_code ec;
  const auto address = net::ip::make_address(options.host, ec);
  if (ec) return harness::Error{harness::ErrorCode::InvalidInput, "not an IP address: " + options.host, "--host"};
  impl->listener = std::make_shared<Listener>(impl->ioc, impl->state);
  ec = impl->listener->open(tcp::endpoint(address, options.port));
  if (ec)
    return harness::Error{harness::ErrorCode::Io, "cannot listen: " + ec.message(),
                          options.host + ":" + std::to_string(options.port)};
  impl->listener->run();
  if (options.handleSignals) {
    impl->signals = std::make_unique<net::signal_set>(impl->ioc, SIGTERM, SIGINT);
    Impl* raw = impl.get();
    impl->signals->async_wait([raw](beast::error_code error, int signal) {
      if (error) return;
      raw->state->log(std::string("[server] received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                      "; shutting down");
      raw->ioc.stop();
    });
  }
  return std::unique_ptr<FakeDiscordServer>(new FakeDiscordServer(std::move(impl)));
}

uint16_t FakeDiscordServer::port() const { return impl_->listener->port(); }
const std::string& FakeDiscordServer::host() const { return impl_->host; }
SharedState& FakeDiscordServer::state() { return *impl_->state; }

void FakeDiscordServer::run() { impl_->ioc.run(); }

void FakeDiscordServer::stop() { impl_->ioc.stop(); }

}  // namespace fakes::discord
