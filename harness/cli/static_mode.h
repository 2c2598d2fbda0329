#pragma once

// The static mode of verify-host as a library call, so tests and the benchmark run exactly
// what the binary runs.

#include <map>
#include <ostream>
#include <string>

#include "harness/cli/verify_host_options.h"

namespace harness {

// Exit codes, documented in the README.
inline constexpr int kExitOk = 0;           // nothing failed (warnings allowed unless --strict)
inline constexpr int kExitChecksFailed = 1; // at least one check failed
inline constexpr int kExitUsage = 2;        // bad flags, unreadable home or spec, output not writable

// Runs static mode: builds the spec, reads the host, runs the checks and writes the report to
// `out` (or options.outputFile). `env` is the process environment (HOME, ${VAR} values).
int runStaticMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                  std::ostream& err, bool outIsTerminal);

}  // namespace harness
