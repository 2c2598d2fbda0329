#pragma once

// Bounded waits for conditions the test does not own (a process, a port, a file).
// Polls against a steady_clock deadline with harness/core/poll.h's loop, the only place that
// sleeps between polls.
//
//   ASSERT_TRUE(waitFor("rescue answers /health", [&] { return probe.ok(); }));
//   ASSERT_TRUE(waitForValue("job state", [&] { return state(); }, std::string("running")));

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <sstream>
#include <string>

#include "harness/core/poll.h"
#include "harness/testing/timeouts.h"

namespace harness::testing {

inline constexpr std::chrono::milliseconds kPollInterval{5};

[[nodiscard]] inline ::testing::AssertionResult waitFor(
    const std::string& what, const std::function<bool()>& condition,
    std::chrono::milliseconds timeout = actionTimeout()) {
  if (pollFor(timeout, condition, {.interval = kPollInterval}) == PollEnd::Done) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "timed out after " << timeout.count() << " ms waiting for: " << what;
}

// Waits until observe() == expected; on timeout reports the last value seen.
template <typename T>
[[nodiscard]] ::testing::AssertionResult waitForValue(const std::string& what, const std::function<T()>& observe,
                                                      const T& expected,
                                                      std::chrono::milliseconds timeout = actionTimeout()) {
  T last{};
  const auto end = pollFor(timeout, [&] { return (last = observe()) == expected; }, {.interval = kPollInterval});
  if (end == PollEnd::Done) return ::testing::AssertionSuccess();
  std::ostringstream os;
  os << "timed out after " << timeout.count() << " ms waiting for " << what << " == " << ::testing::PrintToString(expected)
     << "; last seen " << ::testing::PrintToString(last);
  return ::testing::AssertionFailure() << os.str();
}

}  // namespace harness::testing
