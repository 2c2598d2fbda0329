#pragma once

// Reporter: renders the results of a verify-host run in one output format.
//
//   harness::Redactor redactor;           // knows the secret values read from the host
//   redactor.addSecret(discordToken);
//   auto reporter = harness::makeReporter("json", harness::shouldUseColour(STDOUT_FILENO));
//   if (!reporter) { /* reporter.error().describe(): unknown format */ }
//   std::cout << (*reporter)->render(results, context, redactor);
//
// Formats (see each reporter's header for its exact shape):
//   human  HumanReporter  grouped by area, ANSI colour only when asked for
//   json   JsonReporter   a stable, versioned schema for scripts (schemaVersion 1)
//   junit  JunitReporter  JUnit XML for CI systems (one <testsuite> per area)
//
// Secrets: every reporter passes every string it emits (check fields and ReportContext
// fields) through Redactor::redact() before escaping it for the output format, so a secret
// that slipped into a message, evidence or remediation upstream is masked in every format.
// Redaction happens before escaping because escaping changes the bytes of a secret that
// contains '"', '&', '<' or control characters, and the escaped form would no longer match.
//
// Reporters are stateless apart from their options; render() is const and thread-safe.

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/core/redactor.h"
#include "harness/core/result.h"

namespace harness {

// Facts about the run itself, printed in the report header / JSON top level / JUnit properties.
struct ReportContext {
  std::string tool = "verify-host";
  std::string version;    // harness version, e.g. "0.1.0"
  std::string mode;       // "static", "live", ...
  std::string home;       // the HOME the checks looked at
  std::string timestamp;  // ISO-8601 UTC, e.g. "2026-11-24T10:15:00Z"
  double durationMs = 0;  // wall time of the whole run
  // Optional extra facts (e.g. {"profile", "rescue"}). JSON: an "extra" object, present only
  // when non-empty; JUnit: additional <property> entries; human: not printed.
  std::map<std::string, std::string> extra;
};

class Reporter {
 public:
  virtual ~Reporter();

  // Renders the whole report. The text ends with a newline. Never throws for any content of
  // `results` / `context` (control characters and invalid UTF-8 are neutralised per format).
  virtual std::string render(const std::vector<CheckResult>& results, const ReportContext& context,
                             const Redactor& redactor) const = 0;
};

using ReporterPtr = std::unique_ptr<Reporter>;

// The names makeReporter() accepts, for CLI validation and help text.
inline constexpr std::array<std::string_view, 3> kReportFormats = {"human", "json", "junit"};

// Creates the reporter for `format` ("human", "json" or "junit"). `colour` only affects
// "human"; `warningsAsFailures` (--strict) only affects "junit" (the JSON report always
// keeps "warn" as a status of its own). Unknown format: ErrorCode::InvalidInput.
Result<ReporterPtr> makeReporter(std::string_view format, bool colour,
                                 bool warningsAsFailures = false);

// Whether human output on `fd` should be coloured:
//   FORCE_COLOR set, non-empty and not "0"   -> true (wins over everything below)
//   NO_COLOR set and non-empty               -> false (https://no-color.org)
//   TERM == "dumb"                           -> false
//   otherwise                                -> isatty(fd)
bool shouldUseColour(int fd);

}  // namespace harness
