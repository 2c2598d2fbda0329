#pragma once

// FakeDiscordServer: the whole fake on one listener and one io thread, serving the REST API,
// the Gateway WebSocket and the /_fake/ control API on the same origin (DISCORD_API_URL
// requires the WebSocket on the REST origin). Beast stays behind the pimpl.
//
//   auto server = FakeDiscordServer::create(bots, options);
//   if (!server) return server.error();
//   std::cout << "listening on " << (*server)->port();
//   (*server)->run();   // until stop() or, with handleSignals, SIGTERM/SIGINT

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fakes/discord/bot_config.h"
#include "fakes/discord/shared_state.h"
#include "harness/core/result.h"

namespace fakes::discord {

struct FakeDiscordServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0 = any free port; read it back with port()
  ServerSettings settings;
  bool handleSignals = false;  // run() returns on SIGTERM/SIGINT
  std::function<void(const std::string&)> logger;
};

class FakeDiscordServer {
 public:
  // Binds and listens. Errors: InvalidInput (host), Io (bind/listen).
  static harness::Result<std::unique_ptr<FakeDiscordServer>> create(std::vector<BotConfig> bots,
                                                                     FakeDiscordServerOptions options);
  ~FakeDiscordServer();
  FakeDiscordServer(const FakeDiscordServer&) = delete;
  FakeDiscordServer& operator=(const FakeDiscordServer&) = delete;

  uint16_t port() const;
  const std::string& host() const;
  // Serves on the calling thread until stop() (from any thread) or a handled signal.
  void run();
  void stop();
  // The state, for in-process tests; read it only while run() is idle or through its mutex.
  SharedState& state();

 private:
  struct Impl;
  explicit FakeDiscordServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fakes::discord
