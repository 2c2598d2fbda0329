// fake-macos end to end: the namespace, the macOS commands at their absolute paths, the node
// shim, and a launchd job that sees the same fake Mac. Needs the fake launchd (fakes/launchd).

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "harness/plist/plist_reader.h"
#include "harness/process/process_runner.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

class FakeMacosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!FAKE_MACOS_HAVE_LAUNCHD) GTEST_SKIP() << "fake launchd (fakes/launchd) not built";
    auto unshare = findExecutable("unshare");
    if (!unshare) GTEST_SKIP() << "unshare (util-linux) not installed";
    hostHasPlutil_ = fs::exists("/usr/bin/plutil");
    hostHasLaunchctl_ = fs::exists("/bin/launchctl");
    started_ = true;
  }
  void TearDown() override {
    if (!started_) return;
    auto r = runProcess(ProcessSpec{.executable = FAKE_MACOS_PATH, .args = {"--root", root_.path().string(), "--shutdown"},
                                    .timeout = testing::actionMaxTimeout()});
    EXPECT_TRUE(r && r->exitCode == 0) << (r ? r->stderrText : r.error().describe());
    if (!hostHasPlutil_) {
      EXPECT_FALSE(fs::exists("/usr/bin/plutil")) << "the host's /usr/bin changed";
    }
    if (!hostHasLaunchctl_) {
      EXPECT_FALSE(fs::exists("/bin/launchctl")) << "the host's /bin changed";
    }
  }

  ProcessResult inMac(std::vector<std::string> command) {
    std::vector<std::string> args{"--root", root_.path().string(), "--"};
    args.insert(args.end(), command.begin(), command.end());
    auto r = runProcess(ProcessSpec{.executable = FAKE_MACOS_PATH, .args = args, .timeout = testing::actionMaxTimeout()});
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : ProcessResult{};
  }

  testing::ScopedTempDir root_{"fake-macos"};
  bool started_ = false;
  bool hostHasPlutil_ = false;
  bool hostHasLaunchctl_ = false;
};

TEST_F(FakeMacosTest, MacCommandsAtTheirPaths) {
  auto r = inMac({"/bin/sh", "-c",
                  "test -x /usr/bin/plutil && test -x /bin/launchctl && echo paths-ok;"
                  "sw_vers -productVersion; /usr/bin/sw_vers -productName; sysctl -n hw.model;"
                  "test -e /Library/LaunchDaemons || echo no-launchdaemons;"
                  "echo \"home=$HOME\"; command -v launchctl; command -v node"});
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  EXPECT_NE(r.stdoutText.find("paths-ok\n15.5\nmacOS\nMac15,3\nno-launchdaemons\n"), std::string::npos) << r.stdoutText;
  EXPECT_NE(r.stdoutText.find("home=" + (fs::canonical(root_.path()) / "home").string() + "\n"), std::string::npos)
      << r.stdoutText;
  EXPECT_NE(r.stdoutText.find(fs::canonical(root_.path()).string() + "/bin/launchctl\n"), std::string::npos);
  EXPECT_NE(r.stdoutText.find("/opt/fake-macos/bin/node\n"), std::string::npos);
}

// OpenClaw writes under /tmp/openclaw and /tmp/openclaw-state-locks-<uid> whatever TMPDIR says:
// each fake Mac has its own.
TEST_F(FakeMacosTest, OpenClawsFixedTempDirsAreTheFakeMacsOwn) {
  const std::string name = "probe-" + std::to_string(::getpid()) + "-" + root_.path().filename().string();
  for (const std::string dir : {"openclaw", "openclaw-state-locks-0"}) {
    SCOPED_TRACE(dir);
    const fs::path inside = fs::path("/tmp") / dir;
    auto r = inMac({"/bin/sh", "-c", "echo inside > " + (inside / name).string() + " && stat -c %a " + inside.string()});
    ASSERT_EQ(r.exitCode, 0) << r.stderrText;
    EXPECT_EQ(r.stdoutText, "700\n");
    EXPECT_TRUE(fs::exists(root_.path() / "tmp" / dir / name));
    EXPECT_FALSE(fs::exists(inside / name)) << "the host's " << inside << " got the fake Mac's file";
    // Another call, in its own namespace, sees the same directory.
    auto again = inMac({"/bin/sh", "-c", "cat " + (inside / name).string()});
    EXPECT_EQ(again.stdoutText, "inside\n") << again.stderrText;
  }
}

TEST_F(FakeMacosTest, AbsoluteLaunchctlAnswersLikeLaunchctl) {
  auto r = inMac({"/bin/launchctl", "print", "gui/" + std::to_string(::getuid()) + "/com.example.absent"});
  EXPECT_EQ(r.exitCode, 113) << r.stdoutText << r.stderrText;
  EXPECT_NE(r.stderrText.find("Could not find service"), std::string::npos) << r.stderrText;
}

TEST_F(FakeMacosTest, NodeSeesMacos) {
  auto r = inMac({"node", "-e",
                  "const os=require('os');console.log(JSON.stringify({p:process.platform,h:os.homedir(),"
                  "e:process.execPath}))"});
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  auto j = nlohmann::json::parse(r.stdoutText, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.stdoutText;
  EXPECT_EQ(j["p"], "darwin");
  EXPECT_EQ(j["h"], (fs::canonical(root_.path()) / "home").string());
  EXPECT_EQ(j["e"], "/opt/fake-macos/bin/node");
}

TEST_F(FakeMacosTest, HomeOption) {
  testing::ScopedTempDir home("fake-macos-home");
  auto r = runProcess(ProcessSpec{.executable = FAKE_MACOS_PATH,
                                  .args = {"--root", root_.path().string(), "--home", home.path().string(), "--", "/bin/sh",
                                           "-c", "echo $HOME"},
                                  .timeout = testing::actionMaxTimeout()});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdoutText, home.path().string() + "\n");
}

TEST_F(FakeMacosTest, JobsSeeTheFakeMacAndNodeOptionsResetDoesNotMatter) {
  const fs::path home = root_.path() / "home";
  const fs::path out = root_.path() / "job-out.txt";
  const std::string label = "com.example.fakemacos";
  // Like OpenClaw 9.6's env wrapper: NODE_OPTIONS is reset, node is the path the CLI recorded.
  nlohmann::json plist = {
      {"Label", label},
      {"RunAtLoad", true},
      {"ProgramArguments",
       {"/bin/sh", "-c",
        "export NODE_OPTIONS=''; test -x /usr/bin/plutil && /opt/fake-macos/bin/node -p process.platform > " +
            out.string() + ".tmp && mv " + out.string() + ".tmp " + out.string() + "; exec sleep 300"}},
  };
  testing::writeFile(home / "Library/LaunchAgents" / (label + ".plist"), toXmlPlist(plist), 0644);
  const std::string domain = "gui/" + std::to_string(::getuid());
  auto r = inMac({"launchctl", "bootstrap", domain, (home / "Library/LaunchAgents" / (label + ".plist")).string()});
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  ASSERT_TRUE(testing::waitFor("job wrote " + out.string(), [&] { return fs::exists(out); }));
  EXPECT_EQ(testing::readFile(out), "darwin\n");
  auto bootout = inMac({"launchctl", "bootout", domain + "/" + label});
  EXPECT_EQ(bootout.exitCode, 0) << bootout.stderrText;
}

}  // namespace
}  // namespace harness
