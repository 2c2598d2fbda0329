// Stress: many bootstrap/kickstart/bootout cycles through the real launchctl, and a
// KeepAlive job respawning with ThrottleInterval 0, without leaking processes, fds or zombies.
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include <gtest/gtest.h>

#include "harness/testing/wait.h"
#include "tests/fakes/launchd/fake_launchd_fixture.h"

namespace fakes::launchd::testing {
namespace {

using harness::testing::waitFor;

int countFds(pid_t pid) {
  int n = 0;
  DIR* dir = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
  if (!dir) return -1;
  while (dirent* e = ::readdir(dir)) n += e->d_name[0] != '.';
  ::closedir(dir);
  return n;
}

int countZombieChildren(pid_t parent) {
  int n = 0;
  DIR* dir = ::opendir("/proc");
  while (dirent* e = ::readdir(dir)) {
    char* end = nullptr;
    long p = std::strtol(e->d_name, &end, 10);
    if (!end || *end || p <= 0) continue;
    FILE* f = std::fopen(("/proc/" + std::string(e->d_name) + "/stat").c_str(), "r");
    if (!f) continue;
    char buf[512] = {};
    size_t len = std::fread(buf, 1, sizeof(buf) - 1, f);
    std::fclose(f);
    std::string stat(buf, len);
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    long ppid = 0;
    std::sscanf(stat.c_str() + close + 2, "%c %ld", &state, &ppid);
    n += state == 'Z' && ppid == parent;
  }
  ::closedir(dir);
  return n;
}

class LaunchdStressTest : public FakeLaunchdTest {};

TEST_F(LaunchdStressTest, ThousandBootstrapKickstartBootoutCycles) {
  PlistOptions options;
  options.arguments = {"/bin/sleep", "1000"};
  options.runAtLoad = false;
  auto plist = writePlist("stress.cycle", options);
  ASSERT_EQ(launchctl({"list"}).exitCode, 0);
  auto supervisor = supervisorPid();
  ASSERT_TRUE(supervisor);
  const int fdsBefore = countFds(*supervisor);

  constexpr int kCycles = 1000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kCycles; ++i) {
    auto b = launchctl({"bootstrap", gui(), plist.string()});
    ASSERT_EQ(b.exitCode, 0) << "cycle " << i << ": " << b.err;
    auto k = launchctl({"kickstart", "-p", target("stress.cycle")});
    ASSERT_EQ(k.exitCode, 0) << "cycle " << i << ": " << k.err;
    pid_t pid = std::stoi(k.out);
    auto o = launchctl({"bootout", target("stress.cycle")});
    ASSERT_EQ(o.exitCode, 0) << "cycle " << i << ": " << o.err;
    ASSERT_FALSE(processExists(pid)) << "cycle " << i;
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  std::cout << kCycles << " cycles in " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
            << " ms\n";
  EXPECT_TRUE(waitFor("no descriptor leaked", [&] { return countFds(*supervisor) <= fdsBefore; }))
      << countFds(*supervisor) << " fds now, " << fdsBefore << " before";
  EXPECT_EQ(countZombieChildren(*supervisor), 0);
  EXPECT_EQ(launchctl({"list"}).out, "PID\tStatus\tLabel\n");
}

TEST_F(LaunchdStressTest, TwoHundredKeepAliveRespawns) {
  setThrottleOverride(0);
  PlistOptions options;
  options.arguments = {"/bin/sh", "-c", "exit 1"};
  options.keepAlive = "<true/>";
  options.runAtLoad = false;
  auto plist = writePlist("stress.respawn", options);
  ASSERT_EQ(launchctl({"list"}).exitCode, 0);
  auto supervisor = supervisorPid();
  ASSERT_TRUE(supervisor);
  const int fdsBefore = countFds(*supervisor);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  ASSERT_EQ(launchctl({"kickstart", target("stress.respawn")}).exitCode, 0);
  ASSERT_TRUE(waitFor("200 respawns", [&] {
    auto runs = printField("stress.respawn", "runs");
    return runs && std::stoi(*runs) >= 201;
  }));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(launchctl({"bootout", target("stress.respawn")}).exitCode, 0);
  std::cout << "200 respawns in " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms\n";
  // The "before" count can include the connection of the `list` call that started the
  // supervisor (closed a moment later): a leak is more descriptors than before, not fewer.
  EXPECT_TRUE(waitFor("no descriptor leaked", [&] { return countFds(*supervisor) <= fdsBefore; }))
      << countFds(*supervisor) << " fds now, " << fdsBefore << " before";
  EXPECT_EQ(countZombieChildren(*supervisor), 0);
}

}  // namespace
}  // namespace fakes::launchd::testing
