// The disruptive check on a FakeStack (fake launchd + fake `openclaw` + fake gateways + fake
// Discord), through the real LaunchctlServiceManager and ProcessOpenClawCli: all good, rescue
// down, crosstalk, main failing to come back (+ recoverFromJournal), interrupt, wrong bot, and
// the 2026.9.6 refusal of the rescue's runbook commands.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fakes/discord/fake_discord_client.h"
#include "harness/disruptive/disruptive_check.h"
#include "harness/disruptive/restore_journal.h"
#include "harness/probe/http_probe.h"
#include "lab/fake_stack/fake_stack.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using testing::actionMaxTimeout;
using testing::actionTimeout;
using testing::waitFor;
using std::chrono::milliseconds;

// OpenClawCli decorator: main's `gateway stop` also boots out rescue (simulated crosstalk).
class CrosstalkCli : public OpenClawCli {
 public:
  CrosstalkCli(OpenClawCli& inner, ServiceManager& services, std::string rescueLabel)
      : inner_(inner), services_(services), rescueLabel_(std::move(rescueLabel)) {}
  Result<std::string> version() override { return inner_.version(); }
  Result<CommandOutcome> gateway(GatewayAction action, const OpenClawTarget& target,
                                 std::optional<uint16_t> installPort) override {
    auto r = inner_.gateway(action, target, installPort);
    if (action == GatewayAction::Stop && target.profile.empty()) (void)services_.bootout(rescueLabel_);
    return r;
  }
  Result<GatewayServiceStatus> gatewayStatus(const OpenClawTarget& t) override { return inner_.gatewayStatus(t); }
  Result<ConfigValidation> validateConfig(const OpenClawTarget& t) override { return inner_.validateConfig(t); }
  Result<ChannelsStatus> channelsStatus(const OpenClawTarget& t) override { return inner_.channelsStatus(t); }
  Result<SecurityAudit> securityAudit(const OpenClawTarget& t) override { return inner_.securityAudit(t); }

 private:
  OpenClawCli& inner_;
  ServiceManager& services_;
  std::string rescueLabel_;
};

class DisruptiveCheckTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- progress:\n";
      for (const auto& l : progress_) std::cerr << l << "\n";
      if (stack_) std::cerr << stack_->diagnostics();
    }
    if (stack_) stack_->shutdown();
    stack_.reset();
    std::vector<pid_t> left;
    EXPECT_TRUE(waitFor("no process of the test left", [&] {
      testing::reapExitedChildren();
      left = testing::processesMentioning(tmp_.path().string());
      return left.empty();
    })) << "left running: " << ::testing::PrintToString(left);
  }

  ::testing::AssertionResult start(std::string release = "2026.3.24",
                                   std::function<void(RunbookLayout&, const StackPorts&)> edit = {}) {
    auto binaries = FakeStackBinaries::locate();
    if (!binaries) return ::testing::AssertionFailure() << binaries.error().describe();
    auto stack = FakeStack::start(*binaries, FakeStackOptions{.dir = tmp_.path() / "stack", .release = release,
                                                              .edit = std::move(edit)});
    if (!stack) return ::testing::AssertionFailure() << "fake stack: " << stack.error().describe();
    stack_ = std::move(*stack);
    return ::testing::AssertionSuccess();
  }

  const RescueSpec& spec() { return stack_->spec(); }

  std::optional<int> pidOf(const InstanceSpec& g) {
    auto job = stack_->launchd().print(g.label);
    if (!job || !job->loaded) return std::nullopt;
    return job->pid;
  }
  bool healthy(const InstanceSpec& g) {
    return probeGatewayHealth(HttpTarget{.port = g.port, .timeout = milliseconds(500)}).ready;
  }
  int sessions(const std::string& botId) {
    auto bot = stack_->discord().bot(botId);
    return bot ? bot->sessions : -1;
  }
  bool serving(const InstanceSpec& g, const char* botId) {
    return pidOf(g).has_value() && healthy(g) && sessions(botId) >= 1;
  }
  ::testing::AssertionResult waitBothServing() {
    if (!waitFor("main serving", [&] { return serving(spec().main, kMainBotId); }, actionMaxTimeout())) {
      return ::testing::AssertionFailure() << "main not serving";
    }
    if (!waitFor("rescue serving", [&] { return serving(spec().rescue, kRescueBotId); }, actionMaxTimeout())) {
      return ::testing::AssertionFailure() << "rescue not serving";
    }
    return ::testing::AssertionSuccess();
  }

  fs::path journalPath() const { return tmp_.path() / "state/openclaw-rescue-harness/restore-journal.json"; }

  DisruptiveOptions options() {
    DisruptiveOptions o;
    o.journalPath = journalPath();
    o.hold = milliseconds(1000);
    o.pollInterval = milliseconds(100);
    o.stopTimeout = actionTimeout();
    o.startTimeout = actionMaxTimeout();
    o.httpTimeout = milliseconds(500);
    return o;
  }

  DisruptiveDeps deps(OpenClawCli* cli) {
    return DisruptiveDeps{
        .services = stack_->launchd(),
        .openclaw = cli,
        .spec = stack_->spec(),
        .rescueDiscordLogin = makeLogDiscordLoginProbe(stack_->launchd(), stack_->spec().rescue, kRescueBotId,
                                                       kRescueBotName),
        .progress = [this](const std::string& line) {
          progress_.push_back(line);
          if (onProgress_) onProgress_(line);
        },
        .interrupt = &interrupt_};
  }

  static const CheckResult& result(const std::vector<CheckResult>& results, const std::string& id) {
    for (const auto& r : results) {
      if (r.id == id) return r;
    }
    static CheckResult missing{.id = "missing", .message = "no result with this id"};
    ADD_FAILURE() << "no result " << id;
    return missing;
  }

  static std::string describe(const std::vector<CheckResult>& results) {
    std::string s;
    for (const auto& r : results) {
      s += r.id + " " + toString(r.status) + ": " + r.message + "\n";
      for (const auto& e : r.evidence) s += "    " + e.key + ": " + e.detail + "\n";
    }
    return s;
  }

  static bool mentions(const CheckResult& r, const std::string& text) {
    if (r.message.find(text) != std::string::npos) return true;
    for (const auto& e : r.evidence) {
      if (e.detail.find(text) != std::string::npos) return true;
    }
    return false;
  }

  // Test-side fault injection: main's config gateway.mode (the library never edits files).
  void setMainGatewayMode(const std::string& mode) {
    const fs::path config = spec().main.configPath;
    std::ifstream in(config);
    nlohmann::json j = nlohmann::json::parse(in);
    j["gateway"]["mode"] = mode;
    std::ofstream out(config, std::ios::trunc);
    out << j.dump(2);
    out.close();
    ::chmod(config.c_str(), 0600);
  }

  testing::ScopedTempDir tmp_{"disruptive"};
  std::unique_ptr<FakeStack> stack_;
  std::vector<std::string> progress_;
  std::function<void(const std::string&)> onProgress_;
  std::atomic<int> interrupt_{0};
};

TEST_F(DisruptiveCheckTest, AllGoodPassesBothDirectionsAndMainEndsRunning) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  const int rescuePid = *pidOf(spec().rescue);
  auto d = deps(&stack_->openclaw());

  auto results = runDisruptiveCheck(d, options());
  SCOPED_TRACE(describe(results));
  ASSERT_EQ(results.size(), 6u);
  for (const auto& r : results) EXPECT_EQ(r.status, CheckStatus::Pass) << r.id << ": " << r.message;
  EXPECT_EQ(result(results, kDisruptiveMainStop).requirements, (std::vector<std::string>{"G1", "R24"}));
  EXPECT_EQ(result(results, kDisruptiveRescueStop).requirements, (std::vector<std::string>{"G2", "R25"}));
  // The runbook's commands, as run, are in the evidence.
  EXPECT_TRUE(mentions(result(results, kDisruptiveMainStop), "gateway stop"));
  EXPECT_TRUE(mentions(result(results, kDisruptiveMainStart), "gateway start"));
  EXPECT_TRUE(mentions(result(results, kDisruptiveRescueStop), "--profile rescue gateway stop"));
  EXPECT_TRUE(mentions(result(results, kDisruptiveRescueStop), "OPENCLAW_LAUNCHD_LABEL"));

  EXPECT_TRUE(serving(spec().main, kMainBotId));
  EXPECT_TRUE(waitFor("rescue serving", [&] { return serving(spec().rescue, kRescueBotId); }));
  EXPECT_NE(pidOf(spec().rescue), rescuePid) << "rescue was stopped and started in the reverse direction";
  EXPECT_FALSE(fs::exists(journalPath()));
  // Progress lines carry the elapsed time; the hold reports rescue's pid.
  ASSERT_FALSE(progress_.empty());
  EXPECT_EQ(progress_.front().rfind("[", 0), 0u);
  bool holding = false;
  for (const auto& l : progress_) {
    holding |= l.find("holding: rescue pid " + std::to_string(rescuePid) + " healthy, logged in") != std::string::npos;
  }
  EXPECT_TRUE(holding);
}

TEST_F(DisruptiveCheckTest, RescueDownAtStartFailsWithoutStoppingMain) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  ASSERT_TRUE(stack_->launchd().bootout(spec().rescue.label));
  ASSERT_TRUE(waitFor("rescue gone", [&] { return !pidOf(spec().rescue); }));
  const int mainPid = *pidOf(spec().main);
  auto d = deps(&stack_->openclaw());

  auto results = runDisruptiveCheck(d, options());
  SCOPED_TRACE(describe(results));
  EXPECT_EQ(result(results, kDisruptivePreconditions).status, CheckStatus::Fail);
  EXPECT_TRUE(mentions(result(results, kDisruptivePreconditions), "rescue"));
  EXPECT_EQ(result(results, kDisruptiveMainStop).status, CheckStatus::Skip);
  EXPECT_EQ(result(results, kDisruptiveRescueStop).status, CheckStatus::Skip);
  EXPECT_EQ(pidOf(spec().main), mainPid) << "main was touched";
  EXPECT_FALSE(fs::exists(journalPath()));
}

TEST_F(DisruptiveCheckTest, MainStopThatAlsoStopsRescueFailsAndBothEndRunning) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  CrosstalkCli crosstalk(stack_->openclaw(), stack_->launchd(), spec().rescue.label);
  auto d = deps(&crosstalk);

  auto results = runDisruptiveCheck(d, options());
  SCOPED_TRACE(describe(results));
  const CheckResult& stop = result(results, kDisruptiveMainStop);
  EXPECT_EQ(stop.status, CheckStatus::Fail);
  EXPECT_TRUE(mentions(stop, "rescue stopped")) << stop.message;
  EXPECT_EQ(result(results, kDisruptiveMainStart).status, CheckStatus::Pass);
  EXPECT_TRUE(mentions(result(results, kDisruptiveMainStart), "rescue restored too"));
  EXPECT_TRUE(waitFor("main serving", [&] { return serving(spec().main, kMainBotId); }));
  EXPECT_TRUE(waitFor("rescue serving", [&] { return serving(spec().rescue, kRescueBotId); }));
  EXPECT_FALSE(fs::exists(journalPath()));
}

TEST_F(DisruptiveCheckTest, MainFailingToComeBackKeepsTheJournalAndRecoverRestoresIt) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  // Once main is down, its config stops it from starting again (as a broken edit would).
  onProgress_ = [&](const std::string& line) {
    if (line.find("main is down") != std::string::npos) setMainGatewayMode("remote");
  };
  auto d = deps(&stack_->openclaw());
  auto o = options();
  o.startTimeout = milliseconds(2000);

  auto results = runDisruptiveCheck(d, o);
  SCOPED_TRACE(describe(results));
  EXPECT_EQ(result(results, kDisruptiveMainStop).status, CheckStatus::Pass);
  const CheckResult& start = result(results, kDisruptiveMainStart);
  EXPECT_EQ(start.status, CheckStatus::Fail);
  EXPECT_TRUE(mentions(start, "main not healthy")) << start.message;
  EXPECT_NE(start.remediation.find("verify-host recover"), std::string::npos) << start.remediation;
  EXPECT_EQ(result(results, kDisruptiveRescueStop).status, CheckStatus::Skip);
  EXPECT_EQ(result(results, kDisruptiveRestore).status, CheckStatus::Fail);
  ASSERT_TRUE(fs::exists(journalPath()));
  auto journal = readRestoreJournal(journalPath());
  ASSERT_TRUE(journal && journal->has_value());
  ASSERT_EQ((*journal)->entries.size(), 1u);
  EXPECT_EQ((*journal)->entries[0].label, spec().main.label);
  EXPECT_TRUE(pidOf(spec().rescue).has_value()) << "rescue must not be touched while main is broken";

  // A second run refuses to disrupt anything until the journal is recovered.
  auto again = runDisruptiveCheck(d, o);
  EXPECT_EQ(result(again, kDisruptivePreconditions).status, CheckStatus::Fail);
  EXPECT_TRUE(mentions(result(again, kDisruptivePreconditions), "verify-host recover") ||
              result(again, kDisruptivePreconditions).remediation.find("verify-host recover") != std::string::npos);

  setMainGatewayMode("local");
  auto o2 = options();
  CheckResult recovered = recoverFromJournal(d, o2);
  EXPECT_EQ(recovered.status, CheckStatus::Pass) << recovered.message;
  EXPECT_TRUE(serving(spec().main, kMainBotId) ||
              waitFor("main serving", [&] { return serving(spec().main, kMainBotId); }, actionMaxTimeout()));
  EXPECT_FALSE(fs::exists(journalPath()));
  // Nothing left to recover.
  EXPECT_EQ(recoverFromJournal(d, o2).status, CheckStatus::Skip);
}

TEST_F(DisruptiveCheckTest, JournalLeftByAKilledRunIsRecovered) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  // What a run killed during the hold leaves behind: main booted out, its journal on disk.
  RestoreJournal j = newRestoreJournal(spec().home);
  j.harnessPid = 999999;
  j.entries.push_back(JournalEntry{.gateway = "main", .label = spec().main.label, .plist = spec().main.plistPath,
                                   .profile = "", .launchdLabel = std::nullopt, .port = spec().main.port,
                                   .command = "openclaw gateway stop", .reason = "stopped by the disruptive check",
                                   .stoppedAt = isoTimestampNow()});
  ASSERT_TRUE(writeRestoreJournal(journalPath(), j));
  ASSERT_TRUE(stack_->launchd().bootout(spec().main.label));
  ASSERT_TRUE(waitFor("main gone", [&] { return !pidOf(spec().main); }));
  auto d = deps(&stack_->openclaw());

  CheckResult recovered = recoverFromJournal(d, options());
  EXPECT_EQ(recovered.status, CheckStatus::Pass) << recovered.message;
  EXPECT_TRUE(mentions(recovered, "gateway start")) << recovered.message;
  EXPECT_TRUE(waitFor("main serving", [&] { return serving(spec().main, kMainBotId); }, actionMaxTimeout()));
  EXPECT_FALSE(fs::exists(journalPath()));
}

TEST_F(DisruptiveCheckTest, MalformedJournalIsReportedAndNothingIsDisrupted) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  testing::writeFile(journalPath(), "{\"version\": 1, \"entries\": 7");
  const int mainPid = *pidOf(spec().main);
  auto d = deps(&stack_->openclaw());

  CheckResult recovered = recoverFromJournal(d, options());
  EXPECT_EQ(recovered.status, CheckStatus::Fail);
  EXPECT_NE(recovered.message.find(journalPath().string()), std::string::npos) << recovered.message;
  auto results = runDisruptiveCheck(d, options());
  EXPECT_EQ(result(results, kDisruptivePreconditions).status, CheckStatus::Fail);
  EXPECT_EQ(result(results, kDisruptiveMainStop).status, CheckStatus::Skip);
  EXPECT_EQ(pidOf(spec().main), mainPid);
  EXPECT_TRUE(fs::exists(journalPath())) << "a journal the harness cannot read is left for the user";
}

TEST_F(DisruptiveCheckTest, InterruptDuringTheHoldRestoresMain) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  onProgress_ = [&](const std::string& line) {
    if (line.find("holding:") != std::string::npos) interrupt_.store(SIGINT);
  };
  auto d = deps(&stack_->openclaw());
  auto o = options();
  // The interrupt must cut it short. A hold no stop and restore takes, however loaded the
  // machine: the run ending before the hold alone would have is the proof.
  o.hold = milliseconds(120'000);

  const auto began = std::chrono::steady_clock::now();
  auto results = runDisruptiveCheck(d, o);
  const auto took = std::chrono::steady_clock::now() - began;
  SCOPED_TRACE(describe(results));
  EXPECT_LT(took, o.hold) << "the hold was not cut short";
  const CheckResult& stop = result(results, kDisruptiveMainStop);
  EXPECT_EQ(stop.status, CheckStatus::Fail);
  EXPECT_TRUE(mentions(stop, "interrupted by SIGINT")) << stop.message;
  EXPECT_TRUE(mentions(stop, "main was restored")) << stop.message;
  EXPECT_EQ(result(results, kDisruptiveRescueStop).status, CheckStatus::Skip);
  EXPECT_TRUE(mentions(result(results, kDisruptiveRescueStop), "interrupted"));
  EXPECT_TRUE(serving(spec().main, kMainBotId) ||
              waitFor("main serving", [&] { return serving(spec().main, kMainBotId); }));
  EXPECT_FALSE(fs::exists(journalPath()));
}

TEST_F(DisruptiveCheckTest, RescueLoggedInAsTheWrongBotFails) {
  ASSERT_TRUE(start("2026.3.24", [](RunbookLayout& home, const StackPorts&) {
    home.rescueConfig["channels"]["discord"]["token"] = kCanaryMainDiscordToken;
  }));
  ASSERT_TRUE(waitFor("main serving", [&] { return serving(spec().main, kMainBotId); }, actionMaxTimeout()));
  ASSERT_TRUE(waitFor("rescue logged in (as some bot)", [&] {
    return makeLogDiscordLoginProbe(stack_->launchd(), spec().rescue, "", "")().empty();
  }, actionMaxTimeout()));
  const int mainPid = *pidOf(spec().main);
  auto d = deps(&stack_->openclaw());

  auto results = runDisruptiveCheck(d, options());
  SCOPED_TRACE(describe(results));
  const CheckResult& pre = result(results, kDisruptivePreconditions);
  EXPECT_EQ(pre.status, CheckStatus::Fail);
  EXPECT_TRUE(mentions(pre, kMainBotId)) << pre.message;
  EXPECT_TRUE(mentions(pre, "expected " + std::string(kRescueBotId))) << pre.message;
  EXPECT_EQ(result(results, kDisruptiveMainStop).status, CheckStatus::Skip);
  EXPECT_EQ(pidOf(spec().main), mainPid);
  // No secret reaches the results.
  for (const auto& r : results) {
    for (const auto& s : stack_->secrets()) EXPECT_FALSE(mentions(r, s)) << r.id;
  }
}

TEST_F(DisruptiveCheckTest, Release9_6RefusesTheRescueCommandsAndLaunchctlIsUsed) {
  ASSERT_TRUE(start("2026.9.6"));
  ASSERT_TRUE(waitBothServing());
  auto d = deps(&stack_->openclaw());

  auto results = runDisruptiveCheck(d, options());
  SCOPED_TRACE(describe(results));
  EXPECT_EQ(result(results, kDisruptiveMainStop).status, CheckStatus::Pass);
  EXPECT_EQ(result(results, kDisruptiveMainStart).status, CheckStatus::Pass);
  const CheckResult& stop = result(results, kDisruptiveRescueStop);
  EXPECT_EQ(stop.status, CheckStatus::Pass) << stop.message;
  EXPECT_TRUE(mentions(stop, "refused by the release"));
  EXPECT_TRUE(mentions(stop, "launchctl bootout"));
  const CheckResult& start = result(results, kDisruptiveRescueStart);
  EXPECT_NE(start.status, CheckStatus::Fail) << start.message;
  EXPECT_TRUE(mentions(start, "launchctl kickstart -k"));
  EXPECT_TRUE(waitFor("both serving", [&] {
    return serving(spec().main, kMainBotId) && serving(spec().rescue, kRescueBotId);
  }, actionMaxTimeout()));
  EXPECT_FALSE(fs::exists(journalPath()));
}

TEST_F(DisruptiveCheckTest, WithoutAnOpenclawCliLaunchctlIsUsedAndSaidSo) {
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitBothServing());
  auto d = deps(nullptr);
  auto o = options();
  o.reverse = false;

  auto results = runDisruptiveCheck(d, o);
  SCOPED_TRACE(describe(results));
  const CheckResult& stop = result(results, kDisruptiveMainStop);
  EXPECT_EQ(stop.status, CheckStatus::Pass);
  EXPECT_TRUE(mentions(stop, "no openclaw CLI"));
  EXPECT_TRUE(mentions(stop, "launchctl bootout"));
  EXPECT_EQ(result(results, kDisruptiveMainStart).status, CheckStatus::Pass);
  EXPECT_EQ(result(results, kDisruptiveRescueStop).status, CheckStatus::Skip);
  EXPECT_TRUE(waitFor("main serving", [&] { return serving(spec().main, kMainBotId); }));
}

}  // namespace
}  // namespace harness
