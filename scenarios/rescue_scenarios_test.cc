// The rescue rescues (G8): with main down, the owner DMs the rescue bot, the rescue's agent asks
// the model (the fake model, with the rescue's own key), runs the command the model gives it
// through exec with no approval prompt, and main comes back through launchd while the rescue
// keeps its pid. And the negatives: no model auth (R16, G4), a DM from someone who is not an
// owner (S1), and the command a user would type, run with the runbook's plist environment.

#include <algorithm>

#include "fakes/model/fake_model_client.h"
#include "harness/checks/start_main_commands.h"
#include "harness/testing/wait.h"
#include "scenarios/fake_stack_backend.h"
#include "scenarios/isolation_scenario.h"

namespace harness::scenarios {
namespace {

using fakes::model::ModelReply;
using fakes::model::ModelRequestRecord;
using testing::waitFor;

constexpr const char* kStranger = "999988887777666655";
constexpr const char* kBackText = "Main is back.";
// The runbook's plist gives the rescue OPENCLAW_PROFILE, _STATE_DIR, _CONFIG_PATH and
// _LAUNCHD_LABEL, and its exec passes them on: a command meant for main has to drop them.
const std::string kStartMainFromRescue = unsetSelectorsStartCommand();

bool anyContains(const std::vector<std::string>& v, const std::string& s) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& x) { return x.find(s) != std::string::npos; });
}

class RescueScenario : public IsolationScenario {
 protected:
  std::vector<ModelRequestRecord> modelRequests() {
    auto r = backend().model().requests();
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : std::vector<ModelRequestRecord>{};
  }
  std::vector<std::string> rescuePosts() { return backend().discord().postedBy(gateway(Which::Rescue).botId); }
  void stopMain() {
    ASSERT_TRUE(waitServing(Which::Main));
    ASSERT_TRUE(waitServing(Which::Rescue));
    ASSERT_TRUE(runbookCommand(Which::Main, GatewayAction::Stop));
    ASSERT_TRUE(waitDown(Which::Main));
  }
};

TEST_P(RescueScenario, RescueBringsMainBackFromAnOwnerDm) {  // G8, G5, G1
  concerns("G8,G5,G1,R16");
  ASSERT_TRUE(start());
  ASSERT_NO_FATAL_FAILURE(stopMain());
  const int rescuePid = *pidOf(Which::Rescue);
  ASSERT_TRUE(backend().model().script({ModelReply::exec(kStartMainFromRescue), ModelReply::say(kBackText)}));

  ASSERT_TRUE(backend().discord().sendDm(gateway(Which::Rescue).botId, "main is down, please start it"));
  EXPECT_TRUE(waitServing(Which::Main)) << "the rescue's exec did not bring main back";
  EXPECT_TRUE(waitFor("the rescue bot answers the owner", [&] { return anyContains(rescuePosts(), kBackText); }));
  EXPECT_EQ(pidOf(Which::Rescue), rescuePid) << "the rescue restarted itself";

  const auto requests = modelRequests();
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.keyId.value_or("(none)"), "rescue") << "a request did not carry the rescue's own key";
    EXPECT_EQ(r.status, 200) << r.errorField << ": " << r.errorMessage;
  }
  EXPECT_EQ(requests[0].lastUserText, "main is down, please start it");
  ASSERT_EQ(requests[1].toolResults.size(), 1u);
  EXPECT_FALSE(requests[1].toolResults[0].isError) << requests[1].toolResults[0].text;
  EXPECT_TRUE(backend().discord().postedBy(gateway(Which::Main).botId).empty());
}

TEST_P(RescueScenario, PlainGatewayStartFromTheRescueRestartsTheRescueItself) {  // G8 finding
  concerns("G8,R24");
  ASSERT_TRUE(start());
  ASSERT_NO_FATAL_FAILURE(stopMain());
  const int rescuePid = *pidOf(Which::Rescue);
  // What a user would type. With the plist's OPENCLAW_* variables inherited it addresses the
  // rescue's own job: launchd restarts the rescue under the agent's feet, main stays down, and
  // the turn (with its answer) dies with the old process.
  ASSERT_TRUE(backend().model().script({ModelReply::exec("openclaw gateway start"), ModelReply::say("Tried.")}));
  ASSERT_TRUE(backend().discord().sendDm(gateway(Which::Rescue).botId, "start main"));
  ASSERT_TRUE(waitServingWithNewPid(Which::Rescue, rescuePid)) << "the command did not restart the rescue";
  EXPECT_TRUE(down(Which::Main)) << "main came back from a command that addressed the rescue";
  const auto requests = modelRequests();
  EXPECT_EQ(requests.size(), 1u) << "the turn went on after the rescue's restart";
  EXPECT_FALSE(anyContains(rescuePosts(), "Tried."));
}

TEST_P(RescueScenario, RescueWithoutModelAuthAnswersWithTheErrorAndSendsNoKey) {  // G4, R16
  concerns("G4,R16,G8");
  ASSERT_TRUE(start([](RunbookLayout& home, const ScenarioPorts&) { home.writeRescueAuthProfiles = false; }));
  EXPECT_EQ(staticCheck("rescue.auth.store"), CheckStatus::Fail);
  ASSERT_NO_FATAL_FAILURE(stopMain());
  ASSERT_TRUE(backend().model().script({ModelReply::exec(kStartMainFromRescue), ModelReply::say(kBackText)}));
  ASSERT_TRUE(backend().discord().sendDm(gateway(Which::Rescue).botId, "main is down, please start it"));
  EXPECT_TRUE(waitFor("the rescue bot answers with the error, not silence",
                      [&] { return anyContains(rescuePosts(), "No API key found"); }));
  for (const auto& r : modelRequests()) EXPECT_NE(r.auth, "matched") << "a request with a key reached the model";
  EXPECT_TRUE(down(Which::Main));
}

TEST_P(RescueScenario, ADmFromSomeoneNotAnOwnerRunsNoAgent) {  // S1
  concerns("S1,G8");
  ASSERT_TRUE(start());
  ASSERT_NO_FATAL_FAILURE(stopMain());
  ASSERT_TRUE(backend().model().script({ModelReply::exec(kStartMainFromRescue), ModelReply::say(kBackText)}));
  ASSERT_TRUE(backend().discord().sendDmFrom(gateway(Which::Rescue).botId, kStranger, "start main"));
  ASSERT_TRUE(waitLogContains(Which::Rescue, std::string("dropped DM from ") + kStranger));
  EXPECT_TRUE(modelRequests().empty()) << "a stranger's DM reached the model";
  EXPECT_TRUE(rescuePosts().empty());
  EXPECT_TRUE(down(Which::Main));
  // The owner, right after, is served: the drop was about the author, not a broken rescue.
  ASSERT_TRUE(backend().discord().sendDm(gateway(Which::Rescue).botId, "start main"));
  EXPECT_TRUE(waitServing(Which::Main));
}

// From 2026.8.1 the `openclaw` first on the agent's PATH is the rescue gateway's own CLI pinned
// to --profile rescue (measured on the real 2026.9.6: contract.rescue.brings-main-back; the fake
// gateway writes the same shim for an emulated 2026.8.1+, fakes/gateway/agent_cli_shim.h).
class PinnedAgentCliScenario : public RescueScenario {
 protected:
  // launchd's own commands, as rescue.agent.starts-main recommends.
  std::string launchdStartsMain() { return launchdStartCommand(gateway(Which::Main).spec); }
};

TEST_P(PinnedAgentCliScenario, TheUnsetVariablesFormStillAddressesTheRescue) {  // G8 finding, 2026.8.1+
  concerns("G8,R19");
  ASSERT_TRUE(start());
  EXPECT_EQ(staticCheck("rescue.agent.starts-main"), CheckStatus::Warn);
  ASSERT_NO_FATAL_FAILURE(stopMain());
  const int rescuePid = *pidOf(Which::Rescue);
  ASSERT_TRUE(backend().model().script({ModelReply::exec(kStartMainFromRescue), ModelReply::say("Tried.")}));
  ASSERT_TRUE(backend().discord().sendDm(gateway(Which::Rescue).botId, "main is down, please start it"));
  ASSERT_TRUE(waitFor("the rescue bot answers the owner", [&] { return anyContains(rescuePosts(), "Tried."); }));
  EXPECT_TRUE(down(Which::Main)) << "the unset-variables form reached main through a pinned agent CLI";
  EXPECT_EQ(pidOf(Which::Rescue), rescuePid);
  const auto requests = modelRequests();
  ASSERT_EQ(requests.size(), 2u);
  ASSERT_EQ(requests[1].toolResults.size(), 1u);
  EXPECT_NE(requests[1].toolResults[0].text.find("not loaded"), std::string::npos)
      << "the pinned CLI should look for the rescue profile's own service: " << requests[1].toolResults[0].text;
}

TEST_P(PinnedAgentCliScenario, LaunchdsOwnCommandsBringMainBack) {  // G8, G1, R21
  concerns("G8,G1,R21");
  ASSERT_TRUE(start());
  ASSERT_NO_FATAL_FAILURE(stopMain());
  const int rescuePid = *pidOf(Which::Rescue);
  ASSERT_TRUE(backend().model().script({ModelReply::exec(launchdStartsMain()), ModelReply::say(kBackText)}));
  ASSERT_TRUE(backend().discord().sendDm(gateway(Which::Rescue).botId, "main is down, please start it"));
  EXPECT_TRUE(waitServing(Which::Main)) << "launchd's own commands from the rescue's exec did not bring main back";
  EXPECT_TRUE(waitFor("the rescue bot answers the owner", [&] { return anyContains(rescuePosts(), kBackText); }));
  EXPECT_EQ(pidOf(Which::Rescue), rescuePid) << "the rescue restarted itself";
}

INSTANTIATE_TEST_SUITE_P(FakeStack2026_9_6, PinnedAgentCliScenario,
                         ::testing::Values(BackendFactory{"FakeStack2026_9_6", [] { return makeFakeStackBackend("2026.9.6"); }}),
                         backendName);

INSTANTIATE_TEST_SUITE_P(FakeStack, RescueScenario,
                         ::testing::Values(BackendFactory{"FakeStack", [] { return makeFakeStackBackend(); }}),
                         backendName);

}  // namespace
}  // namespace harness::scenarios
