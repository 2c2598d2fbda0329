#include "harness/checks/port_footprint.h"
#include "harness/core/release_traits.h"

#include <algorithm>

namespace harness {

uint32_t PortFootprint::lowest() const {
  uint32_t low = UINT32_MAX;
  for (const auto& r : ranges) low = std::min(low, r.first);
  return ranges.empty() ? base : low;
}

uint32_t PortFootprint::highest() const {
  uint32_t high = 0;
  for (const auto& r : ranges) high = std::max(high, r.last);
  return ranges.empty() ? base : high;
}

PortFootprint portFootprint(uint16_t base, std::string_view version) {
  // Offsets from OpenClaw's port-defaults: browser control = B+2, its default CDP = B+3,
  // the Chrome extension relay = control+8 (from 2026.7.1), managed-profile CDP range =
  // control+9 … control+108.
  PortFootprint fp;
  fp.base = base;
  const uint32_t b = base;
  fp.ranges.push_back({b, b, "gateway"});
  fp.ranges.push_back({b + 2, b + 2, "browser control"});
  fp.ranges.push_back({b + 3, b + 3, "default CDP"});
  const bool hasRelay = releaseTraits(version).extensionRelayPort;
  if (hasRelay) fp.ranges.push_back({b + 10, b + 10, "extension relay"});
  fp.ranges.push_back({b + 11, b + 110, "CDP range"});
  return fp;
}

std::vector<PortClash> findPortClashes(const PortFootprint& a, const PortFootprint& b) {
  std::vector<PortClash> clashes;
  for (const auto& ra : a.ranges) {
    for (const auto& rb : b.ranges) {
      if (ra.overlaps(rb)) clashes.push_back({ra, rb});
    }
  }
  return clashes;
}

uint32_t minimumPortSpacing(std::string_view version) {
  auto fp = portFootprint(0, version);
  return fp.highest() - fp.lowest() + 1;
}

}  // namespace harness
