// fake-openclaw-gateway: stands in for `openclaw [--profile P] gateway [--port N]` (see README.md).
//
// Signals: SIGTERM and SIGINT are blocked in every thread and taken by sigwait() here, so
// shutdown runs as ordinary code rather than in a handler. A watchdog guarantees the exit
// within 1 s even if a Discord REST call is still in flight.

#include <csignal>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fakes/gateway/gateway.h"
#include "fakes/gateway/gateway_options.h"
#include "fakes/gateway/gateway_settings.h"
#include "fakes/gateway/logger.h"
#include "harness/core/environment.h"

namespace {

using namespace fakes::gateway;

// Exits the process 0 after `limit` unless disarmed: a stuck thread must not turn a clean
// SIGTERM into launchd's SIGKILL.
class ExitWatchdog {
 public:
  explicit ExitWatchdog(std::chrono::milliseconds limit)
      : thread_([this, limit] {
          std::unique_lock lock(mutex_);
          if (!cv_.wait_for(lock, limit, [this] { return disarmed_; })) {
            std::fflush(stdout);
            std::fflush(stderr);
            std::_Exit(0);
          }
        }) {}
  ~ExitWatchdog() {
    {
      std::lock_guard lock(mutex_);
      disarmed_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool disarmed_ = false;
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread exists: all inherit it
  std::signal(SIGPIPE, SIG_IGN);

  Logger logger;
  auto options = parseGatewayOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    logger.error("gateway", options.error().describe() + "\n" + gatewayUsage());
    return 1;
  }
  if (options->help) {
    std::printf("%s\n", gatewayUsage().c_str());
    return 0;
  }
  auto settings = resolveGatewaySettings(*options, harness::currentEnvironment());
  if (!settings) {
    logger.error("gateway", settings.error().describe());
    return 1;
  }
  for (const auto& secret : settings->secrets) logger.addSecret(secret);

  Gateway gateway(std::move(*settings), logger);
  if (auto started = gateway.start(); !started) {
    logger.error("gateway", "Gateway failed to start: " + started.error().describe());
    gateway.shutdown(std::chrono::milliseconds(200));
    return 1;
  }

  int received = 0;
  sigwait(&signals, &received);
  logger.info("gateway", std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") + "; shutting down");
  {
    ExitWatchdog watchdog(std::chrono::milliseconds(900));
    if (!gateway.shutdown(std::chrono::milliseconds(500))) {
      std::fflush(stdout);
      std::fflush(stderr);
      std::_Exit(0);
    }
  }
  return 0;
}
