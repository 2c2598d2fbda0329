#include "scenarios/isolation_scenario.h"

#include <algorithm>

#include "harness/checks/host_snapshot.h"
#include "harness/checks/static_check.h"
#include "harness/core/file_reader.h"
#include "harness/probe/http_probe.h"
#include "harness/probe/port_probe.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness::scenarios {
namespace {

using testing::actionTimeout;
using testing::waitFor;

}  // namespace

std::string backendName(const ::testing::TestParamInfo<BackendFactory>& info) {
  std::string name = info.param.name;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

void IsolationScenario::SetUp() {
  backend_ = GetParam().make();
  if (auto why = backend_->unavailable(); !why.empty()) GTEST_SKIP() << backend_->name() << " unavailable: " << why;
}

void IsolationScenario::TearDown() {
  if (!backend_) return;
  if (HasFailure()) std::cerr << backend_->diagnostics();
  backend_->tearDown();
  std::vector<pid_t> left;
  EXPECT_TRUE(waitFor("no process of the scenario left", [&] {
    left = backend_->leftoverProcesses();
    return left.empty();
  })) << "left running: " << ::testing::PrintToString(left);
  backend_.reset();
}

::testing::AssertionResult IsolationScenario::start(const HomeEdit& edit) {
  auto s = backend_->setUp(edit);
  if (!s) return ::testing::AssertionFailure() << "backend set-up failed: " << s.error().describe();
  return ::testing::AssertionSuccess();
}

std::optional<int> IsolationScenario::pidOf(Which which) {
  auto job = backend_->launchd().print(gateway(which).spec.label);
  if (!job || !job->loaded) return std::nullopt;
  return job->pid;
}

bool IsolationScenario::healthy(Which which) {
  return probeGatewayHealth(HttpTarget{.port = gateway(which).spec.port, .timeout = std::chrono::milliseconds(500)})
      .ready;
}

bool IsolationScenario::serving(Which which) {
  return pidOf(which).has_value() && healthy(which) && backend_->discord().sessions(gateway(which).botId) == 1;
}

bool IsolationScenario::down(Which which) {
  return !pidOf(which).has_value() && !tcpPortAccepting("127.0.0.1", gateway(which).spec.port);
}

::testing::AssertionResult IsolationScenario::waitServing(Which which) {
  if (waitFor("serving", [&] { return serving(which); }, testing::actionMaxTimeout())) {
    return ::testing::AssertionSuccess();
  }
  const auto pid = pidOf(which);
  return ::testing::AssertionFailure() << gateway(which).name << " is not serving: pid "
                                       << (pid ? std::to_string(*pid) : "none") << ", healthy " << healthy(which)
                                       << ", Discord sessions of bot " << gateway(which).botId << " = "
                                       << backend_->discord().sessions(gateway(which).botId);
}

::testing::AssertionResult IsolationScenario::waitDown(Which which) {
  if (waitFor(gateway(which).name + " down", [&] { return down(which); })) return ::testing::AssertionSuccess();
  const auto pid = pidOf(which);
  return ::testing::AssertionFailure() << gateway(which).name << " is still up: pid "
                                       << (pid ? std::to_string(*pid) : "none") << ", port "
                                       << gateway(which).spec.port << " accepting "
                                       << tcpPortAccepting("127.0.0.1", gateway(which).spec.port);
}

::testing::AssertionResult IsolationScenario::waitServingWithNewPid(Which which, int old) {
  auto ok = waitFor(
      gateway(which).name + " serving with a new pid",
      [&] {
        auto pid = pidOf(which);
        return pid && *pid != old && serving(which);
      },
      testing::actionMaxTimeout());
  if (ok) return ::testing::AssertionSuccess();
  const auto pid = pidOf(which);
  return ::testing::AssertionFailure() << gateway(which).name << " did not come back with a new pid: old " << old
                                       << ", now " << (pid ? std::to_string(*pid) : "none") << ", healthy "
                                       << healthy(which);
}

bool IsolationScenario::logContains(Which which, const std::string& text) {
  for (const auto& file : {gateway(which).spec.logPath, gateway(which).spec.errLogPath}) {
    auto body = readFileLimited(file, 64 << 20);
    if (body && body->find(text) != std::string::npos) return true;
  }
  return false;
}

::testing::AssertionResult IsolationScenario::waitLogContains(Which which, const std::string& text) {
  return waitFor(gateway(which).name + " log contains \"" + text + "\"", [&] { return logContains(which, text); });
}

std::vector<CheckResult> IsolationScenario::staticChecks() {
  return runStaticChecks(loadHostSnapshot(backend_->spec(), backend_->environment()));
}

CheckStatus IsolationScenario::staticCheck(const std::string& id) {
  for (const auto& r : staticChecks()) {
    if (r.id == id) return r.status;
  }
  ADD_FAILURE() << "no static check with id " << id;
  return CheckStatus::Skip;
}

::testing::AssertionResult IsolationScenario::runbookCommand(Which which, GatewayAction action) {
  auto outcome = backend_->openclaw().gateway(action, gateway(which).target);
  if (!outcome) {
    return ::testing::AssertionFailure() << "openclaw gateway " << toString(action) << " for " << gateway(which).name
                                         << " could not run: " << outcome.error().describe();
  }
  if (!outcome->ok) {
    // The drift runner tells a release's refusal from a failure by this property, not by text.
    if (outcome->refused) {
      RecordProperty("outcome", "refused");
      RecordProperty("refusal", outcome->message);
    }
    return ::testing::AssertionFailure() << outcome->commandLine << " failed (exit " << outcome->exitCode
                                         << (outcome->refused ? ", refused by the release" : "")
                                         << "): " << outcome->message;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace harness::scenarios
