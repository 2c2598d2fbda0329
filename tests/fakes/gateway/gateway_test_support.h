#pragma once

// Running fake-openclaw-gateway as a real process in a FixtureHome (rescue profile, canary
// tokens) on free ports, for the gateway's process tests.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/process/background_process.h"
#include "harness/testing/fixture_home.h"

namespace fakes::gateway::testing {

// A TCP listener on 127.0.0.1:port held for the object's lifetime (no SO_REUSEPORT).
class PortHolder {
 public:
  explicit PortHolder(uint16_t port);
  ~PortHolder();
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// True when 127.0.0.1:port can be bound right now.
bool portIsFree(uint16_t port);

class GatewayTestBase : public ::testing::Test {
 protected:
  GatewayTestBase();

  // HOME and a minimal PATH, plus `extra`: exactly the child's environment.
  std::map<std::string, std::string> environment(const std::map<std::string, std::string>& extra = {}) const;
  std::filesystem::path stateDir() const { return home_.path(".openclaw-rescue"); }
  std::filesystem::path configPath() const { return stateDir() / "openclaw.json"; }
  std::filesystem::path newLogFile();

  // Starts the gateway for the rescue profile (args appended after --profile rescue).
  harness::BackgroundProcessPtr startGateway(const std::filesystem::path& logFile,
                                             const std::vector<std::string>& args = {},
                                             const std::map<std::string, std::string>& extraEnv = {});
  // Starts it and waits for the "listening" line; fails the test with the log otherwise.
  harness::BackgroundProcessPtr startListening(const std::filesystem::path& logFile,
                                               const std::vector<std::string>& args = {},
                                               const std::map<std::string, std::string>& extraEnv = {});
  // Runs a gateway expected to refuse: its exit code (-1 if it did not exit in time).
  int runToExit(const std::filesystem::path& logFile, const std::vector<std::string>& args = {},
                const std::map<std::string, std::string>& extraEnv = {});

  static std::string readLog(const std::filesystem::path& logFile);
  ::testing::AssertionResult waitForLog(const std::filesystem::path& logFile, const std::string& needle);
  // Every line `<ISO ts> [subsystem] text`; no canary secret anywhere.
  static ::testing::AssertionResult logIsWellFormedAndClean(const std::filesystem::path& logFile);

  // GET on the gateway port: status and parsed body (null when not JSON or unreachable).
  std::pair<int, nlohmann::json> getJson(uint16_t port, const std::string& path) const;
  // HEAD on the gateway port: the status, 0 when unreachable.
  static int headStatus(uint16_t port, const std::string& path);

  harness::testing::FixtureHome home_;
  uint16_t port_;
  int logCounter_ = 0;
};

}  // namespace fakes::gateway::testing
