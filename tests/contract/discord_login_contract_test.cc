// Contract: a real OpenClaw release's Discord plugin logs in to the fake Discord.
//
// OpenClaw's @openclaw/discord plugin honours DISCORD_API_URL from 2026.9.5 (facts
// openclaw-drift.md §6.1), so for those releases the real plugin talks to fakes/discord
// unchanged. The acceptance signal is the one that holds in every release (R23):
// `openclaw --profile rescue channels status --json` reports the Discord account connected,
// read through the harness's own ProcessOpenClawCli. The gateway runs in the foreground
// (`gateway run`): no service manager is needed to prove the login.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "fakes/discord/fake_discord_process.h"
#include "harness/core/environment.h"
#include "harness/core/file_reader.h"
#include "harness/core/redactor.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/process/background_process.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/free_port.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"
#include "harness/upgrade/release_cache.h"

namespace harness::contract {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kRescueBotId = "222233334444555566";  // first segment of the canary token
constexpr const char* kRescueBotName = "OpenClaw Rescue Bot";

// First start installs the plugin from the npm registry (~40 s idle, minutes on a loaded
// 2-core box), then starts the gateway (~12 s idle).
std::chrono::milliseconds loginTimeout() {
  return std::chrono::milliseconds(static_cast<long>(480'000 * harness::testing::timeoutScale()));
}

std::string tailOf(const fs::path& file, const Redactor& redactor) {
  auto text = readFileLimited(file, 64 << 20);
  if (!text) return text.error().describe();
  std::string t = *text;
  if (t.size() > 6000) t = "..." + t.substr(t.size() - 6000);
  return redactor.redact(t);
}

class DiscordLoginContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto release = upgrade::ReleaseCache().find(GetParam());
    if (!release) GTEST_SKIP() << release.error().describe();
    release_ = *release;
    for (const char* s : {testing::kCanaryRescueDiscordToken, testing::kCanaryRescueGatewayToken}) {
      redactor_.addSecret(s);
    }
    home_ = tmp_.path() / "home";
    port_ = testing::pickFreePortRange(120);

    const fs::path bots = tmp_.path() / "bots.json";
    testing::writeFile(bots, json{{"bots", json::array({{{"token", testing::kCanaryRescueDiscordToken},
                                                          {"id", kRescueBotId},
                                                          {"username", kRescueBotName}}})}}
                                 .dump());
    auto discord = fakes::discord::FakeDiscordProcess::start(FAKE_DISCORD_BIN, bots, tmp_.path() / "fake-discord.log",
                                                             fakes::discord::FakeDiscordOptions{});
    ASSERT_TRUE(discord) << discord.error().describe();
    discord_ = std::move(*discord);

    // The runbook's rescue essentials plus what 2026.5+ needs for Discord (the trust entry).
    const json config = {
        {"gateway",
         {{"mode", "local"}, {"port", port_}, {"bind", "loopback"},
          {"auth", {{"mode", "token"}, {"token", testing::kCanaryRescueGatewayToken}}}}},
        {"channels",
         {{"discord",
           {{"enabled", true},
            {"token", testing::kCanaryRescueDiscordToken},
            {"dmPolicy", "allowlist"},
            {"allowFrom", json::array({"123456789012345678"})},
            {"groupPolicy", "disabled"}}}}},
        {"plugins", {{"entries", {{"discord", {{"enabled", true}}}}}}},
    };
    testing::writeFile(home_ / ".openclaw-rescue/openclaw.json", config.dump(2));
    // Where the plugin reads DISCORD_API_URL from besides the process env (facts §6.1).
    testing::writeFile(home_ / ".openclaw-rescue/.env", "DISCORD_API_URL=" + discord_->apiUrl() + "\n");
  }

  std::map<std::string, std::string> environment() const {
    std::map<std::string, std::string> env = {{"HOME", home_.string()},
                                              {"PATH", release_.node.parent_path().string() + ":/usr/local/bin:/usr/bin:/bin"},
                                              {"LANG", "C"},
                                              {"NO_COLOR", "1"},
                                              {"TMPDIR", (tmp_.path() / "tmp").string()}};
    // The gateway installs its Discord plugin with npm on first start; with HOME moved, npm
    // only reaches the registry with the machine's CA and proxy settings passed through, and
    // downloads are reused across runs.
    for (const auto& [name, value] : upgrade::ReleaseCache().registryEnvironment()) env[name] = value;
    return env;
  }

  upgrade::InstalledRelease release_;
  testing::ScopedTempDir tmp_{"contract-discord"};
  fs::path home_;
  uint16_t port_ = 0;
  Redactor redactor_;
  std::unique_ptr<fakes::discord::FakeDiscordProcess> discord_;
};

TEST_P(DiscordLoginContract, ChannelsStatusReportsTheRescueBotConnected) {
  fs::create_directories(tmp_.path() / "tmp");
  const fs::path log = tmp_.path() / "gateway.log";
  const auto t0 = Clock::now();
  auto gateway = BackgroundProcess::start(BackgroundProcessSpec{
      .executable = release_.node,
      .args = {release_.openclaw.string(), "--profile", "rescue", "gateway", "run", "--port", std::to_string(port_)},
      .environment = environment(),
      .logFile = log});
  ASSERT_TRUE(gateway) << gateway.error().describe();

  ProcessOpenClawCliOptions options;
  options.executable = release_.openclaw;
  options.nodeExecutable = release_.node;
  options.environment = environment();
  options.release = GetParam();
  options.timeout = std::chrono::seconds(150);
  options.secrets = {testing::kCanaryRescueDiscordToken, testing::kCanaryRescueGatewayToken};
  auto cli = makeProcessOpenClawCli(options);

  // Cheap signal first: the fake sees the plugin's READY session. Only then ask the CLI, whose
  // every run costs seconds of CPU that the starting gateway needs.
  auto rescueSessions = [&] {
    auto bot = discord_->client().bot(kRescueBotId);
    return bot ? bot->sessions : -1;
  };
  // The gateway installs @openclaw/discord from the npm registry on first start; where the
  // registry cannot be reached the contract cannot be tested here (skip, as for a missing release).
  auto pluginInstallFailure = [&]() -> std::string {
    auto text = readFileLimited(log, 64 << 20);
    if (!text) return {};
    const auto at = text->find("Failed to install missing configured plugin \"discord\"");
    if (at == std::string::npos) return {};
    return redactor_.redact(text->substr(at, std::min<size_t>(300, text->size() - at)));
  };
  const bool loggedIn = testing::waitFor(
      "the plugin logs in to the fake Discord",
      [&] { return !(*gateway)->running() || rescueSessions() == 1 || !pluginInstallFailure().empty(); },
      loginTimeout());
  if (rescueSessions() != 1) {
    if (const std::string failure = pluginInstallFailure(); !failure.empty()) {
      GTEST_SKIP() << "the Discord plugin could not be installed from the npm registry: " << failure;
    }
  }
  const double loginSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cout << "[contract " << GetParam() << "] READY session after " << loginSeconds << " s\n";
  RecordProperty("discord_ready_seconds", std::to_string(loginSeconds));
  ASSERT_TRUE((*gateway)->running()) << "gateway exited\n" << tailOf(log, redactor_);
  ASSERT_TRUE(loggedIn) << "no READY session\n--- gateway log\n" << tailOf(log, redactor_);

  std::string last;
  const bool connected = testing::waitFor(
      "channels status --json reports discord connected",
      [&] {
        auto status = cli->channelsStatus(OpenClawTarget{"rescue", std::nullopt});
        if (!status) {
          last = status.error().describe();
          return false;
        }
        last = redactor_.redact(status->raw.dump());
        for (const auto& account : status->discord) {
          if (account.connected) return true;
        }
        return false;
      },
      std::chrono::milliseconds(static_cast<long>(300'000 * testing::timeoutScale())));
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cout << "[contract " << GetParam() << "] channels status connected after " << seconds << " s\n";
  RecordProperty("discord_connected_seconds", std::to_string(seconds));
  ASSERT_TRUE(connected) << "last status: " << last << "\n--- gateway log\n" << tailOf(log, redactor_);

  auto status = cli->channelsStatus(OpenClawTarget{"rescue", std::nullopt});
  ASSERT_TRUE(status) << status.error().describe();
  ASSERT_FALSE(status->discord.empty());
  EXPECT_EQ(status->discord.front().botId, kRescueBotId) << redactor_.redact(status->raw.dump());

  // The fake saw the plugin's login: one READY session for the rescue bot.
  auto bots = discord_->client().bots();
  ASSERT_TRUE(bots) << bots.error().describe();
  int sessions = -1;
  for (const auto& bot : *bots) {
    if (bot.id == kRescueBotId) sessions = bot.sessions;
  }
  EXPECT_EQ(sessions, 1);
  // What the real plugin asked of the fake, for the drift facts (paths only, never tokens).
  if (auto requests = discord_->client().requests()) {
    std::cout << "[contract " << GetParam() << "] plugin traffic:";
    for (const auto& r : *requests) std::cout << " " << r.method << " " << r.path << " (" << r.status << ");";
    std::cout << "\n";
  }

  // No token reached the gateway's log or the fake's log.
  for (const fs::path& file : {log, tmp_.path() / "fake-discord.log"}) {
    auto text = readFileLimited(file, 64 << 20);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->find(testing::kCanaryRescueDiscordToken), std::string::npos) << file;
  }
  (*gateway)->stop(std::chrono::seconds(10));
}

// DISCORD_API_URL exists only in the plugin from 2026.9.5; 2026.3.24 cannot be pointed at a
// fake without patching fetch, which is not the product under test.
INSTANTIATE_TEST_SUITE_P(Releases, DiscordLoginContract, ::testing::Values("2026.9.6"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = "V" + info.param;
                           for (auto& c : name) if (c == '.') c = 'x';
                           return name;
                         });

}  // namespace
}  // namespace harness::contract
