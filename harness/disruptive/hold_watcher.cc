#include "harness/disruptive/hold_watcher.h"

#include <algorithm>

namespace harness::disruptive {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kLoginCheckEvery{1000};
constexpr milliseconds kProgressEvery{1000};

}  // namespace

HoldOutcome holdWatching(DisruptiveContext& context, const Gateway& watched, int watchedPid, bool checkLogin) {
  HoldOutcome out;
  const DisruptiveOptions& options = context.options();
  const auto& loginProbe = context.deps().rescueDiscordLogin;
  const bool loginChecked = checkLogin && static_cast<bool>(loginProbe);
  const auto holdEnd = Clock::now() + options.hold;
  auto nextLine = Clock::now();
  auto nextLoginCheck = Clock::now();
  while (true) {
    if (int sig = context.interrupted()) {
      out.signal = sig;
      return out;
    }
    const GatewayObservation o = context.observe(watched);
    std::string problem;
    if (!o.pid) problem = watched.name + " stopped: " + o.problem;
    else if (*o.pid != watchedPid) problem = watched.name + " was restarted: pid " + std::to_string(watchedPid) +
                                             " became " + std::to_string(*o.pid);
    else if (!o.ready) problem = watched.name + " " + o.problem;
    if (problem.empty() && loginChecked && Clock::now() >= nextLoginCheck) {
      nextLoginCheck = Clock::now() + kLoginCheckEvery;
      if (const std::string login = loginProbe(); !login.empty()) {
        problem = watched.name + " is not logged into Discord as expected: " + login;
      }
    }
    ++out.polls;
    if (!problem.empty()) {
      out.problem = problem;
      context.say("FAILED: " + problem);
      return out;
    }
    const auto left = std::chrono::duration_cast<milliseconds>(holdEnd - Clock::now());
    if (Clock::now() >= nextLine || left.count() <= 0) {
      context.say("holding: " + watched.name + " pid " + std::to_string(watchedPid) + " healthy" +
                  (loginChecked ? ", logged in" : "") + " (" +
                  std::to_string((std::max<long>(0, left.count()) + 999) / 1000) + " s left)");
      nextLine = Clock::now() + kProgressEvery;
    }
    if (left.count() <= 0) return out;
    // Sleep until the next poll (or the end of the hold), noticing an interrupt within 20 ms.
    (void)pollUntil(std::min(holdEnd, Clock::now() + options.pollInterval), [] { return false; },
                    {.interval = options.pollInterval, .interrupted = [&] { return context.interrupted() != 0; }});
  }
}

}  // namespace harness::disruptive
