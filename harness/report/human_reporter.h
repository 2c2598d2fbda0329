#pragma once

// HumanReporter: the default terminal output of verify-host.
//
//   verify-host 0.1.0 (static) home /Users/alice
//
//   Rescue config
//     PASS  rescue.config.gateway-port  gateway.port is 19001
//     FAIL  rescue.config.token-mode  openclaw.json is world-readable
//           requirements: S4, G3
//           /Users/alice/.openclaw-rescue/openclaw.json: mode = 0644
//           fix: chmod 600 /Users/alice/.openclaw-rescue/openclaw.json
//     WARN  ...
//     SKIP  rescue.live.health  not run in static mode
//
//   Summary: 30 passed, 1 failed, 1 warning, 1 skipped (12.3 ms)
//
// Checks are grouped by CheckResult::area in order of first appearance, and keep their order
// within an area. Passing and skipped checks take one line; failing and warning ones add
// their requirements, each evidence item ("file: key = detail") and "fix: <remediation>".
// With colour on, the status tags are green / red / yellow / grey and area headers bold;
// with colour off the output contains no escape sequence at all (control characters that
// come from the checks themselves are shown as "\x1b" etc. in both modes).

#include "harness/report/reporter.h"

namespace harness {

class HumanReporter final : public Reporter {
 public:
  explicit HumanReporter(bool colour = false) : colour_(colour) {}

  std::string render(const std::vector<CheckResult>& results, const ReportContext& context,
                     const Redactor& redactor) const override;

 private:
  bool colour_;
};

}  // namespace harness
