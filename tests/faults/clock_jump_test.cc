// verify-host when the wall clock jumps (issue #8). Every wait and timeout of the harness is
// meant to run on the monotonic clock (steady_clock); this proves it on the whole disruptive
// run: verify-host and the commands it runs get a preloaded wall clock (clock_jump_preload.c)
// that jumps a day forward, then back, every 300 ms. A deadline computed from the wall clock
// would expire at once (stop/start "timeouts", holds cut short) or never (a hang); with
// steady_clock the run passes in its usual time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <string>

#include "harness/process/process_runner.h"
#include "harness/testing/timeouts.h"
#include "tests/faults/verify_host_on_stack.h"

namespace harness::testing {
namespace {

constexpr int kJumpSeconds = 86400;

class ClockJumpTest : public VerifyHostOnStackTest {
 protected:
  std::map<std::string, std::string> jumpingEnvironment() const {
    auto env = verifyHostEnvironment();
    env["LD_PRELOAD"] = CLOCK_JUMP_PRELOAD;
    env["CLOCK_JUMP_PERIOD_MS"] = "300";
    env["CLOCK_JUMP_SECONDS"] = std::to_string(kJumpSeconds);
    // An AddressSanitizer build must accept a preloaded library ahead of its runtime.
    const char* asan = std::getenv("ASAN_OPTIONS");
    env["ASAN_OPTIONS"] = std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "verify_asan_link_order=0";
    for (const char* keep : {"UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
      if (const char* v = std::getenv(keep)) env[keep] = v;
    }
    return env;
  }
};

// The fake clock is what the test says it is: `date` under it is a day ahead (period 0 =
// jumped from the start), and without it is not.
TEST_F(ClockJumpTest, ThePreloadMakesTheWallClockJump) {
  auto date = [](std::map<std::string, std::string> env) -> long {
    auto r = runProcess(ProcessSpec{.executable = "date", .args = {"+%s"}, .environment = env, .timeout = actionTimeout()});
    EXPECT_TRUE(r && r->exitCode == 0) << (r ? r->stderrText : r.error().describe());
    return r ? std::atol(r->stdoutText.c_str()) : 0;
  };
  auto env = jumpingEnvironment();
  env["CLOCK_JUMP_PERIOD_MS"] = "0";
  const long jumped = date(env);
  env.erase("LD_PRELOAD");
  const long real = date(env);
  const long now = static_cast<long>(std::time(nullptr));
  EXPECT_LE(std::labs(real - now), 5) << "without the preload";
  EXPECT_LE(std::labs(jumped - now - kJumpSeconds), 5) << "with the preload: " << jumped << ", now " << now;
}

TEST_F(ClockJumpTest, DisruptiveRunPassesInItsUsualTimeWhileTheWallClockJumps) {
  const auto start = std::chrono::steady_clock::now();
  auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                  .args = verifyHostArgs({"disruptive", "--yes", "--hold", "2"}),
                                  .environment = jumpingEnvironment(),
                                  .timeout = actionMaxTimeout() * 2});
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_FALSE(r->timedOut) << "verify-host hung while the clock jumped\n" << r->stderrText;
  EXPECT_EQ(r->exitCode, 0) << r->stdoutText << r->stderrText;
  auto report = nlohmann::json::parse(r->stdoutText, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r->stdoutText << r->stderrText;
  int passes = 0;
  for (const auto& c : report["checks"]) {
    const std::string id = c.value("id", "");
    if (id.rfind("disruptive.", 0) == 0) {
      EXPECT_EQ(c.value("status", ""), "pass") << c.dump(2);
      passes += c.value("status", "") == "pass";
    }
  }
  EXPECT_EQ(passes, 6) << r->stdoutText;
  // Two holds of 2 s happened in full: a hold measured on the wall clock would end at the
  // first forward jump (300 ms).
  EXPECT_GE(took.count(), 4000) << "the holds were cut short";
  // The report's own duration is measured on steady_clock too: never negative or a day long.
  const double durationMs = report.value("durationMs", -1.0);
  EXPECT_GT(durationMs, 4000.0);
  EXPECT_LT(durationMs, static_cast<double>(took.count()) + 1000.0);
  EXPECT_TRUE(mainServing());
  EXPECT_TRUE(rescueServing());
}

}  // namespace
}  // namespace harness::testing
