// Lifecycle scenarios: what happens to one gateway when the other is stopped, restarted,
// crashed or rebooted (G1, G2), through the runbook's own commands (R21, R24, R25).

#include <signal.h>

#include <algorithm>

#include "fakes/model/fake_model_client.h"
#include "harness/testing/wait.h"
#include "scenarios/isolation_scenario.h"

namespace harness::scenarios {
namespace {

using testing::waitFor;

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_P(IsolationScenario, BothGatewaysComeUpAsTheRunbookDescribes) {
  concerns("R21,R23,G6");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  // R23: the runbook's success marker, each gateway as its own bot (G6).
  for (Which which : {Which::Main, Which::Rescue}) {
    EXPECT_TRUE(waitLogContains(which, "[discord] logged in to discord as " + gateway(which).botId + " (" +
                                           gateway(which).botName + ")"));
  }
  // The layout the scenarios run on passes every static check: a failing scenario below is
  // about the one thing it broke.
  for (const auto& r : staticChecks()) {
    EXPECT_NE(r.status, CheckStatus::Fail) << r.id << ": " << r.message;
  }
}

TEST_P(IsolationScenario, MainStopLeavesRescueServing) {  // G1, R24
  concerns("G1,R24");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int rescuePid = *pidOf(Which::Rescue);

  ASSERT_TRUE(runbookCommand(Which::Main, GatewayAction::Stop));
  ASSERT_TRUE(waitDown(Which::Main));
  EXPECT_EQ(backend().discord().sessions(gateway(Which::Main).botId), 0);
  EXPECT_TRUE(serving(Which::Rescue));
  EXPECT_EQ(pidOf(Which::Rescue), rescuePid) << "rescue was restarted by main's stop";

  ASSERT_TRUE(runbookCommand(Which::Main, GatewayAction::Start));
  ASSERT_TRUE(waitServing(Which::Main));
  EXPECT_EQ(pidOf(Which::Rescue), rescuePid);
}

TEST_P(IsolationScenario, MainRestartLeavesRescueServing) {  // G1, R24
  concerns("G1,R24");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int mainPid = *pidOf(Which::Main);
  const int rescuePid = *pidOf(Which::Rescue);

  ASSERT_TRUE(runbookCommand(Which::Main, GatewayAction::Restart));
  ASSERT_TRUE(waitServingWithNewPid(Which::Main, mainPid));
  EXPECT_TRUE(serving(Which::Rescue));
  EXPECT_EQ(pidOf(Which::Rescue), rescuePid);
}

TEST_P(IsolationScenario, MainCrashLeavesRescueServingAndKeepAliveBringsMainBack) {  // G1
  concerns("G1");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int mainPid = *pidOf(Which::Main);
  const int rescuePid = *pidOf(Which::Rescue);

  ASSERT_TRUE(backend().launchd().kill(gateway(Which::Main).spec.label, SIGKILL));
  // While main is gone (or already respawned), rescue never blinks.
  EXPECT_TRUE(serving(Which::Rescue));
  ASSERT_TRUE(waitServingWithNewPid(Which::Main, mainPid));
  EXPECT_EQ(pidOf(Which::Rescue), rescuePid);
  EXPECT_TRUE(serving(Which::Rescue));
}

TEST_P(IsolationScenario, RescueStopAndStartLeaveMainServing) {  // G2, R25
  concerns("G2,R25");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int mainPid = *pidOf(Which::Main);

  ASSERT_TRUE(runbookCommand(Which::Rescue, GatewayAction::Stop));
  ASSERT_TRUE(waitDown(Which::Rescue));
  EXPECT_TRUE(serving(Which::Main));
  EXPECT_EQ(pidOf(Which::Main), mainPid);

  ASSERT_TRUE(runbookCommand(Which::Rescue, GatewayAction::Start));
  ASSERT_TRUE(waitServing(Which::Rescue));
  EXPECT_EQ(pidOf(Which::Main), mainPid);
}

TEST_P(IsolationScenario, RescueRestartLeavesMainServing) {  // G2, R25
  concerns("G2,R25");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int mainPid = *pidOf(Which::Main);
  const int rescuePid = *pidOf(Which::Rescue);

  ASSERT_TRUE(runbookCommand(Which::Rescue, GatewayAction::Restart));
  ASSERT_TRUE(waitServingWithNewPid(Which::Rescue, rescuePid));
  EXPECT_EQ(pidOf(Which::Main), mainPid);
  EXPECT_TRUE(serving(Which::Main));
}

TEST_P(IsolationScenario, DailyStatusCommandsReportTheirOwnGateway) {  // R22, R24, R25
  concerns("R22,R24,R25");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  for (Which which : {Which::Main, Which::Rescue}) {
    auto status = backend().openclaw().gatewayStatus(gateway(which).target);
    ASSERT_TRUE(status) << status.error().describe();
    EXPECT_TRUE(status->running) << gateway(which).name;
    EXPECT_EQ(status->pid, pidOf(which)) << gateway(which).name << "'s status reports another gateway's process";
  }
  // And once main is stopped, main's status says so while rescue's still reports it running.
  ASSERT_TRUE(runbookCommand(Which::Main, GatewayAction::Stop));
  ASSERT_TRUE(waitDown(Which::Main));
  auto mainStatus = backend().openclaw().gatewayStatus(gateway(Which::Main).target);
  ASSERT_TRUE(mainStatus) << mainStatus.error().describe();
  EXPECT_FALSE(mainStatus->running);
  auto rescueStatus = backend().openclaw().gatewayStatus(gateway(Which::Rescue).target);
  ASSERT_TRUE(rescueStatus) << rescueStatus.error().describe();
  EXPECT_TRUE(rescueStatus->running);
}

TEST_P(IsolationScenario, EmergencyLaunchctlCommandsBringRescueBack) {  // R21
  concerns("R21");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int mainPid = *pidOf(Which::Main);
  const int rescuePid = *pidOf(Which::Rescue);
  const auto& rescue = gateway(Which::Rescue).spec;

  ASSERT_TRUE(backend().launchd().bootoutPlist(rescue.plistPath));
  ASSERT_TRUE(waitDown(Which::Rescue));
  EXPECT_EQ(pidOf(Which::Main), mainPid);
  ASSERT_TRUE(backend().launchd().bootstrap(rescue.plistPath));
  ASSERT_TRUE(backend().launchd().enable(rescue.label));
  ASSERT_TRUE(backend().launchd().kickstart(rescue.label, true));
  ASSERT_TRUE(waitServingWithNewPid(Which::Rescue, rescuePid));
  EXPECT_EQ(pidOf(Which::Main), mainPid);
}

TEST_P(IsolationScenario, BothComeBackAfterAReboot) {
  concerns("R21,G1");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  const int mainPid = *pidOf(Which::Main);
  const int rescuePid = *pidOf(Which::Rescue);

  ASSERT_TRUE(backend().reboot());
  ASSERT_TRUE(waitServingWithNewPid(Which::Main, mainPid));
  ASSERT_TRUE(waitServingWithNewPid(Which::Rescue, rescuePid));
}

TEST_P(IsolationScenario, RescueAnswersAPingWhileMainIsStopped) {  // G1, the point of it all
  concerns("G1");
  ASSERT_TRUE(start());
  ASSERT_TRUE(waitServing(Which::Main));
  ASSERT_TRUE(waitServing(Which::Rescue));
  ASSERT_TRUE(runbookCommand(Which::Main, GatewayAction::Stop));
  ASSERT_TRUE(waitDown(Which::Main));

  const std::string rescueBot = gateway(Which::Rescue).botId;
  // The rescue's agent asks the fake model, which says "pong".
  ASSERT_TRUE(backend().model().script({fakes::model::ModelReply::say("pong")}));
  ASSERT_TRUE(backend().discord().sendDm(rescueBot, "ping"));
  EXPECT_TRUE(waitFor("rescue bot posts pong", [&] { return contains(backend().discord().postedBy(rescueBot), "pong"); }));
  EXPECT_TRUE(backend().discord().postedBy(gateway(Which::Main).botId).empty());
  // Main's bot has no session to deliver to: the DM cannot reach a stopped gateway.
  EXPECT_FALSE(backend().discord().sendDm(gateway(Which::Main).botId, "ping"));
}

}  // namespace
}  // namespace harness::scenarios
