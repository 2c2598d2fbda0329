#include "harness/report/json_reporter.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "tests/unit/report/report_fixtures.h"

namespace harness {
namespace {

using harness::testing::sampleContext;
using harness::testing::sampleResults;
using nlohmann::json;

json renderAndParse(const std::vector<CheckResult>& results, const ReportContext& context,
                    const Redactor& redactor = Redactor()) {
  const std::string text = JsonReporter().render(results, context, redactor);
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << text;
  return doc;
}

TEST(JsonReporter, HasTheDocumentedTopLevelFieldsInOrder) {
  const std::string text = JsonReporter().render(sampleResults(), sampleContext(), Redactor());
  const auto ordered = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& item : ordered.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"schemaVersion", "tool", "version", "mode", "home",
                                            "timestamp", "durationMs", "checks", "summary"}));
  EXPECT_EQ(text.rfind("{\n  \"schemaVersion\": 1,\n", 0), 0u) << "pretty-printed with 2 spaces";
  EXPECT_EQ(text.back(), '\n');

  const json doc = json::parse(text);
  EXPECT_EQ(doc["schemaVersion"], 1);
  EXPECT_EQ(doc["tool"], "verify-host");
  EXPECT_EQ(doc["version"], "0.1.0");
  EXPECT_EQ(doc["mode"], "static");
  EXPECT_EQ(doc["home"], "/home/alice");
  EXPECT_EQ(doc["timestamp"], "2026-11-24T10:15:00Z");
  EXPECT_DOUBLE_EQ(doc["durationMs"].get<double>(), 12.3);
  EXPECT_FALSE(doc.contains("extra"));
}

TEST(JsonReporter, SerialisesEveryCheckField) {
  const json doc = renderAndParse(sampleResults(), sampleContext());
  ASSERT_TRUE(doc["checks"].is_array());
  ASSERT_EQ(doc["checks"].size(), 4u);
  const json& fail = doc["checks"][1];
  EXPECT_EQ(fail["id"], "rescue.launchd.label");
  EXPECT_EQ(fail["area"], "Rescue LaunchAgent");
  EXPECT_EQ(fail["requirements"], json({"R2", "G3"}));
  EXPECT_EQ(fail["status"], "fail");
  EXPECT_EQ(fail["message"], "LaunchAgent ai.openclaw.rescue is missing");
  ASSERT_EQ(fail["evidence"].size(), 1u);
  EXPECT_EQ(fail["evidence"][0]["file"], "/home/alice/Library/LaunchAgents/ai.openclaw.rescue.plist");
  EXPECT_EQ(fail["evidence"][0]["key"], "Label");
  EXPECT_EQ(fail["evidence"][0]["detail"], "absent");
  EXPECT_EQ(fail["remediation"], "openclaw --profile rescue gateway install");
  EXPECT_DOUBLE_EQ(fail["durationMs"].get<double>(), 1.5);

  const std::vector<std::string> expected = {"pass", "fail", "warn", "skip"};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(doc["checks"][i]["status"], expected[i]);
  EXPECT_EQ(doc["checks"][3]["evidence"], json::array());
  EXPECT_EQ(doc["checks"][0]["remediation"], "");
}

TEST(JsonReporter, SummaryCountsEachStatus) {
  std::vector<CheckResult> results = sampleResults();
  results.push_back(results[1]);  // a second failure
  const json doc = renderAndParse(results, sampleContext());
  EXPECT_EQ(doc["summary"], json({{"pass", 1}, {"fail", 2}, {"warn", 1}, {"skip", 1}, {"total", 5}}));
}

TEST(JsonReporter, EmptyRunIsStillTheFullSchema) {
  const json doc = renderAndParse({}, ReportContext());
  EXPECT_EQ(doc["checks"], json::array());
  EXPECT_EQ(doc["summary"]["total"], 0);
  EXPECT_EQ(doc["version"], "");
}

TEST(JsonReporter, ExtraAppearsOnlyWhenSet) {
  ReportContext context = sampleContext();
  context.extra = {{"profile", "rescue"}, {"port", "19001"}};
  const json doc = renderAndParse(sampleResults(), context);
  EXPECT_EQ(doc["extra"], json({{"port", "19001"}, {"profile", "rescue"}}));
}

TEST(JsonReporter, NonFiniteDurationsBecomeZero) {
  std::vector<CheckResult> results(1);
  results[0].durationMs = std::numeric_limits<double>::quiet_NaN();
  ReportContext context;
  context.durationMs = -std::numeric_limits<double>::infinity();
  const json doc = renderAndParse(results, context);
  EXPECT_EQ(doc["durationMs"], 0.0);
  EXPECT_EQ(doc["checks"][0]["durationMs"], 0.0);
}

TEST(JsonReporter, ControlCharactersAndInvalidUtf8StayValidJson) {
  std::vector<CheckResult> results(1);
  results[0].id = "bad\xFF\xFE.id";
  static constexpr char kMessage[] = "ctl \x01\x1b[31m\"quote\" \\ nul\0end \xC3\x28 \xED\xA0\x80";
  results[0].message = std::string(kMessage, sizeof kMessage - 1);
  results[0].evidence = {{"/tmp/\xC0\xAF", "k\x1b" "y", "d\tv\n"}};
  ReportContext context;
  context.home = "/home/\x80";
  const std::string text = JsonReporter().render(results, context, Redactor());
  const json doc = json::parse(text, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << text;
  const std::string message = doc["checks"][0]["message"];
  EXPECT_NE(message.find("ctl \x01\x1b[31m\"quote\" \\ nul"), std::string::npos);
  EXPECT_NE(message.find(std::string("nul\0end", 7)), std::string::npos);
  EXPECT_NE(message.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(text.find("\\u001b"), std::string::npos) << "control characters are escaped";
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(doc["home"], "/home/\xEF\xBF\xBD");
}

}  // namespace
}  // namespace harness
