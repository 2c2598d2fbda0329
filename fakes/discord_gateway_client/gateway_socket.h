#pragma once

// GatewaySocket: one client WebSocket to a Discord Gateway (or anything speaking WebSocket), on
// an io_context the caller runs. It connects, reads frames in a loop and hands each to
// onFrame, queues writes (Beast allows one at a time) and reports the end once to onClosed.
// It knows no Discord opcodes: GatewaySession adds the protocol; a test drives it raw.
//
//   boost::asio::io_context ioc;
//   GatewaySocket socket(ioc, {.port = port}, {.onFrame = [&](const GatewayFrame& f) { ... }});
//   socket.connect();
//   ioc.run();
//
// Threading: every call, and every handler, runs on the io_context's thread. Beast and Asio
// stay in the .cc (the io_context is only forward-declared here).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace boost::asio {
class io_context;
}

namespace fakes::discord_gateway {

struct GatewayFrame {
  bool binary = false;
  std::string text;
};

// How the connection ended.
struct GatewayClose {
  enum class Stage { Connect, Handshake, Open };
  Stage stage = Stage::Connect;  // Open: the WebSocket handshake had completed
  bool clean = false;            // ended by a close frame: code and reason are the peer's
  uint16_t code = 0;
  std::string reason;
  std::string error;             // what ended it, as the system says ("Connection refused", ...)
  bool opened() const { return stage == Stage::Open; }
};

struct GatewaySocketOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string target = "/?v=10&encoding=json";
  std::chrono::milliseconds connectTimeout{5000};
  std::chrono::milliseconds handshakeTimeout{3000};  // also bounds the close handshake
};

struct GatewaySocketHandlers {
  std::function<void()> onOpen;                         // handshake done
  std::function<void(const GatewayFrame&)> onFrame;     // every data frame
  std::function<void(const GatewayClose&)> onClosed;    // once; no handler runs after it
};

class GatewaySocket {
 public:
  GatewaySocket(boost::asio::io_context& ioc, GatewaySocketOptions options, GatewaySocketHandlers handlers);
  // Handlers stop being called and the TCP connection is closed; operations still pending end
  // on their own.
  ~GatewaySocket();
  GatewaySocket(const GatewaySocket&) = delete;
  GatewaySocket& operator=(const GatewaySocket&) = delete;

  void connect();
  // Dropped unless open and not closing.
  void send(std::string text);
  void sendBinary(std::string bytes);
  // Sends a close frame with `code`; before the handshake is done, once it is. The read loop
  // then ends and onClosed reports it.
  void close(uint16_t code);

  bool open() const;     // handshake done and not ended
  bool closing() const;  // close() was called
  bool writing() const;  // frames queued or being written
  // The first failed write's error, if any (the read side reports the broken connection).
  std::optional<std::string> writeError() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace fakes::discord_gateway
