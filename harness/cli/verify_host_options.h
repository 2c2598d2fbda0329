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
  // The sandbox (--sandbox): a fake Mac with both gateways in a temporary HOME, checked with
  // static, live and disruptive checks, then torn down (unless --keep).
  bool sandbox = false;
  bool keep = false;
  std::string buildDir;               // --build-dir: where the fakes were built (sandbox, against)
  // Upgrade regression (--against-openclaw VERSION): that release's contracts and scenarios on
  // the fake Mac, reported as drift from the recorded releases.
  std::string againstOpenclaw;
  std::string expectedDir;            // --expected-dir: recorded results, one <version>.json each
  std::string reportDir;              // --report-dir: where drift-<version>.{md,json} go
  std::string scenarioFilter = "*";   // --scenarios: GoogleTest filter; "none" = contracts only
  bool record = false;                // --record: write this run as the release's expected results
  std::string fromOpenclaw;           // --from OLD: the baseline release of an upgrade question
};

struct ParsedCommandLine {
  std::optional<VerifyHostOptions> options;  // nullopt when parsing ended the run (help, error)
  int exitCode = 0;                          // for that case: 0 after --help/--version, 2 on errors
};

ParsedCommandLine parseVerifyHostCommandLine(int argc, const char* const* argv);

}  // namespace harness
