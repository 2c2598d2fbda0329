#pragma once

// Renders a finished run in the chosen format to stdout or --output, and turns its summary
// into verify-host's exit code. Every mode ends here, so formats, colour rules and exit codes
// stay the same whichever mode produced the results.

#include <chrono>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/cli/verify_host_options.h"
#include "harness/core/redactor.h"
#include "harness/report/reporter.h"

namespace harness {

// Exit codes, documented in the README.
inline constexpr int kExitOk = 0;            // nothing failed (warnings allowed unless --strict)
inline constexpr int kExitChecksFailed = 1;  // at least one check failed
inline constexpr int kExitUsage = 2;         // bad flags, unreadable home or spec, output not writable

// "2026-11-24T10:15:00Z".
std::string isoNow();

// The report's context for `mode` ("static", "live", ...): this harness's version, the home,
// now, `extra`, and the time since `start`.
ReportContext makeReportContext(const std::string& mode, const std::filesystem::path& home,
                                std::map<std::string, std::string> extra, std::chrono::steady_clock::time_point start);

// Writes the report; returns kExitUsage when the format is unknown or the output cannot be
// written, else kExitChecksFailed / kExitOk from the results (warnings fail with --strict).
int emitReport(const VerifyHostOptions& options, const std::vector<CheckResult>& results, const ReportContext& context,
               const Redactor& redactor, std::ostream& out, std::ostream& err, bool outIsTerminal);

}  // namespace harness
