#pragma once

// GatewayTestClient: a blocking Discord Gateway client for tests of fake-discord, with a
// deadline on every read: the lab's GatewaySocket (fakes/discord_gateway_client) driven raw,
// frame by frame, on an io_context that runs only inside these calls.
//
//   auto ws = GatewayTestClient::connect("127.0.0.1", port);
//   auto hello = (*ws)->read();               // op 10
//   (*ws)->sendJson({{"op", 2}, {"d", {{"token", token}, {"intents", 46601}}}});
//   auto ready = (*ws)->readDispatch("READY");

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/result.h"

namespace fakes::discord::testing {

struct GatewayFrame {
  bool closed = false;      // the server closed the connection
  uint16_t closeCode = 0;   // its close code
  std::string closeReason;
  bool binary = false;
  std::string text;
  nlohmann::json payload;   // parsed text, discarded when not JSON
};

class GatewayTestClient {
 public:
  static harness::Result<std::unique_ptr<GatewayTestClient>> connect(const std::string& host, uint16_t port,
                                                                     const std::string& target = "/?v=10&encoding=json");
  ~GatewayTestClient();

  harness::Status sendText(const std::string& text);
  harness::Status sendBinary(const std::string& bytes);
  harness::Status sendJson(const nlohmann::json& payload) { return sendText(payload.dump()); }
  // The next frame, or the server's close; Timeout when nothing came.
  harness::Result<GatewayFrame> read(std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
  // Skips non-dispatch frames (ACKs) until a dispatch of `type`; a close is an error.
  harness::Result<nlohmann::json> readDispatch(const std::string& type,
                                               std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
  // Reads until the server closes; returns the close frame.
  harness::Result<GatewayFrame> readUntilClose(std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
  // Client-initiated close (code 1000).
  void close();

  // A minimal IDENTIFY payload.
  static nlohmann::json identify(const std::string& token, int64_t intents = 46601);

 private:
  struct Impl;
  explicit GatewayTestClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fakes::discord::testing
