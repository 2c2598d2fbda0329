#pragma once

// The one poll-until-deadline loop of the harness: checks a condition, sleeps a slice, until the
// condition holds, the steady_clock deadline passes, or the caller is interrupted (a signal
// flag). Sleeping happens only here, always inside the deadline.
//
//   PollEnd end = pollUntil(Clock::now() + 30s, [&] { return isDown(main); },
//                           {.interval = 50ms, .interrupted = [&] { return flag.load() != 0; }});
//
// The condition is tried at least once, even with a deadline in the past. Wall-clock jumps do
// not move a deadline (steady_clock).

#include <chrono>
#include <functional>

namespace harness {

enum class PollEnd { Done, Timeout, Interrupted };

struct PollOptions {
  std::chrono::milliseconds interval{50};  // between two tries of the condition
  // Asked before every try and every 20 ms while sleeping; empty = never interrupted.
  std::function<bool()> interrupted;
};

PollEnd pollUntil(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& condition,
                  const PollOptions& options = {});

inline PollEnd pollFor(std::chrono::milliseconds timeout, const std::function<bool()>& condition,
                       const PollOptions& options = {}) {
  return pollUntil(std::chrono::steady_clock::now() + timeout, condition, options);
}

}  // namespace harness
