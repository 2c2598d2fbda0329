// Upgrade safety (G10): why the rescue must not run main's very OpenClaw install. An update that
// breaks the shared install takes main down when the updater restarts it, and the rescue down the
// next time launchd starts it; a rescue on its own pinned install survives both. The static
// check rescue.launchagent.own-install says which of the two layouts a host has.

#include <filesystem>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/wait.h"
#include "scenarios/fake_stack_backend.h"
#include "scenarios/isolation_scenario.h"

namespace harness::scenarios {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSharedInstall = "opt/homebrew/lib/node_modules/openclaw/bin/openclaw";
constexpr const char* kPinnedInstall = ".openclaw-rescue/openclaw/node_modules/openclaw/bin/openclaw";

// An "install" is a program in a node_modules/openclaw that runs the gateway it was given.
void installGateway(const fs::path& program, const std::string& gateway) {
  fs::create_directories(program.parent_path());
  testing::writeFile(program, "#!/bin/sh\nexec '" + gateway + "' \"$@\"\n", 0755);
}

// What a broken release does at start: fails before it serves.
void breakInstall(const fs::path& program) {
  testing::writeFile(program, "#!/bin/sh\necho 'Error: Cannot find module ./dist/entry.js' >&2\nexit 1\n", 0755);
}

// Both plists run `install` (rescue: `rescueInstall`) instead of the stack's gateway program.
HomeEdit runFrom(const std::string& mainInstall, const std::string& rescueInstall) {
  return [=](RunbookLayout& home, const ScenarioPorts&) {
    const std::string gateway = home.mainPlist["ProgramArguments"][0].get<std::string>();
    installGateway(home.path(mainInstall), gateway);
    if (rescueInstall != mainInstall) installGateway(home.path(rescueInstall), gateway);
    home.mainPlist["ProgramArguments"][0] = home.path(mainInstall).string();
    home.rescuePlist["ProgramArguments"][0] = home.path(rescueInstall).string();
  };
}

class UpgradeSafetyScenario : public IsolationScenario {
 protected:
  fs::path homePath(const std::string& relative) { return gateway(Which::Main).spec.stateDir.parent_path() / relative; }

  // The updater's restart of main, and later launchd's next start of the rescue.
  ::testing::AssertionResult restart(Which which) {
    auto s = backend().launchd().kickstart(gateway(which).spec.label, true);
    if (!s) return ::testing::AssertionFailure() << "kickstart -k " << gateway(which).spec.label << ": " << s.error().describe();
    return ::testing::AssertionSuccess();
  }
};

TEST_P(UpgradeSafetyScenario, ABrokenSharedInstallTakesTheRescueDownAtItsNextStart) {  // G10
  concerns("G10,G1");
  ASSERT_TRUE(start(runFrom(kSharedInstall, kSharedInstall)));
  EXPECT_EQ(staticCheck("rescue.launchagent.own-install"), CheckStatus::Warn);
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));

  breakInstall(homePath(kSharedInstall));
  ASSERT_TRUE(restart(Which::Main));
  ASSERT_TRUE(waitDown(Which::Main));
  EXPECT_TRUE(serving(Which::Rescue)) << "the rescue still runs the old code until it restarts";
  ASSERT_TRUE(restart(Which::Rescue));
  EXPECT_TRUE(waitDown(Which::Rescue)) << "the rescue came back although its install is broken";
  EXPECT_TRUE(waitLogContains(Which::Rescue, "Cannot find module"));
}

TEST_P(UpgradeSafetyScenario, ARescueOnItsOwnPinnedInstallSurvivesTheBrokenUpdate) {  // G10
  concerns("G10,G1");
  ASSERT_TRUE(start(runFrom(kSharedInstall, kPinnedInstall)));
  EXPECT_EQ(staticCheck("rescue.launchagent.own-install"), CheckStatus::Pass);
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int rescuePid = *pidOf(Which::Rescue);

  breakInstall(homePath(kSharedInstall));
  ASSERT_TRUE(restart(Which::Main));
  ASSERT_TRUE(waitDown(Which::Main));
  ASSERT_TRUE(restart(Which::Rescue));
  EXPECT_TRUE(waitServingWithNewPid(Which::Rescue, rescuePid)) << "the pinned rescue did not come back";
}

INSTANTIATE_TEST_SUITE_P(FakeStack, UpgradeSafetyScenario,
                         ::testing::Values(BackendFactory{"FakeStack", [] { return makeFakeStackBackend(); }}),
                         backendName);

}  // namespace
}  // namespace harness::scenarios
