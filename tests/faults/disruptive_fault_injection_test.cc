// Disruptive mode under fault injection, repeated (issue #8, "Faults and load"): the real
// verify-host --disruptive runs against one FakeStack (fake launchd, fake CLI, fake gateways,
// fake Discord) and is killed with SIGINT, SIGTERM or SIGKILL at a chosen step; then
// `verify-host recover` runs, and main (and rescue) must be loaded, running and /readyz
// ready again, with no restore journal left. The stack is shared by all runs on purpose: a run
// that leaves anything broken makes the next run's preconditions fail too.
//
// Where it is killed: each run picks a step by the progress lines verify-host prints on stderr
// (the hook), then waits a random delay inside that step, so every step is covered and the
// exact moment varies:
//   checks          during the static/live checks and the precondition probe (nothing stopped)
//   journal         right after the restore journal is written, before/while `gateway stop` runs
//   main-stopping   while main's stop command runs and main goes down
//   main-stopped    during main's hold (main down, rescue watched)
//   main-restoring  while main is started again and waited for
//   rescue-stopped  while rescue's stop runs or during its hold
//   rescue-restoring while rescue is started again
// Steps go round-robin over runs and signals cycle independently (7 and 3 are coprime, so 21
// runs cover every step x signal pair); the delay comes from a per-run seed.
//
// Environment:
//   HARNESS_FAULT_RUNS  number of runs (default 10; the closing note's figure is 50)
//   HARNESS_FAULT_SEED  base seed (default: random, printed); with HARNESS_FAULT_FIRST=i and
//                       HARNESS_FAULT_RUNS=1 it replays run i exactly (same step, signal, delay)
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/core/file_reader.h"
#include "harness/probe/http_probe.h"
#include "harness/process/background_process.h"
#include "harness/process/process_runner.h"
#include "lab/fake_stack/fake_stack.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"
#include "tests/faults/verify_host_on_stack.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using testing::waitFor;

// Each direction's hold: long enough that a random delay lands inside it, short enough that
// 50 runs take minutes.
constexpr int kHoldSeconds = 2;

struct Step {
  const char* name;
  const char* hook;    // progress text that starts the step
  int occurrence;      // which occurrence of the hook (1 = first)
  int maxDelayMs;      // the kill lands 0..maxDelayMs after the hook
};

// The delays cover each step's usual length on the fake stack (a stop takes ~0.1-0.5 s, a
// start until /readyz ~0.3-1 s), so the kill lands inside the step, occasionally just after.
constexpr Step kSteps[] = {
    {"checks", "", 1, 600},  // from the start: static and live checks, then the preconditions
    {"journal", "journal written", 1, 30},
    {"main-stopping", "stopping main", 1, 400},
    {"main-stopped", "main is down", 1, kHoldSeconds * 1000},
    {"main-restoring", "starting main", 1, 800},
    {"rescue-stopped", "stopping rescue", 1, 400 + kHoldSeconds * 1000},
    {"rescue-restoring", "starting rescue", 1, 800},
};
constexpr int kStepCount = static_cast<int>(std::size(kSteps));
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGKILL};

long envLong(const char* name, long fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  try {
    return std::stol(v);
  } catch (...) {
    return fallback;
  }
}

std::string readText(const fs::path& file) {
  auto text = readFileLimited(file, 4 << 20);
  return text ? *text : std::string();
}

// Position of the n-th occurrence of `needle`, or npos.
size_t nth(const std::string& text, const std::string& needle, int n) {
  size_t pos = std::string::npos;
  for (size_t from = 0; n > 0; --n, from = pos + 1) {
    pos = text.find(needle, from);
    if (pos == std::string::npos) return pos;
  }
  return pos;
}

// The last progress line ("[  1.2s] ...") in a verify-host stderr log.
std::string lastProgressLine(const std::string& log) {
  std::istringstream in(log);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.rfind("[", 0) == 0 && line.find("s] ") != std::string::npos) last = line;
  }
  return last;
}

struct RunOutcome {
  int run = 0;
  uint64_t seed = 0;
  std::string step;
  int signal = 0;
  int delayMs = 0;
  bool finishedBeforeKill = false;
  std::string lastLine;    // the last progress line before it died
  std::string exit;        // "exit 130", "SIGKILL"
  bool journalAfterKill = false;
  bool mainDownAfterKill = false;
  bool rescueDownAfterKill = false;
  bool lateSignal = false;  // the signal arrived after the run's "done" and ended the process
  std::string recover;     // "nothing to do", "restored", "already running"
  bool restored = false;   // main and rescue serving, journal gone
};

// verify-host's last progress line of a run that restored everything it stopped:
// "[  9.8s] done" (disruptive_check.cc), possibly "done (interrupted by ...)".
bool finishedRun(const std::string& log) { return lastProgressLine(log).find("s] done") != std::string::npos; }

class DisruptiveFaultInjectionTest : public testing::VerifyHostOnStackTest {
 protected:
  // A process killed after its run finished: the report is written and complete (its
  // disruptive checks, the restore passed), and nothing is left to restore.
  void expectFinishedCleanly(const fs::path& reportFile, const std::string& log) {
    const std::string text = readText(reportFile);
    auto report = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << "no complete report in " << reportFile << " although the run said done\n"
                                        << text << "\n--- log:\n" << log;
    EXPECT_EQ(report.value("mode", ""), "disruptive") << text;
    bool restoreChecked = false;
    for (const auto& c : report.value("checks", nlohmann::json::array())) {
      if (c.value("id", "") == "disruptive.restore") restoreChecked = c.value("status", "") == "pass";
    }
    EXPECT_TRUE(restoreChecked) << "the report has no passing disruptive.restore\n" << text;
    EXPECT_FALSE(fs::exists(journal())) << "a restore journal is left although the run said done\n" << log;
    EXPECT_TRUE(mainServing()) << "main is not serving although the run said done\n" << log;
    EXPECT_TRUE(rescueServing()) << "rescue is not serving although the run said done\n" << log;
  }

  std::vector<std::string> args(std::vector<std::string> mode) const { return verifyHostArgs(std::move(mode)); }
  std::map<std::string, std::string> environment() const { return verifyHostEnvironment(); }

  // One run: start --disruptive, kill it at the step, --recover, check. Failures are
  // reported with the run's replay line.
  RunOutcome runOnce(int run, uint64_t baseSeed) {
    RunOutcome o;
    o.run = run;
    o.seed = baseSeed;
    const Step& step = kSteps[run % kStepCount];
    o.step = step.name;
    o.signal = kSignals[run % 3];
    std::mt19937_64 rng(baseSeed * 1'000'003ULL + static_cast<uint64_t>(run));
    o.delayMs = std::uniform_int_distribution<int>(0, step.maxDelayMs)(rng);
    const std::string replay = "replay: HARNESS_FAULT_SEED=" + std::to_string(baseSeed) +
                               " HARNESS_FAULT_FIRST=" + std::to_string(run) + " HARNESS_FAULT_RUNS=1";
    SCOPED_TRACE("run " + std::to_string(run) + " step " + o.step + " signal " + sigabbrev_np(o.signal) + " delay " +
                 std::to_string(o.delayMs) + " ms; " + replay);

    // Every run starts from a restored world (the previous run's --recover must have left it so).
    EXPECT_TRUE(mainServing() && rescueServing()) << "not both serving before the run";
    EXPECT_FALSE(fs::exists(journal()));

    const fs::path log = tmp_.path() / ("run-" + std::to_string(run) + ".log");
    // One report per run: a late signal's check below must not read an earlier run's report.
    const fs::path reportFile = tmp_.path() / ("report-" + std::to_string(run) + ".json");
    auto child = BackgroundProcess::start(BackgroundProcessSpec{
        .executable = VERIFY_HOST_BINARY,
        .args = args({"disruptive", "--yes", "--hold", std::to_string(kHoldSeconds), "--output",
                      reportFile.string()}),
        .environment = environment(),
        .logFile = log});
    if (!child) {
      ADD_FAILURE() << child.error().describe();
      return o;
    }
    std::string text;
    const bool hooked = waitFor(std::string("the hook \"") + step.hook + "\"", [&] {
      text = readText(log);
      return nth(text, step.hook, step.occurrence) != std::string::npos || !(*child)->running();
    }, testing::actionMaxTimeout());
    EXPECT_TRUE(hooked) << text;
    // The random delay is the fault's position inside the step, not a wait for a condition.
    std::this_thread::sleep_for(milliseconds(o.delayMs));
    o.finishedBeforeKill = !(*child)->running();
    if (!o.finishedBeforeKill) (*child)->signal(o.signal);
    auto status = (*child)->waitForExit(testing::actionMaxTimeout());
    text = readText(log);
    o.lastLine = lastProgressLine(text);
    if (!status) {
      ADD_FAILURE() << "verify-host did not end after " << sigabbrev_np(o.signal) << "\n" << text;
      (*child)->stop();
      return o;
    }
    o.exit = status->termSignal ? std::string("SIG") + sigabbrev_np(status->termSignal)
                                : "exit " + std::to_string(status->exitCode);
    if (!o.finishedBeforeKill && o.signal != SIGKILL) {
      if (status->termSignal == o.signal && finishedRun(text)) {
        // After the run finished (its "done" line), verify-host puts its handlers back and
        // exits: the signal may kill it then, but only with everything already done.
        o.lateSignal = true;
        expectFinishedCleanly(reportFile, text);
      } else if (status->termSignal == o.signal) {
        // Only before verify-host installs its handlers (process start-up, option parsing):
        // then it had not touched anything yet.
        EXPECT_EQ(text.find("journal written"), std::string::npos) << "died of a signal it should catch\n" << text;
      } else {
        // A caught signal ends the run after it restored: 128+signal, journal gone.
        EXPECT_EQ(status->exitCode, 128 + o.signal) << text;
      }
    }
    o.journalAfterKill = fs::exists(journal());
    o.mainDownAfterKill = !mainServing();
    o.rescueDownAfterKill = !rescueServing();
    if (o.signal != SIGKILL && !o.finishedBeforeKill) {
      EXPECT_FALSE(o.journalAfterKill) << "a caught signal must restore and remove the journal\n" << text;
      EXPECT_FALSE(o.mainDownAfterKill) << "main must be restored before verify-host exits\n" << text;
    }

    auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                    .args = args({"recover"}),
                                    .environment = environment(),
                                    .timeout = testing::actionMaxTimeout() * 2});
    if (!r) {
      ADD_FAILURE() << r.error().describe();
      return o;
    }
    EXPECT_EQ(r->exitCode, 0) << r->stdoutText << r->stderrText << "\n--- killed run:\n" << text;
    auto report = nlohmann::json::parse(r->stdoutText, nullptr, false);
    if (!report.is_discarded() && report.contains("checks") && !report["checks"].empty()) {
      const auto& c = report["checks"][0];
      const std::string message = c.value("message", "");
      o.recover = c.value("status", "") == "skip"                     ? "nothing to do"
                  : message.find(" restored (pid") != std::string::npos ? "restored"
                                                                         : "already running";
    }
    const bool mainUp = mainServing();
    const bool rescueUp = rescueServing();
    const bool journalGone = !fs::exists(journal());
    EXPECT_TRUE(mainUp) << "main is not serving after --recover\n" << r->stderrText << "\n--- killed run:\n" << text;
    EXPECT_TRUE(rescueUp) << "rescue is not serving after --recover\n" << r->stderrText << "\n--- killed run:\n" << text;
    EXPECT_TRUE(journalGone) << r->stderrText;
    // A SIGKILL during the journal's atomic write may leave its temporary file; nothing reads it.
    o.restored = mainUp && rescueUp && journalGone;
    return o;
  }

};

TEST_F(DisruptiveFaultInjectionTest, KilledAtEveryStepThenRecoverLeavesMainRunning) {
  const long runs = envLong("HARNESS_FAULT_RUNS", 10);
  const long first = envLong("HARNESS_FAULT_FIRST", 0);
  const uint64_t seed = static_cast<uint64_t>(envLong("HARNESS_FAULT_SEED", static_cast<long>(std::random_device{}() & 0x7fffffff)));
  std::cout << "fault injection: " << runs << " run(s) from run " << first << ", HARNESS_FAULT_SEED=" << seed << "\n";
  RecordProperty("seed", std::to_string(seed));

  std::vector<RunOutcome> outcomes;
  const auto begin = std::chrono::steady_clock::now();
  for (long i = first; i < first + runs; ++i) {
    RunOutcome o = runOnce(static_cast<int>(i), seed);
    std::cout << "run " << o.run << " " << o.step << " " << sigabbrev_np(o.signal) << " +" << o.delayMs << "ms: "
              << (o.finishedBeforeKill ? "finished before the kill" : o.lateSignal ? "killed after done" : "killed")
              << ", " << o.exit
              << ", last line \"" << o.lastLine << "\", journal " << (o.journalAfterKill ? "kept" : "none")
              << ", main " << (o.mainDownAfterKill ? "down" : "up") << ", rescue "
              << (o.rescueDownAfterKill ? "down" : "up") << " -> --recover: " << o.recover
              << " -> " << (o.restored ? "both serving" : "NOT RESTORED") << "\n" << std::flush;
    outcomes.push_back(o);
    if (HasFailure()) {
      std::cout << "stopping after the first failing run; replay: HARNESS_FAULT_SEED=" << seed
                << " HARNESS_FAULT_FIRST=" << o.run << " HARNESS_FAULT_RUNS=1\n";
      break;
    }
  }

  // The closing note's figures.
  std::map<std::string, int> perStep, perSignal;
  int killed = 0, journalLeft = 0, recovered = 0, restored = 0, mainDown = 0;
  for (const auto& o : outcomes) {
    perStep[o.step]++;
    perSignal[sigabbrev_np(o.signal)]++;
    killed += !o.finishedBeforeKill;
    journalLeft += o.journalAfterKill;
    mainDown += o.mainDownAfterKill;
    recovered += o.recover == "restored";
    restored += o.restored;
  }
  std::cout << "fault injection summary (seed " << seed << ", "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - begin).count()
            << " s): " << outcomes.size() << " runs, " << killed << " killed mid-run, per step:";
  for (const auto& [s, n] : perStep) std::cout << " " << s << "=" << n;
  std::cout << "; per signal:";
  for (const auto& [s, n] : perSignal) std::cout << " " << s << "=" << n;
  std::cout << "; journal left by the kill: " << journalLeft << ", main down after the kill: " << mainDown
            << ", restored by --recover: " << recovered << "; main and rescue serving at the end: " << restored
            << "/" << outcomes.size() << "\n";
  EXPECT_EQ(restored, static_cast<int>(outcomes.size()));
}

}  // namespace
}  // namespace harness
