#pragma once

// rescue-lab drift VERSION (what `verify-host --against-openclaw VERSION` hands over to): upgrade
// regression. Installs the release into the
// harness cache (Node 24 and openclaw@VERSION from the npm registry), runs the runbook's contracts
// and the isolation scenarios against it on a fake Mac (harness/upgrade), prints the drift report
// (releases × results; human or JSON) compared with the newest recorded release, and writes it as
// Markdown and JSON. Exit 0 when the release behaves as recorded (its own record, else the newest
// recorded release), 1 on any difference, 2 on usage errors, kExitReleaseUnavailable when the
// release cannot be had here (older than 2026.3.24, npm or the registry unreachable).

#include <map>
#include <ostream>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace harness {

inline constexpr int kExitReleaseUnavailable = 4;

struct DriftOptions {
  std::string againstOpenclaw;        // VERSION
  std::string expectedDir;            // --expected-dir: recorded results, one <version>.json each
  std::string reportDir;              // --report-dir: where drift-<version>.{md,json} go
  std::string scenarioFilter = "*";   // --scenarios: GoogleTest filter; "none" = contracts only
  bool record = false;                // --record: write this run as the release's expected results
  std::string buildDir;               // --build-dir: where the fakes and the scenarios were built
  std::string fromOpenclaw;           // --from OLD: the baseline release of an upgrade question
  std::string upgradeMainTo;          // --upgrade-main-to NEW: contract.maintenance.upgrade's target
  std::string format = "human";       // --format human|json
  std::string outputFile;             // --output
  bool noColour = false;              // --no-color
};

// Adds the `drift` subcommand to rescue-lab; when it runs, exitCode gets runAgainstOpenClawMode's.
void setUpDriftCommand(CLI::App& lab, int& exitCode);

int runAgainstOpenClawMode(const DriftOptions& options, const std::map<std::string, std::string>& env,
                           std::ostream& out, std::ostream& err, bool outIsTerminal);

}  // namespace harness
