// verify-host live when `launchctl` hangs (issue #8): a launchctl that never answers must
// not hang the harness. Each call is bounded by the run's launchctl timeout, the hung
// process and its children are killed, and the report names the command that hung as a
// finding of the check that needed it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include "harness/cli/run_context.h"
#include "harness/process/process_runner.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness::testing {
namespace {

namespace fs = std::filesystem;

// A run's bound for one launchctl call (harness/cli/run_context.h) and the number of calls one
// live round makes (print main, print rescue, print-disabled), plus start-up and checks.
constexpr int kLaunchctlCalls = 3;
constexpr std::chrono::seconds kSlack{15};

TEST(HangingLaunchctlTest, LiveModeFinishesWithinItsTimeoutsAndNamesTheHungCommand) {
  FixtureHome home;
  home.write();
  ScopedTempDir tools{"hanging-launchctl"};
  // Not exec'd: the hung process has a child, which must be killed with it.
  const fs::path launchctl = tools.path() / "launchctl";
  writeFile(launchctl, "#!/bin/sh\n# a launchctl that never answers\nsleep 100000\n", 0755);

  const auto start = std::chrono::steady_clock::now();
  auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                  .args = {"live", "--home", home.home().string(), "--launchctl", launchctl.string(),
                                           "--format", "json"},
                                  // No openclaw in PATH: only launchctl is exercised.
                                  .environment = std::map<std::string, std::string>{{"HOME", home.home().string()},
                                                                                    {"PATH", "/usr/bin:/bin"},
                                                                                    {"XDG_STATE_HOME", (tools.path() / "state").string()}},
                                  .timeout = std::chrono::seconds(180)});
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_FALSE(r->timedOut) << "verify-host live hung with a hanging launchctl";
  EXPECT_LE(took, kLaunchctlCallTimeout * kLaunchctlCalls + kSlack)
      << "took " << std::chrono::duration_cast<std::chrono::seconds>(took).count() << " s";
  EXPECT_EQ(r->exitCode, 1) << r->stdoutText << r->stderrText;

  auto report = nlohmann::json::parse(r->stdoutText, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r->stdoutText << r->stderrText;
  bool named = false;
  for (const auto& c : report["checks"]) {
    if (c.value("id", "") != "main.live.launchd") continue;
    EXPECT_EQ(c.value("status", ""), "fail") << c.dump(2);
    // The finding says it timed out and which command: message or evidence.
    const std::string text = c.dump();
    named = text.find("did not finish within") != std::string::npos &&
            text.find(launchctl.string() + " print") != std::string::npos;
    EXPECT_TRUE(named) << c.dump(2);
  }
  EXPECT_TRUE(named) << "no main.live.launchd finding naming the hung command\n" << r->stdoutText;

  std::vector<pid_t> left;
  EXPECT_TRUE(waitFor("the hung launchctl and its child are gone", [&] {
    reapExitedChildren();
    left = processesMentioning(tools.path().string());
    return left.empty();
  })) << ::testing::PrintToString(left);
}

}  // namespace
}  // namespace harness::testing
