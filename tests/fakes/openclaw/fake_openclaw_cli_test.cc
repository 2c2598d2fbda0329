// Process-level tests of the fake `openclaw` CLI against a fake launchd root: the runbook's
// lifecycle commands for 2026.3.24 (honoured label override) and 2026.9.6 (refused), the stop
// --force rules, the plist `gateway install` writes, status, config validate, security audit,
// channels status and the gateway exec.

#include <gmock/gmock.h>
#include <httplib.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <thread>

#include "harness/plist/plist_reader.h"
#include "harness/testing/wait.h"
#include "tests/fakes/openclaw/fake_openclaw_fixture.h"

namespace fakes::openclaw::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k324 = "2026.3.24";
constexpr const char* k96 = "2026.9.6";
constexpr const char* kRunbookLabel = "ai.openclaw.gateway.rescue";

std::string show(const RunResult& r) {
  return "exit " + std::to_string(r.exitCode) + "\n--- stdout\n" + r.out + "\n--- stderr\n" + r.err;
}

std::string refusal(const std::string& action) {
  return "service management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL for macOS service "
         "management. Unset OPENCLAW_LAUNCHD_LABEL so OpenClaw derives the native service identity from "
         "OPENCLAW_PROFILE to " +
         action + ", or keep this profile runtime-only without a native service.";
}

// A loopback HTTP server on a given port for /healthz and /__fake/status (a stand-in gateway's
// HTTP side), stopped by the destructor.
class TinyGatewayHttp {
 public:
  TinyGatewayHttp(uint16_t port, std::string statusBody) {
    server_.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"ok":true,"status":"live"})", "application/json");
    });
    server_.Get("/__fake/status", [body = std::move(statusBody)](const httplib::Request&, httplib::Response& res) {
      res.set_content(body, "application/json");
    });
    bound_ = server_.bind_to_port("127.0.0.1", port);
    if (bound_) thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TinyGatewayHttp() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  bool bound() const { return bound_; }
  bool ready() { return server_.is_running(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  bool bound_ = false;
};

class FakeOpenClawCliTest : public FakeOpenClawTest {
 protected:
  void writeRescueConfig() {
    writeConfig("rescue", "{ gateway: { mode: 'local', port: " + std::to_string(port_) + ", bind: 'loopback' } }");
  }
};

TEST_F(FakeOpenClawCliTest, VersionNamesTheEmulatedRelease) {
  auto r = openclaw(k324, {"--version"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("OpenClaw 2026.3.24"));
  r = openclaw(k96, {"--version"});
  EXPECT_THAT(r.out, HasSubstr("OpenClaw 2026.9.6"));
  EXPECT_THAT(r.out, Not(HasSubstr("2026.3.24")));
}

TEST_F(FakeOpenClawCliTest, Release324RunbookCommandsTargetTheOverrideLabel) {
  writeRescueConfig();
  auto r = runbook(k324, {"gateway", "install", "--port", std::to_string(port_)});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Installed LaunchAgent: " + (agents_ / "ai.openclaw.gateway.rescue.plist").string()));
  // 3.24 install sequence (facts launchctl.md §5.3): probe, bootout D P, unload P, enable, bootstrap, probe.
  const std::string plist = (agents_ / "ai.openclaw.gateway.rescue.plist").string();
  EXPECT_THAT(launchctlCalls(), ElementsAre("print " + target(kRunbookLabel), "bootout " + gui() + " " + plist,
                                            "unload " + plist, "enable " + target(kRunbookLabel),
                                            "bootstrap " + gui() + " " + plist, "print " + target(kRunbookLabel)));
  auto pid = settledPid(kRunbookLabel);
  ASSERT_TRUE(pid);
  EXPECT_FALSE(loaded("ai.openclaw.rescue")) << "the derived label must not be touched";

  r = runbook(k324, {"gateway", "status"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Service: LaunchAgent (loaded)"));
  EXPECT_THAT(r.out, HasSubstr("Runtime: running (pid " + std::to_string(*pid) + ")"));

  clearLaunchctlLog();
  r = runbook(k324, {"gateway", "stop"});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Stopped LaunchAgent: " + target(kRunbookLabel)));
  EXPECT_THAT(launchctlCalls(), ElementsAre("print " + target(kRunbookLabel), "bootout " + target(kRunbookLabel),
                                            "print " + target(kRunbookLabel)));
  EXPECT_FALSE(loaded(kRunbookLabel));
  EXPECT_TRUE(harness::testing::waitFor("stand-in gone", [&] { return !fakes::launchd::testing::processExists(*pid); }));

  r = runbook(k324, {"gateway", "stop"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Gateway service not loaded."));

  r = runbook(k324, {"gateway", "start"});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Restarted LaunchAgent: " + target(kRunbookLabel)));
  auto started = settledPid(kRunbookLabel, pid);
  ASSERT_TRUE(started) << "running again";

  r = runbook(k324, {"gateway", "restart"});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Restarted LaunchAgent: " + target(kRunbookLabel)));
  auto restarted = settledPid(kRunbookLabel, started);
  ASSERT_TRUE(restarted) << "restart must replace the process";
}

TEST_F(FakeOpenClawCliTest, Release96RefusesTheRunbookCommandsWithoutCallingLaunchctl) {
  writeRescueConfig();
  // A running job under the runbook's label, installed the 3.24 way.
  ASSERT_EQ(runbook(k324, {"gateway", "install"}).exitCode, 0);
  auto pid = settledPid(kRunbookLabel);
  ASSERT_TRUE(pid);
  const std::string plistBefore = harness::testing::readFile(agents_ / "ai.openclaw.gateway.rescue.plist");

  clearLaunchctlLog();
  auto r = runbook(k96, {"gateway", "install", "--port", std::to_string(port_)});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_EQ(r.err, "Gateway install blocked: Error: " + refusal("install or rewrite the gateway service") + "\n");

  r = runbook(k96, {"gateway", "start"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_THAT(r.err, HasSubstr("[openclaw] The CLI command failed.\n[openclaw] Reason: " + refusal("start the gateway") + "\n"));
  EXPECT_THAT(r.err, HasSubstr("[openclaw] Try: openclaw --profile rescue doctor"));

  r = runbook(k96, {"gateway", "stop", "--force"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_THAT(r.err, HasSubstr("[openclaw] Reason: " + refusal("stop the gateway")));

  r = runbook(k96, {"gateway", "stop", "--force", "--json"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["error"]["message"], refusal("stop the gateway"));

  r = runbook(k96, {"gateway", "restart"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_EQ(r.err, "Gateway restart failed: Error: " + refusal("restart the gateway") + "\n");

  EXPECT_TRUE(launchctlCalls().empty()) << ::testing::PrintToString(launchctlCalls());
  EXPECT_EQ(printedPid(kRunbookLabel), *pid) << "the refused commands must leave the job alone";
  EXPECT_EQ(harness::testing::readFile(agents_ / "ai.openclaw.gateway.rescue.plist"), plistBefore);

  // The same commands without the override (derived label ai.openclaw.rescue) are not refused.
  r = openclaw(k96, {"--profile", "rescue", "gateway", "start"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Gateway service not loaded."));
  EXPECT_THAT(launchctlCalls(), ElementsAre("print " + target("ai.openclaw.rescue")));
}

TEST_F(FakeOpenClawCliTest, Release96StopNeedsForceWithoutATty) {
  writeConfig("", "{ gateway: { mode: 'local', port: " + std::to_string(port_) + " } }");
  ASSERT_EQ(openclaw(k96, {"gateway", "install"}).exitCode, 0);
  auto pid = gatewayPid();
  ASSERT_TRUE(pid);
  clearLaunchctlLog();

  auto r = openclaw(k96, {"gateway", "stop"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_THAT(r.err, HasSubstr("This stops the operator's running gateway service."));
  EXPECT_THAT(r.err, HasSubstr("re-run with --force if you really mean it."));
  r = openclaw(k96, {"gateway", "stop", "--json"});
  EXPECT_EQ(r.exitCode, 1);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["action"], "stop");
  EXPECT_EQ(j["ok"], false);
  EXPECT_TRUE(launchctlCalls().empty());
  EXPECT_TRUE(loaded("ai.openclaw.gateway"));

  r = openclaw(k96, {"gateway", "stop", "--force"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Stopped LaunchAgent: " + target("ai.openclaw.gateway")));
  EXPECT_FALSE(loaded("ai.openclaw.gateway"));
}

TEST_F(FakeOpenClawCliTest, Release324RejectsForce) {
  writeRescueConfig();
  ASSERT_EQ(openclaw(k324, {"--profile", "rescue", "gateway", "install"}).exitCode, 0);
  auto pid = settledPid("ai.openclaw.rescue");
  ASSERT_TRUE(pid);
  clearLaunchctlLog();
  for (const char* verb : {"stop", "restart"}) {
    auto r = openclaw(k324, {"--profile", "rescue", "gateway", verb, "--force"});
    EXPECT_EQ(r.exitCode, 1) << verb << ": " << show(r);
    EXPECT_EQ(r.err, "error: unknown option '--force'\n");
  }
  EXPECT_TRUE(launchctlCalls().empty());
  EXPECT_EQ(printedPid("ai.openclaw.rescue"), *pid);
  // Without --force the same stop works.
  auto r = openclaw(k324, {"--profile", "rescue", "gateway", "stop"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_FALSE(loaded("ai.openclaw.rescue"));
}

TEST_F(FakeOpenClawCliTest, InstallWritesAPlistTheFakeLaunchdRuns) {
  writeRescueConfig();
  auto r = openclaw(k324, {"--profile", "rescue", "gateway", "install", "--port", std::to_string(port_)},
                    {{"DISCORD_API_URL", "http://127.0.0.1:1/api/v10"}});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  auto plist = harness::readPlistFile(agents_ / "ai.openclaw.rescue.plist");
  ASSERT_TRUE(plist) << plist.error().describe();
  const auto& p = plist->root;
  EXPECT_EQ(p["Label"], "ai.openclaw.rescue");
  EXPECT_EQ(p["ProgramArguments"], nlohmann::json({FAKE_OPENCLAW_BIN, "--profile", "rescue", "gateway", "--port",
                                                   std::to_string(port_)}));
  EXPECT_EQ(p["RunAtLoad"], true);
  EXPECT_EQ(p["KeepAlive"], true);
  EXPECT_EQ(p["ThrottleInterval"], 1);
  EXPECT_EQ(p["StandardOutPath"], (home_ / ".openclaw-rescue/logs/gateway.log").string());
  EXPECT_EQ(p["StandardErrorPath"], (home_ / ".openclaw-rescue/logs/gateway.err.log").string());
  const auto& env = p["EnvironmentVariables"];
  EXPECT_EQ(env["HOME"], home_.string());
  EXPECT_EQ(env["OPENCLAW_PROFILE"], "rescue");
  EXPECT_EQ(env["OPENCLAW_STATE_DIR"], (home_ / ".openclaw-rescue").string());
  EXPECT_EQ(env["OPENCLAW_CONFIG_PATH"], (home_ / ".openclaw-rescue/openclaw.json").string());
  EXPECT_EQ(env["OPENCLAW_GATEWAY_PORT"], std::to_string(port_));
  EXPECT_EQ(env["OPENCLAW_LAUNCHD_LABEL"], "ai.openclaw.rescue");
  EXPECT_EQ(env["OPENCLAW_SERVICE_MARKER"], "openclaw");
  EXPECT_EQ(env["OPENCLAW_SERVICE_KIND"], "gateway");
  EXPECT_EQ(env["DISCORD_API_URL"], "http://127.0.0.1:1/api/v10");
  EXPECT_EQ(env["OPENCLAW_FAKE_RELEASE"], k324);

  // launchd ran `openclaw --profile rescue gateway --port P`, which exec'd the gateway.
  auto pid = gatewayPid();
  ASSERT_TRUE(pid);
  EXPECT_EQ(gatewayArgs(), "--profile rescue --port " + std::to_string(port_));
  EXPECT_TRUE(harness::testing::waitFor("launchd pid == gateway pid", [&] { return printedPid("ai.openclaw.rescue") == *pid; }));

  // Reinstall with another port rewrites the plist and reloads the job.
  const uint16_t other = static_cast<uint16_t>(port_ == 65535 ? port_ - 1 : port_ + 1);
  r = openclaw(k324, {"--profile", "rescue", "gateway", "install", "--port", std::to_string(other)});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  auto second = gatewayPid(pid);
  ASSERT_TRUE(second);
  EXPECT_TRUE(harness::testing::waitFor("gateway argv has the new port",
                                        [&] { return gatewayArgs() == "--profile rescue --port " + std::to_string(other); }));

  // A bad port is rejected before anything is written.
  r = openclaw(k324, {"--profile", "rescue", "gateway", "install", "--port", "0"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
}

TEST_F(FakeOpenClawCliTest, UninstallBootsOutAndMovesThePlistToTrash) {
  writeRescueConfig();
  ASSERT_EQ(openclaw(k324, {"--profile", "rescue", "gateway", "install"}).exitCode, 0);
  ASSERT_TRUE(gatewayPid());
  auto r = openclaw(k324, {"--profile", "rescue", "gateway", "uninstall"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("Moved LaunchAgent to Trash: " + (home_ / ".Trash/ai.openclaw.rescue.plist").string()));
  EXPECT_FALSE(loaded("ai.openclaw.rescue"));
  EXPECT_FALSE(fs::exists(agents_ / "ai.openclaw.rescue.plist"));
  r = openclaw(k324, {"--profile", "rescue", "gateway", "start"});
  EXPECT_THAT(r.out, HasSubstr("Gateway service not loaded."));
}

TEST_F(FakeOpenClawCliTest, StatusJsonReportsServiceRuntimeAndRpc) {
  writeRescueConfig();
  auto r = openclaw(k324, {"--profile", "rescue", "gateway", "status", "--json"});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["service"]["loaded"], false);
  EXPECT_EQ(j["service"]["command"], nullptr);
  EXPECT_EQ(j["service"]["runtime"]["missingUnit"], true);
  EXPECT_EQ(j["rpc"]["ok"], false);
  EXPECT_EQ(j["gateway"]["port"], port_);
  EXPECT_EQ(j["config"]["cli"]["exists"], true);
  r = openclaw(k324, {"--profile", "rescue", "gateway", "status"});
  EXPECT_THAT(r.out, HasSubstr("Service not installed. Run: openclaw --profile rescue gateway install"));

  ASSERT_EQ(openclaw(k324, {"--profile", "rescue", "gateway", "install"}).exitCode, 0);
  auto pid = settledPid("ai.openclaw.rescue");
  ASSERT_TRUE(pid);
  TinyGatewayHttp http(port_, "{}");
  ASSERT_TRUE(http.bound());
  ASSERT_TRUE(harness::testing::waitFor("http up", [&] { return http.ready(); }));
  r = openclaw(k324, {"--profile", "rescue", "gateway", "status", "--json"});
  j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["service"]["loaded"], true);
  EXPECT_EQ(j["service"]["runtime"]["status"], "running");
  EXPECT_EQ(j["service"]["runtime"]["pid"], *pid);
  EXPECT_EQ(j["service"]["command"]["sourcePath"], (agents_ / "ai.openclaw.rescue.plist").string());
  EXPECT_EQ(j["rpc"]["ok"], true);
  EXPECT_EQ(j["port"]["status"], "busy");
  r = openclaw(k324, {"--profile", "rescue", "gateway", "status", "--require-rpc"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("RPC probe: ok"));

  ASSERT_EQ(openclaw(k324, {"--profile", "rescue", "gateway", "stop"}).exitCode, 0);
  r = openclaw(k324, {"--profile", "rescue", "gateway", "status"});
  EXPECT_THAT(r.out, HasSubstr("Service: LaunchAgent (not loaded)"));
  EXPECT_THAT(r.out, Not(HasSubstr("Runtime: running")));
}

TEST_F(FakeOpenClawCliTest, StatusRequireRpcFailsWhenNothingAnswers) {
  writeRescueConfig();
  auto r = openclaw(k96, {"--profile", "rescue", "gateway", "status", "--require-rpc"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_THAT(r.out, HasSubstr("RPC probe: failed"));
}

TEST_F(FakeOpenClawCliTest, ConfigValidateValidInvalidMissing) {
  // Missing file: release-specific shapes, rc 1.
  auto r = openclaw(k324, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 1);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(j, nlohmann::json({{"valid", false}, {"path", (home_ / ".openclaw-rescue/openclaw.json").string()}, {"error", "file not found"}}));
  r = openclaw(k96, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 1);
  j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["error"]["message"], "file not found");

  // Valid runbook-style config: 3.24 no warnings; 9.6 warns about agents.list.
  writeConfig("rescue", "{ gateway: { mode: 'local', port: 19001 }, agents: { list: [ { id: 'rescue' } ] } }");
  r = openclaw(k324, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(j, nlohmann::json({{"valid", true}, {"path", (home_ / ".openclaw-rescue/openclaw.json").string()}}));
  r = openclaw(k96, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(j["warnings"][0]["path"], "agents.entries");
  EXPECT_EQ(j["warnings"][0]["message"], "Moved agents.list to keyed agents.entries.");
  r = openclaw(k96, {"--profile", "rescue", "config", "validate"});
  EXPECT_THAT(r.out, HasSubstr("Config valid: ~/.openclaw-rescue/openclaw.json\n1 warning(s):"));

  // Invalid: unknown key and bad enum.
  writeConfig("rescue", "{ gateway: { mode: 'sideways', bogusKey: 1 } }");
  r = openclaw(k324, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 1);
  j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(j["valid"], false);
  EXPECT_THAT(j.dump(), HasSubstr(R"({"message":"Unrecognized key: \"bogusKey\"","path":"gateway"})"));
  EXPECT_THAT(j.dump(), HasSubstr("gateway.mode"));
  r = openclaw(k96, {"--profile", "rescue", "config", "validate", "--json"});
  j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(j["error"]["message"], "OpenClaw config is invalid: ~/.openclaw-rescue/openclaw.json");

  // A 9.6-migrated config is invalid on 3.24 (drift §2.4) and valid on 9.6.
  writeConfig("rescue", "{ gateway: { mode: 'local' }, agents: { entries: { rescue: {} } }, tools: { exec: { mode: 'full' } } }");
  r = openclaw(k324, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_THAT(r.out, HasSubstr(R"(Unrecognized key: \"entries\")"));
  r = openclaw(k96, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 0) << show(r);

  // Unparsable.
  writeConfig("rescue", "{ gateway: { mode: ");
  r = openclaw(k324, {"--profile", "rescue", "config", "validate", "--json"});
  EXPECT_EQ(r.exitCode, 1);
  j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(j["issues"][0]["path"], "<root>");
  EXPECT_THAT(j["issues"][0]["message"].get<std::string>(), HasSubstr("JSON5 parse failed"));
}

TEST_F(FakeOpenClawCliTest, SecurityAuditFindings) {
  auto audit = [&](const std::string& release) {
    auto r = openclaw(release, {"--profile", "rescue", "security", "audit", "--json"});
    EXPECT_EQ(r.exitCode, 0) << show(r);  // exit 0 even with critical findings, as the real CLI
    return nlohmann::json::parse(r.out, nullptr, false);
  };
  auto ids = [](const nlohmann::json& j, const std::string& severity) {
    std::vector<std::string> out;
    for (const auto& f : j["findings"]) {
      if (f["severity"] == severity) out.push_back(f["checkId"]);
    }
    return out;
  };
  // Owner-only baseline: exec full stays a warning, nothing critical.
  auto config = writeConfig("rescue",
                            "{ gateway: { mode: 'local', bind: 'loopback' }, tools: { exec: { security: 'full' } },"
                            " channels: { discord: { dmPolicy: 'allowlist', groupPolicy: 'disabled' } } }");
  fs::permissions(home_ / ".openclaw-rescue", fs::perms(0700));
  auto j = audit(k324);
  EXPECT_EQ(j["summary"]["critical"], 0) << j.dump(2);
  EXPECT_THAT(ids(j, "warn"), ElementsAre("tools.exec.security_full_configured"));

  // Open DMs: exec full becomes critical, plus the open-DM finding.
  writeConfig("rescue",
              "{ gateway: { mode: 'local', bind: 'lan' }, tools: { exec: { security: 'full' } },"
              " channels: { discord: { dmPolicy: 'open' } } }");
  ::chmod(config.c_str(), 0644);
  j = audit(k96);
  EXPECT_EQ(j["summary"]["critical"], 4) << j.dump(2);
  EXPECT_THAT(ids(j, "critical"), ElementsAre("tools.exec.security_full_configured", "channels.discord.dm.open",
                                              "gateway.bind_not_loopback", "fs.config.perms_world_readable"));
}

TEST_F(FakeOpenClawCliTest, ChannelsStatusAsksTheGateway) {
  writeRescueConfig();
  auto r = openclaw(k96, {"--profile", "rescue", "channels", "status", "--json"});
  EXPECT_EQ(r.exitCode, 1) << show(r);
  EXPECT_THAT(r.err, HasSubstr("gateway closed"));

  TinyGatewayHttp http(port_, R"({"pid":1,"discord":{"enabled":true,"configured":true,"connected":true,)"
                              R"("bot":{"id":"111122223333444455","username":"OpenClaw Rescue Bot"},"lastError":null}})");
  ASSERT_TRUE(http.bound());
  ASSERT_TRUE(harness::testing::waitFor("http up", [&] { return http.ready(); }));
  r = openclaw(k96, {"--profile", "rescue", "channels", "status", "--json"});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  const auto& account = j["channelAccounts"]["discord"][0];
  EXPECT_EQ(account["accountId"], "default");
  EXPECT_EQ(account["connected"], true);
  EXPECT_EQ(account["bot"]["username"], "OpenClaw Rescue Bot");
}

TEST_F(FakeOpenClawCliTest, GatewayRunExecsTheGatewayWithProfileAndPort) {
  const fs::path echo = work_ / "echo-gateway.sh";
  harness::testing::writeFile(echo, "#!/bin/sh\necho \"argv: $*\"\necho \"profile: $OPENCLAW_PROFILE\"\n", 0755);
  auto r = openclaw(k324, {"--profile", "rescue", "gateway", "--port", "19001", "--allow-unconfigured"},
                    {{"OPENCLAW_FAKE_GATEWAY", echo.string()}});
  EXPECT_EQ(r.exitCode, 0) << show(r);
  EXPECT_THAT(r.out, HasSubstr("argv: --profile rescue --port 19001 --allow-unconfigured"));
  EXPECT_THAT(r.out, HasSubstr("profile: rescue"));
  r = openclaw(k324, {"gateway", "run"}, {{"OPENCLAW_FAKE_GATEWAY", echo.string()}});
  EXPECT_THAT(r.out, HasSubstr("argv: \n"));

  r = openclaw(k324, {"gateway", "run"}, {{"OPENCLAW_FAKE_GATEWAY", (work_ / "missing").string()}});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot exec"));
}

TEST_F(FakeOpenClawCliTest, RealFakeGatewaySmoke) {
  const fs::path gateway = fs::path(FAKE_OPENCLAW_BIN).parent_path() / "fake-openclaw-gateway";
  if (!fs::exists(gateway)) GTEST_SKIP() << "fake-openclaw-gateway not built at " << gateway;
  // The gateway refuses token auth without a token; this smoke test needs no auth at all.
  writeConfig("rescue", "{ gateway: { mode: 'local', port: " + std::to_string(port_) + ", auth: { mode: 'none' } } }");
  auto r = openclaw(k324, {"--profile", "rescue", "gateway", "install", "--port", std::to_string(port_)},
                    {{"OPENCLAW_FAKE_GATEWAY", ""}});
  ASSERT_EQ(r.exitCode, 0) << show(r);
  bool healthy = harness::testing::waitFor("gateway answers /healthz", [&] {
    auto s = openclaw(k324, {"--profile", "rescue", "gateway", "status", "--json"}, {{"OPENCLAW_FAKE_GATEWAY", ""}});
    auto j = nlohmann::json::parse(s.out, nullptr, false);
    return j.is_object() && j["rpc"]["ok"] == true;
  }, harness::testing::actionMaxTimeout());
  if (!healthy) {
    std::string log = harness::testing::readFile(home_ / ".openclaw-rescue/logs/gateway.err.log");
    ADD_FAILURE() << "gateway.err.log (tail):\n" << (log.size() > 2000 ? log.substr(log.size() - 2000) : log);
  }
  // channels status reads the gateway's /__fake/status (no Discord configured here).
  auto c = openclaw(k324, {"--profile", "rescue", "channels", "status", "--json"});
  EXPECT_EQ(c.exitCode, 0) << show(c);
  auto j = nlohmann::json::parse(c.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << c.out;
  EXPECT_EQ(j["channelAccounts"]["discord"][0]["connected"], false);
  ASSERT_EQ(openclaw(k324, {"--profile", "rescue", "gateway", "stop"}).exitCode, 0);
}

}  // namespace
}  // namespace fakes::openclaw::testing
