// What FakeCliInstallation and RealReleaseInstallation answer FakeStack: the `openclaw` a shell
// runs, the environment, which gateway each LaunchAgent runs (the gateway choice), who installs
// main, whether its stack needs a fake ClawHub, and what each needs built.

#include <nlohmann/json.hpp>

#include "lab/fake_stack/fake_cli_installation.h"
#include "lab/fake_stack/fake_stack.h"
#include "lab/fake_stack/real_release_installation.h"

#include <gtest/gtest.h>

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class OpenClawInstallationTest : public ::testing::Test {
 protected:
  FakeStackBinaries binaries{"/b/fakes/launchd/fake-launchd", "/b/fakes/bin/openclaw", "/b/fakes/bin/fake-discord",
                             "/nonexistent/fake-macos", "/b/fakes/bin/fake-model", "/b/fakes/bin/fake-clawhub"};
  FakeMacPaths mac{binaries, "/stack", "/stack/home", "/stack/launchd"};
  std::map<std::string, std::string> shell{{"HOME", "/stack/home"}, {"PATH", "/stack/launchd/bin:/x:/usr/bin:/bin"}};

  static RealReleaseInstallation real(RealGateways gateways) {
    return RealReleaseInstallation(RealOpenClawOptions{"/node/bin/node", "/rel/node_modules/.bin/openclaw", gateways,
                                                       {{"npm_config_registry", "http://127.0.0.1:1/"}, {"HOME", "no"}}});
  }
};

TEST_F(OpenClawInstallationTest, FakeCliRunsTheFakesUnderTheRunbooksPlists) {
  const FakeCliInstallation fake;
  EXPECT_TRUE(fake.check(binaries));
  EXPECT_EQ(fake.command(mac), binaries.fakeOpenclaw);
  EXPECT_FALSE(fake.installsMain());
  EXPECT_FALSE(fake.looksUpClawHub());  // no fake ClawHub for the fake CLI's stacks
  EXPECT_EQ(fake.cliTimeout(), kFakeStackStepTimeout);
  auto env = shell;
  fake.addShellEnvironment(mac, env);
  EXPECT_EQ(env, shell);
  EXPECT_EQ(fake.jobEnvironment(mac, env), (json{{"PATH", shell.at("PATH")}}));
  for (const std::string profile : {"", "rescue"}) {
    const json program = fake.gatewayProgram(mac, profile, 19001);
    ASSERT_TRUE(program.is_array());
    EXPECT_EQ(program[0], binaries.fakeOpenclaw.string()) << profile;
  }
  auto wrapper = fake.writeCommand(mac, "/other/node_modules/.bin/openclaw", "/stack/bin/other");
  ASSERT_FALSE(wrapper);
  EXPECT_EQ(wrapper.error().code, ErrorCode::Unsupported);
}

TEST_F(OpenClawInstallationTest, RealReleaseNeedsFakeMacosAndRunsItsOwnCli) {
  const auto release = real(RealGateways::None);
  auto check = release.check(binaries);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, ErrorCode::NotFound);
  EXPECT_EQ(check.error().context, "/nonexistent/fake-macos");
  EXPECT_EQ(release.command(mac), fs::path("/stack/bin/openclaw"));
  EXPECT_TRUE(release.installsMain());
  EXPECT_TRUE(release.looksUpClawHub());  // its stack runs a fake ClawHub
  EXPECT_GT(release.cliTimeout(), kFakeStackStepTimeout);

  auto env = shell;
  release.addShellEnvironment(mac, env);
  EXPECT_EQ(env.at("TMPDIR"), "/stack/tmp");
  EXPECT_EQ(env.at("NO_COLOR"), "1");
  EXPECT_EQ(env.at("npm_config_registry"), "http://127.0.0.1:1/");
  EXPECT_EQ(env.at("HOME"), "/stack/home");  // the registry environment never replaces the stack's
  const json job = release.jobEnvironment(mac, env);
  EXPECT_EQ(job.at("PATH"), "/stack/launchd/bin:/opt/fake-macos/bin:/b/fakes/bin:/usr/bin:/bin");
  EXPECT_EQ(job.at("TMPDIR"), "/stack/tmp");
  EXPECT_EQ(job.at("npm_config_registry"), "http://127.0.0.1:1/");
}

TEST_F(OpenClawInstallationTest, TheGatewayChoiceSaysWhichJobsRunTheReleasesGateway) {
  auto runsRelease = [&](const RealReleaseInstallation& installation, const std::string& profile) {
    return installation.gatewayProgram(mac, profile, 19001)[0] == "/opt/fake-macos/bin/node";
  };
  EXPECT_FALSE(runsRelease(real(RealGateways::None), ""));
  EXPECT_FALSE(runsRelease(real(RealGateways::None), "rescue"));
  EXPECT_FALSE(runsRelease(real(RealGateways::Rescue), ""));
  EXPECT_TRUE(runsRelease(real(RealGateways::Rescue), "rescue"));
  EXPECT_TRUE(runsRelease(real(RealGateways::Both), ""));
  EXPECT_TRUE(runsRelease(real(RealGateways::Both), "rescue"));
  EXPECT_EQ(real(RealGateways::None).gatewayProgram(mac, "", 18789)[0], binaries.fakeOpenclaw.string());
}

}  // namespace
}  // namespace harness
