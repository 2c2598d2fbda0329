#include "harness/checks/check_result.h"

namespace harness {

const char* toString(CheckStatus status) {
  switch (status) {
    case CheckStatus::Pass: return "pass";
    case CheckStatus::Fail: return "fail";
    case CheckStatus::Warn: return "warn";
    case CheckStatus::Skip: return "skip";
  }
  return "skip";
}

ReportSummary summarize(const std::vector<CheckResult>& results) {
  ReportSummary s;
  for (const auto& r : results) {
    switch (r.status) {
      case CheckStatus::Pass: ++s.pass; break;
      case CheckStatus::Fail: ++s.fail; break;
      case CheckStatus::Warn: ++s.warn; break;
      case CheckStatus::Skip: ++s.skip; break;
    }
  }
  return s;
}

}  // namespace harness
