// verify-host disruptive, recover and --sandbox as a user runs them: the real binary
// against a FakeStack (fake launchd, fake CLI, fake gateways, fake Discord), with the real
// launchctl and openclaw command lines. Fault injection: SIGINT and SIGTERM during the hold,
// SIGKILL then --recover; in each, main ends up running.

#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "harness/core/environment.h"
#include "harness/core/file_reader.h"
#include "harness/process/background_process.h"
#include "harness/process/process_runner.h"
#include "lab/fake_stack/fake_stack.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using testing::waitFor;

std::string logText(const fs::path& log) {
  auto text = readFileLimited(log, 1 << 20);
  return text ? *text : text.error().describe();
}

class DisruptiveCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto binaries = FakeStackBinaries::locate();
    ASSERT_TRUE(binaries) << binaries.error().describe();
    auto stack = FakeStack::start(*binaries, FakeStackOptions{.dir = tmp_.path() / "stack"});
    ASSERT_TRUE(stack) << stack.error().describe();
    stack_ = std::move(*stack);
    binaries_ = *binaries;
    ASSERT_TRUE(stack_->waitUntilServing(testing::actionMaxTimeout()));
  }

  void TearDown() override {
    if (HasFailure() && stack_) std::cerr << stack_->diagnostics();
    if (stack_) stack_->shutdown();
    std::vector<pid_t> left;
    EXPECT_TRUE(waitFor("nothing left running", [&] {
      testing::reapExitedChildren();
      left = testing::processesMentioning(tmp_.path().string());
      return left.empty();
    })) << ::testing::PrintToString(left);
  }

  // verify-host pointed at the stack as a user points it at a Mac.
  std::vector<std::string> args(std::vector<std::string> extra) const {
    std::vector<std::string> a{"--home", stack_->home().string(),
                               "--launchctl", (stack_->launchdRoot() / "bin/launchctl").string(),
                               "--openclaw", binaries_.fakeOpenclaw.string(),
                               "--main-port", std::to_string(stack_->spec().main.port),
                               "--rescue-port", std::to_string(stack_->spec().rescue.port),
                               "--format", "json"};
    a.insert(a.begin(), extra.begin(), extra.end());
    return a;
  }

  std::map<std::string, std::string> environment() const {
    auto env = stack_->environment();
    env["XDG_STATE_HOME"] = (tmp_.path() / "state").string();
    return env;
  }
  fs::path journal() const { return tmp_.path() / "state/openclaw-rescue-harness/restore-journal.json"; }

  ProcessResult verifyHost(std::vector<std::string> extra, std::string stdinData = {}) {
    auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                    .args = args(std::move(extra)),
                                    .environment = environment(),
                                    .stdinData = std::move(stdinData),
                                    .timeout = testing::actionMaxTimeout() * 2});
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : ProcessResult{};
  }

  // verify-host disruptive in the background with a long hold, stopped by `signal` once it
  // reports the hold.
  BackgroundProcessPtr startDisruptive(const fs::path& log) {
    auto child = BackgroundProcess::start(BackgroundProcessSpec{
        .executable = VERIFY_HOST_BINARY,
        .args = args({"disruptive", "--yes", "--hold", "60", "--output", (tmp_.path() / "report.json").string()}),
        .environment = environment(),
        .logFile = log});
    EXPECT_TRUE(child) << child.error().describe();
    EXPECT_TRUE(waitFor("the hold starts", [&] {
      auto text = readFileLimited(log, 1 << 20);
      return text && text->find("holding:") != std::string::npos;
    }, testing::actionMaxTimeout()))
        << logText(log) << "\n" << stack_->diagnostics();
    return child ? std::move(*child) : nullptr;
  }

  bool mainServing() {
    auto job = stack_->launchd().print(stack_->spec().main.label);
    return job && job->running() &&
           probeHealthy(stack_->spec().main.port);
  }
  static bool probeHealthy(uint16_t port);

  testing::ScopedTempDir tmp_{"disruptive-cli"};
  FakeStackBinaries binaries_;
  std::unique_ptr<FakeStack> stack_;
};

}  // namespace
}  // namespace harness

#include "harness/probe/http_probe.h"

namespace harness {
namespace {

bool DisruptiveCliTest::probeHealthy(uint16_t port) {
  return probeGatewayHealth(HttpTarget{.port = port, .timeout = std::chrono::milliseconds(500)}).ready;
}

TEST_F(DisruptiveCliTest, RefusesWithoutATerminalOrYes) {
  const int mainPid = *stack_->launchd().print(stack_->spec().main.label)->pid;
  auto r = verifyHost({"disruptive"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.stderrText.find("Pass --yes"), std::string::npos) << r.stderrText;
  // The old flag (one more release): the same refusal, and a note.
  auto old = verifyHost({"--disruptive"});
  EXPECT_EQ(old.exitCode, 2);
  EXPECT_NE(old.stderrText.find("Pass --yes"), std::string::npos) << old.stderrText;
  EXPECT_NE(old.stderrText.find("--disruptive is deprecated; use `verify-host disruptive`"), std::string::npos)
      << old.stderrText;
  EXPECT_EQ(stack_->launchd().print(stack_->spec().main.label)->pid, mainPid) << "main was touched";
  EXPECT_FALSE(fs::exists(journal()));
}

TEST_F(DisruptiveCliTest, AllGoodPassesBothDirectionsAndLeavesBothRunning) {
  auto r = verifyHost({"disruptive", "--yes", "--hold", "1"});
  EXPECT_EQ(r.exitCode, 0) << r.stdoutText << r.stderrText;
  auto report = nlohmann::json::parse(r.stdoutText, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r.stdoutText;
  EXPECT_EQ(report["mode"], "disruptive");
  int disruptivePasses = 0;
  for (const auto& c : report["checks"]) {
    if (c["id"].get<std::string>().rfind("disruptive.", 0) == 0 && c["status"] == "pass") ++disruptivePasses;
  }
  EXPECT_EQ(disruptivePasses, 6) << r.stdoutText;
  EXPECT_NE(r.stderrText.find("stopping main"), std::string::npos) << "no progress lines:\n" << r.stderrText;
  EXPECT_TRUE(waitFor("main serving", [&] { return mainServing(); }));
  EXPECT_FALSE(fs::exists(journal()));
  for (const char* secret : {kCanaryMainDiscordToken, kCanaryRescueDiscordToken, kCanaryMainGatewayToken,
                             kCanaryRescueGatewayToken, kCanaryAnthropicKey}) {
    EXPECT_EQ(r.stdoutText.find(secret), std::string::npos);
    EXPECT_EQ(r.stderrText.find(secret), std::string::npos);
  }
}

class DisruptiveSignalTest : public DisruptiveCliTest, public ::testing::WithParamInterface<int> {};

TEST_P(DisruptiveSignalTest, SignalDuringTheHoldRestoresMain) {
  const fs::path log = tmp_.path() / "verify-host.log";
  auto child = startDisruptive(log);
  ASSERT_TRUE(child);
  EXPECT_FALSE(mainServing()) << "main should be stopped during the hold";
  child->signal(GetParam());
  auto status = child->waitForExit(testing::actionMaxTimeout());
  ASSERT_TRUE(status) << logText(log);
  EXPECT_EQ(status->exitCode, 128 + GetParam()) << logText(log);
  EXPECT_TRUE(mainServing()) << logText(log);
  EXPECT_FALSE(fs::exists(journal()));
}

INSTANTIATE_TEST_SUITE_P(Signals, DisruptiveSignalTest, ::testing::Values(SIGINT, SIGTERM, SIGHUP),
                         [](const ::testing::TestParamInfo<int>& info) { return std::string(sigabbrev_np(info.param)); });

TEST_F(DisruptiveCliTest, SigkillThenRecoverRestoresMain) {
  const fs::path log = tmp_.path() / "verify-host.log";
  auto child = startDisruptive(log);
  ASSERT_TRUE(child);
  child->signal(SIGKILL);
  ASSERT_TRUE(child->waitForExit(testing::actionTimeout()));
  EXPECT_FALSE(mainServing());
  ASSERT_TRUE(fs::exists(journal())) << "the journal must survive a SIGKILL";

  // The old flag (one more release): restores the same, with a note.
  auto r = verifyHost({"--recover"});
  EXPECT_EQ(r.exitCode, 0) << r.stdoutText << r.stderrText;
  EXPECT_NE(r.stderrText.find("--recover is deprecated; use `verify-host recover`"), std::string::npos)
      << r.stderrText;
  EXPECT_TRUE(waitFor("main serving", [&] { return mainServing(); })) << r.stderrText;
  EXPECT_FALSE(fs::exists(journal()));
}

TEST_F(DisruptiveCliTest, TheNextLiveRunRestoresFirst) {
  const fs::path log = tmp_.path() / "verify-host.log";
  auto child = startDisruptive(log);
  ASSERT_TRUE(child);
  child->signal(SIGKILL);
  ASSERT_TRUE(child->waitForExit(testing::actionTimeout()));
  ASSERT_TRUE(fs::exists(journal()));

  auto r = verifyHost({"live", "--wait", "20"});
  EXPECT_NE(r.stderrText.find("restoring first"), std::string::npos) << r.stderrText;
  EXPECT_EQ(r.exitCode, 0) << r.stdoutText << r.stderrText;
  EXPECT_TRUE(mainServing());
  EXPECT_FALSE(fs::exists(journal()));
}

TEST_F(DisruptiveCliTest, RecoverWithNothingToDoPasses) {
  auto r = verifyHost({"recover"});
  EXPECT_EQ(r.exitCode, 0) << r.stdoutText << r.stderrText;
}

// The README's main job.
TEST(SandboxCliTest, SandboxPassesEverythingAndLeavesNothingBehind) {
  testing::ScopedTempDir tmp{"sandbox-cli"};
  auto env = currentEnvironment();
  env["TMPDIR"] = tmp.path().string();
  auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                  .args = {"--sandbox", "--hold", "1", "--format", "json"},
                                  .environment = env,
                                  .timeout = testing::actionMaxTimeout() * 2});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exitCode, 0) << r->stdoutText << r->stderrText;
  auto report = nlohmann::json::parse(r->stdoutText, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r->stdoutText;
  EXPECT_EQ(report["mode"], "sandbox");
  EXPECT_EQ(report["summary"]["fail"], 0) << r->stdoutText;
  std::set<std::string> ids;
  for (const auto& c : report["checks"]) ids.insert(c["id"].template get<std::string>());
  for (const char* id : {"rescue.config.exec", "rescue.live.discord", "disruptive.main-stop", "disruptive.restore"}) {
    EXPECT_TRUE(ids.count(id)) << id << " missing from the sandbox report";
  }
  for (const char* secret : {kCanaryMainDiscordToken, kCanaryRescueDiscordToken, kCanaryRescueGatewayToken}) {
    EXPECT_EQ(r->stdoutText.find(secret), std::string::npos);
    EXPECT_EQ(r->stderrText.find(secret), std::string::npos);
  }
  // All green is true only of the release it emulates: its first line names that release, and
  // the end says what the newest known release breaks and how to see it.
  const std::string firstLine = r->stderrText.substr(0, r->stderrText.find('\n'));
  EXPECT_NE(firstLine.find("emulating OpenClaw 2026.3.24 (the runbook's release)"), std::string::npos) << firstLine;
  EXPECT_NE(r->stderrText.find("the newest known release, OpenClaw 2026.9.6, refuses the runbook's rescue commands"),
            std::string::npos)
      << r->stderrText;
  EXPECT_NE(r->stderrText.find("--sandbox --openclaw-version 2026.9.6"), std::string::npos);
  std::vector<pid_t> left;
  EXPECT_TRUE(waitFor("sandbox torn down", [&] {
    testing::reapExitedChildren();
    left = testing::processesMentioning(tmp.path().string());
    return left.empty();
  })) << ::testing::PrintToString(left);
  EXPECT_TRUE(fs::is_empty(tmp.path())) << "the sandbox directory was not removed";
}

TEST(SandboxCliTest, SandboxRefusesAHomeOfItsOwn) {
  auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY, .args = {"--sandbox", "--home", "/tmp"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exitCode, 2);
}

}  // namespace
}  // namespace harness
