// The isolation scenarios on the fake stack: fake launchd, fake `openclaw` CLI emulating the
// runbook's release (2026.3.24), fake gateways and fake Discord.

#include "scenarios/fake_stack_backend.h"
#include "scenarios/isolation_scenario.h"

namespace harness::scenarios {
namespace {

BackendFactory fakeStack() {
  return BackendFactory{"FakeStack", [] { return makeFakeStackBackend(); }};
}

INSTANTIATE_TEST_SUITE_P(FakeStack, IsolationScenario, ::testing::Values(fakeStack()), backendName);

}  // namespace
}  // namespace harness::scenarios
