#pragma once

// Deadlines of runs against real OpenClaw releases (the fake stack's CLI calls, the drift
// contracts), stretched by HARNESS_TIMEOUT_SCALE (a positive number, default 1): the variable
// harness/testing/timeouts reads for the tests, so a slow or sanitizer CI box stretches these
// waits as it stretches every test's. Here, not in harness/testing, because verify-host uses it.

#include <chrono>
#include <optional>
#include <string>

namespace harness {

double deadlineScale();
// `base` times deadlineScale().
std::chrono::milliseconds scaled(std::chrono::milliseconds base);
// Parses a scale as HARNESS_TIMEOUT_SCALE gives it: nullopt when unset, not a number or <= 0.
std::optional<double> parseDeadlineScale(const char* text);

}  // namespace harness
