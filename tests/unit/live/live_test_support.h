#pragma once

// In-process stand-ins for the live checks' unit tests: a gateway (HTTP health on B, a plain
// listener on B+2) and a plain listening socket. Everything binds 127.0.0.1 and is closed by
// its destructor.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace harness::testing {

// A listening TCP socket on 127.0.0.1:port (close-on-exec). ok() is false when bind failed.
class ListeningSocket {
 public:
  explicit ListeningSocket(uint16_t port);
  ~ListeningSocket();
  ListeningSocket(const ListeningSocket&) = delete;
  ListeningSocket& operator=(const ListeningSocket&) = delete;
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// /healthz and /readyz as OpenClaw's answer them, on a given port; `ready` and `healthzStatus`
// may change while it runs.
class GatewayStandIn {
 public:
  // Binds `port` (and a plain listener on port+2 when withBrowserControl). Check ok().
  explicit GatewayStandIn(uint16_t port, bool withBrowserControl = true);
  ~GatewayStandIn();
  bool ok() const;

  std::atomic<bool> ready{true};
  std::atomic<int> healthzStatus{200};

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace harness::testing
