// The pure parts of the contract and drift runners: which keys the runbook sets, whether a
// release's JSON Schema still has them, and how GoogleTest's report becomes drift results.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lab/upgrade/contract_runner.h"
#include "lab/upgrade/drift_runner.h"

namespace harness::upgrade {
namespace {

using nlohmann::json;

TEST(ConfigKeyPaths, LeavesAndArraysOfObjects) {
  const json config = {{"gateway", {{"port", 19001}, {"auth", {{"mode", "token"}, {"token", "x"}}}}},
                       {"agents", {{"list", json::array({{{"id", "rescue"}, {"subagents", {{"allowAgents", {"*"}}}}}})}}},
                       {"empty", json::object()}};
  EXPECT_EQ(configKeyPaths(config),
            (std::vector<std::string>{"agents.list[].id", "agents.list[].subagents.allowAgents", "empty",
                                      "gateway.auth.mode", "gateway.auth.token", "gateway.port"}));
}

const json& schema() {
  static const json s = json::parse(R"({
    "type": "object",
    "properties": {
      "gateway": {"type": "object", "properties": {"port": {"type": "integer"},
                  "auth": {"anyOf": [{"type": "object", "properties": {"token": {"type": "string"}}}]}}},
      "agents": {"type": "object", "properties": {
        "list": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
        "entries": {"type": "object", "additionalProperties": {"type": "object", "properties": {"agentDir": {}}}}}},
      "plugins": {"type": "object", "properties": {"entries": {"type": "object",
                  "patternProperties": {"^.*$": {"type": "object", "properties": {"enabled": {}}}}}}}
    }
  })");
  return s;
}

TEST(SchemaHasKeyPath, FollowsPropertiesCombinatorsItemsAndMaps) {
  for (const char* present : {"gateway.port", "gateway.auth.token", "agents.list[].id", "agents.entries.rescue.agentDir",
                              "plugins.entries.acpx.enabled"}) {
    EXPECT_TRUE(schemaHasKeyPath(schema(), present)) << present;
  }
}

TEST(SchemaHasKeyPath, MissingKeysAreReported) {
  for (const char* absent : {"gateway.bind", "agents.list[].agentDir", "tools.exec.security", "gateway.port.x",
                             "agents.entries.rescue.workspace"}) {
    EXPECT_FALSE(schemaHasKeyPath(schema(), absent)) << absent;
  }
  EXPECT_FALSE(schemaHasKeyPath(json("not a schema"), "gateway"));
}

TEST(ScenarioResults, PassFailRefusedAndSkippedWithRequirements) {
  const json report = json::parse(R"({"testsuites": [{"name": "RealOpenClaw/IsolationScenario", "testsuite": [
    {"name": "MainStopLeavesRescueServing/openclaw_2026_3_24", "status": "RUN", "result": "COMPLETED",
     "time": "12.5s", "requirements": "G1,R24"},
    {"name": "RescueRestartLeavesMainServing/openclaw_2026_9_6", "status": "RUN", "result": "COMPLETED", "time": "3s",
     "requirements": "G2,R25", "outcome": "refused",
     "refusal": "service management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL",
     "failures": [{"failure": "/src/scenarios/lifecycle_scenarios_test.cc:100\nValue of: runbookCommand(Which::Rescue, GatewayAction::Restart)\n  Actual: false (openclaw gateway restart failed (exit 1, refused by the release): service management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL)\nExpected: true", "type": ""}]},
    {"name": "SharedLogFilesAreAFinding/openclaw_2026_9_6", "status": "RUN", "result": "COMPLETED", "time": "1s",
     "failures": [{"failure": "/src/scenarios/finding_scenarios_test.cc:90\nExpected equality of these values:\n  a\n  b", "type": ""}]},
    {"name": "BothComeBackAfterAReboot/openclaw_2026_8_1", "status": "RUN", "result": "SKIPPED", "time": "0s"},
    {"name": "TextThatOnlyLooksLikeARefusal/openclaw_2026_9_6", "status": "RUN", "result": "COMPLETED", "time": "1s",
     "failures": [{"failure": "x.cc:1\nActual: false (gateway stop failed (exit 1, refused by the release): no) x", "type": ""}]}
  ]}]})");
  auto results = scenarioResultsFromGtestJson(report);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].id, "scenario.MainStopLeavesRescueServing");
  EXPECT_EQ(results[0].status, DriftStatus::Pass);
  EXPECT_EQ(results[0].requirements, (std::vector<std::string>{"G1", "R24"}));
  EXPECT_DOUBLE_EQ(results[0].seconds, 12.5);
  EXPECT_EQ(results[1].status, DriftStatus::Refused);
  EXPECT_EQ(results[1].message, "service management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL");
  EXPECT_EQ(results[2].status, DriftStatus::Fail);
  EXPECT_EQ(results[2].message.find("/src/"), std::string::npos) << "file:line is not part of the message";
  EXPECT_NE(results[2].message.find("Expected equality"), std::string::npos);
  EXPECT_EQ(results[3].status, DriftStatus::Skipped);
  EXPECT_EQ(results[4].status, DriftStatus::Fail) << "a refusal is the recorded outcome, never matched in the text";
}

TEST(ScenarioResults, ARunOutWaitOrANetworkErrorIsTheEnvironment) {
  const json report = json::parse(R"({"testsuites": [{"name": "RealOpenClaw/IsolationScenario", "testsuite": [
    {"name": "MainStopLeavesRescueServing/openclaw_2026_9_6", "status": "RUN", "result": "COMPLETED", "time": "90s",
     "failures": [{"failure": "/src/scenarios/lifecycle_scenarios_test.cc:80\nValue of: waitFor(...)\n  Actual: false (timed out after 45000 ms waiting for: rescue serving)\nExpected: true", "type": ""}]},
    {"name": "BothGatewaysComeUpAsTheRunbookDescribes/openclaw_2026_9_6", "status": "RUN", "result": "COMPLETED", "time": "9s",
     "failures": [{"failure": "/src/x.cc:1\ngateway install failed: npm error code ECONNRESET", "type": ""}]},
    {"name": "DailyStatusCommandsReportTheirOwnGateway/openclaw_2026_9_6", "status": "RUN", "result": "COMPLETED", "time": "9s",
     "failures": [{"failure": "/src/x.cc:1\nExpected equality of these values:\n  pid\n  other", "type": ""}]}
  ]}]})");
  auto results = scenarioResultsFromGtestJson(report);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].status, DriftStatus::Environment) << results[0].message;
  EXPECT_NE(results[0].message.find("timed out after"), std::string::npos);
  EXPECT_EQ(results[1].status, DriftStatus::Environment) << results[1].message;
  EXPECT_EQ(results[2].status, DriftStatus::Fail);
}

TEST(ScenarioResults, FilterSelectsEachNamedScenarioOnTheRealReleaseBackend) {
  EXPECT_EQ(realReleaseFilter("*"), "RealOpenClaw/*.*/*");
  EXPECT_EQ(realReleaseFilter("MainStop*:DailyStatus*"), "RealOpenClaw/*.MainStop*/*:RealOpenClaw/*.DailyStatus*/*");
  EXPECT_EQ(realReleaseFilter(""), "RealOpenClaw/*");
}

TEST(ScenarioResults, MalformedReportsGiveNoResultsNotACrash) {
  for (const char* text : {"{}", "[]", R"({"testsuites": 3})", R"({"testsuites": [{"testsuite": [1, "x", {}]}]})"}) {
    EXPECT_TRUE(scenarioResultsFromGtestJson(json::parse(text)).empty()) << text;
  }
}

}  // namespace
}  // namespace harness::upgrade
