#pragma once

// Bounded waits for conditions the test does not own (a process, a port, a file).
// Polls against a steady_clock deadline; the sleep between polls is the only sleep tests
// may use, and it always sits inside this deadline loop.
//
//   ASSERT_TRUE(waitFor("rescue answers /health", [&] { return probe.ok(); }));
//   ASSERT_TRUE(waitForValue("job state", [&] { return state(); }, std::string("running")));

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "harness/testing/timeouts.h"

namespace harness::testing {

inline constexpr std::chrono::milliseconds kPollInterval{5};

[[nodiscard]] inline ::testing::AssertionResult waitFor(
    const std::string& what, const std::function<bool()>& condition,
    std::chrono::milliseconds timeout = actionTimeout()) {
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + timeout;
  while (true) {
    if (condition()) return ::testing::AssertionSuccess();
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kPollInterval);
  }
  return ::testing::AssertionFailure() << "timed out after " << timeout.count() << " ms waiting for: " << what;
}

// Waits until observe() == expected; on timeout reports the last value seen.
template <typename T>
[[nodiscard]] ::testing::AssertionResult waitForValue(const std::string& what, const std::function<T()>& observe,
                                                      const T& expected,
                                                      std::chrono::milliseconds timeout = actionTimeout()) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  T last{};
  while (true) {
    last = observe();
    if (last == expected) return ::testing::AssertionSuccess();
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kPollInterval);
  }
  std::ostringstream os;
  os << "timed out after " << timeout.count() << " ms waiting for " << what << " == " << ::testing::PrintToString(expected)
     << "; last seen " << ::testing::PrintToString(last);
  return ::testing::AssertionFailure() << os.str();
}

}  // namespace harness::testing
