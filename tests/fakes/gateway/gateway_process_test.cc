// fake-openclaw-gateway as a real process, without Discord: probes, log lines, every startup
// refusal, and SIGTERM/SIGINT shutdown.

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <csignal>

#include "harness/testing/free_port.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"
#include "tests/fakes/gateway/gateway_test_support.h"

namespace fakes::gateway::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class FakeGatewayProcessTest : public GatewayTestBase {
 protected:
  void SetUp() override { home_.write(); }
};

TEST_F(FakeGatewayProcessTest, ServesHealthReadinessAndStatus) {
  const auto log = newLogFile();
  auto gateway = startListening(log);
  ASSERT_TRUE(gateway);
  EXPECT_TRUE(waitForLog(log, "[gateway] listening on ws://127.0.0.1:" + std::to_string(port_) + " (PID " +
                                  std::to_string(gateway->pid()) + ")"));
  EXPECT_TRUE(waitForLog(log, "[browser/control] Browser control listening on http://127.0.0.1:" +
                                  std::to_string(port_ + 2) + "/ (auth=token)"));
  EXPECT_TRUE(waitForLog(log, "[discord] DISCORD_API_URL is not set"));

  for (const char* path : {"/health", "/healthz"}) {
    auto [status, body] = getJson(port_, path);
    EXPECT_EQ(status, 200) << path;
    EXPECT_EQ(body, json::parse(R"({"ok":true,"status":"live"})")) << path;
  }
  EXPECT_EQ(headStatus(port_, "/health"), 200);
  EXPECT_EQ(headStatus(port_, "/readyz"), 200);
  for (const char* path : {"/ready", "/readyz"}) {
    auto [status, body] = getJson(port_, path);
    EXPECT_EQ(status, 200) << path;
    EXPECT_EQ(body.value("ready", false), true) << body;
    EXPECT_EQ(body["failing"], json::array()) << body;
    EXPECT_TRUE(body["uptimeMs"].is_number_integer()) << body;
  }
  auto [missingStatus, missingBody] = getJson(port_, "/api/health");
  EXPECT_EQ(missingStatus, 404);

  auto [status, fake] = getJson(port_, "/__fake/status");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(fake["pid"], gateway->pid());
  EXPECT_EQ(fake["profile"], "rescue");
  EXPECT_EQ(fake["port"], port_);
  EXPECT_EQ(fake["stateDir"], stateDir().string());
  EXPECT_EQ(fake["discord"]["enabled"], true);
  EXPECT_EQ(fake["discord"]["configured"], true);
  EXPECT_EQ(fake["discord"]["connected"], false);
  EXPECT_EQ(fake["agent"], json::parse(R"({"id":"rescue","provider":"anthropic","hasAuth":true})"));

  auto [browserStatus, browserBody] = getJson(static_cast<uint16_t>(port_ + 2), "/");
  EXPECT_EQ(browserStatus, 200);
  EXPECT_EQ(browserBody, json::parse(R"({"ok":true})"));

  EXPECT_FALSE(portIsFree(port_));
  EXPECT_FALSE(portIsFree(static_cast<uint16_t>(port_ + 2)));
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayProcessTest, StatusReportsMissingAuthProfiles) {
  home_.writeRescueAuthProfiles = false;
  home_.write();
  const auto log = newLogFile();
  auto gateway = startListening(log);
  ASSERT_TRUE(gateway);
  auto [status, fake] = getJson(port_, "/__fake/status");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(fake["agent"]["hasAuth"], false) << fake;
}

class FakeGatewaySignalTest : public FakeGatewayProcessTest, public ::testing::WithParamInterface<int> {};

TEST_P(FakeGatewaySignalTest, ExitsZeroWithinOneSecondAndReleasesPortsAndLock) {
  const int sig = GetParam();
  const auto log = newLogFile();
  auto gateway = startListening(log);
  ASSERT_TRUE(gateway);

  const auto begin = std::chrono::steady_clock::now();
  gateway->signal(sig);
  const auto oneSecond = std::chrono::milliseconds(static_cast<long>(1000 * harness::testing::timeoutScale()));
  auto exit = gateway->waitForExit(oneSecond);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin);
  ASSERT_TRUE(exit) << "still running after " << oneSecond.count() << " ms\n" << readLog(log);
  EXPECT_EQ(exit->termSignal, 0);
  EXPECT_EQ(exit->exitCode, 0) << readLog(log);
  EXPECT_LE(took, oneSecond);
  EXPECT_TRUE(waitForLog(log, std::string("[gateway] received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                                  "; shutting down"));
  EXPECT_TRUE(portIsFree(port_));
  EXPECT_TRUE(portIsFree(static_cast<uint16_t>(port_ + 2)));

  // The lock is free again: a fresh gateway on the same state dir starts.
  const auto log2 = newLogFile();
  auto again = startListening(log2);
  ASSERT_TRUE(again);
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

INSTANTIATE_TEST_SUITE_P(Signals, FakeGatewaySignalTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const auto& info) { return std::string(info.param == SIGINT ? "SIGINT" : "SIGTERM"); });

TEST_F(FakeGatewayProcessTest, RefusesWhenBasePortIsTaken) {
  PortHolder holder(port_);
  ASSERT_TRUE(holder.ok());
  const auto log = newLogFile();
  EXPECT_EQ(runToExit(log), 1) << readLog(log);
  EXPECT_TRUE(waitForLog(log, "[gateway] Gateway failed to start: another gateway instance is already listening on "
                              "ws://127.0.0.1:" + std::to_string(port_)));
  EXPECT_EQ(readLog(log).find("[gateway] listening on"), std::string::npos);
  EXPECT_TRUE(portIsFree(static_cast<uint16_t>(port_ + 2)));
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayProcessTest, RefusesWhenBrowserControlPortIsTaken) {
  PortHolder holder(static_cast<uint16_t>(port_ + 2));
  ASSERT_TRUE(holder.ok());
  const auto log = newLogFile();
  EXPECT_EQ(runToExit(log), 1) << readLog(log);
  EXPECT_TRUE(waitForLog(log, "[gateway] Gateway failed to start: port " + std::to_string(port_ + 2) +
                                  " is already in use"));
  EXPECT_TRUE(portIsFree(port_));
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayProcessTest, RefusesWhenStateDirLockIsHeld) {
  const auto log1 = newLogFile();
  auto first = startListening(log1);
  ASSERT_TRUE(first);

  // Same profile and state dir, another port: only the lock stops it.
  const uint16_t otherPort = harness::testing::pickFreePortRange(120, {port_});
  const auto log2 = newLogFile();
  EXPECT_EQ(runToExit(log2, {"--port", std::to_string(otherPort)}), 1) << readLog(log2);
  EXPECT_TRUE(waitForLog(log2, "[gateway] Gateway failed to start: gateway already running (lock " +
                                   (stateDir() / "gateway.lock").string() + " held by pid " +
                                   std::to_string(first->pid()) + ")"));
  EXPECT_TRUE(portIsFree(otherPort));
  EXPECT_TRUE(first->running());
  EXPECT_EQ(getJson(port_, "/healthz").first, 200);
}

TEST_F(FakeGatewayProcessTest, RefusesWhenModeIsNotLocal) {
  home_.rescueConfig["gateway"]["mode"] = "remote";
  home_.write();
  const auto log = newLogFile();
  EXPECT_EQ(runToExit(log), 1);
  EXPECT_TRUE(waitForLog(log, "Gateway start blocked: set gateway.mode=local (current: remote) or pass "
                              "--allow-unconfigured."));

  home_.rescueConfig["gateway"].erase("mode");
  home_.write();
  const auto log2 = newLogFile();
  EXPECT_EQ(runToExit(log2), 1);
  EXPECT_TRUE(waitForLog(log2, "(current: unset)"));

  // --allow-unconfigured lifts the gate.
  const auto log3 = newLogFile();
  auto gateway = startListening(log3, {"--allow-unconfigured"});
  ASSERT_TRUE(gateway);
  EXPECT_TRUE(logIsWellFormedAndClean(log));
}

TEST_F(FakeGatewayProcessTest, RefusesTokenAuthWithoutToken) {
  home_.rescueConfig["gateway"]["auth"].erase("token");
  home_.write();
  const auto log = newLogFile();
  EXPECT_EQ(runToExit(log), 1);
  EXPECT_TRUE(waitForLog(log, "[gateway] Gateway auth is set to token, but no token is configured"));
  EXPECT_TRUE(portIsFree(port_));

  // The same token from the environment is enough.
  const auto log2 = newLogFile();
  auto gateway = startListening(log2, {}, {{"OPENCLAW_GATEWAY_TOKEN", harness::testing::kCanaryRescueGatewayToken}});
  ASSERT_TRUE(gateway);
  EXPECT_TRUE(logIsWellFormedAndClean(log2));
}

TEST_F(FakeGatewayProcessTest, RefusesMalformedOrMissingConfigNamingTheFile) {
  harness::testing::writeFile(configPath(), "{ gateway: { mode: \"local\", ");
  const auto log = newLogFile();
  EXPECT_EQ(runToExit(log), 1);
  EXPECT_TRUE(waitForLog(log, "[gateway] Invalid config at " + configPath().string() + ": "));
  EXPECT_TRUE(portIsFree(port_));

  fs::remove(configPath());
  const auto log2 = newLogFile();
  EXPECT_EQ(runToExit(log2), 1);
  EXPECT_TRUE(waitForLog(log2, "[gateway] Invalid config at " + configPath().string() + ": file not found"));
}

TEST_F(FakeGatewayProcessTest, HonoursPortPrecedenceAndConfigPathOverride) {
  // OPENCLAW_CONFIG_PATH points elsewhere; --port beats gateway.port.
  const fs::path altConfig = home_.path("alt/openclaw.json");
  harness::testing::writeFile(altConfig, home_.rescueConfig.dump());
  const uint16_t flagPort = harness::testing::pickFreePortRange(120, {port_});
  const auto log = newLogFile();
  auto gateway = startListening(log, {"--port", std::to_string(flagPort)},
                                {{"OPENCLAW_CONFIG_PATH", altConfig.string()}});
  ASSERT_TRUE(gateway);
  EXPECT_TRUE(waitForLog(log, "listening on ws://127.0.0.1:" + std::to_string(flagPort)));
  EXPECT_EQ(getJson(flagPort, "/healthz").first, 200);
  EXPECT_TRUE(portIsFree(port_));
}

TEST_F(FakeGatewayProcessTest, RejectsUnknownOptions) {
  const auto log = newLogFile();
  EXPECT_EQ(runToExit(log, {"--bogus"}), 1);
  EXPECT_TRUE(waitForLog(log, "--bogus: unknown option"));
}

}  // namespace
}  // namespace fakes::gateway::testing
