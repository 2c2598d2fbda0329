#pragma once

// Plain data read back from launchd: one job (`launchctl print`) and one `launchctl list` row.
// No I/O here; see launchctl_print_parser.h for how the text becomes these values.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harness {

struct JobState {
  bool loaded = false;          // the label is known to the domain (print exited 0)
  std::string target;           // header of the print output, e.g. "gui/501/ai.openclaw.rescue"
  std::string state;            // top-level `state`: "running", "not running", "spawn scheduled", "SIGTERMed", ...
  std::string jobState;         // `job state` ("running", "exited", "spawn failed"); often absent
  std::optional<int> pid;       // present only while a process exists (strictly positive)
  std::optional<int> lastExitCode;    // `last exit code = 78: EX_CONFIG` -> 78; absent for "(never exited)"
  std::string lastExitCodeText;       // raw value, e.g. "78: EX_CONFIG", "(never exited)"
  std::optional<int> lastSignal;      // `last terminating signal = Terminated: 15` -> 15
  std::string lastSignalText;         // raw value, e.g. "Terminated: 15"
  int runs = 0;
  std::optional<int> activeCount;
  std::optional<int> exitTimeout;     // seconds (ExitTimeOut; 5 when unset on current macOS)
  std::optional<int> minimumRuntime;  // seconds (ThrottleInterval)
  std::string program;
  std::vector<std::string> arguments;
  std::map<std::string, std::string> environment;         // `environment = {` block
  std::map<std::string, std::string> defaultEnvironment;  // `default environment = {`
  std::map<std::string, std::string> inheritedEnvironment;  // `inherited environment = {`
  std::string path;              // plist path the job was loaded from
  std::string type;              // "LaunchAgent", "LaunchDaemon"
  std::string domain;            // "gui/501 [100005]"
  std::string workingDirectory;
  std::string stdoutPath;
  std::string stderrPath;
  std::vector<std::string> properties;  // `properties = keepalive | runatload` -> {"keepalive", "runatload"}
  // Every top-level `key = value` line, first occurrence wins (nested blocks excluded).
  std::map<std::string, std::string> fields;

  bool running() const { return pid.has_value(); }
  bool hasProperty(const std::string& name) const;
};

struct JobListEntry {
  std::optional<int> pid;  // "-" = not running
  int status = 0;          // last exit status; negative = killed by that signal
  std::string label;
};

}  // namespace harness
