#pragma once

// Pure parsers for the output of `openclaw` (2026.3.24 and 2026.9.6 layouts, and the fake CLI,
// which follows them). No processes here: ProcessOpenClawCli runs the command and hands the
// captured streams over, and the unit tests feed recorded outputs (tests/unit/openclaw/testdata).
//
// Colours: every function strips ANSI SGR sequences (\x1b[...m) first; OpenClaw colours its
// output when TERM looks rich, even into a pipe (facts openclaw-drift §5.2).

#include <string>
#include <string_view>

#include "harness/core/result.h"
#include "harness/openclaw/openclaw_cli.h"

namespace harness {

std::string stripAnsi(std::string_view text);

// The first JSON object in `text`: a line that starts with '{' parsed to the end (OpenClaw may
// print log lines before it). InvalidInput when there is none.
Result<nlohmann::json> extractJsonObject(std::string_view text);

// "OpenClaw 2026.3.24 (cff6dc9)" or a bare "2026.9.6" → the release. InvalidInput otherwise.
Result<std::string> parseVersionOutput(std::string_view text);

// True when the text is one of the release's refusals of the command itself: the 2026.8.1
// named-profile label rule ("service management skipped"), the non-interactive stop without
// --force ("re-run with --force"), or an option the release does not know ("unknown option",
// "does not recognize option").
bool isRefusalText(std::string_view text);

// `gateway <action> [--json]` output. Reads the JSON form ({action, ok, result, message, error}
// or {ok:false, error:{type, message}}) when stdout has one, else the text. ok needs exit 0,
// no error, and — for start/restart — a result other than "not-loaded". commandLine is left empty.
CommandOutcome parseGatewayActionOutput(GatewayAction action, int exitCode, std::string_view stdoutText,
                                        std::string_view stderrText);

// `gateway status --json`. `fallbackLabel` is used when the output does not name the plist
// (the real status JSON calls the service "LaunchAgent", not by its label).
Result<GatewayServiceStatus> parseGatewayStatusJson(std::string_view stdoutText, const std::string& fallbackLabel);

// `config validate --json` (exit code 0 valid / 1 invalid or missing).
Result<ConfigValidation> parseConfigValidateOutput(int exitCode, std::string_view stdoutText, std::string_view stderrText);

// `channels status --json`.
Result<ChannelsStatus> parseChannelsStatusJson(std::string_view stdoutText);

// `security audit --json`.
Result<SecurityAudit> parseSecurityAuditJson(std::string_view stdoutText);

}  // namespace harness
