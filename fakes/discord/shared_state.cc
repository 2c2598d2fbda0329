#include "fakes/discord/shared_state.h"

#include <ctime>
#include <iomanip>
#include <random>
#include <sstream>

#include "fakes/discord/gateway_connection.h"

namespace fakes::discord {

namespace {

// 2015-01-01T00:00:00Z in Unix milliseconds, the base of Discord snowflakes.
constexpr uint64_t kDiscordEpochMs = 1420070400000ULL;

}  // namespace

SharedState::SharedState(std::vector<BotConfig> bots, ServerSettings settings, Logger logger)
    : bots_(std::move(bots)), settings_(settings), logger_(std::move(logger)) {}

void SharedState::log(const std::string& line) const {
  if (logger_) logger_(line);
}

const BotConfig* SharedState::botForToken(std::string_view token) const {
  if (token.empty()) return nullptr;
  const BotConfig* found = nullptr;
  // Every bot is compared, so the time taken does not depend on which one matched.
  for (const auto& bot : bots_)
    if (tokensEqual(bot.token, token) && !found) found = &bot;
  return found;
}

const BotConfig* SharedState::botForId(std::string_view id) const {
  for (const auto& bot : bots_)
    if (bot.id == id) return &bot;
  return nullptr;
}

std::vector<BotCounters> SharedState::botCounters() const {
  std::lock_guard lock(mutex_);
  std::vector<BotCounters> out;
  for (const auto& bot : bots_) {
    BotCounters c{bot.id, bot.username, 0, 0};
    if (auto it = identifies_.find(bot.id); it != identifies_.end()) c.identifies = it->second;
    for (const auto& [id, session] : sessions_)
      if (session.botId == bot.id && session.connection) ++c.sessions;
    out.push_back(std::move(c));
  }
  return out;
}

void SharedState::countIdentify(const std::string& botId) {
  std::lock_guard lock(mutex_);
  ++identifies_[botId];
}

std::string SharedState::nextSnowflake() {
  std::lock_guard lock(mutex_);
  return nextSnowflakeLocked();
}

std::string SharedState::nextSnowflakeLocked() {
  const auto nowMs = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count());
  const uint64_t value = ((nowMs - kDiscordEpochMs) << 22) | (snowflakeCounter_++ & 0xFFF);
  return std::to_string(value);
}

std::string SharedState::isoTimestampNow() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::ostringstream os;
  // Discord's own format: 2026-11-29T22:49:18.123000+00:00
  os << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(6) << std::setfill('0') << micros << "+00:00";
  return os.str();
}

std::string SharedState::createSession(const std::string& botId) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::lock_guard lock(mutex_);
  std::ostringstream os;
  os << std::hex << std::setfill('0') << std::setw(16) << rng() << std::setw(16) << (rng() ^ ++sessionCounter_);
  std::string id = os.str();
  sessions_[id] = Session{botId, 0, nullptr};
  return id;
}

std::optional<std::string> SharedState::sessionBot(const std::string& sessionId) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(sessionId);
  if (it == sessions_.end()) return std::nullopt;
  return it->second.botId;
}

void SharedState::attach(const std::string& sessionId, GatewayConnection* connection) {
  std::lock_guard lock(mutex_);
  // A session has at most one socket: a RESUME on a new socket takes it over.
  if (auto it = sessions_.find(sessionId); it != sessions_.end()) it->second.connection = connection;
}

void SharedState::detach(GatewayConnection* connection) {
  std::lock_guard lock(mutex_);
  for (auto& [id, session] : sessions_)
    if (session.connection == connection) session.connection = nullptr;
}

std::string SharedState::dispatchFrame(const std::string& sessionId, const std::string& type,
                                       const nlohmann::json& data) {
  std::lock_guard lock(mutex_);
  auto& session = sessions_[sessionId];
  nlohmann::json frame = {{"op", 0}, {"t", type}, {"s", ++session.seq}, {"d", data}};
  return frame.dump();
}

int SharedState::dispatchToBot(const std::string& botId, const std::string& type, const nlohmann::json& data) {
  std::vector<std::pair<GatewayConnection*, std::string>> sends;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, session] : sessions_) {
      if (session.botId != botId || !session.connection) continue;
      nlohmann::json frame = {{"op", 0}, {"t", type}, {"s", ++session.seq}, {"d", data}};
      sends.emplace_back(session.connection, frame.dump());
    }
  }
  for (auto& [connection, frame] : sends) connection->sendText(std::move(frame));
  return static_cast<int>(sends.size());
}

nlohmann::json SharedState::commands(const std::string& applicationId) const {
  std::lock_guard lock(mutex_);
  auto it = commands_.find(applicationId);
  nlohmann::json out = nlohmann::json::array();
  if (it != commands_.end())
    for (const auto& c : it->second) out.push_back(c);
  return out;
}

namespace {

// Fills what Discord adds to a stored command.
nlohmann::json normalizeCommand(nlohmann::json command, const std::string& applicationId, const std::string& id) {
  if (!command.is_object()) command = nlohmann::json::object();
  command["id"] = id;
  command["application_id"] = applicationId;
  if (!command.contains("type")) command["type"] = 1;
  if (!command.contains("description")) command["description"] = "";
  if (!command.contains("version")) command["version"] = id;
  if (!command.contains("default_member_permissions")) command["default_member_permissions"] = nullptr;
  return command;
}

}  // namespace

nlohmann::json SharedState::replaceCommands(const std::string& applicationId, const nlohmann::json& list) {
  std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> stored;
  if (list.is_array())
    for (const auto& c : list) stored.push_back(normalizeCommand(c, applicationId, nextSnowflakeLocked()));
  commands_[applicationId] = stored;
  return nlohmann::json(stored);
}

nlohmann::json SharedState::addCommand(const std::string& applicationId, nlohmann::json command) {
  std::lock_guard lock(mutex_);
  auto& list = commands_[applicationId];
  // POST is an upsert by name, as on Discord.
  const std::string name = command.is_object() ? command.value("name", std::string()) : std::string();
  for (auto& existing : list) {
    if (!name.empty() && existing.value("name", std::string()) == name) {
      existing = normalizeCommand(std::move(command), applicationId, existing["id"].get<std::string>());
      return existing;
    }
  }
  list.push_back(normalizeCommand(std::move(command), applicationId, nextSnowflakeLocked()));
  return list.back();
}

bool SharedState::deleteCommand(const std::string& applicationId, const std::string& commandId) {
  std::lock_guard lock(mutex_);
  auto& list = commands_[applicationId];
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (it->value("id", std::string()) == commandId) {
      list.erase(it);
      return true;
    }
  }
  return false;
}

DmChannel SharedState::dmChannel(const std::string& botId, const std::string& userId, const std::string& userName) {
  std::lock_guard lock(mutex_);
  for (auto& [id, channel] : channels_) {
    if (channel.botId == botId && channel.userId == userId) {
      if (!userName.empty()) channel.userName = userName;
      return channel;
    }
  }
  DmChannel channel{nextSnowflakeLocked(), botId, userId, userName.empty() ? "user" + userId.substr(0, 4) : userName};
  channels_[channel.id] = channel;
  return channel;
}

std::optional<DmChannel> SharedState::channel(const std::string& channelId) const {
  std::lock_guard lock(mutex_);
  auto it = channels_.find(channelId);
  if (it == channels_.end()) return std::nullopt;
  return it->second;
}

StoredMessage SharedState::recordMessage(const std::string& botId, const std::string& channelId,
                                         const std::string& content) {
  std::lock_guard lock(mutex_);
  StoredMessage message{nextSnowflakeLocked(), channelId, botId, content, isoTimestampNow()};
  messages_.push_back(message);
  return message;
}

std::vector<StoredMessage> SharedState::messages(const std::optional<std::string>& botId) const {
  std::lock_guard lock(mutex_);
  std::vector<StoredMessage> out;
  for (const auto& m : messages_)
    if (!botId || m.botId == *botId) out.push_back(m);
  return out;
}

void SharedState::recordRequest(LoggedRequest record) {
  std::lock_guard lock(mutex_);
  requests_.push_back(std::move(record));
}

std::vector<LoggedRequest> SharedState::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void SharedState::reset() {
  std::lock_guard lock(mutex_);
  messages_.clear();
  requests_.clear();
}

}  // namespace fakes::discord
