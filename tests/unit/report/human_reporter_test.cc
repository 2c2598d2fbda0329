#include "harness/report/human_reporter.h"

#include <gtest/gtest.h>

#include "tests/unit/report/report_fixtures.h"

namespace harness {
namespace {

using harness::testing::sampleContext;
using harness::testing::sampleResults;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    out.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

size_t indexOf(const std::vector<std::string>& all, std::string_view needle) {
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].find(needle) != std::string::npos) return i;
  }
  return all.size();
}

TEST(HumanReporter, WithoutColourHasNoEscapeSequences) {
  const std::string out = HumanReporter(false).render(sampleResults(), sampleContext(), Redactor());
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_NE(out.find("PASS  rescue.config.gateway-port  gateway.port is 19001"), std::string::npos) << out;
}

TEST(HumanReporter, WithColourPaintsEachStatus) {
  const std::string out = HumanReporter(true).render(sampleResults(), sampleContext(), Redactor());
  EXPECT_NE(out.find("\x1b[32mPASS\x1b[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[31mFAIL\x1b[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[33mWARN\x1b[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[90mSKIP\x1b[0m"), std::string::npos) << out;
}

TEST(HumanReporter, GroupsByAreaInFirstAppearanceOrder) {
  const auto all = lines(HumanReporter(false).render(sampleResults(), sampleContext(), Redactor()));
  const size_t config = indexOf(all, "Rescue config");
  const size_t launchd = indexOf(all, "Rescue LaunchAgent");
  ASSERT_LT(config, all.size());
  ASSERT_LT(launchd, all.size());
  EXPECT_EQ(all[config], "Rescue config");
  EXPECT_LT(config, launchd);
  // Both config checks (input positions 0 and 2) sit under the config header.
  EXPECT_GT(indexOf(all, "rescue.config.gateway-port"), config);
  EXPECT_LT(indexOf(all, "rescue.config.file-mode"), launchd);
  EXPECT_GT(indexOf(all, "rescue.launchd.label"), launchd);
  EXPECT_GT(indexOf(all, "rescue.live.health"), launchd);
}

TEST(HumanReporter, FailingChecksShowRequirementsEvidenceAndFix) {
  const auto all = lines(HumanReporter(false).render(sampleResults(), sampleContext(), Redactor()));
  const size_t fail = indexOf(all, "FAIL  rescue.launchd.label");
  ASSERT_LT(fail + 3, all.size());
  EXPECT_EQ(all[fail], "  FAIL  rescue.launchd.label  LaunchAgent ai.openclaw.rescue is missing");
  EXPECT_EQ(all[fail + 1], "        requirements: R2, G3");
  EXPECT_EQ(all[fail + 2], "        /home/alice/Library/LaunchAgents/ai.openclaw.rescue.plist: Label = absent");
  EXPECT_EQ(all[fail + 3], "        fix: openclaw --profile rescue gateway install");

  const size_t warn = indexOf(all, "WARN  rescue.config.file-mode");
  ASSERT_LT(warn + 3, all.size());
  EXPECT_EQ(all[warn + 1], "        requirements: S4");
  EXPECT_EQ(all[warn + 2], "        /home/alice/.openclaw-rescue/openclaw.json: mode 0640");
  EXPECT_EQ(all[warn + 3], "        fix: chmod 600 /home/alice/.openclaw-rescue/openclaw.json");
}

TEST(HumanReporter, PassingAndSkippedChecksTakeOneLine) {
  const auto all = lines(HumanReporter(false).render(sampleResults(), sampleContext(), Redactor()));
  const size_t pass = indexOf(all, "PASS  rescue.config.gateway-port");
  ASSERT_LT(pass + 1, all.size());
  EXPECT_NE(all[pass + 1].find("WARN  rescue.config.file-mode"), std::string::npos);
  const size_t skip = indexOf(all, "SKIP  rescue.live.health");
  ASSERT_LT(skip + 1, all.size());
  EXPECT_EQ(all[skip + 1], "");
}

TEST(HumanReporter, EndsWithSummaryLine) {
  const auto all = lines(HumanReporter(false).render(sampleResults(), sampleContext(), Redactor()));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back(), "Summary: 1 passed, 1 failed, 1 warning, 1 skipped (12.3 ms)");
  EXPECT_EQ(all.front(), "verify-host 0.1.0 (static) home /home/alice");
}

TEST(HumanReporter, SummaryPluralisesAndUsesSecondsForLongRuns) {
  std::vector<CheckResult> results(2);
  results[0].status = results[1].status = CheckStatus::Warn;
  ReportContext context = sampleContext();
  context.durationMs = 2345;
  const auto all = lines(HumanReporter(false).render(results, context, Redactor()));
  EXPECT_EQ(all.back(), "Summary: 0 passed, 0 failed, 2 warnings, 0 skipped (2.35 s)");
}

TEST(HumanReporter, EmptyRunSaysSo) {
  const std::string out = HumanReporter(false).render({}, sampleContext(), Redactor());
  EXPECT_NE(out.find("No checks ran."), std::string::npos);
  EXPECT_NE(out.find("Summary: 0 passed, 0 failed, 0 warnings, 0 skipped"), std::string::npos);
}

TEST(HumanReporter, ControlCharactersFromChecksCannotDriveTheTerminal) {
  std::vector<CheckResult> results(1);
  results[0].id = "x.y";
  results[0].status = CheckStatus::Fail;
  results[0].message = "evil \x1b[2J\x1b]0;title\x07 \r overwrite \xC2\x9B" "31m";
  results[0].remediation = "line one\nline two";
  for (bool colour : {false, true}) {
    const std::string out = HumanReporter(colour).render(results, sampleContext(), Redactor());
    EXPECT_EQ(out.find("\x1b[2J"), std::string::npos) << out;
    EXPECT_EQ(out.find('\a'), std::string::npos) << out;
    EXPECT_EQ(out.find('\r'), std::string::npos) << out;
    EXPECT_EQ(out.find("\xC2\x9B"), std::string::npos) << out;
    EXPECT_NE(out.find("evil \\x1b[2J"), std::string::npos) << out;
    EXPECT_NE(out.find("fix: line one\n        line two\n"), std::string::npos) << out;
  }
  const std::string plain = HumanReporter(false).render(results, sampleContext(), Redactor());
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace harness
