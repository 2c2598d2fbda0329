#pragma once

// Pure parsers for launchctl's text output (no processes, no files). They accept launchd's real
// layout (facts/launchctl.md 2.1-2.4) and never crash on garbage: malformed input is either an
// InvalidInput error (no recognisable structure) or a best-effort value.
//
//   auto job = parseLaunchctlPrint(stdoutText);   // `launchctl print gui/501/LABEL`
//   if (job && job->running()) ... job->pid ...
//
// print layout: `<target> = {` header, top-level `key = value` lines at one TAB, nested blocks
// `key = {` ... TAB `}`, two-TAB entries; environment blocks use `KEY => value`; `arguments`
// lines are raw argv strings (a multi-line argument continues at column 0). Leading groups of
// four spaces are accepted as TABs (documentation renderings).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"
#include "harness/launchd/job_state.h"

namespace harness {

// Input above this size is rejected (TooLarge): real print output is a few KiB.
inline constexpr std::size_t kMaxLaunchctlOutputBytes = 16u << 20;

// `launchctl print <service target>` stdout. The result has loaded = true.
// Errors: InvalidInput when there is no `<target> = {` header; TooLarge.
Result<JobState> parseLaunchctlPrint(std::string_view text);

// `launchctl print-disabled <domain>` stdout: label -> disabled (true) / enabled (false).
// Values: `disabled`/`true` = disabled, `enabled`/`false` = enabled (pre-Ventura used booleans).
// Only the `disabled services = {` block is read when present (else every `"label" => v` line).
// Errors: InvalidInput for an unrecognised value (OpenClaw also refuses those); TooLarge.
Result<std::map<std::string, bool>> parseLaunchctlPrintDisabled(std::string_view text);

// `launchctl list` stdout: `PID<TAB>Status<TAB>Label` header (optional), then rows
// `<pid or ->  <status>  <label>`. Rows that do not have that shape are skipped.
Result<std::vector<JobListEntry>> parseLaunchctlList(std::string_view text);

// Strict integer parse of a whole string (optional sign, digits only, fits int).
std::optional<int> parseStrictInt(std::string_view text);

}  // namespace harness
