// Finding scenarios: break one thing the guarantees G3–G7 depend on, then show both what the
// static checks say and what the running system does about it. The passing side of every
// finding is BothGatewaysComeUpAsTheRunbookDescribes (all static checks pass there).

#include <algorithm>

#include "harness/testing/wait.h"
#include "scenarios/isolation_scenario.h"

namespace harness::scenarios {
namespace {

using nlohmann::json;
using testing::waitFor;

void moveRescuePort(RunbookLayout& home, uint16_t port) {
  home.rescueConfig["gateway"]["port"] = port;
  auto& args = home.rescuePlist["ProgramArguments"];
  args[args.size() - 1] = std::to_string(port);
}

TEST_P(IsolationScenario, OverlappingPortFootprintsAreCaughtAndCannotBothServe) {  // G3, R4
  concerns("G3,R4");
  // Rescue's base port on main's browser-control port (main + 2): 20 apart is not even needed
  // to break it, any overlap of the footprints does.
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts& ports) {
    moveRescuePort(home, static_cast<uint16_t>(ports.main + 2));
  }));
  EXPECT_EQ(staticCheck("topology.ports"), CheckStatus::Fail);
  // Whichever binds first, the other cannot: one of them reports the port in use.
  ASSERT_TRUE(waitFor("a gateway reports its port in use", [&] {
    return logContains(Which::Main, "already in use") || logContains(Which::Rescue, "already in use") ||
           logContains(Which::Main, "already listening") || logContains(Which::Rescue, "already listening");
  }));
  EXPECT_FALSE(healthy(Which::Main) && healthy(Which::Rescue) &&
               backend().discord().sessions(gateway(Which::Main).botId) == 1 &&
               backend().discord().sessions(gateway(Which::Rescue).botId) == 1)
      << "both gateways serve although their footprints overlap";
}

TEST_P(IsolationScenario, RescueWithoutAuthProfileCannotAnswer) {  // G4, R16
  concerns("G4,R16");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) { home.writeRescueAuthProfiles = false; }));
  EXPECT_EQ(staticCheck("rescue.auth.store"), CheckStatus::Fail);
  // It runs and is logged in, which is why only a conversation shows the problem.
  ASSERT_TRUE(waitServing(Which::Rescue));
  const std::string rescueBot = gateway(Which::Rescue).botId;
  ASSERT_TRUE(backend().discord().sendDm(rescueBot, "ping"));
  ASSERT_TRUE(waitLogContains(Which::Rescue, "No API key found for provider \"anthropic\""));
  const auto posted = backend().discord().postedBy(rescueBot);
  EXPECT_TRUE(std::find(posted.begin(), posted.end(), "pong") == posted.end());
}

TEST_P(IsolationScenario, ExecApprovalsLeftOnAreAFinding) {  // G5, R10
  concerns("G5,R10");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) {
    home.rescueConfig["tools"]["exec"] = json{{"security", "allowlist"}, {"ask", "on-miss"}};
  }));
  EXPECT_EQ(staticCheck("rescue.config.exec"), CheckStatus::Fail);
}

TEST_P(IsolationScenario, ElevatedDefaultNotFullIsAFinding) {  // G5, R11
  concerns("G5,R11");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) {
    home.rescueConfig["agents"]["defaults"]["elevatedDefault"] = "ask";
  }));
  EXPECT_EQ(staticCheck("rescue.config.elevated-default"), CheckStatus::Fail);
}

TEST_P(IsolationScenario, BothGatewaysOnOneDiscordTokenAreCaught) {  // G6, R6
  concerns("G6,R6");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) {
    home.rescueConfig["channels"]["discord"]["token"] = kCanaryMainDiscordToken;
  }));
  EXPECT_EQ(staticCheck("isolation.discord-bots"), CheckStatus::Fail);
  // Live: main's bot has two sessions, the rescue's bot none: stopping main would not leave
  // the owner a bot of its own to talk to.
  const std::string mainBot = gateway(Which::Main).botId;
  EXPECT_TRUE(waitFor("two sessions on main's bot", [&] { return backend().discord().sessions(mainBot) == 2; }))
      << "sessions: " << backend().discord().sessions(mainBot);
  EXPECT_EQ(backend().discord().sessions(gateway(Which::Rescue).botId), 0);
}

TEST_P(IsolationScenario, SharedWorkspaceIsAFinding) {  // G7, R3, R8
  concerns("G7,R3,R8");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) {
    const std::string shared = (home.home() / ".openclaw/workspace").string();
    home.rescueConfig["agents"]["defaults"]["workspace"] = shared;
    home.rescueConfig["agents"]["list"][0]["workspace"] = shared;
  }));
  EXPECT_EQ(staticCheck("isolation.paths"), CheckStatus::Fail);
}

TEST_P(IsolationScenario, SharedLogFilesAreAFinding) {  // G7, R23
  concerns("G7,R23");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) {
    home.rescuePlist["StandardOutPath"] = home.mainPlist["StandardOutPath"];
  }));
  EXPECT_EQ(staticCheck("isolation.paths"), CheckStatus::Fail);
}

TEST_P(IsolationScenario, SharedStateDirIsAFindingAndKeepsTheSecondGatewayOut) {  // G7, R2, R19
  concerns("G7,R2,R19");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) {
    home.rescuePlist["EnvironmentVariables"]["OPENCLAW_STATE_DIR"] = (home.home() / ".openclaw").string();
  }));
  EXPECT_EQ(staticCheck("rescue.plist.environment"), CheckStatus::Fail);
  // Whichever gateway takes the state dir's lock first keeps the other out.
  ASSERT_TRUE(waitFor("a gateway is refused by the state-dir lock", [&] {
    return logContains(Which::Main, "gateway already running") || logContains(Which::Rescue, "gateway already running");
  }));
}

}  // namespace
}  // namespace harness::scenarios
