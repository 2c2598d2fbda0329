// Fake Discord under load (issue #8): 100 concurrent Gateway sessions (20 bots x 5 sessions,
// so both "many bots" and "one bot, many sessions" are exercised) heartbeat every 250 ms for
// 30 s x HARNESS_STRESS_SCALE (6 s in CI). The fake must ACK every heartbeat, count the
// sessions right, and afterwards hold no more descriptors than before, with no growth of its
// resident memory between warm-up and the end, and leave no process behind.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "fakes/discord/fake_discord_process.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"
#include "tests/stress/gateway_load.h"
#include "tests/stress/proc_stats.h"
#include "tests/stress/stress_scale.h"

namespace harness::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr int kBots = 20;
constexpr int kSessionsPerBot = 5;
constexpr milliseconds kHeartbeat{250};
constexpr milliseconds kFullDuration{30'000};
// Resident memory may grow this much between warm-up (all sessions READY and heartbeating)
// and the end. Every per-session allocation exists by then; a heartbeat only allocates
// short-lived frame buffers that malloc reuses, so what remains is allocator noise (a few
// pages per arena). A leak of 200 bytes per heartbeat would exceed it in the full run
// (100 sessions x 4/s x 30 s = 12000 heartbeats, 2.4 MB).
// In an AddressSanitizer build the children run with a 1 MiB quarantine
// (limitAsanQuarantineForChildren) and the limit grows by that much.
constexpr long kRssSlackKib = 2048;

TEST(FakeDiscordLoadTest, HundredSessionsHeartbeatWithoutLeaks) {
  limitAsanQuarantineForChildren();
  ScopedTempDir tmp{"discord-load"};
  nlohmann::json bots = nlohmann::json::array();
  std::vector<std::string> tokens;
  for (int b = 0; b < kBots; ++b) {
    const std::string token = "TG9hZEJvdA" + std::to_string(b) + ".CANARY.load-token-" + std::to_string(1000 + b);
    bots.push_back({{"token", token}, {"id", std::to_string(900000000000000000LL + b)}, {"username", "Load Bot " + std::to_string(b)}});
    for (int s = 0; s < kSessionsPerBot; ++s) tokens.push_back(token);
  }
  writeFile(tmp.path() / "bots.json", nlohmann::json{{"bots", bots}}.dump());

  fakes::discord::FakeDiscordOptions options;
  options.heartbeatIntervalMs = kHeartbeat.count();
  auto discord = fakes::discord::FakeDiscordProcess::start(FAKE_DISCORD_BIN, tmp.path() / "bots.json",
                                                           tmp.path() / "fake-discord.log", options);
  ASSERT_TRUE(discord) << discord.error().describe();
  const pid_t pid = (*discord)->process().pid();
  ASSERT_TRUE((*discord)->client().bots()) << "control API not answering";
  const int fdsBefore = openDescriptorCount(pid);
  const long rssBefore = residentKib(pid);

  const auto duration = milliseconds(static_cast<long>(kFullDuration.count() * stressScale()));
  GatewayLoad load({.port = (*discord)->port(), .tokens = tokens, .heartbeatInterval = kHeartbeat});
  ASSERT_TRUE(load.waitAllReady(actionMaxTimeout())) << ::testing::PrintToString(load.stats().errors);
  auto sessionsSeen = [&] {
    int n = 0;
    if (auto b = (*discord)->client().bots()) {
      for (const auto& bot : *b) n += bot.sessions;
    }
    return n;
  };
  EXPECT_EQ(sessionsSeen(), kBots * kSessionsPerBot) << "the fake's session count";
  // Warm-up: every session has heartbeated twice (buffers, timers and maps at their size).
  ASSERT_TRUE(waitFor("two heartbeats per session", [&] { return load.stats().acks >= 2 * kBots * kSessionsPerBot; }));
  const long rssWarm = residentKib(pid);
  const int fdsLoaded = openDescriptorCount(pid);
  const auto begin = Clock::now();
  long rssPeak = rssWarm;
  // The load runs for `duration`; the loop samples memory once a second meanwhile.
  while (Clock::now() - begin < duration) {
    std::this_thread::sleep_until(std::min(Clock::now() + milliseconds(1000), begin + duration));
    rssPeak = std::max(rssPeak, residentKib(pid));
    ASSERT_TRUE(load.stats().errors.empty()) << ::testing::PrintToString(load.stats().errors);
  }
  const long rssEnd = residentKib(pid);
  const GatewayLoadStats during = load.stats();
  const GatewayLoadStats final = load.stop();

  EXPECT_TRUE(final.errors.empty()) << ::testing::PrintToString(final.errors);
  EXPECT_EQ(final.ready, kBots * kSessionsPerBot);
  // Heartbeats sent just before the close may go unanswered: at most one per session.
  EXPECT_GE(final.acks, final.heartbeats - final.sessions) << "heartbeats not ACKed";
  EXPECT_LE(during.maxUnacked, 4) << "a session waited more than 4 intervals for an ACK";
  EXPECT_TRUE(waitFor("the fake counts no session", [&] { return sessionsSeen() == 0; }));
  int fdsAfter = -1;
  EXPECT_TRUE(waitFor("descriptors back to the count before the load", [&] {
    fdsAfter = openDescriptorCount(pid);
    return fdsAfter <= fdsBefore;
  })) << fdsAfter << " fds now, " << fdsBefore << " before";
  EXPECT_LE(rssEnd - rssWarm, kRssSlackKib + kAsanQuarantineKib) << "resident memory grew from " << formatKib(rssWarm) << " to "
                                            << formatKib(rssEnd);

  std::cout << "fake-discord load: " << final.sessions << " sessions (" << kBots << " bots x " << kSessionsPerBot
            << "), " << duration.count() / 1000.0 << " s, " << final.heartbeats << " heartbeats, " << final.acks
            << " ACKs, max unACKed " << during.maxUnacked << "; fds " << fdsBefore << " before, " << fdsLoaded
            << " loaded, " << fdsAfter << " after; VmRSS " << formatKib(rssBefore) << " idle, " << formatKib(rssWarm)
            << " warm, " << formatKib(rssPeak) << " peak, " << formatKib(rssEnd) << " end (growth "
            << (rssEnd - rssWarm) << " KiB, limit " << kRssSlackKib + kAsanQuarantineKib << ")\n";

  const auto exit = (*discord)->stop();
  EXPECT_TRUE(exit.succeeded()) << "fake-discord exit " << exit.exitCode << " signal " << exit.termSignal;
  discord->reset();
  std::vector<pid_t> left;
  EXPECT_TRUE(waitFor("no process left", [&] {
    reapExitedChildren();
    left = processesMentioning(tmp.path().string());
    return left.empty();
  })) << ::testing::PrintToString(left);
}

}  // namespace
}  // namespace harness::testing
