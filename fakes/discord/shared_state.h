#pragma once

// SharedState: everything the fake Discord remembers, shared by the REST router, the control
// API and every Gateway session (the `shared_state` of Beast's chat-multi example). The server
// runs one io thread; the mutex only guards against tests that read it from another thread.
//
// Tokens enter only through botForToken() and are compared there; nothing stored here or
// returned from here contains one.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/discord/bot_config.h"

namespace fakes::discord {

class GatewayConnection;

struct ServerSettings {
  std::chrono::milliseconds usersMeDelay{0};
  std::chrono::milliseconds heartbeatInterval{41250};
};

struct BotCounters {
  std::string id;
  std::string username;
  int sessions = 0;    // READY (or RESUMED) sessions whose socket is open now
  int identifies = 0;  // successful and refused IDENTIFYs with this bot's token, in total
};

struct DmChannel {
  std::string id;
  std::string botId;
  std::string userId;
  std::string userName;
};

struct StoredMessage {
  std::string id;
  std::string channelId;
  std::string botId;
  std::string content;
  std::string timestamp;
};

struct LoggedRequest {
  std::string method;
  std::string path;  // as sent, without the query string
  std::optional<std::string> botId;
  int status = 0;
};

class SharedState {
 public:
  using Logger = std::function<void(const std::string&)>;

  SharedState(std::vector<BotConfig> bots, ServerSettings settings, Logger logger = {});

  const ServerSettings& settings() const { return settings_; }
  void log(const std::string& line) const;

  // Bots. The pointers stay valid for the state's lifetime (the list never changes).
  const BotConfig* botForToken(std::string_view token) const;
  const BotConfig* botForId(std::string_view id) const;
  std::vector<BotCounters> botCounters() const;
  void countIdentify(const std::string& botId);

  // Discord-style snowflake: milliseconds since the Discord epoch << 22 | a counter, so ids
  // sort by creation like real ones.
  std::string nextSnowflake();
  static std::string isoTimestampNow();

  // Gateway sessions. A session outlives its socket so RESUME can find it.
  std::string createSession(const std::string& botId);
  // The bot id of a known session, nullopt otherwise.
  std::optional<std::string> sessionBot(const std::string& sessionId) const;
  void attach(const std::string& sessionId, GatewayConnection* connection);
  void detach(GatewayConnection* connection);
  // Builds the op 0 frame for `type`, taking the session's next sequence number.
  std::string dispatchFrame(const std::string& sessionId, const std::string& type, const nlohmann::json& data);
  // Sends a dispatch to every attached session of the bot; returns how many got it.
  int dispatchToBot(const std::string& botId, const std::string& type, const nlohmann::json& data);

  // Application commands (per application id), as stored JSON objects.
  nlohmann::json commands(const std::string& applicationId) const;
  nlohmann::json replaceCommands(const std::string& applicationId, const nlohmann::json& list);
  nlohmann::json addCommand(const std::string& applicationId, nlohmann::json command);
  bool deleteCommand(const std::string& applicationId, const std::string& commandId);

  // DM channels, one per (bot, user), created on first use.
  DmChannel dmChannel(const std::string& botId, const std::string& userId, const std::string& userName);
  std::optional<DmChannel> channel(const std::string& channelId) const;

  StoredMessage recordMessage(const std::string& botId, const std::string& channelId, const std::string& content);
  std::vector<StoredMessage> messages(const std::optional<std::string>& botId) const;

  void recordRequest(LoggedRequest record);
  std::vector<LoggedRequest> requests() const;

  // Clears posted messages and the request log (sessions, channels and commands stay).
  void reset();

 private:
  struct Session {
    std::string botId;
    int64_t seq = 0;
    GatewayConnection* connection = nullptr;  // null while no socket is attached
  };

  std::string nextSnowflakeLocked();

  const std::vector<BotConfig> bots_;
  const ServerSettings settings_;
  const Logger logger_;

  mutable std::mutex mutex_;
  uint64_t snowflakeCounter_ = 0;
  uint64_t sessionCounter_ = 0;
  std::map<std::string, int> identifies_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, std::vector<nlohmann::json>> commands_;
  std::map<std::string, DmChannel> channels_;  // by channel id
  std::vector<StoredMessage> messages_;
  std::vector<LoggedRequest> requests_;
};

}  // namespace fakes::discord
