#include "harness/report/junit_reporter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/report/mini_xml.h"
#include "tests/unit/report/report_fixtures.h"

namespace harness {
namespace {

using harness::testing::parseXml;
using harness::testing::sampleContext;
using harness::testing::sampleResults;
using harness::testing::XmlElement;
using harness::testing::XmlParseResult;

XmlParseResult renderAndParse(const std::vector<CheckResult>& results, const ReportContext& context,
                              bool warningsAsFailures = false) {
  const std::string text = JunitReporter(warningsAsFailures).render(results, context, Redactor());
  XmlParseResult parsed = parseXml(text);
  EXPECT_TRUE(parsed.ok) << parsed.error << "\n" << text;
  return parsed;
}

const XmlElement* findCase(const XmlElement& root, std::string_view name) {
  for (const XmlElement* suite : root.childrenNamed("testsuite")) {
    for (const XmlElement* testcase : suite->childrenNamed("testcase")) {
      if (testcase->attribute("name") == name) return testcase;
    }
  }
  return nullptr;
}

TEST(JunitReporter, TopLevelCountsAndOneSuitePerAreaInOrder) {
  const XmlParseResult parsed = renderAndParse(sampleResults(), sampleContext());
  ASSERT_TRUE(parsed.ok);
  const XmlElement& root = parsed.root;
  EXPECT_EQ(root.name, "testsuites");
  EXPECT_EQ(root.attribute("name"), "verify-host");
  EXPECT_EQ(root.attribute("tests"), "4");
  EXPECT_EQ(root.attribute("failures"), "1");
  EXPECT_EQ(root.attribute("errors"), "0");
  EXPECT_EQ(root.attribute("skipped"), "1");
  EXPECT_EQ(root.attribute("time"), "0.012");
  EXPECT_EQ(root.attribute("timestamp"), "2026-11-24T10:15:00Z");

  const auto suites = root.childrenNamed("testsuite");
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0]->attribute("name"), "Rescue config");
  EXPECT_EQ(suites[0]->attribute("tests"), "2");
  EXPECT_EQ(suites[0]->attribute("failures"), "0");
  EXPECT_EQ(suites[0]->attribute("time"), "0.000");  // 0.25 ms + 0.1 ms
  EXPECT_EQ(suites[1]->attribute("name"), "Rescue LaunchAgent");
  EXPECT_EQ(suites[1]->attribute("failures"), "1");
  EXPECT_EQ(suites[1]->attribute("skipped"), "1");
  EXPECT_EQ(suites[1]->attribute("time"), "0.002");

  const auto cases = suites[0]->childrenNamed("testcase");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0]->attribute("name"), "rescue.config.gateway-port");
  EXPECT_EQ(cases[1]->attribute("name"), "rescue.config.file-mode");
  EXPECT_EQ(cases[0]->attribute("classname"), "verify-host.rescue-config");
  EXPECT_EQ(suites[1]->childrenNamed("testcase")[0]->attribute("classname"),
            "verify-host.rescue-launchagent");
}

TEST(JunitReporter, SuitesCarryRunProperties) {
  ReportContext context = sampleContext();
  context.extra = {{"profile", "rescue"}};
  const XmlParseResult parsed = renderAndParse(sampleResults(), context);
  ASSERT_TRUE(parsed.ok);
  const XmlElement* properties = parsed.root.childrenNamed("testsuite")[0]->child("properties");
  ASSERT_NE(properties, nullptr);
  std::map<std::string, std::string> found;
  for (const XmlElement* p : properties->childrenNamed("property")) {
    found[p->attribute("name")] = p->attribute("value");
  }
  EXPECT_EQ(found, (std::map<std::string, std::string>{
                       {"version", "0.1.0"}, {"mode", "static"}, {"home", "/home/alice"}, {"profile", "rescue"}}));
}

TEST(JunitReporter, FailureCarriesMessageRequirementsEvidenceAndFix) {
  const XmlParseResult parsed = renderAndParse(sampleResults(), sampleContext());
  ASSERT_TRUE(parsed.ok);
  const XmlElement* testcase = findCase(parsed.root, "rescue.launchd.label");
  ASSERT_NE(testcase, nullptr);
  EXPECT_EQ(testcase->attribute("time"), "0.002");
  const XmlElement* failure = testcase->child("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->attribute("message"), "LaunchAgent ai.openclaw.rescue is missing");
  EXPECT_EQ(failure->attribute("type"), "fail");
  EXPECT_EQ(failure->text,
            "LaunchAgent ai.openclaw.rescue is missing\n"
            "requirements: R2, G3\n"
            "/home/alice/Library/LaunchAgents/ai.openclaw.rescue.plist: Label = absent\n"
            "fix: openclaw --profile rescue gateway install");
}

TEST(JunitReporter, PassSkipAndWarnShapes) {
  const XmlParseResult parsed = renderAndParse(sampleResults(), sampleContext());
  ASSERT_TRUE(parsed.ok);
  const XmlElement* pass = findCase(parsed.root, "rescue.config.gateway-port");
  ASSERT_NE(pass, nullptr);
  EXPECT_EQ(pass->child("failure"), nullptr);
  EXPECT_EQ(pass->child("skipped"), nullptr);
  ASSERT_NE(pass->child("system-out"), nullptr);
  EXPECT_EQ(pass->child("system-out")->text, "gateway.port is 19001");

  const XmlElement* skip = findCase(parsed.root, "rescue.live.health");
  ASSERT_NE(skip, nullptr);
  ASSERT_NE(skip->child("skipped"), nullptr);
  EXPECT_EQ(skip->child("skipped")->attribute("message"), "not run in static mode");

  const XmlElement* warn = findCase(parsed.root, "rescue.config.file-mode");
  ASSERT_NE(warn, nullptr);
  EXPECT_EQ(warn->child("failure"), nullptr);
  ASSERT_NE(warn->child("system-out"), nullptr);
  EXPECT_EQ(warn->child("system-out")->text,
            "WARNING: openclaw.json is group-readable\n"
            "requirements: S4\n"
            "/home/alice/.openclaw-rescue/openclaw.json: mode 0640\n"
            "fix: chmod 600 /home/alice/.openclaw-rescue/openclaw.json");
}

TEST(JunitReporter, WarningsAsFailuresTurnsWarningsIntoFailures) {
  const XmlParseResult parsed = renderAndParse(sampleResults(), sampleContext(), true);
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.root.attribute("failures"), "2");
  EXPECT_EQ(parsed.root.childrenNamed("testsuite")[0]->attribute("failures"), "1");
  const XmlElement* warn = findCase(parsed.root, "rescue.config.file-mode");
  ASSERT_NE(warn, nullptr);
  ASSERT_NE(warn->child("failure"), nullptr);
  EXPECT_EQ(warn->child("failure")->attribute("type"), "warn");
  EXPECT_EQ(warn->child("failure")->attribute("message"), "openclaw.json is group-readable");
}

TEST(JunitReporter, EscapesMarkupInEveryPosition) {
  std::vector<CheckResult> results(1);
  results[0].id = "id<&>\"'";
  results[0].area = "Area <&> \"x\"";
  results[0].status = CheckStatus::Fail;
  results[0].message = "a < b && c > \"d\" 'e' ]]> end\nsecond line";
  results[0].evidence = {{"/p&q", "<key>", "</failure>"}};
  results[0].remediation = "echo '<x/>' > /dev/null";
  ReportContext context = sampleContext();
  context.home = "/home/<&>";
  const XmlParseResult parsed = renderAndParse(results, context);
  ASSERT_TRUE(parsed.ok);
  const XmlElement& suite = *parsed.root.childrenNamed("testsuite")[0];
  EXPECT_EQ(suite.attribute("name"), "Area <&> \"x\"");
  const XmlElement* testcase = suite.child("testcase");
  ASSERT_NE(testcase, nullptr);
  EXPECT_EQ(testcase->attribute("name"), "id<&>\"'");
  EXPECT_EQ(testcase->attribute("classname"), "verify-host.area-x");
  const XmlElement* failure = testcase->child("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->attribute("message"), results[0].message) << "newline kept via &#10;";
  EXPECT_EQ(failure->text, results[0].message + "\n/p&q: <key> = </failure>\nfix: " + results[0].remediation);
}

TEST(JunitReporter, IllegalCharactersAndInvalidUtf8StayWellFormed) {
  std::vector<CheckResult> results(2);
  results[0].id = "ctl";
  results[0].status = CheckStatus::Fail;
  results[0].message = harness::testing::bytes("a\x01\x08\x0b\x0c\x0e\x1f\x1b[0m b\0c");
  results[0].evidence = {{"/bad\xFF\xFE", "k\xC0\xAF", "\xED\xA0\x80"}};
  results[1].id = "utf8\xE2\x82";
  results[1].area = "Ar\x01" "ea";
  results[1].status = CheckStatus::Skip;
  results[1].message = "\xEF\xBF\xBF nonchar, \xF0\x9F\x94\x91 key";
  const XmlParseResult parsed = renderAndParse(results, sampleContext());
  ASSERT_TRUE(parsed.ok);
  const XmlElement* failure = findCase(parsed.root, "ctl")->child("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->attribute("message").substr(0, 13), "a\\x01\\x08\\x0b");
  const XmlElement* skip = findCase(parsed.root, "utf8\xEF\xBF\xBD\xEF\xBF\xBD");
  ASSERT_NE(skip, nullptr);
  EXPECT_EQ(skip->child("skipped")->attribute("message"),
            "\xEF\xBF\xBD nonchar, \xF0\x9F\x94\x91 key");
}

TEST(JunitReporter, EmptyRunIsWellFormed) {
  const XmlParseResult parsed = renderAndParse({}, ReportContext());
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.root.attribute("tests"), "0");
  EXPECT_TRUE(parsed.root.children.empty());
}

// Cross-checks the mini parser with a real one where the machine has it.
TEST(JunitReporter, XmllintAcceptsHostileOutputWhenAvailable) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) GTEST_SKIP() << "xmllint not installed";
  std::vector<CheckResult> results = sampleResults();
  results[1].message = harness::testing::bytes("x\x01\x1b<&>\"' \xFF\xC0\xAF\xED\xA0\x80 \xEF\xBF\xBE\0z");
  results[1].area = "Ar\x02<a>";
  results[1].evidence.push_back({"/\x0c", "]]>", "\x7f\xC2\x85"});
  harness::testing::ScopedTempDir dir("junit");
  const auto path = dir.path() / "report.xml";
  for (bool strict : {false, true}) {
    harness::testing::writeFile(path, JunitReporter(strict).render(results, sampleContext(), Redactor()));
    const std::string command = "xmllint --noout '" + path.string() + "' 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << harness::testing::readFile(path);
  }
}

TEST(MiniXml, RejectsMalformedDocuments) {
  EXPECT_TRUE(parseXml("<a x=\"1\"><b/>t&amp;</a>").ok);
  EXPECT_FALSE(parseXml("<a><b></a></b>").ok);
  EXPECT_FALSE(parseXml("<a>&</a>").ok);
  EXPECT_FALSE(parseXml("<a x=\"<\"/>").ok);
  EXPECT_FALSE(parseXml("<a>\x01</a>").ok);
  EXPECT_FALSE(parseXml("<a>\xFF</a>").ok);
  EXPECT_FALSE(parseXml("<a>&#1;</a>").ok);
  EXPECT_FALSE(parseXml("<a></a><b/>").ok);
  EXPECT_FALSE(parseXml("<a x=\"1\" x=\"2\"/>").ok);
}

}  // namespace
}  // namespace harness
