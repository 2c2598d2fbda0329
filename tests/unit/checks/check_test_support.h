#pragma once

// Running one static check by id against a fixture home, for the per-area check tests.

#include <gtest/gtest.h>

#include <string>

#include "harness/checks/static_check.h"
#include "harness/testing/fixture_home.h"

namespace harness::testing {

inline CheckResult runCheck(const std::string& id, const HostSnapshot& snapshot) {
  for (const auto& check : staticChecks()) {
    if (check.info.id == id) return check.run(check.info, snapshot);
  }
  ADD_FAILURE() << "no static check with id " << id;
  return {};
}

// Writes the fixture and runs the check on a fresh snapshot of it.
inline CheckResult runCheck(const std::string& id, FixtureHome& home) {
  home.write();
  return runCheck(id, loadHostSnapshot(home.spec(), home.environment()));
}

// True if any evidence entry mentions `text` in its file, key or detail.
inline bool evidenceMentions(const CheckResult& r, const std::string& text) {
  for (const auto& e : r.evidence) {
    if (e.file.find(text) != std::string::npos || e.key.find(text) != std::string::npos ||
        e.detail.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Every canary secret FixtureHome plants.
inline constexpr const char* kAllCanaries[] = {kCanaryMainDiscordToken, kCanaryRescueDiscordToken,
                                               kCanaryMainGatewayToken, kCanaryRescueGatewayToken,
                                               kCanaryAnthropicKey};

// No canary in the message, remediation or evidence of a result.
inline void expectNoCanary(const CheckResult& r) {
  for (const char* canary : kAllCanaries) {
    EXPECT_EQ(r.message.find(canary), std::string::npos) << r.id << " message leaks a secret";
    EXPECT_EQ(r.remediation.find(canary), std::string::npos) << r.id << " remediation leaks a secret";
    for (const auto& e : r.evidence) {
      EXPECT_EQ((e.file + e.key + e.detail).find(canary), std::string::npos) << r.id << " evidence leaks a secret";
    }
  }
}

// A failing or warning result tells the user where and how to fix it, without secrets.
inline void expectActionable(const CheckResult& r) {
  EXPECT_FALSE(r.remediation.empty()) << r.id << ": " << r.message;
  EXPECT_FALSE(r.evidence.empty()) << r.id;
  expectNoCanary(r);
}

inline HostSnapshot load(const FixtureHome& home) { return loadHostSnapshot(home.spec(), home.environment()); }

}  // namespace harness::testing
