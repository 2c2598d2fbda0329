#pragma once

// The fake model's HTTP side: POST /v1/messages (Anthropic Messages API, JSON or SSE) and the
// /_fake/ control API, on one cpp-httplib listener (httplib stays in the .cc).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "fakes/model/model_state.h"
#include "harness/core/result.h"

namespace fakes::model {

struct ModelServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0 = any free port
  std::function<void(const std::string&)> logger;  // one line per request; never a key
};

class ModelServer {
 public:
  static harness::Result<std::unique_ptr<ModelServer>> create(ModelState& state, ModelServerOptions options);
  ~ModelServer();
  uint16_t port() const;
  void run();   // blocks until stop()
  // Until run() accepts connections (stop() before that would not end run()); false when it
  // did not within the timeout.
  [[nodiscard]] bool waitUntilRunning(std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  void stop();  // any thread

 private:
  struct Impl;
  explicit ModelServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fakes::model
