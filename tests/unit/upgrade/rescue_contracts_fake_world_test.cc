// The rescue group (rescue_contracts.h) on the fake world: the same code that judges a real
// release, driving the fake CLI, the fake gateways, the fake Discord and the fake model, so its
// verdicts are tested passing and failing in seconds. The real releases' results are in the
// drift records; these are the fakes' (fakes/gateway/README.md says what they emulate).
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <map>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "lab/fake_stack/fake_stack.h"
#include "lab/upgrade/rescue_contracts.h"

namespace harness::upgrade {
namespace {

struct Recorded {
  DriftStatus status = DriftStatus::Skipped;
  std::string message;
};
using Results = std::map<std::string, Recorded>;

class RescueContractsFakeWorldTest : public ::testing::Test {
 protected:
  // The group's results by id, on a fake stack emulating `release`, after `edit`.
  Results runGroup(const std::string& release, std::function<void(RunbookLayout&, const StackPorts&)> edit = {}) {
    auto binaries = FakeStackBinaries::locate();
    EXPECT_TRUE(binaries) << binaries.error().describe();
    if (!binaries) return {};
    auto stack = FakeStack::start(*binaries, FakeStackOptions{.dir = tmp_.path() / release, .release = release,
                                                              .edit = std::move(edit)});
    EXPECT_TRUE(stack) << stack.error().describe();
    if (!stack) return {};
    auto& s = **stack;
    auto serving = s.waitUntilServing(harness::testing::actionMaxTimeout());
    EXPECT_TRUE(serving) << serving.error().describe() << "\n" << s.diagnostics();
    if (!serving) return {};
    Results out;
    double openclawSeconds = 0;
    runRescueContracts({.stack = s,
                        .release = release,
                        .gatewayTimeout = harness::testing::actionMaxTimeout(),
                        .add = [&](std::string id, std::string, std::vector<std::string>, DriftStatus status,
                                   std::string message, double) { out[id] = {status, std::move(message)}; },
                        .openclawSeconds = &openclawSeconds,
                        // A fake gateway that ran an agent for the stranger would have asked the
                        // fake model within milliseconds.
                        .strangerWatch = std::chrono::seconds(5)});
    diagnostics_ = s.diagnostics();
    return out;
  }

  static std::string describe(const Results& results) {
    std::string out;
    for (const auto& [id, r] : results) out += id + ": " + r.message + "\n";
    return out;
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << diagnostics_;
  }

  harness::testing::ScopedTempDir tmp_{"rescue-contracts"};
  std::string diagnostics_;
};

bool mentions(const Recorded& r, const std::string& words) { return r.message.find(words) != std::string::npos; }

TEST_F(RescueContractsFakeWorldTest, OnTheRunbooksLayoutTheRescueAnswersAndItsWorkingFormBringsMainBack) {
  const auto results = runGroup("2026.3.24");
  SCOPED_TRACE(describe(results));
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results.at("contract.rescue.dm-answered").status, DriftStatus::Pass);
  EXPECT_EQ(results.at("contract.rescue.non-owner-refused").status, DriftStatus::Pass);
  EXPECT_EQ(results.at("contract.rescue.no-auth").status, DriftStatus::Pass);
  EXPECT_TRUE(mentions(results.at("contract.rescue.no-auth"), "No API key found"));
  EXPECT_EQ(results.at("contract.rescue.message-rescue-mode").status, DriftStatus::Skipped);
  // The runbook's variables reach the exec, so the plain form restarts the rescue itself: the
  // contract fails, records the environment, and says the unset-variables form brought main back.
  const auto& back = results.at("contract.rescue.brings-main-back");
  EXPECT_EQ(back.status, DriftStatus::Fail);
  EXPECT_TRUE(mentions(back, "acted on: the rescue itself"));
  EXPECT_TRUE(mentions(back, "OPENCLAW_LAUNCHD_LABEL=ai.openclaw.gateway.rescue"));
  EXPECT_TRUE(mentions(back, "-u OPENCLAW_LAUNCHD_LABEL openclaw gateway start`: main back"));
  EXPECT_FALSE(mentions(back, "launchd form")) << "tried past the form that worked";
}

TEST_F(RescueContractsFakeWorldTest, WithoutTheRescuesAuthNothingIsAnsweredAndNoCommandRuns) {
  const auto results = runGroup("2026.3.24", [](RunbookLayout& home, const StackPorts&) {
    home.writeRescueAuthProfiles = false;
  });
  SCOPED_TRACE(describe(results));
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results.at("contract.rescue.dm-answered").status, DriftStatus::Fail);
  const auto& back = results.at("contract.rescue.brings-main-back");
  EXPECT_EQ(back.status, DriftStatus::Fail);
  EXPECT_TRUE(mentions(back, "no agent turn reached the model"));
  EXPECT_EQ(results.at("contract.rescue.non-owner-refused").status, DriftStatus::Pass);
}

// An emulated 2026.9.6: the plain form is refused, the pinned agent CLI keeps the unset form on
// the rescue, launchd's form brings main back; the fake gateway has no message rescue mode (it
// hands `/openclaw …` to the model), which that contract must fail.
TEST_F(RescueContractsFakeWorldTest, OnAnEmulated96OnlyLaunchdsFormWorksAndModelHandledCommandsFailMessageRescueMode) {
  const auto results = runGroup("2026.9.6");
  SCOPED_TRACE(describe(results));
  ASSERT_EQ(results.size(), 5u);
  const auto& back = results.at("contract.rescue.brings-main-back");
  EXPECT_EQ(back.status, DriftStatus::Fail);
  EXPECT_TRUE(mentions(back, "acted on: neither"));
  EXPECT_TRUE(mentions(back, "named profiles cannot override OPENCLAW_LAUNCHD_LABEL"));
  EXPECT_TRUE(mentions(back, "main still down"));
  EXPECT_TRUE(mentions(back, "launchd form `launchctl bootstrap gui/$(id -u) "));
  EXPECT_TRUE(mentions(back, "`: main back"));
  const auto& mode = results.at("contract.rescue.message-rescue-mode");
  EXPECT_EQ(mode.status, DriftStatus::Fail);
  EXPECT_TRUE(mentions(mode, "acted on: neither"));
  EXPECT_EQ(results.at("contract.rescue.no-auth").status, DriftStatus::Pass);
}

}  // namespace
}  // namespace harness::upgrade
