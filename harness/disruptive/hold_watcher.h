#pragma once

// The hold: while one gateway is stopped, the other must keep its pid, run, be healthy (polled
// every options.pollInterval, so a closed port is noticed within it) and, for the rescue, stay
// logged into Discord (read from its log once a second: cheap enough, and a login does not
// flicker). Ends at the first problem, at an interrupt, or when the hold is over.

#include <string>

#include "harness/disruptive/disruptive_context.h"

namespace harness::disruptive {

struct HoldOutcome {
  std::string problem;  // the first thing wrong with the watched gateway; empty = it held
  int signal = 0;       // the interrupt that ended the hold, 0 = none
  int polls = 0;        // observations made
};

HoldOutcome holdWatching(DisruptiveContext& context, const Gateway& watched, int watchedPid, bool checkLogin);

}  // namespace harness::disruptive
