// The live checks through collectLiveSnapshot with in-process fakes: an in-memory
// ServiceManager, stand-in gateways (httplib) on free ports, sockets as port holders, logs in
// a ScopedTempDir and a fake OpenClawCli. Every check is seen passing and failing.

#include <unistd.h>

#include <gtest/gtest.h>

#include <set>

#include "harness/cli/live_phase.h"
#include "harness/live/live_checks.h"
#include "harness/process/background_process.h"
#include "harness/testing/free_port.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "tests/unit/live/fake_openclaw_cli.h"
#include "tests/unit/live/fake_service_manager.h"
#include "tests/unit/live/live_test_support.h"

namespace harness {
namespace {

using testing::FakeOpenClawCli;
using testing::FakeServiceManager;
using testing::GatewayStandIn;

constexpr const char* kMainBot = "111122223333444455";
constexpr const char* kRescueBot = "222233334444555566";

std::string loginLog(uint16_t port, const std::string& botId, const std::string& name) {
  return "2026-11-24T10:00:00.000Z [gateway] listening on ws://127.0.0.1:" + std::to_string(port) +
         " (PID 1)\n2026-11-24T10:00:01.000Z [discord] logged in to discord as " + botId + " (" + name + ")\n";
}

class LiveChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Started before any socket exists, so it inherits none: a process that is not a gateway.
    auto child = BackgroundProcess::start({.executable = "/bin/sleep", .args = {"600"}});
    ASSERT_TRUE(child) << child.error().describe();
    sleeper_ = std::move(*child);
    spec_ = defaultRescueSpec(tmp_.path() / "home");
    spec_.main.port = testing::pickFreePortRange(3);
    spec_.rescue.port = testing::pickFreePortRange(3, {spec_.main.port});
    spec_.main.logPath = tmp_.path() / "main.log";
    spec_.rescue.logPath = tmp_.path() / "rescue.log";
    expected_.main = {true, kMainBot, "", ""};
    expected_.rescue = {true, kRescueBot, "OpenClaw Rescue Bot", ""};
    testing::writeFile(spec_.main.logPath, loginLog(spec_.main.port, kMainBot, "OpenClaw Main Bot"));
    testing::writeFile(spec_.rescue.logPath, loginLog(spec_.rescue.port, kRescueBot, "OpenClaw Rescue Bot"));
    services_.setJob(spec_.main.label, ::getpid());
    services_.setJob(spec_.rescue.label, ::getpid());
  }

  void startGateways(bool main = true, bool rescue = true) {
    if (main) {
      mainGw_ = std::make_unique<GatewayStandIn>(spec_.main.port);
      ASSERT_TRUE(mainGw_->ok()) << "port " << spec_.main.port;
    }
    if (rescue) {
      rescueGw_ = std::make_unique<GatewayStandIn>(spec_.rescue.port);
      ASSERT_TRUE(rescueGw_->ok()) << "port " << spec_.rescue.port;
    }
  }

  LiveSnapshot collect(const LiveCollectOptions& options = {}) {
    LiveProbes probes{services_, *ports_, cli_, cli_ ? "" : "no openclaw executable in PATH", cli_ ? "/fake/openclaw" : ""};
    return collectLiveSnapshot(spec_, probes, expected_, options);
  }

  CheckResult check(const std::string& id) {
    auto snap = collect();
    auto r = runLiveCheck(id, snap);
    EXPECT_TRUE(r.has_value()) << id;
    return r.value_or(CheckResult{});
  }

  pid_t sleeperPid() const { return sleeper_->pid(); }

  harness::testing::ScopedTempDir tmp_{"live-checks"};
  std::unique_ptr<BackgroundProcess> sleeper_;
  RescueSpec spec_;
  LiveExpectations expected_;
  FakeServiceManager services_;
  PortOwnerLookupPtr ports_ = makeDefaultPortOwnerLookup();
  FakeOpenClawCli fakeCli_;
  OpenClawCli* cli_ = nullptr;
  std::unique_ptr<GatewayStandIn> mainGw_, rescueGw_;
};

#define EXPECT_STATUS(result, expectedStatus)                                                             \
  EXPECT_EQ(toString((result).status), std::string(toString(expectedStatus)))                            \
      << (result).id << ": " << (result).message << "\n  fix: " << (result).remediation

std::string describe(const std::vector<CheckResult>& results) {
  std::string s;
  for (const auto& r : results) s += r.id + " " + toString(r.status) + ": " + r.message + "\n";
  return s;
}

// ---------------------------------------------------------------- the whole set

TEST_F(LiveChecksTest, AllGoodWithoutOpenClawPassesAndSkipsTheCliChecks) {
  startGateways();
  auto results = runLiveChecks(collect());
  for (const auto& r : results) {
    const bool cli = r.id == "rescue.live.openclaw-status" || r.id.rfind("live.", 0) == 0;
    if (cli) {
      EXPECT_STATUS(r, CheckStatus::Skip);
      EXPECT_NE(r.message.find("no openclaw executable in PATH"), std::string::npos) << r.message;
    } else {
      EXPECT_STATUS(r, CheckStatus::Pass);
    }
  }
}

TEST_F(LiveChecksTest, AllGoodWithOpenClawPassesEverything) {
  cli_ = &fakeCli_;
  fakeCli_.setChannels("", FakeOpenClawCli::connectedAs(kMainBot, "OpenClaw Main Bot"));
  fakeCli_.setChannels("rescue", FakeOpenClawCli::connectedAs(kRescueBot, "OpenClaw Rescue Bot"));
  startGateways();
  auto results = runLiveChecks(collect());
  for (const auto& r : results) EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_EQ(fakeCli_.lastStatusLabel, spec_.rescue.label);
}

TEST_F(LiveChecksTest, IdsAreUniqueAndEveryCheckNamesRequirements) {
  std::set<std::string> ids;
  for (const auto& c : liveChecks()) {
    EXPECT_TRUE(ids.insert(c.info.id).second) << c.info.id;
    EXPECT_FALSE(c.info.requirements.empty()) << c.info.id;
    EXPECT_FALSE(c.info.area.empty()) << c.info.id;
  }
  EXPECT_EQ(ids.size(), 12u);
}

// ---------------------------------------------------------------- launchd

TEST_F(LiveChecksTest, LaunchdPassesForARunningEnabledJob) {
  auto r = check("rescue.live.launchd");
  EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_NE(r.message.find("pid " + std::to_string(::getpid())), std::string::npos);
}

TEST_F(LiveChecksTest, LaunchdFailsWhenNotLoaded) {
  services_.removeJob(spec_.rescue.label);
  auto r = check("rescue.live.launchd");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("not loaded"), std::string::npos);
  EXPECT_NE(r.remediation.find("launchctl bootstrap gui/501 "), std::string::npos) << r.remediation;
  EXPECT_NE(r.remediation.find("kickstart -k gui/501/ai.openclaw.gateway.rescue"), std::string::npos);
}

TEST_F(LiveChecksTest, LaunchdFailsWhenDisabledEvenWhileRunning) {
  services_.setDisabled(spec_.rescue.label, true);
  auto r = check("rescue.live.launchd");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("disabled"), std::string::npos);
  EXPECT_NE(r.message.find("KeepAlive"), std::string::npos);
  EXPECT_EQ(r.remediation, "launchctl enable gui/501/ai.openclaw.gateway.rescue");
  services_.setDisabled(spec_.rescue.label, false);  // an explicit "enabled" override is fine
  EXPECT_STATUS(check("rescue.live.launchd"), CheckStatus::Pass);
}

TEST_F(LiveChecksTest, LaunchdFailsWhenLoadedButNotRunning) {
  services_.setJob(spec_.main.label, std::nullopt, "spawn scheduled");
  auto r = check("main.live.launchd");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("not running (state = spawn scheduled"), std::string::npos) << r.message;
  EXPECT_NE(r.remediation.find("launchctl kickstart -k gui/501/ai.openclaw.gateway"), std::string::npos);
}

TEST_F(LiveChecksTest, LaunchdFailsWhenLaunchctlCannotBeAsked) {
  services_.failPrint(Error{ErrorCode::Timeout, "launchctl did not finish", "launchctl print gui/501/x"});
  EXPECT_STATUS(check("rescue.live.launchd"), CheckStatus::Fail);
}

// ---------------------------------------------------------------- ports

TEST_F(LiveChecksTest, PortsPassWhenHeldByTheJobOrADescendant) {
  startGateways();
  EXPECT_STATUS(check("rescue.live.ports"), CheckStatus::Pass);
  // This test process descends from its parent: a job whose process started the listener.
  services_.setJob(spec_.rescue.label, ::getppid());
  services_.setJob(spec_.main.label, sleeperPid());
  auto r = check("rescue.live.ports");
  EXPECT_STATUS(r, CheckStatus::Pass);
}

TEST_F(LiveChecksTest, PortsFailWhenHeldByTheOtherGateway) {
  startGateways(/*main=*/true, /*rescue=*/false);
  // Main's process (this one) also holds the rescue's port; the rescue job is another process.
  testing::ListeningSocket stolen(spec_.rescue.port);
  ASSERT_TRUE(stolen.ok());
  services_.setJob(spec_.rescue.label, sleeperPid());
  auto r = check("rescue.live.ports");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("is held by main's gateway"), std::string::npos) << r.message;
  EXPECT_NE(std::find(r.requirements.begin(), r.requirements.end(), "G3"), r.requirements.end());
}

TEST_F(LiveChecksTest, PortsFailWhenHeldByAnUnrelatedProcess) {
  testing::ListeningSocket squatter(spec_.rescue.port);
  ASSERT_TRUE(squatter.ok());
  services_.removeJob(spec_.main.label);
  services_.setJob(spec_.rescue.label, sleeperPid());
  auto r = check("rescue.live.ports");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("not by rescue's gateway (pid " + std::to_string(sleeperPid())), std::string::npos)
      << r.message;
}

TEST_F(LiveChecksTest, PortsFailWhenNothingListens) {
  startGateways(/*main=*/true, /*rescue=*/false);
  auto r = check("rescue.live.ports");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("nothing listens on port " + std::to_string(spec_.rescue.port)), std::string::npos);
}

TEST_F(LiveChecksTest, PortsPassWithoutABrowserControlListener) {
  rescueGw_ = std::make_unique<GatewayStandIn>(spec_.rescue.port, /*withBrowserControl=*/false);
  ASSERT_TRUE(rescueGw_->ok());
  auto r = check("rescue.live.ports");
  EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_NE(r.message.find("not bound"), std::string::npos) << r.message;
}

TEST_F(LiveChecksTest, PortsSkipWhileTheJobIsNotRunning) {
  services_.setJob(spec_.rescue.label, std::nullopt);
  EXPECT_STATUS(check("rescue.live.ports"), CheckStatus::Skip);
}

// ---------------------------------------------------------------- health

TEST_F(LiveChecksTest, HealthPassesWhenLiveAndReady) {
  startGateways();
  EXPECT_STATUS(check("main.live.health"), CheckStatus::Pass);
}

TEST_F(LiveChecksTest, HealthFailsWhenNotReady) {
  startGateways();
  rescueGw_->ready = false;
  auto r = check("rescue.live.health");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("live but not ready"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("discord"), std::string::npos) << r.message;
}

TEST_F(LiveChecksTest, HealthFailsWhenHealthzFailsOrNothingAnswers) {
  startGateways();
  rescueGw_->healthzStatus = 500;
  EXPECT_STATUS(check("rescue.live.health"), CheckStatus::Fail);
  rescueGw_.reset();
  auto r = check("rescue.live.health");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("not healthy"), std::string::npos);
}

// ---------------------------------------------------------------- discord (log)

TEST_F(LiveChecksTest, DiscordFromTheLogPassesForTheExpectedBot) {
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_NE(r.message.find(std::string(kRescueBot) + " (OpenClaw Rescue Bot)"), std::string::npos) << r.message;
}

TEST_F(LiveChecksTest, DiscordFailsWhenLoggedInAsTheOtherGatewaysBot) {
  testing::writeFile(spec_.rescue.logPath, loginLog(spec_.rescue.port, kMainBot, "OpenClaw Main Bot"));
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("main's bot (" + std::string(kMainBot) + ")"), std::string::npos) << r.message;
  EXPECT_NE(std::find(r.requirements.begin(), r.requirements.end(), "G6"), r.requirements.end());
}

TEST_F(LiveChecksTest, DiscordFailsForAnUnknownBot) {
  testing::writeFile(spec_.rescue.logPath, loginLog(spec_.rescue.port, "999", "Someone"));
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("expected " + std::string(kRescueBot)), std::string::npos) << r.message;
}

TEST_F(LiveChecksTest, DiscordWarnsWhenTheLogOnlyShowsTheClientInitialized) {
  testing::writeFile(spec_.rescue.logPath,
                     "[gateway] listening on ws://127.0.0.1:1 (PID 1)\n[discord] client initialized as " +
                         std::string(kRescueBot) + "; awaiting gateway readiness\n");
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Warn);
  EXPECT_NE(r.remediation.find("openclaw --profile rescue channels status --json"), std::string::npos);
}

TEST_F(LiveChecksTest, DiscordFailsWithoutALoginSinceTheLastStart) {
  testing::writeFile(spec_.rescue.logPath, loginLog(spec_.rescue.port, kRescueBot, "OpenClaw Rescue Bot") +
                                               "[gateway] listening on ws://127.0.0.1:1 (PID 2)\n");
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("since the gateway's last start"), std::string::npos) << r.message;
}

TEST_F(LiveChecksTest, DiscordWarnsWithoutAStartLine) {
  testing::writeFile(spec_.rescue.logPath, "[discord] logged in to discord as " + std::string(kRescueBot) + "\n");
  EXPECT_STATUS(check("rescue.live.discord"), CheckStatus::Warn);
}

TEST_F(LiveChecksTest, DiscordFailsWhenTheLogCannotBeRead) {
  std::filesystem::remove(spec_.rescue.logPath);
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_NE(r.message.find("cannot read"), std::string::npos);
}

TEST_F(LiveChecksTest, DiscordUsesLaunchdsStdoutPath) {
  const auto elsewhere = tmp_.path() / "elsewhere.log";
  testing::writeFile(elsewhere, loginLog(spec_.rescue.port, kMainBot, "OpenClaw Main Bot"));
  services_.setJob(spec_.rescue.label, ::getpid(), "", elsewhere.string());
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Fail);
  EXPECT_EQ(r.evidence.front().file, elsewhere.string());
}

TEST_F(LiveChecksTest, DiscordSkipsWhenNoLoginIsExpectedOrTheJobIsDown) {
  expected_.main = {false, "", "", "channels.discord.token is not set"};
  auto r = check("main.live.discord");
  EXPECT_STATUS(r, CheckStatus::Skip);
  EXPECT_NE(r.message.find("channels.discord.token is not set"), std::string::npos);
  services_.setJob(spec_.rescue.label, std::nullopt);
  EXPECT_STATUS(check("rescue.live.discord"), CheckStatus::Skip);
  services_.removeJob(spec_.rescue.label);
  std::filesystem::remove(spec_.rescue.logPath);  // no log either: still one failure (launchd), not two
  auto notLoaded = check("rescue.live.discord");
  EXPECT_STATUS(notLoaded, CheckStatus::Skip);
  EXPECT_NE(notLoaded.message.find("not loaded"), std::string::npos) << notLoaded.message;
}

// ---------------------------------------------------------------- discord (channels status)

TEST_F(LiveChecksTest, DiscordPrefersChannelsStatus) {
  cli_ = &fakeCli_;
  // The log says the wrong bot; the CLI's own answer wins.
  testing::writeFile(spec_.rescue.logPath, loginLog(spec_.rescue.port, kMainBot, "x"));
  fakeCli_.setChannels("rescue", FakeOpenClawCli::connectedAs(kRescueBot, "OpenClaw Rescue Bot"));
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_NE(r.message.find("channels status"), std::string::npos);
}

TEST_F(LiveChecksTest, DiscordChannelsStatusWrongBotOrDisconnectedFails) {
  cli_ = &fakeCli_;
  fakeCli_.setChannels("rescue", FakeOpenClawCli::connectedAs(kMainBot, "OpenClaw Main Bot"));
  auto wrong = check("rescue.live.discord");
  EXPECT_STATUS(wrong, CheckStatus::Fail);
  EXPECT_NE(wrong.message.find("main's bot"), std::string::npos) << wrong.message;
  fakeCli_.setChannels("rescue", FakeOpenClawCli::connectedAs(kRescueBot, "OpenClaw Rescue Bot", false));
  auto down = check("rescue.live.discord");
  EXPECT_STATUS(down, CheckStatus::Fail);
  EXPECT_NE(down.message.find("not connected: gateway closed: 4004"), std::string::npos) << down.message;
}

TEST_F(LiveChecksTest, DiscordFallsBackToTheLogWhenChannelsStatusFails) {
  cli_ = &fakeCli_;  // no channels answer for "rescue": an error
  auto r = check("rescue.live.discord");
  EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_NE(r.message.find("judged from the log"), std::string::npos) << r.message;
}

// ---------------------------------------------------------------- R22 status

TEST_F(LiveChecksTest, OpenClawStatusPassesWhenTheRunbookCommandSaysRunning) {
  cli_ = &fakeCli_;
  auto r = check("rescue.live.openclaw-status");
  EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_NE(r.message.find("OPENCLAW_LAUNCHD_LABEL=ai.openclaw.gateway.rescue openclaw --profile rescue gateway status"),
            std::string::npos)
      << r.message;
}

TEST_F(LiveChecksTest, OpenClawStatusFailsWhenNotRunning) {
  cli_ = &fakeCli_;
  GatewayServiceStatus stopped;
  stopped.installed = stopped.loaded = true;
  fakeCli_.status = stopped;
  EXPECT_STATUS(check("rescue.live.openclaw-status"), CheckStatus::Fail);
  fakeCli_.status = Error{ErrorCode::Timeout, "openclaw did not finish", "openclaw --profile rescue gateway status"};
  EXPECT_STATUS(check("rescue.live.openclaw-status"), CheckStatus::Fail);
}

TEST_F(LiveChecksTest, OpenClawStatusRefusedByTheReleaseWarnsWithTheCommandThatWorks) {
  cli_ = &fakeCli_;
  fakeCli_.versionAnswer = std::string("2026.9.6");
  fakeCli_.status = Error{ErrorCode::InvalidInput,
                          "gateway status: no JSON object in the output (exit 1): Gateway status blocked: Error: service "
                          "management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL for macOS service "
                          "management.",
                          "openclaw --profile rescue gateway status --json"};
  GatewayServiceStatus derived;
  derived.label = "ai.openclaw.rescue";
  fakeCli_.derivedStatus = derived;
  auto r = check("rescue.live.openclaw-status");
  EXPECT_STATUS(r, CheckStatus::Warn);
  EXPECT_NE(r.message.find("OpenClaw 2026.9.6 refuses the runbook's status command"), std::string::npos) << r.message;
  EXPECT_EQ(r.remediation.rfind("openclaw --profile rescue gateway status", 0), 0u) << r.remediation;
  EXPECT_NE(r.remediation.find("launchctl print gui/501/ai.openclaw.gateway.rescue"), std::string::npos);
  EXPECT_EQ(fakeCli_.derivedStatusCalls, 1);
}

TEST_F(LiveChecksTest, OpenClawStatusDiagnosticOnlyCountsAsRefused) {
  cli_ = &fakeCli_;
  GatewayServiceStatus diag;
  diag.raw = {{"service", {{"targetRole", "diagnostic-only"}, {"command", nullptr}}}};
  fakeCli_.status = diag;
  EXPECT_STATUS(check("rescue.live.openclaw-status"), CheckStatus::Warn);
}

// ---------------------------------------------------------------- validate, audit, version

TEST_F(LiveChecksTest, ConfigValidateFoldsBothGatewaysFindings) {
  cli_ = &fakeCli_;
  EXPECT_STATUS(check("live.config-validate"), CheckStatus::Pass);
  ConfigValidation warn;
  warn.valid = true;
  warn.warnings = {{"agents.entries", "Moved agents.list to keyed agents.entries."}};
  fakeCli_.validation.insert_or_assign("", Result<ConfigValidation>(warn));
  auto w = check("live.config-validate");
  EXPECT_STATUS(w, CheckStatus::Warn);
  EXPECT_NE(w.message.find("main: 1 warning"), std::string::npos) << w.message;
  ConfigValidation bad;
  bad.issues = {{"gateway.port", "Expected number, received string"}};
  fakeCli_.validation.insert_or_assign("rescue", Result<ConfigValidation>(bad));
  auto f = check("live.config-validate");
  EXPECT_STATUS(f, CheckStatus::Fail);
  EXPECT_NE(f.message.find("rescue's config is invalid (gateway.port: Expected number"), std::string::npos) << f.message;
}

TEST_F(LiveChecksTest, SecurityAuditFailsOnCriticalFindingsEvenThoughTheCliExitsZero) {
  cli_ = &fakeCli_;
  SecurityAudit fine;
  fine.warn = 2;
  fine.findings = {{"tools.exec.security_full_configured", "warn", "Exec security=full is configured"}};
  fakeCli_.audit.insert_or_assign("rescue", Result<SecurityAudit>(fine));
  auto p = check("live.security-audit");
  EXPECT_STATUS(p, CheckStatus::Pass);
  EXPECT_NE(p.message.find("rescue 0 critical, 2 warn"), std::string::npos) << p.message;
  SecurityAudit bad;
  bad.critical = 1;
  bad.findings = {{"fs.config.perms_world_readable", "critical", "Config file is world-readable"}};
  fakeCli_.audit.insert_or_assign("rescue", Result<SecurityAudit>(bad));
  auto f = check("live.security-audit");
  EXPECT_STATUS(f, CheckStatus::Fail);
  EXPECT_NE(f.message.find("Config file is world-readable"), std::string::npos) << f.message;
}

TEST_F(LiveChecksTest, VersionIsReportedAndAMismatchWarns) {
  cli_ = &fakeCli_;
  fakeCli_.versionAnswer = std::string("OpenClaw 2026.9.6");
  auto p = check("live.openclaw-version");
  EXPECT_STATUS(p, CheckStatus::Pass);
  EXPECT_NE(p.message.find("OpenClaw 2026.9.6"), std::string::npos);
  expected_.openclawVersion = "2026.3.24";
  EXPECT_STATUS(check("live.openclaw-version"), CheckStatus::Warn);
  fakeCli_.versionAnswer = Error{ErrorCode::ProcessFailed, "exit 1", "openclaw --version"};
  EXPECT_STATUS(check("live.openclaw-version"), CheckStatus::Warn);
}

TEST(OpenClawVersionTest, ExtractsTheRelease) {
  EXPECT_EQ(extractOpenClawVersion("OpenClaw 2026.9.6 (abc1234)\n"), "2026.9.6");
  EXPECT_EQ(extractOpenClawVersion("2026.3.24\n"), "2026.3.24");
  EXPECT_EQ(extractOpenClawVersion("no version"), "");
}

// ---------------------------------------------------------------- --wait

TEST_F(LiveChecksTest, WaitRetriesAFailingCheckUntilItPasses) {
  startGateways();
  rescueGw_->ready = false;
  int rounds = 0;
  auto collector = [&](const LiveCollectOptions& o) {
    if (++rounds == 3) rescueGw_->ready = true;  // the gateway finishes starting
    return collect(o);
  };
  const auto start = std::chrono::steady_clock::now();
  auto results = runLiveChecksWithWait(collector, harness::testing::actionTimeout(), start);
  const auto health = std::find_if(results.begin(), results.end(), [](auto& r) { return r.id == "rescue.live.health"; });
  ASSERT_NE(health, results.end());
  EXPECT_STATUS(*health, CheckStatus::Pass);
  EXPECT_EQ(rounds, 3);
  const auto first = std::find_if(results.begin(), results.end(), [](auto& r) { return r.id == "main.live.health"; });
  EXPECT_GT(health->durationMs, first->durationMs) << describe(results);
}

TEST_F(LiveChecksTest, WaitGivesUpAtTheDeadlineAndReportsTheFailure) {
  startGateways();
  rescueGw_->ready = false;
  int rounds = 0;
  auto collector = [&](const LiveCollectOptions& o) {
    ++rounds;
    return collect(o);
  };
  const auto start = std::chrono::steady_clock::now();
  auto results = runLiveChecksWithWait(collector, std::chrono::milliseconds(300), start);
  const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const auto health = std::find_if(results.begin(), results.end(), [](auto& r) { return r.id == "rescue.live.health"; });
  EXPECT_STATUS(*health, CheckStatus::Fail);
  EXPECT_GE(health->durationMs, 300);
  EXPECT_LT(elapsed, 300 + harness::testing::actionTimeout().count());
  EXPECT_GT(rounds, 1);
}

TEST_F(LiveChecksTest, WaitSkipsTheOpenClawCallsWhenOnlyOtherChecksFail) {
  cli_ = &fakeCli_;
  fakeCli_.setChannels("", FakeOpenClawCli::connectedAs(kMainBot, "OpenClaw Main Bot"));
  fakeCli_.setChannels("rescue", FakeOpenClawCli::connectedAs(kRescueBot, "OpenClaw Rescue Bot"));
  startGateways();
  rescueGw_->ready = false;
  int rounds = 0;
  bool openclawAskedAgain = false;
  auto collector = [&](const LiveCollectOptions& o) {
    if (++rounds > 1 && o.openclaw) openclawAskedAgain = true;
    if (rounds == 2) rescueGw_->ready = true;
    return collect(o);
  };
  auto results = runLiveChecksWithWait(collector, harness::testing::actionTimeout(), std::chrono::steady_clock::now());
  for (const auto& r : results) EXPECT_STATUS(r, CheckStatus::Pass);
  EXPECT_FALSE(openclawAskedAgain);
}

}  // namespace
}  // namespace harness
