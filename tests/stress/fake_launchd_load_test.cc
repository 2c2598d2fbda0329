// Fake launchd under load (issue #8): 1000 x HARNESS_STRESS_SCALE job cycles (200 in CI), each
// bootstrap + kickstart -p + kickstart -k -p (a restart) + bootout of a short job through the
// real launchctl. Afterwards the supervisor holds no more descriptors than before, its
// resident memory has not grown between warm-up and the end, no job process or zombie is
// left, and shutdown leaves nothing running (the fixture's TearDown).
//
// tests/fakes/launchd's stress test runs 1000 plain cycles for speed and descriptors; this one
// adds the restart, the memory figures and the CI scale.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "harness/core/environment.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/wait.h"
#include "tests/fakes/launchd/fake_launchd_fixture.h"
#include "tests/stress/proc_stats.h"
#include "tests/stress/stress_scale.h"

namespace fakes::launchd::testing {
namespace {

using harness::testing::formatKib;
using harness::testing::openDescriptorCount;
using harness::testing::residentKib;
using harness::testing::waitFor;

constexpr int kFullCycles = 1000;
// Resident memory may grow this much from warm-up (a tenth of the cycles) to the end. A
// booted-out job leaves nothing in the supervisor's tables, so what remains is allocator
// noise; a leak of 500 bytes per cycle would exceed it in the full run (900 cycles, 450 KB).
// In an AddressSanitizer build the children run with a 1 MiB quarantine
// (limitAsanQuarantineForChildren) and the limit grows by that much.
constexpr long kRssSlackKib = 384;

class FakeLaunchdLoadTest : public FakeLaunchdTest {};

TEST_F(FakeLaunchdLoadTest, JobCyclesLeakNoProcessDescriptorOrMemory) {
  harness::testing::limitAsanQuarantineForChildren();
  // The supervisor inherits the environment of whoever starts it: start it with ours (which
  // now carries the ASan options), not with launchctl()'s minimal one.
  auto env = harness::currentEnvironment();
  env["HOME"] = home_.string();  // the jobs' HOME: never the real one
  auto started = runProcess({FAKE_LAUNCHD_BIN, "start", root_.string()}, env, harness::testing::actionTimeout());
  ASSERT_EQ(started.exitCode, 0) << started.err;
  auto supervisor = supervisorPid();
  ASSERT_TRUE(supervisor);

  PlistOptions job;
  job.arguments = {"/bin/sleep", "1000"};
  job.runAtLoad = false;
  job.exitTimeOut = 2;
  const auto plist = writePlist("load.cycle", job);
  const std::string target = this->target("load.cycle");

  const int cycles = std::max(20, static_cast<int>(kFullCycles * harness::testing::stressScale()));
  const int warmUp = cycles / 10;
  ASSERT_EQ(launchctl({"list"}).exitCode, 0);
  const int fdsBefore = openDescriptorCount(*supervisor);
  const long rssBefore = residentKib(*supervisor);
  long rssWarm = -1;
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < cycles; ++i) {
    if (i == warmUp) rssWarm = residentKib(*supervisor);
    auto b = launchctl({"bootstrap", gui(), plist.string()});
    ASSERT_EQ(b.exitCode, 0) << "cycle " << i << ": " << b.err;
    auto k = launchctl({"kickstart", "-p", target});
    ASSERT_EQ(k.exitCode, 0) << "cycle " << i << ": " << k.err;
    const pid_t first = std::stoi(k.out);
    auto r = launchctl({"kickstart", "-k", "-p", target});
    ASSERT_EQ(r.exitCode, 0) << "cycle " << i << ": " << r.err;
    const pid_t second = std::stoi(r.out);
    ASSERT_NE(first, second) << "cycle " << i << ": kickstart -k did not restart";
    ASSERT_FALSE(processExists(first)) << "cycle " << i << ": the killed instance survived";
    auto o = launchctl({"bootout", target});
    ASSERT_EQ(o.exitCode, 0) << "cycle " << i << ": " << o.err;
    ASSERT_FALSE(processExists(second)) << "cycle " << i << ": bootout left the job running";
  }
  const auto elapsed = std::chrono::steady_clock::now() - begin;
  const long rssEnd = residentKib(*supervisor);
  int fdsAfter = -1;
  EXPECT_TRUE(waitFor("no descriptor leaked", [&] {
    fdsAfter = openDescriptorCount(*supervisor);
    return fdsAfter <= fdsBefore;
  })) << fdsAfter << " fds now, " << fdsBefore << " before";
  EXPECT_TRUE(harness::testing::zombieChildrenOf(*supervisor).empty());
  EXPECT_EQ(launchctl({"list"}).out, "PID\tStatus\tLabel\n");
  // Only the supervisor may still mention the root: every job and launchctl client is gone.
  auto left = processesMentioning(tmp_.path().string());
  std::erase(left, *supervisor);
  EXPECT_TRUE(left.empty()) << ::testing::PrintToString(left);
  EXPECT_LE(rssEnd - rssWarm, kRssSlackKib + harness::testing::kAsanQuarantineKib) << "supervisor VmRSS grew from " << formatKib(rssWarm) << " to "
                                            << formatKib(rssEnd);
  std::cout << "fake-launchd load: " << cycles << " cycles (bootstrap, kickstart, kickstart -k, bootout; "
            << 2 * cycles << " job processes) in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms; supervisor fds "
            << fdsBefore << " before, " << fdsAfter << " after; VmRSS " << formatKib(rssBefore) << " before, "
            << formatKib(rssWarm) << " after " << warmUp << " warm-up cycles, " << formatKib(rssEnd)
            << " at the end (growth " << (rssEnd - rssWarm) << " KiB, limit " << kRssSlackKib + harness::testing::kAsanQuarantineKib << ")\n";
}

}  // namespace
}  // namespace fakes::launchd::testing
