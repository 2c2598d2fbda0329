// The disruptive check's state machine in memory (harness/testing/in_memory_mac.h): every step's
// failure and a signal at every step, in milliseconds and without a process. The same check on
// the fake stack's real processes is disruptive_check_test.cc (label scenario).

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <iostream>

#include "harness/disruptive/disruptive_check.h"
#include "harness/disruptive/restore_journal.h"
#include "harness/testing/in_memory_mac.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

using testing::InMemoryMac;
using std::chrono::milliseconds;

class DisruptiveStateMachineTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- progress:\n";
      for (const auto& l : progress_) std::cerr << l << "\n";
      std::cerr << "--- calls:\n";
      for (const auto& c : mac_.calls()) std::cerr << c << "\n";
    }
  }

  std::vector<CheckResult> run(bool withCli = true) {
    DisruptiveDeps deps{.services = mac_,
                        .openclaw = withCli ? &mac_ : nullptr,
                        .spec = mac_.spec(),
                        .rescueDiscordLogin = login_,
                        .progress = [this](const std::string& line) {
                          progress_.push_back(line);
                          if (!interruptAt_.empty() && line.find(interruptAt_) != std::string::npos && !interrupt_) {
                            interrupt_ = SIGINT;
                          }
                        },
                        .interrupt = &interrupt_,
                        .probe = &mac_};
    return runDisruptiveCheck(deps, options());
  }

  CheckResult recover() {
    DisruptiveDeps deps{.services = mac_, .openclaw = &mac_, .spec = mac_.spec(), .probe = &mac_};
    return recoverFromJournal(deps, options());
  }

  DisruptiveOptions options() const {
    DisruptiveOptions o;
    o.journalPath = journal();
    o.hold = milliseconds(40);
    o.pollInterval = milliseconds(2);
    o.stopTimeout = milliseconds(200);
    o.startTimeout = milliseconds(200);
    return o;
  }

  std::filesystem::path journal() const { return tmp_.path() / "state/restore-journal.json"; }
  bool journalExists() const { return std::filesystem::exists(journal()); }

  static const CheckResult& result(const std::vector<CheckResult>& results, const std::string& id) {
    for (const auto& r : results) {
      if (r.id == id) return r;
    }
    static CheckResult missing{.id = "missing", .message = "no result with that id"};
    ADD_FAILURE() << "no result " << id;
    return missing;
  }

  static bool evidenceMentions(const CheckResult& r, const std::string& text) {
    for (const auto& e : r.evidence) {
      if (e.detail.find(text) != std::string::npos) return true;
    }
    return false;
  }

  testing::ScopedTempDir tmp_;
  InMemoryMac mac_;
  DiscordLoginProbe login_;
  std::vector<std::string> progress_;
  std::atomic<int> interrupt_{0};
  std::string interruptAt_;  // a progress line containing this raises SIGINT
};

TEST_F(DisruptiveStateMachineTest, AllGoodPassesEveryStepAndLeavesBothServing) {
  const auto results = run();
  for (const auto& r : results) EXPECT_EQ(r.status, CheckStatus::Pass) << r.id << ": " << r.message;
  EXPECT_EQ(results.size(), 6u);
  EXPECT_EQ(mac_.count("gateway stop main"), 1u);
  EXPECT_EQ(mac_.count("gateway start main"), 1u);
  EXPECT_EQ(mac_.count("gateway stop rescue"), 1u);
  EXPECT_EQ(mac_.count("gateway start rescue"), 1u);
  EXPECT_EQ(mac_.count("bootout ai.openclaw.gateway"), 0u) << "no fallback when the runbook's commands work";
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
  EXPECT_TRUE(mac_.serving(InMemoryMac::kRescue));
  EXPECT_FALSE(journalExists());
  EXPECT_TRUE(evidenceMentions(result(results, kDisruptiveMainStop), "openclaw gateway stop"));
}

TEST_F(DisruptiveStateMachineTest, RescueNotServingBeforehandStopsNothing) {
  mac_.job(InMemoryMac::kRescue).healthy = false;
  const auto results = run();
  EXPECT_EQ(result(results, kDisruptivePreconditions).status, CheckStatus::Fail);
  EXPECT_NE(result(results, kDisruptivePreconditions).message.find("rescue"), std::string::npos);
  EXPECT_EQ(result(results, kDisruptiveMainStop).status, CheckStatus::Skip);
  EXPECT_EQ(result(results, kDisruptiveRestore).status, CheckStatus::Skip);
  EXPECT_EQ(mac_.count("gateway stop main"), 0u);
  EXPECT_FALSE(journalExists());
}

TEST_F(DisruptiveStateMachineTest, RescueLoggedIntoTheWrongBotStopsNothing) {
  login_ = [] { return std::string("logged in as bot 1111 (OpenClaw Main Bot), expected 2222"); };
  const auto results = run();
  EXPECT_EQ(result(results, kDisruptivePreconditions).status, CheckStatus::Fail);
  EXPECT_NE(result(results, kDisruptivePreconditions).message.find("1111"), std::string::npos);
  EXPECT_EQ(mac_.count("gateway stop main"), 0u);
}

TEST_F(DisruptiveStateMachineTest, AJournalThatCannotBeWrittenStopsNothing) {
  // The journal's directory is a dangling symlink: there is no journal to read, and none can be
  // written.
  std::filesystem::create_directory_symlink(tmp_.path() / "missing", tmp_.path() / "state");
  const auto results = run();
  EXPECT_EQ(result(results, kDisruptiveMainStop).status, CheckStatus::Fail);
  EXPECT_NE(result(results, kDisruptiveMainStop).message.find("cannot write the restore journal"), std::string::npos);
  EXPECT_EQ(mac_.count("gateway stop main"), 0u);
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
}

TEST_F(DisruptiveStateMachineTest, ARunbookStopThatFailsIsAFailureNotRetriedWithLaunchctl) {
  mac_.cliStopFailsFor = InMemoryMac::kMain;
  const auto results = run();
  const auto& stop = result(results, kDisruptiveMainStop);
  EXPECT_EQ(stop.status, CheckStatus::Fail);
  EXPECT_NE(stop.message.find("`openclaw gateway stop` failed"), std::string::npos) << stop.message;
  EXPECT_EQ(mac_.count("bootout ai.openclaw.gateway"), 0u);
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
  EXPECT_FALSE(journalExists());
}

TEST_F(DisruptiveStateMachineTest, MainThatNeverGoesDownFailsTheStopWithTheTimeout) {
  mac_.job(InMemoryMac::kMain).ignoresStop = true;
  const auto results = run();
  const auto& stop = result(results, kDisruptiveMainStop);
  EXPECT_EQ(stop.status, CheckStatus::Fail);
  EXPECT_NE(stop.message.find("main still running 0.2 s after `openclaw gateway stop`"), std::string::npos)
      << stop.message;
  EXPECT_TRUE(std::none_of(progress_.begin(), progress_.end(),
                           [](const std::string& l) { return l.find("holding: rescue") != std::string::npos; }));
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
}

TEST_F(DisruptiveStateMachineTest, MainsStopTakingRescueDownFailsAndRestoresBoth) {
  mac_.job(InMemoryMac::kMain).alsoStops = {InMemoryMac::kRescue};
  const auto results = run();
  const auto& stop = result(results, kDisruptiveMainStop);
  EXPECT_EQ(stop.status, CheckStatus::Fail);
  EXPECT_NE(stop.message.find("rescue stopped"), std::string::npos) << stop.message;
  EXPECT_NE(stop.remediation.find("G7"), std::string::npos);
  EXPECT_NE(result(results, kDisruptiveMainStart).message.find("rescue restored too"), std::string::npos);
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
  EXPECT_TRUE(mac_.serving(InMemoryMac::kRescue));
}

TEST_F(DisruptiveStateMachineTest, RescueRestartedDuringTheHoldFailsNamingBothPids) {
  const int rescuePid = *mac_.job(InMemoryMac::kRescue).pid;
  mac_.onCall = [&](const std::string& call) {
    // The first observation of the rescue after main is down: launchd respawned it.
    if (call == "print ai.openclaw.gateway.rescue" && mac_.count("gateway stop main") == 1 &&
        !mac_.job(InMemoryMac::kMain).pid && *mac_.job(InMemoryMac::kRescue).pid == rescuePid) {
      mac_.job(InMemoryMac::kRescue).pid = rescuePid + 500;
    }
  };
  const auto results = run();
  const auto& stop = result(results, kDisruptiveMainStop);
  EXPECT_EQ(stop.status, CheckStatus::Fail);
  EXPECT_NE(stop.message.find("rescue was restarted: pid " + std::to_string(rescuePid) + " became " +
                              std::to_string(rescuePid + 500)),
            std::string::npos)
      << stop.message;
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
}

TEST_F(DisruptiveStateMachineTest, AFailedRunbookStartFallsBackToLaunchctlWithAWarning) {
  mac_.cliStartFailsFor = InMemoryMac::kMain;
  const auto results = run();
  const auto& start = result(results, kDisruptiveMainStart);
  EXPECT_EQ(start.status, CheckStatus::Warn) << start.message;
  EXPECT_NE(start.message.find("R21's launchctl commands"), std::string::npos);
  EXPECT_EQ(mac_.count("bootstrap " + mac_.spec().main.plistPath.string()), 1u);
  EXPECT_EQ(mac_.count("kickstart -k ai.openclaw.gateway"), 1u);
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
  EXPECT_FALSE(journalExists());
}

TEST_F(DisruptiveStateMachineTest, MainThatDoesNotComeBackKeepsTheJournalAndRecoverRestoresIt) {
  mac_.job(InMemoryMac::kMain).comesUpHealthy = false;
  const auto results = run();
  const auto& start = result(results, kDisruptiveMainStart);
  EXPECT_EQ(start.status, CheckStatus::Fail);
  EXPECT_NE(start.message.find("main not healthy 0.2 s after `openclaw gateway start`"), std::string::npos)
      << start.message;
  EXPECT_NE(start.remediation.find("verify-host recover"), std::string::npos);
  EXPECT_EQ(result(results, kDisruptiveRescueStop).status, CheckStatus::Skip);
  EXPECT_EQ(result(results, kDisruptiveRestore).status, CheckStatus::Fail);
  ASSERT_TRUE(journalExists());

  // Once the cause is fixed, --recover brings main back and removes the journal.
  mac_.job(InMemoryMac::kMain).comesUpHealthy = true;
  const CheckResult recovered = recover();
  EXPECT_EQ(recovered.status, CheckStatus::Pass) << recovered.message;
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
  EXPECT_FALSE(journalExists());
}

TEST_F(DisruptiveStateMachineTest, RecoverWhenTheGatewayStillCannotStartKeepsTheJournal) {
  mac_.job(InMemoryMac::kMain).comesUpHealthy = false;
  (void)run();
  ASSERT_TRUE(journalExists());
  const CheckResult recovered = recover();
  EXPECT_EQ(recovered.status, CheckStatus::Fail);
  EXPECT_NE(recovered.message.find("the restore journal is kept"), std::string::npos);
  EXPECT_TRUE(journalExists());
}

TEST_F(DisruptiveStateMachineTest, RecoverWithoutAJournalSkipsAndTouchesNothing) {
  const CheckResult recovered = recover();
  EXPECT_EQ(recovered.status, CheckStatus::Skip);
  EXPECT_EQ(mac_.count("gateway start main"), 0u);
}

TEST_F(DisruptiveStateMachineTest, AJournalFromAnEarlierRunMustBeRecoveredFirst) {
  RestoreJournal j = newRestoreJournal(mac_.spec().home);
  j.entries.push_back(JournalEntry{.gateway = "main", .label = mac_.spec().main.label,
                                   .plist = mac_.spec().main.plistPath, .port = mac_.spec().main.port});
  ASSERT_TRUE(writeRestoreJournal(journal(), j));
  const auto results = run();
  EXPECT_EQ(result(results, kDisruptivePreconditions).status, CheckStatus::Fail);
  EXPECT_NE(result(results, kDisruptivePreconditions).remediation.find("verify-host recover"), std::string::npos);
  EXPECT_EQ(mac_.count("gateway stop main"), 0u);
}

TEST_F(DisruptiveStateMachineTest, ARefusedRescueCommandUsesR21sLaunchctlAndSaysWhy) {
  mac_.refuseLabelOverride = true;
  const auto results = run();
  const auto& stop = result(results, kDisruptiveRescueStop);
  EXPECT_EQ(stop.status, CheckStatus::Pass) << stop.message;
  EXPECT_NE(stop.message.find("`launchctl bootout`"), std::string::npos);
  EXPECT_TRUE(evidenceMentions(stop, "refused by the release"));
  const auto& start = result(results, kDisruptiveRescueStart);
  EXPECT_EQ(start.status, CheckStatus::Pass) << "a refusal is the release's rule, not a failed start: " << start.message;
  EXPECT_EQ(mac_.count("bootout ai.openclaw.gateway.rescue"), 1u);
  EXPECT_TRUE(mac_.serving(InMemoryMac::kRescue));
}

TEST_F(DisruptiveStateMachineTest, WithoutACliOnlyLaunchctlIsUsed) {
  const auto results = run(/*withCli=*/false);
  for (const auto& r : results) EXPECT_NE(r.status, CheckStatus::Fail) << r.id << ": " << r.message;
  EXPECT_EQ(mac_.count("gateway stop main"), 0u);
  EXPECT_EQ(mac_.count("bootout ai.openclaw.gateway"), 1u);
  EXPECT_TRUE(evidenceMentions(result(results, kDisruptiveMainStop), "launchctl bootout gui/501/ai.openclaw.gateway"));
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
}

// A signal at each point of the run: whatever was stopped is restored, nothing further is
// stopped, the journal is gone and the results say which signal.
class DisruptiveSignalTest : public DisruptiveStateMachineTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(DisruptiveSignalTest, ASignalAtThisPointRestoresWhatWasStopped) {
  interruptAt_ = GetParam();
  const auto results = run();
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain));
  EXPECT_TRUE(mac_.serving(InMemoryMac::kRescue));
  EXPECT_FALSE(journalExists());
  const std::vector<std::string> secondDirection{"stopping rescue", "holding: main", "starting rescue", "done"};
  const bool firstDirection =
      std::find(secondDirection.begin(), secondDirection.end(), interruptAt_) == secondDirection.end();
  if (interruptAt_ == std::string("recording state")) {
    EXPECT_EQ(result(results, kDisruptivePreconditions).status, CheckStatus::Fail);
    EXPECT_NE(result(results, kDisruptivePreconditions).message.find("interrupted by SIGINT"), std::string::npos);
    EXPECT_EQ(mac_.count("gateway stop main"), 0u);
    return;
  }
  const auto& restore = result(results, kDisruptiveRestore);
  if (interruptAt_ == std::string("done")) {
    // After the last step there is nothing left to interrupt: the run already ended well.
    EXPECT_EQ(restore.status, CheckStatus::Pass);
    return;
  }
  EXPECT_EQ(restore.status, CheckStatus::Pass) << restore.message;
  EXPECT_NE(restore.message.find("(interrupted by SIGINT)"), std::string::npos) << restore.message;
  if (firstDirection) {
    EXPECT_EQ(mac_.count("gateway stop rescue"), 0u) << "nothing more is stopped after a signal";
    EXPECT_EQ(result(results, kDisruptiveRescueStop).status, CheckStatus::Skip);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStep, DisruptiveSignalTest,
                         ::testing::Values("recording state", "journal written", "stopping main", "main is down",
                                           "holding: rescue", "starting main", "stopping rescue", "holding: main",
                                           "starting rescue", "done"),
                         [](const auto& info) {
                           std::string name;
                           for (char c : std::string(info.param)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
}  // namespace harness
