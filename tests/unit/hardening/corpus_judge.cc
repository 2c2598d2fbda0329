#include "tests/unit/hardening/corpus_judge.h"

#include <gtest/gtest.h>

#include "harness/report/reporter.h"
#include "harness/testing/fixture_home.h"

namespace harness::testing {

std::vector<CheckResult> runAllChecks(const HostSnapshot& snapshot) { return runStaticChecks(snapshot); }

void expectSafeResults(const std::vector<CheckResult>& results, const Redactor& redactor, const std::string& input) {
  for (const auto& r : results) {
    EXPECT_EQ(r.message.find("internal error"), std::string::npos) << input << ": " << r.id << ": " << r.message;
    EXPECT_FALSE(r.message.empty()) << input << ": " << r.id;
    if (r.status == CheckStatus::Fail || r.status == CheckStatus::Warn) {
      EXPECT_FALSE(r.remediation.empty()) << input << ": " << r.id << " has no remediation: " << r.message;
    }
  }
  ReportContext context;
  context.version = "test";
  context.mode = "static";
  for (const char* format : {"human", "json", "junit"}) {
    auto reporter = makeReporter(format, false);
    ASSERT_TRUE(reporter) << format;
    const std::string text = (*reporter)->render(results, context, redactor);
    for (const char* canary : {kCanaryMainDiscordToken, kCanaryRescueDiscordToken, kCanaryMainGatewayToken,
                               kCanaryRescueGatewayToken, kCanaryAnthropicKey}) {
      EXPECT_EQ(text.find(canary), std::string::npos) << input << ": " << format << " report leaks " << canary;
    }
  }
}

namespace {

bool isFinding(const CheckResult& r) { return r.status != CheckStatus::Pass; }

bool keyRelated(const std::string& reported, const std::string& key) {
  if (reported.empty()) return false;
  auto encloses = [](const std::string& outer, const std::string& inner) {
    return inner.rfind(outer, 0) == 0 &&
           (inner.size() == outer.size() || inner[outer.size()] == '.' || inner[outer.size()] == '[');
  };
  return encloses(reported, key) || encloses(key, reported);
}

}  // namespace

bool findingNamesFile(const std::vector<CheckResult>& results, const std::string& file) {
  for (const auto& r : results) {
    if (!isFinding(r)) continue;
    for (const auto& e : r.evidence) {
      if (e.file == file || e.detail.find(file) != std::string::npos) return true;
    }
  }
  return false;
}

bool findingNamesKey(const std::vector<CheckResult>& results, const std::string& file, const std::string& key) {
  for (const auto& r : results) {
    if (r.status != CheckStatus::Fail && r.status != CheckStatus::Warn) continue;
    for (const auto& e : r.evidence) {
      if (e.file == file && keyRelated(e.key, key)) return true;
    }
  }
  return false;
}

CheckResult resultFor(const std::vector<CheckResult>& results, const std::string& id) {
  for (const auto& r : results) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no result " << id;
  return {};
}

std::string describeResults(const std::vector<CheckResult>& results, bool onlyProblems) {
  std::string out;
  for (const auto& r : results) {
    if (onlyProblems && r.status == CheckStatus::Pass) continue;
    out += "  " + r.id + ": " + toString(r.status) + ": " + r.message + "\n";
    for (const auto& e : r.evidence) out += "      " + e.file + " [" + e.key + "] " + e.detail + "\n";
  }
  return out;
}

}  // namespace harness::testing
