#pragma once

// What the shared state needs from one live Gateway WebSocket: a way to queue a text frame.
// Implemented by WebsocketSession; kept abstract so the state and the protocol stay free of
// Beast and can be unit-tested with a recording connection.

#include <string>

namespace fakes::discord {

class GatewayConnection {
 public:
  virtual ~GatewayConnection() = default;
  // Queues one text frame. Called on the server's single io thread only.
  virtual void sendText(std::string frame) = 0;
};

}  // namespace fakes::discord
