// ProcessOpenClawCli driving the fake `openclaw` against a fake launchd root, for both emulated
// releases: install/start/stop/restart/uninstall, status, config validate, audit, channels
// status, and the refusals (9.6 label override, 3.24 without --force support).

#include <gmock/gmock.h>

#include <fstream>

#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/testing/wait.h"
#include "tests/fakes/openclaw/fake_openclaw_fixture.h"

namespace harness {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k324 = "2026.3.24";
constexpr const char* k96 = "2026.9.6";

class ProcessOpenClawCliTest : public fakes::openclaw::testing::FakeOpenClawTest {
 protected:
  // Release left empty unless given: the backend then asks --version.
  OpenClawCliPtr cli(const std::string& emulated, const std::string& optionRelease = "",
                     std::vector<std::string> secrets = {}) {
    ProcessOpenClawCliOptions options;
    options.executable = FAKE_OPENCLAW_BIN;
    options.environment = cliEnv(emulated);
    options.release = optionRelease;
    options.secrets = std::move(secrets);
    options.timeout = testing::actionMaxTimeout();
    return makeProcessOpenClawCli(options);
  }
  void writeRescueConfig() {
    writeConfig("rescue", "{ gateway: { mode: 'local', port: " + std::to_string(port_) + " } }");
  }
  static std::string show(const CommandOutcome& o) {
    return "ok=" + std::to_string(o.ok) + " refused=" + std::to_string(o.refused) + " exit=" +
           std::to_string(o.exitCode) + " `" + o.commandLine + "`: " + o.message;
  }
};

const OpenClawTarget kRescue{"rescue", std::nullopt};
const OpenClawTarget kRunbook{"rescue", std::string("ai.openclaw.gateway.rescue")};

TEST_F(ProcessOpenClawCliTest, VersionOfTheEmulatedRelease) {
  auto v = cli(k96)->version();
  ASSERT_TRUE(v) << v.error().describe();
  EXPECT_EQ(*v, "2026.9.6");
  ProcessOpenClawCliOptions missing;
  missing.executable = (work_ / "no-such-openclaw").string();
  auto bad = makeProcessOpenClawCli(missing)->version();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::NotFound);
}

TEST_F(ProcessOpenClawCliTest, Lifecycle324WithTheRunbookLabel) {
  writeRescueConfig();
  auto c = cli(k324);
  auto status = c->gatewayStatus(kRunbook);
  ASSERT_TRUE(status) << status.error().describe();
  EXPECT_FALSE(status->installed);
  EXPECT_FALSE(status->running);
  EXPECT_EQ(status->label, "ai.openclaw.gateway.rescue");

  auto o = c->gateway(GatewayAction::Start, kRunbook);
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->ok) << "nothing installed yet: " << show(*o);
  EXPECT_FALSE(o->refused);

  o = c->gateway(GatewayAction::Install, kRunbook, port_);
  ASSERT_TRUE(o);
  ASSERT_TRUE(o->ok) << show(*o);
  EXPECT_THAT(o->commandLine, HasSubstr("--profile rescue gateway install --port " + std::to_string(port_) + " --json"));
  auto pid = gatewayPid();
  ASSERT_TRUE(pid);
  EXPECT_TRUE(testing::waitFor("status running with the stand-in's pid", [&] {
    auto s = c->gatewayStatus(kRunbook);
    return s && s->running && s->pid == *pid;
  }));
  status = c->gatewayStatus(kRunbook);
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->installed);
  EXPECT_TRUE(status->loaded);
  EXPECT_EQ(status->port, port_);
  EXPECT_EQ(status->rpcOk, false) << "the stand-in does not serve HTTP";

  o = c->gateway(GatewayAction::Stop, kRunbook);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  EXPECT_THAT(o->commandLine, Not(HasSubstr("--force"))) << "3.24 rejects --force";
  EXPECT_THAT(o->message, HasSubstr("Stopped LaunchAgent: " + target("ai.openclaw.gateway.rescue")));
  EXPECT_FALSE(loaded("ai.openclaw.gateway.rescue"));

  o = c->gateway(GatewayAction::Start, kRunbook);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  auto started = settledPid("ai.openclaw.gateway.rescue", pid);
  ASSERT_TRUE(started);

  o = c->gateway(GatewayAction::Restart, kRunbook);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  EXPECT_TRUE(settledPid("ai.openclaw.gateway.rescue", started));

  o = c->gateway(GatewayAction::Uninstall, kRunbook);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  status = c->gatewayStatus(kRunbook);
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->installed);
}

TEST_F(ProcessOpenClawCliTest, Release96RefusesTheRunbookLabelButManagesTheDerivedOne) {
  writeRescueConfig();
  auto c = cli(k96);
  for (auto action : {GatewayAction::Install, GatewayAction::Start, GatewayAction::Stop, GatewayAction::Restart}) {
    auto o = c->gateway(action, kRunbook, port_);
    ASSERT_TRUE(o) << o.error().describe();
    EXPECT_FALSE(o->ok) << toString(action) << ": " << show(*o);
    EXPECT_TRUE(o->refused) << toString(action) << ": " << show(*o);
    EXPECT_THAT(o->message, HasSubstr("named profiles cannot override OPENCLAW_LAUNCHD_LABEL")) << toString(action);
    EXPECT_EQ(o->exitCode, 1);
  }
  EXPECT_TRUE(launchctlCalls().empty()) << ::testing::PrintToString(launchctlCalls());

  // Without the override: 9.6 stop/restart get --force and work.
  auto o = c->gateway(GatewayAction::Install, kRescue, port_);
  ASSERT_TRUE(o);
  ASSERT_TRUE(o->ok) << show(*o);
  auto pid = settledPid("ai.openclaw.rescue");
  ASSERT_TRUE(pid);
  o = c->gateway(GatewayAction::Restart, kRescue);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  EXPECT_THAT(o->commandLine, HasSubstr("gateway restart --force --json"));
  EXPECT_TRUE(settledPid("ai.openclaw.rescue", pid));
  o = c->gateway(GatewayAction::Stop, kRescue);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  EXPECT_THAT(o->commandLine, HasSubstr("gateway stop --force --json"));
  EXPECT_FALSE(loaded("ai.openclaw.rescue"));
}

TEST_F(ProcessOpenClawCliTest, WrongReleaseFlagsAreRefusals) {
  writeRescueConfig();
  // Told 9.6 while the CLI is 3.24: the --force it adds is rejected ("unknown option").
  auto c = cli(k324, k96);
  auto o = c->gateway(GatewayAction::Stop, kRescue);
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->ok);
  EXPECT_TRUE(o->refused) << show(*o);
  EXPECT_THAT(o->message, HasSubstr("unknown option '--force'"));
  // Told 3.24 while the CLI is 9.6: stop without --force is refused (no TTY).
  c = cli(k96, k324);
  o = c->gateway(GatewayAction::Stop, kRescue);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->refused) << show(*o);
  EXPECT_THAT(o->message, HasSubstr("re-run with --force"));
}

TEST_F(ProcessOpenClawCliTest, ValidateConfig) {
  auto c = cli(k96);
  auto v = c->validateConfig(kRescue);
  ASSERT_TRUE(v) << v.error().describe();
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(v->error, "file not found");

  writeConfig("rescue", "{ gateway: { mode: 'local' }, agents: { list: [ { id: 'rescue' } ] } }");
  v = c->validateConfig(kRescue);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->valid);
  ASSERT_EQ(v->warnings.size(), 1u);
  EXPECT_EQ(v->warnings[0].first, "agents.entries");
  v = cli(k324)->validateConfig(kRescue);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->valid);
  EXPECT_TRUE(v->warnings.empty());

  // An issue message that quotes a secret-looking key is redacted.
  const std::string secret = "sekrit-key-name-123456";
  writeConfig("rescue", "{ gateway: { mode: 'local', '" + secret + "': 1 } }");
  v = cli(k324, "", {secret})->validateConfig(kRescue);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
  ASSERT_EQ(v->issues.size(), 1u);
  EXPECT_THAT(v->issues[0].second, Not(HasSubstr(secret)));
  EXPECT_THAT(v->issues[0].second, HasSubstr("[redacted]"));
}

TEST_F(ProcessOpenClawCliTest, SecurityAuditAndChannelsStatus) {
  writeConfig("rescue", "{ gateway: { mode: 'local', bind: 'lan', port: " + std::to_string(port_) +
                            " }, channels: { discord: { dmPolicy: 'open' } } }");
  auto a = cli(k96)->securityAudit(kRescue);
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_GE(a->critical, 2);
  std::vector<std::string> ids;
  for (const auto& f : a->findings) ids.push_back(f.checkId);
  EXPECT_THAT(ids, ::testing::Contains("channels.discord.dm.open"));
  EXPECT_THAT(ids, ::testing::Contains("gateway.bind_not_loopback"));

  writeConfig("rescue", "{ gateway: { mode: 'local', bind: 'loopback' } }");
  a = cli(k96)->securityAudit(kRescue);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->critical, 0);

  // No gateway listening: channels status is an error carrying the CLI's text.
  auto s = cli(k96)->channelsStatus(kRescue);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::ProcessFailed);
  EXPECT_THAT(s.error().message, HasSubstr("gateway closed"));
}

TEST_F(ProcessOpenClawCliTest, CallerEnvironmentDoesNotLeakTheLabel) {
  writeRescueConfig();
  ProcessOpenClawCliOptions options;
  options.executable = FAKE_OPENCLAW_BIN;
  auto env = cliEnv(k96);
  env["OPENCLAW_LAUNCHD_LABEL"] = "ai.openclaw.gateway.rescue";  // left over in the caller's shell
  env["OPENCLAW_PROFILE"] = "other";
  options.environment = env;
  auto o = makeProcessOpenClawCli(options)->gateway(GatewayAction::Install, kRescue, port_);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  EXPECT_TRUE(std::filesystem::exists(agents_ / "ai.openclaw.rescue.plist"));
  EXPECT_FALSE(std::filesystem::exists(agents_ / "ai.openclaw.gateway.rescue.plist"));
}

TEST_F(ProcessOpenClawCliTest, StatusAndChannelsWithTheFakeGateway) {
  const std::filesystem::path gateway = std::filesystem::path(FAKE_OPENCLAW_BIN).parent_path() / "fake-openclaw-gateway";
  if (!std::filesystem::exists(gateway)) GTEST_SKIP() << "fake-openclaw-gateway not built at " << gateway;
  writeConfig("rescue", "{ gateway: { mode: 'local', port: " + std::to_string(port_) + ", auth: { mode: 'none' } } }");
  ProcessOpenClawCliOptions options;
  options.executable = FAKE_OPENCLAW_BIN;
  auto env = cliEnv(k96);
  env.erase("OPENCLAW_FAKE_GATEWAY");  // the real fake gateway next to the CLI
  options.environment = env;
  options.timeout = testing::actionMaxTimeout();
  auto c = makeProcessOpenClawCli(options);
  auto o = c->gateway(GatewayAction::Install, kRescue, port_);
  ASSERT_TRUE(o);
  ASSERT_TRUE(o->ok) << show(*o);
  EXPECT_TRUE(testing::waitFor("status: running and RPC ok", [&] {
    auto s = c->gatewayStatus(kRescue);
    return s && s->running && s->rpcOk == true;
  }, testing::actionMaxTimeout()));
  auto ch = c->channelsStatus(kRescue);
  ASSERT_TRUE(ch) << ch.error().describe();
  ASSERT_EQ(ch->discord.size(), 1u);
  EXPECT_FALSE(ch->discord[0].connected) << "no Discord configured";
  o = c->gateway(GatewayAction::Stop, kRescue);
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->ok) << show(*o);
  auto s = c->gatewayStatus(kRescue);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->running);
  EXPECT_EQ(s->rpcOk, false);
}

}  // namespace
}  // namespace harness
