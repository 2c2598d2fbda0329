#pragma once

// What a check concludes. A CheckResult is what every reporter prints and what the JSON
// report serialises; it never holds a secret value, only where the secret lives.

#include <string>
#include <vector>

namespace harness {

enum class CheckStatus { Pass, Fail, Warn, Skip };

const char* toString(CheckStatus status);  // "pass", "fail", "warn", "skip"

struct Evidence {
  std::string file;    // absolute path of the file the finding is about; empty if none
  std::string key;     // key path inside it ("gateway.port", "EnvironmentVariables.OPENCLAW_PROFILE")
  std::string detail;  // observed value or fact, e.g. "19001", "mode 0644"; secrets appear as "<set>"
};

struct CheckResult {
  std::string id;                         // stable, e.g. "rescue.config.gateway-port"
  std::string area;                       // grouping for the human report, e.g. "Rescue config"
  std::vector<std::string> requirements;  // ids from requirements.md: "R7", "G3", "S4"
  CheckStatus status = CheckStatus::Skip;
  std::string message;                    // one line
  std::vector<Evidence> evidence;
  std::string remediation;                // the exact command or edit that fixes it; empty on pass
  double durationMs = 0;                  // how long the check took (live checks with --wait)
};

struct ReportSummary {
  int pass = 0, fail = 0, warn = 0, skip = 0;
  int total() const { return pass + fail + warn + skip; }
};

ReportSummary summarize(const std::vector<CheckResult>& results);

// What a check is, independent of one run: its stable id, area and requirement ids.
struct CheckInfo {
  std::string id;
  std::string area;
  std::vector<std::string> requirements;
};

// Result builders, shared by static, live and disruptive checks.
CheckResult passed(const CheckInfo& info, std::string message, std::vector<Evidence> evidence = {});
CheckResult failed(const CheckInfo& info, std::string message, std::vector<Evidence> evidence, std::string remediation);
CheckResult warned(const CheckInfo& info, std::string message, std::vector<Evidence> evidence, std::string remediation);
CheckResult skipped(const CheckInfo& info, std::string message, std::vector<Evidence> evidence = {});

}  // namespace harness
