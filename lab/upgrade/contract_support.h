#pragma once

// What the contract groups (contract_runner.cc, rescue_contracts.cc, maintenance_contracts.cc)
// share: elapsed seconds, the bounded wait, one-line messages.

#include <chrono>
#include <functional>
#include <string>

#include <optional>

#include "harness/core/poll.h"
#include "harness/launchd/service_manager.h"
#include "harness/probe/http_probe.h"

namespace harness::upgrade {

using ContractClock = std::chrono::steady_clock;

inline double secondsSince(ContractClock::time_point t0) {
  return std::chrono::duration<double>(ContractClock::now() - t0).count();
}

// f(), its duration added to *seconds (when given): time spent inside OpenClaw (its CLI, npm,
// a gateway starting) is counted apart from the harness's own.
template <typename F>
auto countedInto(double* seconds, F&& f) {
  const auto t0 = ContractClock::now();
  auto result = f();
  if (seconds) *seconds += secondsSince(t0);
  return result;
}

// True when `done` held before `timeout` passed (harness/core/poll.h's loop, every 100 ms).
inline bool waitUntil(std::chrono::milliseconds timeout, const std::function<bool()>& done) {
  return pollFor(timeout, done, {.interval = std::chrono::milliseconds(100)}) == PollEnd::Done;
}

// The gateway on `port` answers /healthz with 200 within a second.
inline bool healthzOk(uint16_t port) {
  auto r = httpGet(HttpTarget{.port = port, .timeout = std::chrono::milliseconds(1000)}, "/healthz");
  return r && r->status == 200;
}

// The pid launchd reports for `label`; nullopt when the job is not loaded or not running.
inline std::optional<int> jobPid(ServiceManager& launchd, const std::string& label) {
  auto job = launchd.print(label);
  if (!job || !job->pid) return std::nullopt;
  return *job->pid;
}

// `s` on one line (newlines as spaces), cut to `max` characters with "...".
inline std::string oneLine(std::string s, size_t max = 300) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

// The last `max` characters of a command's output, on one line: where a CLI says why it failed.
inline std::string lastWords(const std::string& text, size_t max) {
  return oneLine(text.size() > max ? "..." + text.substr(text.size() - max) : text, max + 3);
}

}  // namespace harness::upgrade
