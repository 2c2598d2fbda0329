#pragma once

// The one source of timeouts for tests, scenarios and fakes' tests. HARNESS_TIMEOUT_SCALE
// (a positive number, default 1) stretches them all for sanitizer builds or a loaded CI box.

#include <chrono>

namespace harness::testing {

double timeoutScale();

// A single step: a process starting, a port opening, a job changing state.
std::chrono::milliseconds actionTimeout();
// A whole scenario phase with several steps (a restart waiting for health).
std::chrono::milliseconds actionMaxTimeout();

}  // namespace harness::testing
