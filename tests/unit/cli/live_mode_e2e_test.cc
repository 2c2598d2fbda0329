// verify-host live end to end: the real binary, the real LaunchctlServiceManager on the fake
// launchd's launchctl, and two stand-in gateways (live-test-gateway) started by the fake
// launchd from a runbook-correct FixtureHome on free ports. No openclaw in PATH, so the
// openclaw-dependent checks are skipped and Discord is judged from the logs.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>

#include "harness/probe/port_probe.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/free_port.h"
#include "harness/testing/wait.h"
#include "tests/fakes/launchd/fake_launchd_fixture.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using fakes::launchd::testing::RunResult;
using harness::testing::waitFor;

constexpr const char* kMainBot = "111122223333444455";    // from the fixture's main token
constexpr const char* kRescueBot = "222233334444555566";  // from the fixture's rescue token

struct LiveRun {
  RunResult process;
  nlohmann::json report;
  std::map<std::string, nlohmann::json> checks;  // id -> check
  std::string status(const std::string& id) const {
    auto it = checks.find(id);
    return it == checks.end() ? "missing" : it->second.value("status", "");
  }
  std::string message(const std::string& id) const {
    auto it = checks.find(id);
    return it == checks.end() ? "" : it->second.value("message", "");
  }
  std::string dump() const { return process.out + process.err; }
};

class LiveModeE2eTest : public fakes::launchd::testing::FakeLaunchdTest {
 protected:
  void SetUp() override {
    FakeLaunchdTest::SetUp();
    if (HasFatalFailure()) return;
    mainPort_ = harness::testing::pickFreePortRange(110);
    rescuePort_ = harness::testing::pickFreePortRange(110, {mainPort_});
    fixture_.emplace(home_);
    fixture_->mainConfig["gateway"]["port"] = mainPort_;
    fixture_->rescueConfig["gateway"]["port"] = rescuePort_;
    fixture_->mainPlist["ProgramArguments"].back() = std::to_string(mainPort_);
    fixture_->rescuePlist["ProgramArguments"].back() = std::to_string(rescuePort_);
    fixture_->write();
    // The plists' program is HOME/bin/node; make it the stand-in gateway.
    harness::testing::writeFile(fixture_->path("bin/node"),
                                std::string("#!/bin/sh\nexec ") + LIVE_TEST_GATEWAY + " \"$@\"\n", 0755);
    control(".openclaw", {{"botId", kMainBot}, {"botName", "OpenClaw Main Bot"}});
    control(".openclaw-rescue", {{"botId", kRescueBot}, {"botName", "OpenClaw Rescue Bot"}});
  }

  void control(const std::string& stateDir, const nlohmann::json& c) const {
    harness::testing::writeFile(fixture_->path(stateDir + "/live-test-gateway.json"), c.dump(), 0600);
  }

  fs::path plist(bool rescue) const {
    return fixture_->path(rescue ? "Library/LaunchAgents/ai.openclaw.gateway.rescue.plist"
                              : "Library/LaunchAgents/ai.openclaw.gateway.plist");
  }

  std::string log(bool rescue) const {
    std::ifstream in(fixture_->path(rescue ? ".openclaw-rescue/logs/gateway.log" : ".openclaw/logs/gateway.log"));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  // Bootstraps a gateway; with `waitUntilUp`, until its port accepts connections and it has
  // logged its Discord login.
  void start(bool rescue, bool waitUntilUp = true) {
    auto r = launchctl({"bootstrap", gui(), plist(rescue).string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    if (!waitUntilUp) return;
    const uint16_t port = rescue ? rescuePort_ : mainPort_;
    ASSERT_TRUE(waitFor("gateway up on " + std::to_string(port), [&] {
      return tcpPortAccepting("127.0.0.1", port, std::chrono::milliseconds(100)) &&
             log(rescue).find("logged in to discord") != std::string::npos;
    })) << log(rescue);
  }

  LiveRun verifyHost(std::vector<std::string> extra = {}, std::map<std::string, std::string> env = {}) const {
    std::vector<std::string> argv = {VERIFY_HOST_BINARY, "live", "--home", home_.string(), "--main-port",
                                     std::to_string(mainPort_), "--rescue-port", std::to_string(rescuePort_),
                                     "--launchctl", (root_ / "bin" / "launchctl").string(), "--format", "json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    LiveRun run;
    env.emplace("HOME", home_.string());
    env.emplace("PATH", "/usr/bin:/bin");
    env.emplace("LANG", "C");
    run.process = fakes::launchd::testing::runProcess(argv, env, harness::testing::actionMaxTimeout());
    run.report = nlohmann::json::parse(run.process.out, nullptr, false);
    if (run.report.is_object()) {
      for (const auto& c : run.report["checks"]) run.checks[c["id"].get<std::string>()] = c;
    }
    return run;
  }

  uint16_t mainPort_ = 0;
  uint16_t rescuePort_ = 0;
  std::optional<harness::testing::FixtureHome> fixture_;
};

const std::vector<std::string> kGatewayChecks = {"main.live.launchd",   "main.live.ports",   "main.live.health",
                                                 "main.live.discord",   "rescue.live.launchd", "rescue.live.ports",
                                                 "rescue.live.health",  "rescue.live.discord"};

TEST_F(LiveModeE2eTest, AllGoodPassesAndExitsZero) {
  start(false);
  start(true);
  auto run = verifyHost();
  ASSERT_TRUE(run.report.is_object()) << run.dump();
  EXPECT_EQ(run.report["mode"], "live");
  for (const auto& id : kGatewayChecks) EXPECT_EQ(run.status(id), "pass") << id << ": " << run.message(id);
  for (const auto& id : {"rescue.live.openclaw-status", "live.config-validate", "live.security-audit",
                         "live.openclaw-version"}) {
    EXPECT_EQ(run.status(id), "skip") << id;
    EXPECT_NE(run.message(id).find("no openclaw executable in PATH"), std::string::npos) << run.message(id);
  }
  EXPECT_EQ(run.process.exitCode, 0) << run.dump();
  // No secret from the fixture's configs in the report.
  for (const char* secret : {harness::testing::kCanaryMainDiscordToken, harness::testing::kCanaryRescueDiscordToken,
                             harness::testing::kCanaryMainGatewayToken, harness::testing::kCanaryRescueGatewayToken}) {
    EXPECT_EQ(run.dump().find(secret), std::string::npos) << secret;
  }
  std::cout << "[ timing ] verify-host live (static + live, 2 gateways): "
            << run.process.elapsed.count() / 1000.0 << " ms wall, report durationMs "
            << run.report.value("durationMs", 0.0) << "\n";
}

TEST_F(LiveModeE2eTest, WaitRetriesRightAfterTheStart) {
  start(false, /*waitUntilUp=*/false);
  start(true, /*waitUntilUp=*/false);
  auto run = verifyHost({"--wait", "20"});
  ASSERT_TRUE(run.report.is_object()) << run.dump();
  for (const auto& id : kGatewayChecks) EXPECT_EQ(run.status(id), "pass") << id << ": " << run.message(id);
  EXPECT_EQ(run.process.exitCode, 0) << run.dump();
  EXPECT_GT(run.checks["rescue.live.health"].value("durationMs", -1.0), 0.0);
}

TEST_F(LiveModeE2eTest, AJobThatIsNotRunningFails) {
  control(".openclaw-rescue", {{"exitCode", 1}});
  start(false);
  start(true, /*waitUntilUp=*/false);
  ASSERT_TRUE(waitFor("rescue exited", [&] {
    auto runs = printField("ai.openclaw.gateway.rescue", "runs");
    auto state = printField("ai.openclaw.gateway.rescue", "state");
    return runs && *runs != "0" && state && *state != "running";
  }));
  auto run = verifyHost();
  EXPECT_EQ(run.status("rescue.live.launchd"), "fail") << run.dump();
  EXPECT_NE(run.message("rescue.live.launchd").find("loaded but not running"), std::string::npos)
      << run.message("rescue.live.launchd");
  EXPECT_EQ(run.status("rescue.live.health"), "fail");
  EXPECT_EQ(run.status("main.live.launchd"), "pass");
  EXPECT_EQ(run.process.exitCode, 1);
}

TEST_F(LiveModeE2eTest, ADisabledJobFails) {
  start(false);
  start(true);
  auto disable = launchctl({"disable", target("ai.openclaw.gateway.rescue")});
  ASSERT_EQ(disable.exitCode, 0) << disable.err;
  auto run = verifyHost();
  EXPECT_EQ(run.status("rescue.live.launchd"), "fail") << run.dump();
  EXPECT_NE(run.message("rescue.live.launchd").find("disabled"), std::string::npos);
  EXPECT_EQ(run.status("rescue.live.health"), "pass");
  EXPECT_EQ(run.process.exitCode, 1);
}

TEST_F(LiveModeE2eTest, APortHeldByTheOtherGatewayFails) {
  // Main also listens on the rescue's browser-control port (B+2) before the rescue starts.
  control(".openclaw", {{"botId", kMainBot}, {"botName", "OpenClaw Main Bot"}, {"extraPorts", nlohmann::json::array({rescuePort_ + 2})}});
  start(false);
  start(true);
  auto run = verifyHost();
  EXPECT_EQ(run.status("rescue.live.ports"), "fail") << run.dump();
  EXPECT_NE(run.message("rescue.live.ports").find("held by main's gateway"), std::string::npos)
      << run.message("rescue.live.ports");
  EXPECT_EQ(run.status("main.live.ports"), "pass") << run.message("main.live.ports");
  EXPECT_EQ(run.process.exitCode, 1);
}

TEST_F(LiveModeE2eTest, FailingHealthFails) {
  control(".openclaw-rescue", {{"botId", kRescueBot}, {"botName", "OpenClaw Rescue Bot"}, {"ready", false}});
  start(false);
  start(true);
  auto run = verifyHost();
  EXPECT_EQ(run.status("rescue.live.health"), "fail") << run.dump();
  EXPECT_NE(run.message("rescue.live.health").find("not ready"), std::string::npos);
  EXPECT_EQ(run.status("main.live.health"), "pass");
  EXPECT_EQ(run.process.exitCode, 1);
}

TEST_F(LiveModeE2eTest, TheWrongBotInTheLogFails) {
  control(".openclaw-rescue", {{"botId", kMainBot}, {"botName", "OpenClaw Main Bot"}});
  start(false);
  start(true);
  auto run = verifyHost();
  EXPECT_EQ(run.status("rescue.live.discord"), "fail") << run.dump();
  EXPECT_NE(run.message("rescue.live.discord").find("main's bot"), std::string::npos) << run.message("rescue.live.discord");
  EXPECT_EQ(run.status("main.live.discord"), "pass") << run.message("main.live.discord");
  EXPECT_EQ(run.process.exitCode, 1);
}

#ifdef FAKE_OPENCLAW
// With the fake openclaw CLI (fakes/openclaw) emulating a release. The stand-in gateways do not
// serve the fake's channel-status endpoint, so Discord falls back to the logs.
TEST_F(LiveModeE2eTest, OpenClaw96RefusesTheRunbookStatusCommandAndTheReportSaysWhatWorks) {
  start(false);
  start(true);
  auto run = verifyHost({"--openclaw", FAKE_OPENCLAW},
                        {{"PATH", (root_ / "bin").string() + ":/usr/bin:/bin"}, {"OPENCLAW_FAKE_RELEASE", "2026.9.6"}});
  ASSERT_TRUE(run.report.is_object()) << run.dump();
  EXPECT_EQ(run.status("rescue.live.openclaw-status"), "warn") << run.dump();
  EXPECT_NE(run.message("rescue.live.openclaw-status").find("refuses the runbook's status command"), std::string::npos)
      << run.message("rescue.live.openclaw-status");
  EXPECT_EQ(run.checks["rescue.live.openclaw-status"].value("remediation", "").rfind(
                "openclaw --profile rescue gateway status", 0),
            0u);
  EXPECT_EQ(run.status("live.openclaw-version"), "pass") << run.message("live.openclaw-version");
  EXPECT_NE(run.message("live.openclaw-version").find("2026.9.6"), std::string::npos);
  EXPECT_EQ(run.status("live.security-audit"), "pass") << run.message("live.security-audit");
  EXPECT_NE(run.status("live.config-validate"), "fail") << run.message("live.config-validate");
  EXPECT_NE(run.status("live.config-validate"), "skip") << run.message("live.config-validate");
  EXPECT_EQ(run.status("rescue.live.discord"), "pass") << run.message("rescue.live.discord");
  EXPECT_EQ(run.report["extra"].value("openclawVersion", ""), "2026.9.6");
  std::cout << "[ timing ] verify-host live with the fake openclaw CLI: " << run.process.elapsed.count() / 1000.0
            << " ms wall\n";
}

TEST_F(LiveModeE2eTest, OpenClaw324HonoursTheRunbookStatusCommand) {
  start(false);
  start(true);
  auto run = verifyHost({"--openclaw", FAKE_OPENCLAW},
                        {{"PATH", (root_ / "bin").string() + ":/usr/bin:/bin"}, {"OPENCLAW_FAKE_RELEASE", "2026.3.24"}});
  ASSERT_TRUE(run.report.is_object()) << run.dump();
  EXPECT_EQ(run.status("rescue.live.openclaw-status"), "pass") << run.message("rescue.live.openclaw-status");
}
#endif

TEST_F(LiveModeE2eTest, LiveOnlyFlagsNeedLive) {
  auto r = fakes::launchd::testing::runProcess({VERIFY_HOST_BINARY, "--wait", "5"}, {{"PATH", "/usr/bin:/bin"}},
                                               harness::testing::actionTimeout());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--wait needs `verify-host live`"), std::string::npos) << r.err;
}

// The old flag, kept for one release: the same run, and one note on stderr.
TEST_F(LiveModeE2eTest, TheOldLiveFlagStillWorks) {
  start(false);
  start(true);
  auto argv = std::vector<std::string>{VERIFY_HOST_BINARY, "--live",          "--home",
                                       home_.string(),     "--main-port",     std::to_string(mainPort_),
                                       "--rescue-port",    std::to_string(rescuePort_), "--launchctl",
                                       (root_ / "bin" / "launchctl").string(), "--format", "json"};
  auto r = fakes::launchd::testing::runProcess(argv, {{"HOME", home_.string()}, {"PATH", "/usr/bin:/bin"}},
                                               harness::testing::actionMaxTimeout());
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out, nullptr, false).value("mode", ""), "live") << r.out;
  EXPECT_NE(r.err.find("verify-host: --live is deprecated; use `verify-host live`"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace harness
