#pragma once

// Pure text formatting of launchctl output: `print` of a service or domain, `list`,
// `list LABEL`, `print-disabled`, and the number-to-text tables (`launchctl error`, sysexits
// names, macOS signal descriptions). No I/O; unit-tested on its own.
//
// Layout rules (facts §2): first line `<target> = {`, one TAB for top-level keys, two TABs
// inside blocks, exactly one top-level `state`, `pid` only while a process exists, no
// coalition blocks, `environment = {` with `KEY => value` incl. XPC_SERVICE_NAME.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/launchd/job_spec.h"

namespace fakes::launchd {

// Runtime state of a loaded job as `print` shows it.
struct JobStatus {
  std::string state = "not running";  // running | not running | spawn scheduled | SIGTERMed
  std::optional<int> pid;             // only while a process exists
  unsigned long long runs = 0;
  ExitInfo lastExit;
  std::string jobState;               // "" before the first spawn; running | exited | spawn failed
  int minimumRuntime = JobSpec::kDefaultThrottleInterval;  // effective ThrottleInterval
};

std::string formatServicePrint(std::string_view target, std::string_view domain, std::string_view plistPath,
                               const JobSpec& spec, const JobStatus& status);

struct ListRow {
  std::optional<int> pid;
  int status = 0;  // last exit status; minus the signal number after a signal death
  std::string label;
};

// `launchctl list`: "PID\tStatus\tLabel" then one row per job.
std::string formatList(const std::vector<ListRow>& rows);
// `launchctl list LABEL`: the old NeXTSTEP-style dictionary.
std::string formatListLabel(const JobSpec& spec, const JobStatus& status);
// `launchctl print-disabled DOMAIN`; overrides map label -> disabled.
std::string formatPrintDisabled(const std::map<std::string, bool>& overrides);
// `launchctl print gui/UID` (domain form), reduced to the services and disabled blocks.
std::string formatDomainPrint(std::string_view domain, const std::vector<ListRow>& rows,
                              const std::map<std::string, bool>& overrides);

// "78: EX_CONFIG" for sysexits codes 64..78, otherwise just the number.
std::string exitCodeText(int code);
// "Terminated: 15" (macOS strsignal wording with the Linux signal number).
std::string signalDescription(int signal);
// launchctl/xpc error code text as `launchctl error CODE` prints it, e.g. 113 ->
// "Could not find specified service", 5 -> "Input/output error" (macOS errno numbering).
std::string errorCodeText(int code);
// "TERM", "SIGTERM", "sigterm" or "15"; nullopt if unknown.
std::optional<int> parseSignal(std::string_view text);

}  // namespace fakes::launchd
