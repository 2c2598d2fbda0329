#pragma once

// The client's Discord Gateway payloads (opcodes and JSON bodies) in one place, so the fake
// gateway, the tests and the load test send the same bytes. Pure: no I/O.
//
//   socket.send(identifyPayload(token, 46601, {.os = "darwin"}).dump());

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace fakes::discord_gateway {

// Gateway opcodes (Discord API v10) the client sends or handles.
enum GatewayOp : int {
  kOpDispatch = 0,
  kOpHeartbeat = 1,
  kOpIdentify = 2,
  kOpPresenceUpdate = 3,
  kOpResume = 6,
  kOpReconnect = 7,
  kOpInvalidSession = 9,
  kOpHello = 10,
  kOpHeartbeatAck = 11,
};

// What OpenClaw's Discord plugin sends (includes MESSAGE_CONTENT, 1 << 15).
inline constexpr int64_t kOpenClawIntents = 46601;

// IDENTIFY's `properties`.
struct ClientProperties {
  std::string os = "linux";
  std::string browser = "openclaw";
  std::string device = "openclaw";
};

nlohmann::json identifyPayload(const std::string& token, int64_t intents, const ClientProperties& properties);
nlohmann::json resumePayload(const std::string& token, const std::string& sessionId, std::optional<int64_t> sequence);
// {"op":1,"d":<last sequence or null>}
nlohmann::json heartbeatPayload(std::optional<int64_t> sequence);
// Online, no activities: what the plugin sends after READY.
nlohmann::json onlinePresencePayload();

}  // namespace fakes::discord_gateway
