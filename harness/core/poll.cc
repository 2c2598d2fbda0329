#include "harness/core/poll.h"

#include <algorithm>
#include <thread>

namespace harness {

PollEnd pollUntil(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& condition,
                  const PollOptions& options) {
  using Clock = std::chrono::steady_clock;
  // Interrupts are noticed within this slice even when the interval is long.
  constexpr std::chrono::milliseconds kSlice{20};
  const auto interrupted = [&] { return options.interrupted && options.interrupted(); };
  while (true) {
    if (interrupted()) return PollEnd::Interrupted;
    if (condition()) return PollEnd::Done;
    if (Clock::now() >= deadline) return PollEnd::Timeout;
    const auto wake = std::min(deadline, Clock::now() + options.interval);
    while (Clock::now() < wake) {
      if (interrupted()) return PollEnd::Interrupted;
      std::this_thread::sleep_for(std::min<Clock::duration>(kSlice, wake - Clock::now()));
    }
  }
}

}  // namespace harness
