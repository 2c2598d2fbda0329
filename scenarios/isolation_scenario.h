#pragma once

// The fixture every isolation scenario runs in: one backend per test (a fresh world), helpers
// that wait on the conditions the guarantees are about, and a TearDown that prints the
// backend's diagnostics when the test failed and asserts that nothing was left running.
//
//   TEST_P(IsolationScenario, MainStopLeavesRescueServing) {
//     ASSERT_TRUE(start());
//     ASSERT_TRUE(waitServing(Which::Main));
//     ...
//   }
//   INSTANTIATE_TEST_SUITE_P(FakeStack, IsolationScenario, ::testing::Values(fakeStack()), backendName);

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/checks/check_result.h"
#include "scenarios/isolation_backend.h"

namespace harness::scenarios {

class IsolationScenario : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The requirement and guarantee ids the scenario is about ("G1,R24"), recorded in the test
  // report so the drift report (harness/upgrade) can name them.
  void concerns(const std::string& ids) { RecordProperty("requirements", ids); }

  // backend().setUp(edit) as an assertion.
  ::testing::AssertionResult start(const HomeEdit& edit = {});

  IsolationBackend& backend() { return *backend_; }
  const GatewayHandle& gateway(Which which) { return backend_->gateway(which); }

  // launchd's pid for the gateway's job; nullopt when not loaded or not running.
  std::optional<int> pidOf(Which which);
  // /healthz and /readyz both answer ok.
  bool healthy(Which which);
  // Running under launchd, healthy, and logged into Discord as its own bot with one session.
  bool serving(Which which);
  // Not loaded or not running, and its port closed.
  bool down(Which which);

  // serving() within the deadline; on failure says which part was missing.
  ::testing::AssertionResult waitServing(Which which);
  ::testing::AssertionResult waitDown(Which which);
  // serving with a pid other than `old` (a restart or a respawn happened).
  ::testing::AssertionResult waitServingWithNewPid(Which which, int old);
  // The gateway's launchd log (StandardOutPath + StandardErrorPath) contains `text`.
  ::testing::AssertionResult waitLogContains(Which which, const std::string& text);
  bool logContains(Which which, const std::string& text);

  // The static check `id` run over the backend's home as verify-host would.
  CheckStatus staticCheck(const std::string& id);
  std::vector<CheckResult> staticChecks();

  // The runbook's daily command for one gateway (R24, R25).
  ::testing::AssertionResult runbookCommand(Which which, GatewayAction action);

 private:
  IsolationBackendPtr backend_;
};

std::string backendName(const ::testing::TestParamInfo<BackendFactory>& info);

}  // namespace harness::scenarios
