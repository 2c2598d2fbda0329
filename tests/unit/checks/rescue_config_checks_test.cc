#include <gtest/gtest.h>

#include "tests/unit/checks/check_test_support.h"

namespace harness::testing {
namespace {

using nlohmann::json;

struct BrokenCase {
  const char* name;
  const char* checkId;
  std::function<void(FixtureHome&)> breakIt;
  const char* keyInEvidence;
};

class RescueConfigCheck : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(RescueConfigCheck, PassesOnRunbookConfigAndFailsWhenBroken) {
  const auto& c = GetParam();
  FixtureHome good;
  auto ok = runCheck(c.checkId, good);
  EXPECT_EQ(ok.status, CheckStatus::Pass) << ok.message;

  FixtureHome bad;
  c.breakIt(bad);
  auto r = runCheck(c.checkId, bad);
  EXPECT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_FALSE(r.remediation.empty());
  EXPECT_TRUE(evidenceMentions(r, c.keyInEvidence)) << c.keyInEvidence;
  expectNoCanary(r);
}

const BrokenCase kCases[] = {
    {"DiscordDisabled", "rescue.config.discord",
     [](FixtureHome& h) { h.rescueConfig["channels"]["discord"]["enabled"] = false; }, "channels.discord.enabled"},
    {"DiscordTokenMissing", "rescue.config.discord",
     [](FixtureHome& h) { h.rescueConfig["channels"]["discord"].erase("token"); }, "channels.discord.token"},
    {"DiscordTokenWrongType", "rescue.config.discord",
     [](FixtureHome& h) { h.rescueConfig["channels"]["discord"]["token"] = 42; }, "channels.discord.token"},
    {"GatewayPortWrong", "rescue.config.gateway-port",
     [](FixtureHome& h) { h.rescueConfig["gateway"]["port"] = 19002; }, "gateway.port"},
    {"GatewayPortMissing", "rescue.config.gateway-port",
     [](FixtureHome& h) { h.rescueConfig["gateway"].erase("port"); }, "gateway.port"},
    {"WorkspaceIsMains", "rescue.config.workspace",
     [](FixtureHome& h) {
       h.rescueConfig["agents"]["defaults"]["workspace"] = (h.home() / ".openclaw/workspace").string();
     },
     "agents.defaults.workspace"},
    {"AgentWorkspaceDiffers", "rescue.config.workspace",
     [](FixtureHome& h) { h.rescueConfig["agents"]["list"][0]["workspace"] = "~/.openclaw/workspace-rescue"; },
     "agents.list[0].workspace"},
    {"AgentMissing", "rescue.config.agent",
     [](FixtureHome& h) { h.rescueConfig["agents"]["list"][0]["id"] = "main"; }, "agents"},
    {"AgentDirIsMains", "rescue.config.agent",
     [](FixtureHome& h) { h.rescueConfig["agents"]["list"][0]["agentDir"] = "~/.openclaw/agents/main/agent"; },
     "agentDir"},
    {"AllowAgentsMissing", "rescue.config.agent",
     [](FixtureHome& h) { h.rescueConfig["agents"]["list"][0].erase("subagents"); }, "allowAgents"},
    {"ExecAsks", "rescue.config.exec",
     [](FixtureHome& h) { h.rescueConfig["tools"]["exec"]["ask"] = "on-miss"; }, "tools.exec.ask"},
    {"ExecAllowlist", "rescue.config.exec",
     [](FixtureHome& h) { h.rescueConfig["tools"]["exec"]["security"] = "allowlist"; }, "tools.exec.security"},
    {"ExecModeAsk", "rescue.config.exec",
     [](FixtureHome& h) {
       h.rescueConfig["tools"]["exec"] = {{"mode", "ask"}};
     },
     "tools.exec.mode"},
    {"ToolsProfileCoding", "rescue.config.exec",
     [](FixtureHome& h) { h.rescueConfig["tools"]["profile"] = "coding"; }, "tools.profile"},
    {"ElevatedOff", "rescue.config.elevated-default",
     [](FixtureHome& h) { h.rescueConfig["agents"]["defaults"]["elevatedDefault"] = "ask"; },
     "agents.defaults.elevatedDefault"},
    {"AcpxMissing", "rescue.config.acpx", [](FixtureHome& h) { h.rescueConfig["plugins"].erase("entries"); },
     "plugins.entries.acpx.enabled"},
    {"AcpxPermissionMode", "rescue.config.acpx",
     [](FixtureHome& h) { h.rescueConfig["plugins"]["entries"]["acpx"]["config"]["permissionMode"] = "deny-all"; },
     "permissionMode"},
    {"BindingToMain", "rescue.config.bindings",
     [](FixtureHome& h) { h.rescueConfig["bindings"][0]["agentId"] = "main"; }, "bindings"},
    {"BindingsWrongType", "rescue.config.bindings", [](FixtureHome& h) { h.rescueConfig["bindings"] = "discord"; },
     "bindings"},
    {"BindLan", "rescue.config.gateway-auth", [](FixtureHome& h) { h.rescueConfig["gateway"]["bind"] = "lan"; },
     "gateway.bind"},
    {"AuthNone", "rescue.config.gateway-auth",
     [](FixtureHome& h) { h.rescueConfig["gateway"]["auth"]["mode"] = "none"; }, "gateway.auth.mode"},
    {"GatewayTokenMissing", "rescue.config.gateway-auth",
     [](FixtureHome& h) { h.rescueConfig["gateway"]["auth"].erase("token"); }, "gateway.auth.token"},
    {"GatewayTokenSameAsMain", "rescue.config.gateway-auth",
     [](FixtureHome& h) { h.rescueConfig["gateway"]["auth"]["token"] = kCanaryMainGatewayToken; },
     "gateway.auth.token"},
    {"ModeRemote", "rescue.config.gateway-auth", [](FixtureHome& h) { h.rescueConfig["gateway"]["mode"] = "remote"; },
     "gateway.mode"},
};

INSTANTIATE_TEST_SUITE_P(Runbook, RescueConfigCheck, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RescueConfigChecks, SkipWhenTheRescueConfigIsUnreadable) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/openclaw.json"), "not json at all {");
  auto snap = loadHostSnapshot(home.spec(), home.environment());
  for (const char* id : {"rescue.config.discord", "rescue.config.gateway-port", "rescue.config.agent",
                         "rescue.config.exec", "rescue.config.acpx", "rescue.config.models"}) {
    EXPECT_EQ(runCheck(id, snap).status, CheckStatus::Skip) << id;
  }
}

TEST(RescueConfigChecks, AgentsEntriesLayoutPasses) {
  FixtureHome home;
  auto entry = home.rescueConfig["agents"]["list"][0];
  entry.erase("id");
  home.rescueConfig["agents"].erase("list");
  home.rescueConfig["agents"]["entries"] = {{"rescue", entry}};
  EXPECT_EQ(runCheck("rescue.config.agent", home).status, CheckStatus::Pass);
  EXPECT_EQ(runCheck("rescue.config.workspace", home).status, CheckStatus::Pass);
}

TEST(RescueConfigChecks, ExecModeFullPasses) {
  FixtureHome home;
  home.rescueConfig["tools"]["exec"] = {{"mode", "full"}};
  EXPECT_EQ(runCheck("rescue.config.exec", home).status, CheckStatus::Pass);
}

TEST(RescueConfigChecks, Json5ConfigWithTildePathsPasses) {
  FixtureHome home;
  home.write();
  writeFile(home.path(".openclaw-rescue/openclaw.json"), R"(// rescue, written by hand
{
  agents: { defaults: { workspace: '~/.openclaw-rescue/workspace', },
            list: [ { id: 'rescue', agentDir: '~/.openclaw-rescue/agents/rescue/agent',
                      subagents: { allowAgents: ['*'] } }, ], },
  gateway: { port: 19001, mode: 'local', bind: 'loopback', auth: { mode: 'token', token: 'abcdefgh-123', }, },
})");
  auto snap = loadHostSnapshot(home.spec(), home.environment());
  EXPECT_EQ(runCheck("rescue.config.workspace", snap).status, CheckStatus::Pass);
  EXPECT_EQ(runCheck("rescue.config.agent", snap).status, CheckStatus::Pass);
  EXPECT_EQ(runCheck("rescue.config.gateway-port", snap).status, CheckStatus::Pass);
}

TEST(DiscordPluginTrust, DependsOnTheRelease) {
  FixtureHome home;
  home.rescueConfig["plugins"]["entries"].erase("discord");
  home.write();
  auto withVersion = [&](const char* v) {
    auto spec = buildRescueSpec(home.home(), {{"openclawVersion", v}});
    return runCheck("rescue.config.discord-plugin-trust", loadHostSnapshot(*spec, home.environment())).status;
  };
  EXPECT_EQ(withVersion("2026.3.24"), CheckStatus::Pass);
  EXPECT_EQ(withVersion("2026.9.6"), CheckStatus::Fail);
  EXPECT_EQ(withVersion(""), CheckStatus::Warn);
  home.rescueConfig["plugins"]["entries"]["discord"] = {{"enabled", true}};
  home.write();
  EXPECT_EQ(withVersion("2026.9.6"), CheckStatus::Pass);
}

TEST(Acpx, WarnsOnReleasesThatNoLongerBundleIt) {
  FixtureHome home;
  home.write();
  auto spec = buildRescueSpec(home.home(), {{"openclawVersion", "2026.7.1"}});
  auto r = runCheck("rescue.config.acpx", loadHostSnapshot(*spec, home.environment()));
  EXPECT_EQ(r.status, CheckStatus::Warn);
  EXPECT_NE(r.message.find("refuses to start"), std::string::npos);
}

TEST(Models, WarnWhenRescueModelsDiffer) {
  FixtureHome home;
  EXPECT_EQ(runCheck("rescue.config.models", home).status, CheckStatus::Pass);
  home.rescueConfig["agents"]["defaults"]["model"] = {{"primary", "openai/gpt-5"}};
  auto r = runCheck("rescue.config.models", home);
  EXPECT_EQ(r.status, CheckStatus::Warn);
  EXPECT_TRUE(evidenceMentions(r, "agents.defaults.model"));
}

}  // namespace
}  // namespace harness::testing
