#pragma once

// The browser-control service on B+2 (3.24 binds it: facts/openclaw-drift.md §4). The fake only
// needs it to hold the port, so footprint checks and "B+2 already in use" behave as the real
// one: every request gets 200 {"ok":true}.

#include <cstdint>
#include <memory>
#include <string>

#include "harness/core/result.h"

namespace fakes::gateway {

class HttpListener;

class BrowserControlServer {
 public:
  BrowserControlServer();
  ~BrowserControlServer();

  harness::Status bind(const std::string& host, uint16_t port);
  harness::Status start();
  void stop();

 private:
  std::unique_ptr<HttpListener> listener_;
};

}  // namespace fakes::gateway
