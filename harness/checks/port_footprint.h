#pragma once

// The ports an OpenClaw gateway occupies besides its base port, per release. This is the one
// place that knows OpenClaw's derivation rules (shared/facts/openclaw-drift.md §4), so
// following a new release means editing this file and its test only.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/release_version.h"

namespace harness {

struct PortRange {
  uint32_t first = 0;
  uint32_t last = 0;  // inclusive
  std::string role;   // "gateway", "browser control", "default CDP", "extension relay", "CDP range"
  bool overlaps(const PortRange& other) const { return first <= other.last && other.first <= last; }
};

struct PortFootprint {
  uint16_t base = 0;
  std::vector<PortRange> ranges;
  uint32_t lowest() const;
  uint32_t highest() const;
};

// Release-dependent footprint of a gateway on `base`. An empty or unknown version gets the
// widest footprint any supported release uses, so an unknown release is judged strictly.
PortFootprint portFootprint(uint16_t base, std::string_view openclawVersion);

struct PortClash {
  PortRange a;
  PortRange b;
};

// Every pair of ranges that overlap between two footprints.
std::vector<PortClash> findPortClashes(const PortFootprint& a, const PortFootprint& b);

// Minimum distance between two base ports for disjoint footprints (111 for every release
// known so far; OpenClaw's 2026.9.6 docs round it to 120).
uint32_t minimumPortSpacing(std::string_view openclawVersion);

}  // namespace harness
