#include "harness/checks/check_result.h"

namespace harness {
namespace {

CheckResult make(const CheckInfo& info, CheckStatus status, std::string message, std::vector<Evidence> evidence,
                 std::string remediation) {
  CheckResult r;
  r.id = info.id;
  r.area = info.area;
  r.requirements = info.requirements;
  r.status = status;
  r.message = std::move(message);
  r.evidence = std::move(evidence);
  r.remediation = std::move(remediation);
  return r;
}

}  // namespace

CheckResult passed(const CheckInfo& info, std::string message, std::vector<Evidence> evidence) {
  return make(info, CheckStatus::Pass, std::move(message), std::move(evidence), "");
}
CheckResult failed(const CheckInfo& info, std::string message, std::vector<Evidence> evidence,
                   std::string remediation) {
  return make(info, CheckStatus::Fail, std::move(message), std::move(evidence), std::move(remediation));
}
CheckResult warned(const CheckInfo& info, std::string message, std::vector<Evidence> evidence,
                   std::string remediation) {
  return make(info, CheckStatus::Warn, std::move(message), std::move(evidence), std::move(remediation));
}
CheckResult skipped(const CheckInfo& info, std::string message, std::vector<Evidence> evidence) {
  return make(info, CheckStatus::Skip, std::move(message), std::move(evidence), "");
}

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
