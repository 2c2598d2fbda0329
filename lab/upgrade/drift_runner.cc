#include "lab/upgrade/drift_runner.h"

#include <chrono>
#include <sstream>

#include "harness/core/environment.h"
#include "harness/core/file_reader.h"
#include "harness/process/process_runner.h"
#include "lab/upgrade/contract_runner.h"
#include "lab/upgrade/drift_verdict.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// What harness/testing/wait.h says when a scenario's wait runs out.
constexpr const char* kTimedOutMark = "timed out after ";

double seconds(const json& test) {
  // GoogleTest writes "time": "1.234s".
  const std::string t = test.value("time", "0s");
  try {
    return std::stod(t);
  } catch (...) {
    return 0;
  }
}

std::vector<std::string> splitIds(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string id; std::getline(in, id, ',');) {
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

// "RescueRestartLeavesMainServing/openclaw_2026_9_6" -> "RescueRestartLeavesMainServing"
std::string scenarioName(const std::string& gtestName) { return gtestName.substr(0, gtestName.find('/')); }

}  // namespace

std::string realReleaseFilter(const std::string& scenarios) {
  std::string out;
  std::stringstream in(scenarios);
  for (std::string pattern; std::getline(in, pattern, ':');) {
    if (pattern.empty()) continue;
    // GoogleTest names them RealOpenClaw/IsolationScenario.<Name>/openclaw_<release>.
    out += (out.empty() ? "" : ":") + std::string("RealOpenClaw/*.") + pattern + "/*";
  }
  return out.empty() ? "RealOpenClaw/*" : out;
}

std::vector<DriftResult> scenarioResultsFromGtestJson(const json& report) {
  std::vector<DriftResult> out;
  const auto suites = report.find("testsuites");
  if (suites == report.end() || !suites->is_array()) return out;
  for (const auto& suite : *suites) {
    const auto tests = suite.find("testsuite");
    if (tests == suite.end() || !tests->is_array()) continue;
    for (const auto& test : *tests) {
      if (!test.is_object() || !test.contains("name")) continue;
      DriftResult r;
      const std::string name = scenarioName(test.value("name", ""));
      r.id = "scenario." + name;
      r.title = name;
      if (test.contains("requirements") && test["requirements"].is_string()) r.requirements = splitIds(test["requirements"]);
      r.seconds = seconds(test);
      std::string failure;
      if (auto f = test.find("failures"); f != test.end() && f->is_array()) {
        for (const auto& item : *f) {
          if (item.contains("failure") && item["failure"].is_string()) failure += item["failure"].get<std::string>() + "\n";
        }
      }
      if (test.value("result", "") == "SKIPPED" || test.value("status", "") == "NOTRUN") {
        r.status = DriftStatus::Skipped;
        r.message = "skipped";
      } else if (failure.empty()) {
        r.status = DriftStatus::Pass;
      } else if (test.value("outcome", "") == "refused") {
        // isolation_scenario.cc records a release's refusal as properties of the test.
        r.status = DriftStatus::Refused;
        r.message = test.contains("refusal") && test["refusal"].is_string() ? test["refusal"].get<std::string>() : "";
        r.message = r.message.substr(0, r.message.find('\n'));
      } else {
        // The assertion's own words: GoogleTest puts "file:line\n" first.
        std::string text = failure;
        if (auto nl = text.find('\n'); nl != std::string::npos && text.substr(0, nl).find(".cc:") != std::string::npos) {
          text = text.substr(nl + 1);
        }
        std::string oneLine;
        for (char c : text.substr(0, 400)) oneLine += c == '\n' ? ' ' : c;
        r.message = oneLine;
        // A scenario's bounded wait (harness/testing/wait.h, scaled by HARNESS_TIMEOUT_SCALE)
        // that ran out, or a network error, is the machine's; any other failed assertion is
        // the release's.
        r.status = failure.find(kTimedOutMark) != std::string::npos
                       ? DriftStatus::Environment
                       : behaviourOrEnvironment(DriftStatus::Fail, failure, r.message);
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

Result<DriftRun> runDrift(const DriftRunOptions& options, ReleaseCache& cache) {
  const auto started = Clock::now();
  auto release = cache.ensure(options.version);
  if (!release) return release.error();
  DriftRun run;
  run.release = options.version;
  std::error_code ec;
  fs::create_directories(options.workDir, ec);
  if (ec) return Error{ErrorCode::Io, ec.message(), options.workDir.string()};

  if (options.contracts) {
    auto contractRun = [&](const std::string& dir) {
      const auto t0 = Clock::now();
      auto contracts = runContracts(ContractRunOptions{.release = *release,
                                                       .binaries = options.binaries,
                                                       .workDir = options.workDir / dir,
                                                       .registryEnvironment = cache.registryEnvironment(),
                                                       .compileCacheDir = cache.dir(),
                                                       .progress = options.progress,
                                                       .upgradeTo = options.upgradeTo});
      DriftRun part;
      part.release = options.version;
      part.results = std::move(contracts.results);
      part.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
      part.openclawSeconds = contracts.openclawSeconds;
      part.groupsNotRun = std::move(contracts.groupsNotRun);
      return part;
    };
    if (options.progress) options.progress("contracts with openclaw@" + options.version + " ...");
    run = contractRun("contracts");
    if (hasEnvironmentResults(run)) {
      // Once: the machine was in the way, not the release (drift_verdict.h).
      if (options.progress) options.progress("environment results: the contracts once more ...");
      run = mergeRetry(run, contractRun("contracts-retry"));
    }
  }

  if (!options.scenarioProgram.empty()) {
    auto scenarioRun = [&](const std::string& filter, const std::string& name) -> Result<std::vector<DriftResult>> {
      const fs::path out = options.workDir / (name + ".json");
      auto env = currentEnvironment();
      env["HARNESS_OPENCLAW_RELEASES"] = options.version;
      env["HARNESS_OPENCLAW_GATEWAY"] = "fake";
      auto r = runProcess(ProcessSpec{.executable = options.scenarioProgram,
                                      .args = {"--gtest_filter=" + realReleaseFilter(filter),
                                               "--gtest_output=json:" + out.string(), "--gtest_brief=1"},
                                      .environment = env,
                                      .timeout = std::chrono::hours(1)});
      if (!r) return r.error();
      auto text = readFileLimited(out, 64 << 20);
      if (!text) {
        return Error{ErrorCode::ProcessFailed, "the scenarios wrote no results: " + r->diagnosticText().substr(0, 2000),
                     options.scenarioProgram.string()};
      }
      json report = json::parse(*text, nullptr, false);
      if (report.is_discarded()) return Error{ErrorCode::InvalidInput, "not JSON", out.string()};
      return scenarioResultsFromGtestJson(report);
    };
    if (options.progress) options.progress("scenarios on openclaw@" + options.version + " ...");
    auto scenarios = scenarioRun(options.scenarioFilter, "scenarios");
    if (!scenarios) return scenarios.error();
    DriftRun part{.release = options.version, .results = std::move(*scenarios)};
    std::string again;
    for (const auto& r : part.results) {
      if (r.status == DriftStatus::Environment) again += (again.empty() ? "" : ":") + r.id.substr(std::string("scenario.").size());
    }
    if (!again.empty()) {
      if (options.progress) options.progress("environment results: " + again + " once more ...");
      auto retry = scenarioRun(again, "scenarios-retry");
      if (!retry) return retry.error();
      part = mergeRetry(part, DriftRun{.release = options.version, .results = std::move(*retry)});
    }
    for (auto& result : part.results) run.results.push_back(std::move(result));
  }
  if (!options.contracts) run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return run;
}

}  // namespace harness::upgrade
