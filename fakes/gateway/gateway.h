#pragma once

// One fake OpenClaw gateway process: takes the state-dir lock, binds B (health, status) and
// B+2 (browser control), starts Discord, and answers readiness from what Discord did.
// gateway_main.cc owns signals; this class owns the order of startup and shutdown.

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include "fakes/gateway/gateway_settings.h"
#include "fakes/gateway/health_server.h"
#include "harness/core/result.h"

namespace fakes::gateway {

class Logger;
class BrowserControlServer;
class DiscordClient;
class DmResponder;
class StateLock;

class Gateway {
 public:
  Gateway(GatewaySettings settings, Logger& logger);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Errors carry the text after "Gateway failed to start: " (lock held, port in use).
  harness::Status start();
  // Closes Discord (1000), stops both listeners, releases the lock. false when the Discord
  // thread had to be abandoned (the caller then exits without running destructors).
  bool shutdown(std::chrono::milliseconds grace);

  Readiness readiness() const;
  nlohmann::json statusJson() const;

 private:
  std::filesystem::path agentCliShim(const openclaw::Instance& inst);

  GatewaySettings settings_;
  Logger& log_;
  std::atomic<bool> started_{false};
  std::unique_ptr<StateLock> lock_;
  std::unique_ptr<HealthServer> health_;
  std::unique_ptr<BrowserControlServer> browser_;
  std::unique_ptr<DmResponder> responder_;
  std::unique_ptr<DiscordClient> discord_;
};

}  // namespace fakes::gateway
