#pragma once

// OpenClaw releases are dates ("2026.9.6"); every release-dependent rule in the harness, its
// fakes and its backends compares them with these two functions.

#include <string_view>

namespace harness {

// Compares "2026.9.6"-style versions part by part (up to four, split at '.' or '-');
// returns <0, 0, >0. Non-numeric or missing parts compare as 0.
int compareVersions(std::string_view a, std::string_view b);

inline bool versionAtLeast(std::string_view version, std::string_view minimum) {
  return compareVersions(version, minimum) >= 0;
}

}  // namespace harness
