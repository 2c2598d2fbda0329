#pragma once

// Console log of the fake gateway, in the shape OpenClaw prints under launchd (TERM unset, no
// colour): one `<ISO-8601 UTC ts> [subsystem] text` line per call, flushed at once so a test
// or the harness tailing gateway.log sees it immediately. Errors go to stderr in the same
// shape (launchd sends them to gateway.err.log).
//
// Every line passes through a Redactor that knows the tokens from the config: callers never
// log a secret on purpose, and a mistake upstream still cannot leak one.

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "harness/core/redactor.h"

namespace fakes::gateway {

// "2026-11-29T22:50:03.123Z"
std::string isoTimestampNow();

class Logger {
 public:
  Logger(std::FILE* out = stdout, std::FILE* err = stderr) : out_(out), err_(err) {}

  // Registers a value that must never appear in a line (masked as [redacted]).
  void addSecret(std::string_view secret);

  void info(std::string_view subsystem, std::string_view text);
  void error(std::string_view subsystem, std::string_view text);

 private:
  void write(std::FILE* stream, std::string_view subsystem, std::string_view text);

  std::FILE* out_;
  std::FILE* err_;
  std::mutex mutex_;  // one line at a time: stdout and stderr usually share gateway.log
  harness::Redactor redactor_;
};

}  // namespace fakes::gateway
