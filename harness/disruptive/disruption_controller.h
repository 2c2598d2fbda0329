#pragma once

// Stops and starts one gateway the way the runbook says, and falls back to R21's launchctl
// commands only when the runbook's command cannot be used: no openclaw CLI, the CLI could not
// run, or the release refuses the command (2026.8.1+ refuses the rescue's label override).
// A stop that ran and failed is NOT retried with launchctl: the runbook's stop is what is under
// test. A start is: main must come back whatever the CLI does. Every command run is recorded as
// evidence (key "command") and said as a progress line.

#include <optional>
#include <string>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/disruptive/disruptive_context.h"

namespace harness::disruptive {

struct CommandRun {
  bool ok = false;            // the gateway was acted on (by the runbook command or the fallback)
  bool usedFallback = false;  // R21's launchctl commands ran
  bool refused = false;       // the release refused the runbook's command (not a failure of the gateway)
  std::string note;           // why the fallback was used / why it failed
  std::vector<Evidence> commands;
};

class DisruptionController {
 public:
  explicit DisruptionController(DisruptiveContext& context) : context_(context) {}

  // The runbook's stop; `launchctl bootout` only when it cannot be used.
  CommandRun stop(const Gateway& gateway);
  // The runbook's start; R21's bootstrap + enable + kickstart -k when the CLI is missing,
  // refuses or fails.
  CommandRun start(const Gateway& gateway);

 private:
  std::optional<CommandOutcome> runRunbook(const Gateway& gateway, GatewayAction action, CommandRun& run);
  void recordLaunchctl(CommandRun& run, const std::string& line, const Status& status);
  std::string launchctlLine(const std::string& verb, const std::string& arg) const;

  DisruptiveContext& context_;
};

}  // namespace harness::disruptive
