#pragma once

// JsonReporter: the machine-readable report, `verify-host --format json`.
//
// Schema (schemaVersion 1; fields are always present and in this order unless marked optional):
//
//   {
//     "schemaVersion": 1,
//     "tool": "verify-host",
//     "version": "0.1.0",
//     "mode": "static",                      // "static", "live", ...
//     "home": "/Users/alice",
//     "timestamp": "2026-11-24T10:15:00Z",   // ISO-8601 UTC, start of the run
//     "durationMs": 12.3,                    // number, milliseconds, whole run
//     "extra": {"profile": "rescue"},        // optional: only when ReportContext::extra is non-empty
//     "checks": [
//       {
//         "id": "rescue.config.gateway-port",
//         "area": "Rescue config",
//         "requirements": ["R7", "G3"],
//         "status": "fail",                  // "pass" | "fail" | "warn" | "skip"
//         "message": "gateway.port is 18789, expected 19001",
//         "evidence": [{"file": "/Users/alice/.openclaw-rescue/openclaw.json",
//                       "key": "gateway.port", "detail": "18789"}],
//         "remediation": "openclaw --profile rescue config set gateway.port 19001",  // "" on pass
//         "durationMs": 0.4
//       }
//     ],
//     "summary": {"pass": 30, "fail": 1, "warn": 1, "skip": 1, "total": 33}
//   }
//
// Checks keep the order they were given in. The output is pretty-printed with 2 spaces and
// ends with a newline. It is always valid JSON: control characters are escaped (\u001b),
// invalid UTF-8 is replaced with U+FFFD, and every string is redacted before serialisation.
// Non-finite or negative durations are written as 0. Adding a field is not a breaking change;
// renaming or removing one bumps schemaVersion.

#include "harness/report/reporter.h"

namespace harness {

class JsonReporter final : public Reporter {
 public:
  static constexpr int kSchemaVersion = 1;

  std::string render(const std::vector<CheckResult>& results, const ReportContext& context,
                     const Redactor& redactor) const override;
};

}  // namespace harness
