#pragma once

// verify-host's command line, parsed into plain options. CLI11 stays inside the .cc.

#include <optional>
#include <string>
#include <vector>

namespace harness {

struct VerifyHostOptions {
  std::string home;                   // --home; empty = $HOME
  std::string specFile;               // --spec
  std::vector<std::string> overrides; // --set KEY=VALUE (and the named shortcuts)
  std::string format = "human";       // --format
  std::string outputFile;             // --output
  bool strict = false;                // --strict: warnings fail the run
  bool noColour = false;              // --no-color
  // Live mode (--live): also check the running gateways.
  bool live = false;
  std::optional<double> waitSeconds;  // --wait SECONDS: retry failing live checks until then
  std::string openclawPath;           // --openclaw PATH; empty = `openclaw` in PATH
  std::string launchctlPath;          // --launchctl PATH; empty = /bin/launchctl
  // Disruptive mode (--disruptive, implies --live): stop main, then rescue, and prove the other
  // stays up; always restores.
  bool disruptive = false;
  bool yes = false;                   // --yes: no confirmation prompt
  std::optional<double> holdSeconds;  // --hold SECONDS (default 20; 5 in the sandbox)
  bool recover = false;               // --recover: only restore what an interrupted run left stopped
  // --sandbox and --against-openclaw are the lab's (rescue-lab sandbox|drift): verify-host hands
  // them over before parsing (harness/cli/lab_handover.h), so they have no options here.
};

struct ParsedCommandLine {
  std::optional<VerifyHostOptions> options;  // nullopt when parsing ended the run (help, error)
  int exitCode = 0;                          // for that case: 0 after --help/--version, 2 on errors
};

ParsedCommandLine parseVerifyHostCommandLine(int argc, const char* const* argv);

}  // namespace harness
