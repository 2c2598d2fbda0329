#pragma once

// GatewayLoad: many concurrent Discord Gateway sessions against a fake-discord, each doing what
// a bot does for its whole life: connect, HELLO, IDENTIFY, READY, then a heartbeat (op 1 with
// the last sequence number) every interval, counting the ACKs (op 11) and dispatches. Each is
// the lab's GatewaySession (fakes/discord_gateway_client); all share one io_context on one
// thread, which stays in the .cc.
//
//   GatewayLoad load({.port = port, .tokens = tokens, .heartbeatInterval = 250ms});
//   ASSERT_TRUE(load.waitAllReady(timeout));
//   ... measure the server ...
//   GatewayLoadStats stats = load.stop();   // closes every session (code 1000), joins
//
// Thread-safety: stats() and waitAllReady() may be called from any thread while it runs.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace harness::testing {

struct GatewayLoadOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::vector<std::string> tokens;  // one session per entry (a token may repeat: one bot, many sessions)
  std::chrono::milliseconds heartbeatInterval{250};  // the client's own rhythm (HELLO's value is ignored)
};

struct GatewayLoadStats {
  int sessions = 0;
  int ready = 0;              // sessions that got READY
  int open = 0;               // sessions whose socket is open now
  int64_t heartbeats = 0;     // op 1 sent
  int64_t acks = 0;           // op 11 received
  int64_t dispatches = 0;     // op 0 received (READY, MESSAGE_CREATE, ...)
  int64_t maxUnacked = 0;     // the most heartbeats any one session had without an ACK
  std::vector<std::string> errors;  // first errors (connect, handshake, unexpected close), capped
};

class GatewayLoad {
 public:
  explicit GatewayLoad(GatewayLoadOptions options);
  ~GatewayLoad();  // stop()
  GatewayLoad(const GatewayLoad&) = delete;
  GatewayLoad& operator=(const GatewayLoad&) = delete;

  // True once every session is READY (false on timeout, or when one failed).
  bool waitAllReady(std::chrono::milliseconds timeout);
  GatewayLoadStats stats() const;
  // Closes every session with 1000 and waits (bounded) until all sockets are closed; joins
  // the io thread. Idempotent; returns the final figures.
  GatewayLoadStats stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace harness::testing
