#include "tests/faults/verify_host_on_stack.h"

#include <iostream>

#include "harness/probe/http_probe.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness::testing {

void VerifyHostOnStackTest::SetUp() {
  auto binaries = FakeStackBinaries::locate();
  ASSERT_TRUE(binaries) << binaries.error().describe();
  binaries_ = *binaries;
  auto stack = FakeStack::start(binaries_, FakeStackOptions{.dir = tmp_.path() / "stack"});
  ASSERT_TRUE(stack) << stack.error().describe();
  stack_ = std::move(*stack);
  ASSERT_TRUE(stack_->waitUntilServing(actionMaxTimeout())) << stack_->diagnostics();
}

void VerifyHostOnStackTest::TearDown() {
  if (HasFailure() && stack_) std::cerr << stack_->diagnostics();
  if (stack_) stack_->shutdown();
  std::vector<pid_t> left;
  EXPECT_TRUE(waitFor("nothing left running", [&] {
    reapExitedChildren();
    left = processesMentioning(tmp_.path().string());
    return left.empty();
  })) << ::testing::PrintToString(left);
}

std::vector<std::string> VerifyHostOnStackTest::verifyHostArgs(std::vector<std::string> mode) const {
  std::vector<std::string> a{"--home", stack_->home().string(),
                             "--launchctl", (stack_->launchdRoot() / "bin/launchctl").string(),
                             "--openclaw", binaries_.fakeOpenclaw.string(),
                             "--main-port", std::to_string(stack_->spec().main.port),
                             "--rescue-port", std::to_string(stack_->spec().rescue.port),
                             "--format", "json"};
  a.insert(a.begin(), mode.begin(), mode.end());
  return a;
}

std::map<std::string, std::string> VerifyHostOnStackTest::verifyHostEnvironment() const {
  auto env = stack_->environment();
  env["XDG_STATE_HOME"] = (tmp_.path() / "state").string();
  return env;
}

std::filesystem::path VerifyHostOnStackTest::journal() const {
  return tmp_.path() / "state/openclaw-rescue-harness/restore-journal.json";
}

bool VerifyHostOnStackTest::serving(const InstanceSpec& gateway) {
  auto job = stack_->launchd().print(gateway.label);
  return job && job->loaded && job->running() &&
         probeGatewayHealth(HttpTarget{.port = gateway.port, .timeout = std::chrono::milliseconds(1000)}).ready;
}

}  // namespace harness::testing
