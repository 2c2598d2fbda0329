#pragma once

// The gateway's Discord connection, talking only to a fake Discord named by DISCORD_API_URL
// (facts/openclaw-drift.md §6.1, §6.3): REST probes (users/@me, gateway/bot,
// oauth2/applications/@me), then the Gateway WebSocket on the same origin: HELLO → IDENTIFY
// (intents 46601, properties.browser "openclaw") → READY, heartbeats, PRESENCE_UPDATE, RESUME.
//
// Runs on its own thread (Asio stays in the .cc); the WebSocket is the lab's one Gateway client
// (fakes/discord_gateway_client), one GatewaySession per connection. An unexpected close
// reconnects with doubling backoff capped at Options::maxBackoff; 4004 (bad token) and 4014
// (disallowed intents), like 4010-4013, are fatal: logged as `[discord] gateway closed: <code> <reason>`, no
// reconnect, status().fatal. The token is never logged.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "fakes/gateway/discord_rest.h"
#include "harness/core/result.h"

namespace fakes::gateway {

class Logger;

struct DiscordBotIdentity {
  std::string id;
  std::string username;
};

struct DiscordStatus {
  bool connected = false;  // READY or RESUMED received and the socket still open
  bool fatal = false;      // gave up for good (4004, 4014, ...)
  std::optional<DiscordBotIdentity> bot;
  std::optional<std::string> lastError;  // "4004 Authentication failed.", "401: Unauthorized", ...
};

struct DiscordMessage {
  std::string id;
  std::string channelId;
  std::string authorId;
  std::string authorName;
  std::string content;
  bool authorIsBot = false;
  bool fromSelf = false;  // the author is this bot
};

class DiscordClient {
 public:
  struct Options {
    std::string token;
    DiscordApiUrl api;
    int intents = 46601;  // what the 9.x plugin sends (includes MESSAGE_CONTENT, 1 << 15)
    std::chrono::milliseconds initialBackoff{250};
    std::chrono::milliseconds maxBackoff{5000};
  };
  // Called on the client's thread for every MESSAGE_CREATE.
  using MessageHandler = std::function<void(const DiscordMessage&)>;

  DiscordClient(Options options, Logger& logger, MessageHandler onMessage);
  ~DiscordClient();  // stop(500 ms)
  DiscordClient(const DiscordClient&) = delete;
  DiscordClient& operator=(const DiscordClient&) = delete;

  void start();
  // Closes the socket with 1000 and ends the thread within `grace`. false when the thread had
  // to be abandoned (a REST call outlived the grace); the process is about to exit then.
  bool stop(std::chrono::milliseconds grace);

  DiscordStatus status() const;

  // POST channels/{id}/messages {"content"}. Any thread.
  harness::Status postMessage(const std::string& channelId, const std::string& content);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fakes::gateway
