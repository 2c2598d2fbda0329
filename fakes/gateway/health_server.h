#pragma once

// The gateway's HTTP side on port B: the unauthenticated probes every OpenClaw release serves
// (facts/openclaw-drift.md §5.1) plus the fake-only `/__fake/status` the fake CLI turns into
// `channels status --json`.
//
//   GET|HEAD /health, /healthz → 200 {"ok":true,"status":"live"}
//   GET|HEAD /ready, /readyz   → 200 {"ready":true,"failing":[],"uptimeMs":N} or 503 ready:false
//   GET /__fake/status         → whatever statusJson() returns (never a secret)
//   anything else              → 404

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace fakes::gateway {

class HttpListener;

struct Readiness {
  bool ready = false;
  std::vector<std::string> failing;  // "startup", "discord", ...
};

struct HealthCallbacks {
  std::function<Readiness()> readiness;
  std::function<nlohmann::json()> statusJson;
};

class HealthServer {
 public:
  explicit HealthServer(HealthCallbacks callbacks);
  ~HealthServer();

  // Errors: Io when the port is taken.
  harness::Status bind(const std::string& host, uint16_t port);
  harness::Status start();
  void stop();

 private:
  HealthCallbacks callbacks_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::unique_ptr<HttpListener> listener_;
};

}  // namespace fakes::gateway
