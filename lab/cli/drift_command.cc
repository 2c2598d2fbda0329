#include "lab/cli/drift_command.h"

#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include "harness/checks/host_snapshot.h"
#include "harness/platform/platform.h"
#include "harness/cli/report_output.h"
#include "harness/core/release_version.h"
#include "harness/report/reporter.h"
#include "lab/fake_stack/fake_stack.h"
#include "lab/upgrade/contract_runner.h"
#include "lab/upgrade/drift_runner.h"
#include "lab/upgrade/upgrade_path.h"

#ifndef HARNESS_EXPECTED_DIR
#define HARNESS_EXPECTED_DIR ""
#endif
#ifndef HARNESS_BUILD_DIR
#define HARNESS_BUILD_DIR ""
#endif

namespace harness {
namespace {

namespace fs = std::filesystem;
using namespace upgrade;

bool writeText(const fs::path& file, const std::string& text, std::ostream& err) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::trunc);
  if (!(out << text)) {
    err << "verify-host: cannot write " << file.string() << "\n";
    return false;
  }
  return true;
}

// A scratch directory for the fake Mac; removed when the run ends.
class ScratchDir {
 public:
  ScratchDir() {
    if (auto dir = platform::makeTempDir("verify-host-drift")) path_ = *dir;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// With --scenarios narrowed (CI runs a few per release), the recorded results of scenarios
// that were not asked for are not differences.
ReleaseExpectations onlyWhatRan(ReleaseExpectations expected, const DriftRun& run, const std::string& filter) {
  if (filter == "*") return expected;
  std::set<std::string> ran;
  for (const auto& r : run.results) ran.insert(r.id);
  std::erase_if(expected.results, [&](const auto& entry) {
    return entry.first.rfind("scenario.", 0) == 0 && !ran.count(entry.first);
  });
  return expected;
}

// Recording a narrowed run (a scenario filter, an opt-in group left out) keeps the record's
// entries for what did not run, so a CI-sized --record does not erase them.
void keepWhatDidNotRun(nlohmann::json& record, const ReleaseExpectations& own, const DriftRun& run,
                       const std::string& filter) {
  auto& results = record["results"];
  for (const auto& [id, expectation] : own.results) {
    if (results.contains(id)) continue;
    const bool scenarioNotRun = filter != "*" && id.rfind("scenario.", 0) == 0;
    if (!scenarioNotRun && !inGroupNotRun(run, id)) continue;
    nlohmann::json entry = {{"status", toString(expectation.status)}};
    if (!expectation.messageContains.empty()) entry["message"] = expectation.messageContains;
    results[id] = std::move(entry);
  }
}

}  // namespace

void setUpDriftCommand(CLI::App& lab, int& exitCode) {
  auto* sub = lab.add_subcommand(
      "drift",
      "Install that OpenClaw release into the harness cache, run the runbook's contracts and the isolation "
      "scenarios against it on a fake Mac, and report what changed (verify-host --against-openclaw VERSION)");
  auto options = std::make_shared<DriftOptions>();
  sub->add_option("VERSION", options->againstOpenclaw, "The OpenClaw release, e.g. 2026.9.6")->required();
  sub->add_option("--format", options->format, "Report format")->check(CLI::IsMember({"human", "json"}));
  sub->add_option("--output", options->outputFile, "Write the report to FILE instead of stdout");
  sub->add_flag("--no-color", options->noColour, "Never colour the table (NO_COLOR is honoured too)");
  sub->add_option("--expected-dir", options->expectedDir,
                  "Recorded results per release (default: the source tree's tests/contract/expected)")
      ->type_name("DIR");
  sub->add_option("--report-dir", options->reportDir,
                  "Write drift-VERSION.md and drift-VERSION.json here (default: the harness cache's reports/)")
      ->type_name("DIR");
  sub->add_option("--scenarios", options->scenarioFilter,
                  "Which scenarios (GoogleTest filter, default *; none = contracts only)")
      ->type_name("FILTER");
  sub->add_flag("--record", options->record, "Save this run as the release's expected results");
  sub->add_option("--from", options->fromOpenclaw,
                  "The release upgraded from (its record, or a run of it); default: the newest recorded release "
                  "at or below VERSION")
      ->type_name("OLD");
  sub->add_option("--upgrade-main-to", options->upgradeMainTo,
                  "With HARNESS_MAINTENANCE_CONTRACTS=1: contract.maintenance.upgrade upgrades main's install to NEW "
                  "(default: the same release, a reinstall; --from OLD upgrades OLD's to VERSION)")
      ->type_name("NEW");
  sub->add_option("--build-dir", options->buildDir, "The build tree holding the fakes and the scenarios (default: this one)")
      ->type_name("DIR");
  // verify-host's flags that make no sense here: refused with the reason, not as unknown.
  auto own = std::make_shared<std::string>();
  auto* home = sub->add_option("--home", *own)->group("");
  auto* live = sub->add_flag("--live")->group("");
  auto* recover = sub->add_flag("--recover")->group("");
  sub->callback([=, &exitCode] {
    (void)own;  // keeps the hidden --home value alive as long as the command
    if (home->count() > 0 || live->count() > 0 || recover->count() > 0) {
      std::cerr << "verify-host: --against-openclaw runs on its own fake Mac; it takes --format human|json only\n";
      exitCode = kExitUsage;
      return;
    }
    exitCode = runAgainstOpenClawMode(*options, currentEnvironment(), std::cout, std::cerr, ::isatty(STDOUT_FILENO) != 0);
  });
}

int runAgainstOpenClawMode(const DriftOptions& options, const std::map<std::string, std::string>& env,
                           std::ostream& out, std::ostream& err, bool outIsTerminal) {
  (void)env;
  const std::string& version = options.againstOpenclaw;
  const fs::path expectedDir = options.expectedDir.empty() ? fs::path(HARNESS_EXPECTED_DIR) : fs::path(options.expectedDir);
  auto recorded = loadExpectationDir(expectedDir);
  if (!recorded) {
    err << "verify-host: " << recorded.error().describe() << "\n";
    return kExitUsage;
  }
  auto binaries = FakeStackBinaries::locate(options.buildDir.empty() ? std::nullopt
                                                                     : std::optional<fs::path>(options.buildDir));
  if (!binaries) {
    err << "verify-host: " << binaries.error().describe() << "\n";
    return kExitUsage;
  }
  const fs::path buildDir = options.buildDir.empty() ? fs::path(HARNESS_BUILD_DIR) : fs::path(options.buildDir);
  ScratchDir scratch;
  if (scratch.path().empty()) {
    err << "verify-host: cannot create a scratch directory in " << fs::temp_directory_path().string() << "\n";
    return kExitUsage;
  }

  ReleaseCache cache;
  DriftRunOptions run{.version = version, .binaries = *binaries, .workDir = scratch.path()};
  if (!options.upgradeMainTo.empty()) run.upgradeTo = options.upgradeMainTo;
  if (options.scenarioFilter != "none") {
    run.scenarioProgram = buildDir / "scenarios/real_openclaw_scenarios";
    // Built with the tests, not by the main job (ci/example.sh builds the product and the lab only).
    if (!fs::exists(run.scenarioProgram)) {
      err << "verify-host: the scenarios are not built (" << run.scenarioProgram.string()
          << "): cmake --build --preset default --target real_openclaw_scenarios, or --scenarios none\n";
      return kExitUsage;
    }
    run.scenarioFilter = options.scenarioFilter;
  }
  run.progress = [&err](const std::string& line) { err << "  " << line << "\n"; };
  err << "verify-host: openclaw@" << version << " from " << cache.dir().string() << " ...\n";
  auto drift = runDrift(run, cache);
  if (!drift) {
    const bool unavailable = drift.error().code == ErrorCode::Unsupported || drift.error().code == ErrorCode::NotFound ||
                             drift.error().code == ErrorCode::ProcessFailed;
    err << "verify-host: openclaw@" << version << (unavailable ? " is not available here: " : ": ")
        << drift.error().describe() << "\n";
    return unavailable ? kExitReleaseUnavailable : kExitUsage;
  }

  // The baseline (upgrade_path.h): --from OLD, its record or a run of it; else the newest
  // recorded release below this one. The run is judged against its own record, if any.
  DriftReportInput input;
  input.run = &*drift;
  input.recorded = *recorded;
  const auto ownIndex = recordOf(input.recorded, version);
  const ReleaseExpectations* own = ownIndex ? &input.recorded[*ownIndex] : nullptr;
  std::optional<ReleaseExpectations> ranBaseline;
  BaselineSource source = BaselineSource::Recorded;
  if (!options.fromOpenclaw.empty()) {
    // G9's upgrade contract needs OLD's own fake Mac to upgrade main from OLD to NEW on it: with
    // the maintenance contracts on, OLD is run even when it is recorded.
    const bool upgradeOnOld = maintenanceContractsOn();
    if (const auto from = recordOf(input.recorded, options.fromOpenclaw); from && !upgradeOnOld) {
      input.baseline = &input.recorded[*from];
    } else {
      err << "verify-host: openclaw@" << options.fromOpenclaw
          << (upgradeOnOld ? ": running it, with main's install upgraded to " + version + " on it"
                           : std::string(" is not recorded: running it as the baseline"))
          << " ...\n";
      DriftRunOptions fromRun = run;
      fromRun.version = options.fromOpenclaw;
      fromRun.workDir = scratch.path() / "from";
      fromRun.upgradeTo = version;
      auto old = runDrift(fromRun, cache);
      if (!old) {
        err << "verify-host: the baseline openclaw@" << options.fromOpenclaw << ": " << old.error().describe() << "\n";
        return kExitReleaseUnavailable;
      }
      ranBaseline = expectationsFromRun(*old);
      input.baseline = &*ranBaseline;
      source = BaselineSource::Run;
    }
  } else if (const auto nearest = nearestRecordedBaseline(input.recorded, version)) {
    input.baseline = &input.recorded[*nearest];
  }
  input.baselineSource = toString(source);
  const auto upgrade = input.baseline ? compareUpgrade(*input.baseline, *drift) : std::vector<UpgradeChange>{};
  const ReleaseExpectations* reference = own ? own : input.baseline;
  if (reference) {
    const ReleaseExpectations judged = onlyWhatRan(*reference, *drift, options.scenarioFilter);
    input.differences = compare(*drift, judged);
    input.notJudged = notJudged(*drift, judged);
  } else {
    input.notJudged = notJudged(*drift, ReleaseExpectations{});
  }

  const fs::path reportDir = options.reportDir.empty() ? cache.dir() / "reports" : fs::path(options.reportDir);
  auto json = renderDriftJson(input);
  if (input.baseline) json["upgrade"] = upgradeJson(input.baseline->release, source, upgrade);
  const std::string upgradeText =
      input.baseline ? renderUpgradeText(input.baseline->release, source, version, upgrade) + "\n" : std::string();
  bool written = writeText(reportDir / ("drift-" + version + ".md"), renderDriftMarkdown(input), err) &&
                 writeText(reportDir / ("drift-" + version + ".json"), json.dump(2) + "\n", err);
  if (options.record && !recordable(*drift)) {
    err << "verify-host: not recorded: " << input.notJudged.size()
        << " result(s) could not be judged on this machine (environment); run it again\n";
  } else if (options.record) {
    const fs::path file = expectedDir / (version + ".json");
    nlohmann::json record = expectationsJson(*drift);
    if (own) keepWhatDidNotRun(record, *own, *drift, options.scenarioFilter);
    written = writeText(file, record.dump(2) + "\n", err) && written;
    if (written) err << "verify-host: recorded " << file.string() << "\n";
  }

  const std::string report =
      options.format == "json"
          ? json.dump(2) + "\n"
          : upgradeText + renderDriftTable(input, !options.noColour && options.outputFile.empty() && outIsTerminal &&
                                                      shouldUseColour(1));
  if (!options.outputFile.empty()) {
    if (!writeText(options.outputFile, report, err)) return kExitUsage;
  } else {
    out << report;
  }
  err << "verify-host: drift report in " << (reportDir / ("drift-" + version + ".md")).string() << " and .json\n";
  if (!written) return kExitUsage;
  if (!reference) {
    err << "verify-host: nothing recorded to compare with in " << expectedDir.string() << "\n";
    return kExitOk;
  }
  if (!input.differences.empty() && !options.record) return kExitChecksFailed;
  if (!input.notJudged.empty()) {
    // Neither a pass nor a difference: the machine could not judge the release (ctest: skipped).
    err << "verify-host: " << input.notJudged.size() << " result(s) not judged on this machine (environment)\n";
    return kExitReleaseUnavailable;
  }
  return kExitOk;
}

}  // namespace harness
