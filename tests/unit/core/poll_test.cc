#include "harness/core/poll.h"

#include <gtest/gtest.h>

#include <atomic>

namespace harness {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

TEST(PollUntil, DoneAsSoonAsTheConditionHolds) {
  int tries = 0;
  EXPECT_EQ(pollFor(milliseconds(60'000), [&] { return ++tries == 3; }, {.interval = milliseconds(1)}), PollEnd::Done);
  EXPECT_EQ(tries, 3);
}

TEST(PollUntil, TriesOnceEvenWhenTheDeadlineHasPassed) {
  int tries = 0;
  EXPECT_EQ(pollUntil(Clock::now() - milliseconds(1), [&] { return ++tries > 0; }), PollEnd::Done);
  EXPECT_EQ(tries, 1);
}

TEST(PollUntil, TimesOutWhenTheConditionNeverHolds) {
  int tries = 0;
  EXPECT_EQ(pollUntil(Clock::now(), [&] { ++tries; return false; }), PollEnd::Timeout);
  EXPECT_EQ(tries, 1);
}

TEST(PollUntil, AnInterruptEndsTheWaitBeforeTheConditionIsTried) {
  int tries = 0;
  std::atomic<int> signal{2};
  EXPECT_EQ(pollFor(milliseconds(60'000), [&] { ++tries; return false; },
                    {.interrupted = [&] { return signal.load() != 0; }}),
            PollEnd::Interrupted);
  EXPECT_EQ(tries, 0);
}

TEST(PollUntil, AnInterruptDuringALongIntervalIsNoticedWithinTheSlice) {
  std::atomic<int> signal{0};
  int tries = 0;
  // The condition raises the flag; a 60 s interval would hang the test if the sleep ignored it.
  EXPECT_EQ(pollFor(milliseconds(120'000), [&] { ++tries; signal = 15; return false; },
                    {.interval = milliseconds(60'000), .interrupted = [&] { return signal.load() != 0; }}),
            PollEnd::Interrupted);
  EXPECT_EQ(tries, 1);
}

}  // namespace
}  // namespace harness
