#pragma once

// What every part of one disruptive run shares (internal to harness/disruptive): the deps and
// options it was given, the gateways as it addresses them, its clock and progress lines, the
// interrupt flag, and the one way it observes a gateway (harness/live/gateway_observation.h).
// The parts: DisruptionController (commands), holdWatching (the hold), the result builders
// (disruptive_results.h) and the state machine itself (disruptive_check.cc, journal_recovery.cc).

#include <chrono>
#include <filesystem>
#include <string>

#include "harness/core/poll.h"
#include "harness/disruptive/disruptive_check.h"
#include "harness/disruptive/restore_journal.h"
#include "harness/live/gateway_observation.h"

namespace harness::disruptive {

// One gateway as the check addresses it: from the spec, or from a journal entry.
struct Gateway {
  std::string name;  // "main" / "rescue"
  std::string label;
  std::filesystem::path plist;
  uint16_t port = 0;
  OpenClawTarget target;        // the runbook's commands for it
  std::filesystem::path errLog;  // where to look when it does not come back (empty from a journal)

  GatewayAddress address() const { return {label, port}; }
};

Gateway gatewayFromSpec(const InstanceSpec& instance, bool isMain);
Gateway gatewayFromJournal(const JournalEntry& entry);

// The runbook's command as the user types it ("OPENCLAW_LAUNCHD_LABEL=x openclaw --profile
// rescue gateway stop"); the evidence shows the exact argv that ran.
std::string runbookCommand(const OpenClawTarget& target, GatewayAction action);

std::string oneLine(std::string text);                    // newlines folded, at most 300 chars
std::string formatSeconds(std::chrono::milliseconds ms);  // "12.3 s"

class DisruptiveContext {
 public:
  DisruptiveContext(DisruptiveDeps& deps, const DisruptiveOptions& options);

  DisruptiveDeps& deps() { return deps_; }
  const DisruptiveDeps& deps() const { return deps_; }
  const DisruptiveOptions& options() const { return options_; }

  std::chrono::milliseconds elapsed() const;
  // One progress line, prefixed with the time since the run began: "[ 12.3s] text".
  void say(const std::string& text);
  // The signal number the caller's handler stored, 0 when none.
  int interrupted() const;

  GatewayObservation observe(const Gateway& gateway);
  bool isDown(const Gateway& gateway);
  // Waits on the run's poll interval. honourInterrupt = false for restore waits: restoring
  // must finish (each such wait is bounded by its timeout).
  PollEnd waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout, bool honourInterrupt);

  std::string journalKeptNote() const;

 private:
  DisruptiveDeps& deps_;
  const DisruptiveOptions& options_;
  const std::chrono::steady_clock::time_point begin_;
  HttpGatewayProbe http_;  // used when deps.probe is null
};

}  // namespace harness::disruptive
