#pragma once

// FakeDiscordClient: the /_fake/ control API of a running fake-discord, for tests and
// scenarios. Plain std types only; cpp-httplib stays in the .cc.
//
//   FakeDiscordClient discord(port);
//   auto bots = discord.bots();                    // sessions/identifies per bot
//   auto dm = discord.sendDm(botId, "ping");       // MESSAGE_CREATE to the bot's sessions
//   auto replies = discord.messages(botId);        // what the bot posted

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace fakes::discord {

struct BotStatus {
  std::string id;
  std::string username;
  int sessions = 0;    // Gateway sessions READY now
  int identifies = 0;  // IDENTIFYs with this bot's token so far
};

struct DmDelivery {
  int delivered = 0;  // sessions that received the MESSAGE_CREATE
  std::string channelId;
  std::string messageId;
};

struct PostedMessage {
  std::string id;
  std::string channelId;
  std::string botId;
  std::string content;
  std::string timestamp;
};

struct RequestRecord {
  std::string method;
  std::string path;
  std::optional<std::string> botId;  // the bot whose token authenticated it
  int status = 0;
};

inline constexpr const char* kDefaultDmAuthor = "123456789012345678";

class FakeDiscordClient {
 public:
  explicit FakeDiscordClient(uint16_t port, std::string host = "127.0.0.1");

  uint16_t port() const { return port_; }
  const std::string& host() const { return host_; }

  // Errors: Io (connection), InvalidInput (unexpected status or body), NotFound (unknown bot).
  harness::Result<std::vector<BotStatus>> bots();
  harness::Result<BotStatus> bot(const std::string& botId);
  harness::Result<DmDelivery> sendDm(const std::string& botId, const std::string& content,
                                     const std::string& authorId = kDefaultDmAuthor,
                                     const std::string& authorName = "");
  // botId empty = messages of every bot.
  harness::Result<std::vector<PostedMessage>> messages(const std::string& botId);
  harness::Result<std::vector<RequestRecord>> requests();
  harness::Status reset();

 private:
  uint16_t port_;
  std::string host_;
};

}  // namespace fakes::discord
