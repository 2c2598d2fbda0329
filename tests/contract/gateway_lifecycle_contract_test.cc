// Contract: a real OpenClaw release manages its rescue gateway on the fake Mac.
//
// For each release: in a temporary HOME inside a fake-macos root,
//   gateway install --port P   -> a loaded launchd job whose process is alive and serves /health
//   gateway status             -> "Runtime: running (pid N)" for that job
//   gateway restart [--force]  -> a new pid, healthy again
//   gateway stop [--force]     -> the job is unloaded and its process gone
// 2026.9.6 needs --force for stop/restart in non-interactive use; 2026.3.24 rejects it.

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "harness/core/redactor.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/process/process_runner.h"
#include "harness/testing/free_port.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"
#include "harness/upgrade/release_cache.h"

namespace harness::contract {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kProfile = "rescue";
constexpr const char* kLabel = "ai.openclaw.rescue";

struct ContractParam {
  std::string version;
  bool forceFlag;  // stop/restart need --force (9.6) or reject it (3.24)
};

void PrintTo(const ContractParam& p, std::ostream* os) { *os << "openclaw@" << p.version; }

std::string paramName(const ::testing::TestParamInfo<ContractParam>& info) {
  std::string name = "V" + info.param.version;
  for (auto& c : name) {
    if (c == '.') c = 'x';
  }
  return name;
}

// Gateway start takes ~12 s on an idle machine; allow for a loaded CI box.
std::chrono::milliseconds gatewayTimeout() {
  return std::chrono::milliseconds(static_cast<long>(120'000 * harness::testing::timeoutScale()));
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void collectSecrets(const nlohmann::json& node, const std::string& key, Redactor& redactor) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) collectSecrets(v, k, redactor);
  } else if (node.is_array()) {
    for (const auto& v : node) collectSecrets(v, key, redactor);
  } else if (node.is_string()) {
    std::string lower = key;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("token") != std::string::npos || lower.find("password") != std::string::npos ||
        lower.find("secret") != std::string::npos || lower.find("key") != std::string::npos) {
      redactor.addSecret(node.get<std::string>());
    }
  }
}

class GatewayLifecycleContract : public ::testing::TestWithParam<ContractParam> {
 protected:
  void SetUp() override {
    auto release = upgrade::ReleaseCache().find(GetParam().version);
    if (!release) GTEST_SKIP() << release.error().describe();
    release_ = *release;
    if (!findExecutable("unshare")) GTEST_SKIP() << "unshare (util-linux) not installed";
    port_ = harness::testing::pickFreePortRange(120);
    home_ = root_.path() / "home";
    // gateway.mode=local and gateway.port=P, written directly (two `config set` runs cost ~16 s).
    harness::testing::writeFile(home_ / ".openclaw-rescue/openclaw.json",
                                nlohmann::json{{"gateway", {{"mode", "local"}, {"port", port_}, {"bind", "loopback"}}}}.dump(2));
    LaunchctlOptions options;
    options.launchctl = root_.path() / "bin/launchctl";
    options.callTimeout = harness::testing::actionTimeout();
    manager_ = makeLaunchctlServiceManager(options);
    started_ = true;
  }

  void TearDown() override {
    if (!started_) return;
    auto r = runProcess(ProcessSpec{.executable = FAKE_MACOS_PATH, .args = {"--root", root_.path().string(), "--shutdown"},
                                    .timeout = harness::testing::actionMaxTimeout()});
    EXPECT_TRUE(r && r->exitCode == 0) << (r ? redactor_.redact(r->stderrText) : r.error().describe());
  }

  // `openclaw --profile rescue ARGS...` inside the fake Mac.
  ProcessResult openclaw(std::vector<std::string> args) {
    std::vector<std::string> argv{"--root", root_.path().string(), "--home", home_.string(), "--node",
                                  release_.node.string(), "--", release_.openclaw.string(), "--profile", kProfile};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessSpec spec{.executable = FAKE_MACOS_PATH, .args = argv, .timeout = gatewayTimeout()};
    // Nothing from the developer's own OpenClaw setup may leak in.
    for (const char* name : {"OPENCLAW_PROFILE", "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_LAUNCHD_LABEL",
                             "OPENCLAW_GATEWAY_PORT", "OPENCLAW_GATEWAY_TOKEN", "NODE_OPTIONS"}) {
      spec.environmentOverrides[name] = std::nullopt;
    }
    spec.environmentOverrides["NO_COLOR"] = "1";
    auto r = runProcess(spec);
    EXPECT_TRUE(r) << r.error().describe();
    refreshSecrets();
    return r ? *r : ProcessResult{};
  }

  void refreshSecrets() {
    std::ifstream in(home_ / ".openclaw-rescue/openclaw.json");
    auto config = nlohmann::json::parse(in, nullptr, false);
    if (!config.is_discarded()) collectSecrets(config, "", redactor_);
  }

  std::string shown(const ProcessResult& r) {
    return "exit " + std::to_string(r.exitCode) + (r.timedOut ? " (timed out)" : "") + "\n--- stdout\n" +
           redactor_.redact(r.stdoutText) + "\n--- stderr\n" + redactor_.redact(r.stderrText);
  }

  std::string gatewayLog() {
    std::ifstream in(home_ / "Library/Logs/openclaw/gateway-rescue.log");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.size() > 4000) text = "..." + text.substr(text.size() - 4000);
    return redactor_.redact(text);
  }

  bool healthy() {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1, 0);
    client.set_read_timeout(2, 0);
    auto res = client.Get("/health");
    return res && res->status == 200 && res->body.find("\"ok\":true") != std::string::npos;
  }

  int runningPid(int notPid = 0) {
    int pid = 0;
    std::string last;
    EXPECT_TRUE(harness::testing::waitFor(
        "a running gateway pid",
        [&] {
          auto job = manager_->print(kLabel);
          last = job ? job->state : job.error().describe();
          if (job && job->pid && *job->pid != notPid) pid = *job->pid;
          return pid != 0;
        },
        gatewayTimeout()))
        << "last seen: " << last << "\n" << gatewayLog();
    return pid;
  }

  void report(const std::string& step, Clock::duration d) {
    RecordProperty(step + "_seconds", std::to_string(seconds(d)));
    std::cout << "[contract " << GetParam().version << "] " << step << ": " << seconds(d) << " s\n";
  }

  upgrade::InstalledRelease release_;
  harness::testing::ScopedTempDir root_{"contract-mac"};
  fs::path home_;
  uint16_t port_ = 0;
  ServiceManagerPtr manager_;
  Redactor redactor_;
  bool started_ = false;
};

TEST_P(GatewayLifecycleContract, InstallStatusRestartStop) {
  const bool force = GetParam().forceFlag;

  // install
  auto t0 = Clock::now();
  auto install = openclaw({"gateway", "install", "--port", std::to_string(port_)});
  report("install", Clock::now() - t0);
  ASSERT_EQ(install.exitCode, 0) << shown(install);
  EXPECT_NE(install.stdoutText.find("Installed LaunchAgent"), std::string::npos) << shown(install);
  EXPECT_TRUE(fs::exists(home_ / "Library/LaunchAgents" / (std::string(kLabel) + ".plist")));

  const int firstPid = runningPid();
  ASSERT_GT(firstPid, 0);
  EXPECT_EQ(::kill(firstPid, 0), 0) << "job pid " << firstPid << " is not alive";
  ASSERT_TRUE(harness::testing::waitFor("gateway /health on port " + std::to_string(port_), [&] { return healthy(); },
                                        gatewayTimeout()))
      << gatewayLog();
  report("install_to_healthy", Clock::now() - t0);

  // status
  t0 = Clock::now();
  auto status = openclaw({"gateway", "status"});
  report("status", Clock::now() - t0);
  EXPECT_EQ(status.exitCode, 0) << shown(status);
  EXPECT_NE(status.stdoutText.find("Runtime: running (pid " + std::to_string(firstPid) + ")"), std::string::npos)
      << shown(status);

  // restart
  std::vector<std::string> restartArgs{"gateway", "restart"};
  if (force) restartArgs.emplace_back("--force");
  t0 = Clock::now();
  auto restart = openclaw(restartArgs);
  report("restart", Clock::now() - t0);
  ASSERT_EQ(restart.exitCode, 0) << shown(restart) << "\n--- gateway log\n" << gatewayLog();
  EXPECT_NE(restart.stdoutText.find("Restarted LaunchAgent"), std::string::npos) << shown(restart);
  const int secondPid = runningPid(firstPid);
  ASSERT_GT(secondPid, 0);
  EXPECT_NE(secondPid, firstPid);
  EXPECT_TRUE(harness::testing::waitFor("old gateway pid gone", [&] { return ::kill(firstPid, 0) != 0; }));
  ASSERT_TRUE(harness::testing::waitFor("gateway /health after restart", [&] { return healthy(); }, gatewayTimeout()))
      << gatewayLog();
  report("restart_to_healthy", Clock::now() - t0);

  // stop
  std::vector<std::string> stopArgs{"gateway", "stop"};
  if (force) stopArgs.emplace_back("--force");
  t0 = Clock::now();
  auto stop = openclaw(stopArgs);
  report("stop", Clock::now() - t0);
  ASSERT_EQ(stop.exitCode, 0) << shown(stop);
  EXPECT_NE(stop.stdoutText.find("Stopped LaunchAgent"), std::string::npos) << shown(stop);
  EXPECT_TRUE(harness::testing::waitFor("label unloaded", [&] {
    auto job = manager_->print(kLabel);
    return job && !job->loaded;
  }));
  EXPECT_TRUE(harness::testing::waitFor("gateway pid gone", [&] { return ::kill(secondPid, 0) != 0; }));
}

INSTANTIATE_TEST_SUITE_P(Releases, GatewayLifecycleContract,
                         ::testing::Values(ContractParam{"2026.9.6", true}, ContractParam{"2026.3.24", false}), paramName);

}  // namespace
}  // namespace harness::contract
