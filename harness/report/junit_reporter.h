#pragma once

// JunitReporter: JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters).
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <testsuites name="verify-host" tests="4" failures="1" errors="0" skipped="1" time="0.012" timestamp="...">
//     <testsuite name="Rescue config" tests="4" failures="1" errors="0" skipped="1" time="0.001" timestamp="...">
//       <properties>
//         <property name="version" value="0.1.0"/>  (then mode, home, and every ReportContext::extra)
//       </properties>
//       <testcase classname="verify-host.rescue-config" name="rescue.config.gateway-port" time="0.000">
//         <system-out>gateway.port is 19001</system-out>
//       </testcase>
//       <testcase ...><failure message="..." type="fail">message, requirements, evidence, fix</failure></testcase>
//       <testcase ...><system-out>WARNING: message, requirements, evidence, fix</system-out></testcase>
//       <testcase ...><skipped message="not run in static mode"/></testcase>
//     </testsuite>
//   </testsuites>
//
// One <testsuite> per CheckResult::area, in order of first appearance. classname is
// "<tool>.<area slug>" (lower-case ASCII letters and digits, other runs of characters become
// '-'). The testcase name is the check id: it is readable and, unlike the message, stays the
// same between a passing and a failing run, so CI test history tracks each check. The message
// is in the failure/skipped message attribute and in the body. Times are seconds with 3
// decimals. A warning is a passing testcase with the warning in <system-out>, unless
// `warningsAsFailures` (--strict) is set: then it is a <failure type="warn"> and counted in
// failures. Text is XML-escaped (& < > " '), control characters are shown as "\xNN" (XML 1.0
// forbids most of them) and invalid UTF-8 becomes U+FFFD.

#include "harness/report/reporter.h"

namespace harness {

class JunitReporter final : public Reporter {
 public:
  explicit JunitReporter(bool warningsAsFailures = false) : warningsAsFailures_(warningsAsFailures) {}

  std::string render(const std::vector<CheckResult>& results, const ReportContext& context,
                     const Redactor& redactor) const override;

 private:
  bool warningsAsFailures_;
};

}  // namespace harness
