#pragma once

// GatewaySession: a bot's side of one Discord Gateway connection, on a GatewaySocket. After
// HELLO it sends IDENTIFY (or RESUME when given one), then heartbeats (op 1 with the last
// sequence number) at HELLO's interval or its own; answers op 1 at once; counts ACKs (op 11);
// hands every dispatch (op 0) to onDispatch; and closes with 4000, so the session stays
// resumable, when the Gateway asks for a reconnect (op 7), invalidates the session (op 9), or
// (reconnectOnMissedAck) a heartbeat went unacknowledged until the next. Reconnecting is the
// owner's business: one session is one connection.
//
//   GatewaySession session(ioc, {.socket = {.port = port},
//                                .identify = identifyPayload(token, kOpenClawIntents, {}).dump()},
//                          {.onDispatch = [&](const std::string& type, const nlohmann::json& d) { ... }});
//   session.start();
//
// Threading: as GatewaySocket, everything on the io_context's thread. Beast and Asio stay in
// the .cc.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "fakes/discord_gateway_client/gateway_socket.h"

namespace fakes::discord_gateway {

// The close code a client uses when it means to come back (not 1000, which ends the session).
inline constexpr uint16_t kReconnectCloseCode = 4000;

struct GatewaySessionOptions {
  GatewaySocketOptions socket;
  std::string identify;  // the IDENTIFY payload, serialised (identifyPayload(...).dump())
  std::string resume;    // the RESUME payload sent instead when not empty
  // The sequence heartbeats carry until a dispatch brings one (a resumed session's last).
  std::optional<int64_t> initialSequence;
  // nullopt: HELLO's heartbeat_interval (41250 ms when it has none); else this, whatever HELLO says.
  std::optional<std::chrono::milliseconds> heartbeatInterval;
  bool reconnectOnMissedAck = true;
};

struct GatewaySessionHandlers {
  std::function<void()> onOpen;
  std::function<void(const std::string& type, const nlohmann::json& d)> onDispatch;
  std::function<void(int64_t unacked)> onHeartbeat;  // a timed heartbeat went out; unacked counts it
  std::function<void()> onHeartbeatAck;
  std::function<void()> onMissedAck;                 // before the 4000 close
  std::function<void()> onReconnectRequested;        // op 7, before the 4000 close
  std::function<void(bool resumable)> onInvalidSession;  // op 9, before the 4000 close
  std::function<void()> onUnreadablePayload;          // a frame that is not a JSON object
  std::function<void(const GatewayClose&)> onClosed;  // once; nothing runs after it
};

class GatewaySession {
 public:
  GatewaySession(boost::asio::io_context& ioc, GatewaySessionOptions options, GatewaySessionHandlers handlers);
  ~GatewaySession();
  GatewaySession(const GatewaySession&) = delete;
  GatewaySession& operator=(const GatewaySession&) = delete;

  void start();
  void send(const nlohmann::json& payload);
  // Stops heartbeating and sends a close frame (1000 ends the session for good).
  void close(uint16_t code = 1000);

  bool open() const;
  // The last sequence number seen (or the initial one).
  std::optional<int64_t> sequence() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace fakes::discord_gateway
