#pragma once

// GatewayProtocol: the Discord Gateway state machine of one WebSocket connection, without the
// socket. WebsocketSession feeds it frames; it answers through GatewayConnection::sendText and
// returns the close code when Discord would close the connection.
//
//   on connect          -> HELLO (op 10, heartbeat_interval)
//   op 1 heartbeat      -> op 11 ACK (allowed before IDENTIFY, as on Discord)
//   op 2 IDENTIFY       -> READY dispatch; 4004 unknown token; 4014 MESSAGE_CONTENT not allowed;
//                          4013 intents missing; 4005 a second IDENTIFY
//   op 6 RESUME         -> RESUMED dispatch (missed events are not replayed); op 9 d:false for
//                          an unknown session
//   op 3/4/8/31         -> accepted silently once identified, else 4003
//   unknown opcode      -> 4001; not JSON / no integer op / binary frame -> 4002

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace fakes::discord {

class SharedState;
class GatewayConnection;

struct GatewayClose {
  uint16_t code = 1000;
  std::string reason;
};

inline constexpr int kIntentMessageContent = 1 << 15;

class GatewayProtocol {
 public:
  // resumeGatewayUrl: the ws://HOST:PORT origin the client connected to.
  GatewayProtocol(SharedState& state, GatewayConnection& connection, std::string resumeGatewayUrl);
  ~GatewayProtocol();
  GatewayProtocol(const GatewayProtocol&) = delete;
  GatewayProtocol& operator=(const GatewayProtocol&) = delete;

  // Sends HELLO.
  void start();
  std::optional<GatewayClose> onText(std::string_view text);
  std::optional<GatewayClose> onBinary();
  // The socket is gone: the session stops counting as connected (it stays resumable).
  void onClosed();

  bool authenticated() const { return !sessionId_.empty(); }
  const std::string& sessionId() const { return sessionId_; }

 private:
  std::optional<GatewayClose> identify(const nlohmann::json& data);
  std::optional<GatewayClose> resume(const nlohmann::json& data);
  void sendOp(int op, const std::string& dataJson);

  SharedState& state_;
  GatewayConnection& connection_;
  const std::string resumeGatewayUrl_;
  std::string sessionId_;
  std::string botId_;
  bool closed_ = false;
};

}  // namespace fakes::discord
