#include "harness/checks/port_footprint.h"

#include <gtest/gtest.h>

namespace harness {
namespace {

TEST(PortFootprint, RunbookPortsAreDisjointInEveryRelease) {
  for (const char* v : {"2026.3.24", "2026.7.1", "2026.9.6", ""}) {
    SCOPED_TRACE(v);
    EXPECT_TRUE(findPortClashes(portFootprint(18789, v), portFootprint(19001, v)).empty());
  }
}

TEST(PortFootprint, TwentyApartObeysTheRunbookButOverlaps) {
  auto clashes = findPortClashes(portFootprint(18789, "2026.3.24"), portFootprint(18809, "2026.3.24"));
  ASSERT_FALSE(clashes.empty());
  EXPECT_EQ(clashes.front().a.role, "CDP range");
}

TEST(PortFootprint, HighestDerivedPortIsBasePlus110) {
  auto fp = portFootprint(19001, "2026.9.6");
  EXPECT_EQ(fp.lowest(), 19001u);
  EXPECT_EQ(fp.highest(), 19111u);
  EXPECT_EQ(minimumPortSpacing("2026.3.24"), 111u);
}

TEST(PortFootprint, ExtensionRelayOnlyFrom2026_7_1) {
  auto hasRelay = [](const PortFootprint& fp) {
    for (const auto& r : fp.ranges)
      if (r.role == "extension relay") return true;
    return false;
  };
  EXPECT_FALSE(hasRelay(portFootprint(18789, "2026.3.24")));
  EXPECT_TRUE(hasRelay(portFootprint(18789, "2026.7.1")));
  EXPECT_TRUE(hasRelay(portFootprint(18789, "")));  // unknown release: widest footprint
}

TEST(PortFootprint, SpacingOf111IsTheFirstSafeOne) {
  EXPECT_FALSE(findPortClashes(portFootprint(18789, ""), portFootprint(18789 + 110, "")).empty());
  EXPECT_TRUE(findPortClashes(portFootprint(18789, ""), portFootprint(18789 + 111, "")).empty());
}

TEST(CompareVersions, OrdersCalendarVersions) {
  EXPECT_LT(compareVersions("2026.3.24", "2026.9.6"), 0);
  EXPECT_GT(compareVersions("2026.10.1", "2026.9.6"), 0);
  EXPECT_EQ(compareVersions("2026.9.6", "2026.9.6"), 0);
  EXPECT_LT(compareVersions("", "2026.1.1"), 0);
}

}  // namespace
}  // namespace harness
