#include "harness/core/release_traits.h"

#include <gtest/gtest.h>

namespace harness {
namespace {

TEST(ReleaseTraits, TheRunbooksReleaseHasNoneOfTheLaterChanges) {
  const ReleaseTraits t = releaseTraits("2026.3.24");
  EXPECT_TRUE(t.known());
  EXPECT_FALSE(t.extensionRelayPort);
  EXPECT_FALSE(t.discordIsExternalPlugin);
  EXPECT_FALSE(t.authStoreIsSqlite);
  EXPECT_FALSE(t.refusesLabelOverride);
  EXPECT_FALSE(t.stopNeedsForce);
  EXPECT_FALSE(t.discordApiUrl);
  EXPECT_FALSE(t.agentCliPinsProfile);
}

TEST(ReleaseTraits, EachRuleStartsAtItsRelease) {
  EXPECT_FALSE(releaseTraits("2026.5.1").discordIsExternalPlugin);
  EXPECT_TRUE(releaseTraits("2026.5.2").discordIsExternalPlugin);
  EXPECT_TRUE(releaseTraits("2026.5.2").acpxIsExternalPlugin);
  EXPECT_FALSE(releaseTraits("2026.7.0").extensionRelayPort);
  EXPECT_TRUE(releaseTraits("2026.7.1").extensionRelayPort);
  EXPECT_TRUE(releaseTraits("2026.7.0").authStoreIsSqlite);
  EXPECT_TRUE(releaseTraits("2026.7.35").missingAcpxRefusesStart);
  EXPECT_FALSE(releaseTraits("2026.8.1").missingAcpxRefusesStart);
  EXPECT_FALSE(releaseTraits("2026.8.0").refusesLabelOverride);
  EXPECT_TRUE(releaseTraits("2026.8.1").refusesLabelOverride);
  EXPECT_TRUE(releaseTraits("2026.8.1").stopNeedsForce);
  EXPECT_TRUE(releaseTraits("2026.8.1").agentsEntries);
  EXPECT_FALSE(releaseTraits("2026.7.35").agentCliPinsProfile);
  EXPECT_TRUE(releaseTraits("2026.8.1").agentCliPinsProfile);
  EXPECT_FALSE(releaseTraits("2026.9.4").discordApiUrl);
  EXPECT_TRUE(releaseTraits("2026.9.5").discordApiUrl);
}

TEST(ReleaseTraits, AnUnknownReleaseIsJudgedByWhatEveryReleaseAccepts) {
  const ReleaseTraits t = releaseTraits("");
  EXPECT_FALSE(t.known());
  EXPECT_TRUE(t.extensionRelayPort) << "a footprint must cover every release's ports";
  EXPECT_TRUE(t.discordIsExternalPlugin) << "the trust entry does no harm where Discord is bundled";
  EXPECT_FALSE(t.refusesLabelOverride);
  EXPECT_FALSE(t.acpxIsExternalPlugin);
  EXPECT_TRUE(t.agentCliPinsProfile) << "only launchd's own commands start main on every release";
}

TEST(ReleaseTraits, TheNewestKnownReleaseRefusesTheRunbooksRescueCommands) {
  const ReleaseTraits t = releaseTraits(kNewestKnownRelease);
  EXPECT_TRUE(t.refusesLabelOverride);
  EXPECT_TRUE(t.authStoreIsSqlite);
  EXPECT_NE(std::string(kNewestKnownReleaseChanges).find("R22"), std::string::npos);
}

}  // namespace
}  // namespace harness
