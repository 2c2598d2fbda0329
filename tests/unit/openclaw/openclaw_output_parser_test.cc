// Parsers on recorded outputs of the real releases 2026.3.24 and 2026.9.6 (testdata/README.md),
// plus the malformed inputs each parser must reject.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/openclaw/openclaw_output_parser.h"

namespace harness {
namespace {

using ::testing::HasSubstr;

struct Recorded {
  std::string out, err;
  int rc = -1;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Recorded recorded(const std::string& release, const std::string& name) {
  const std::string base = std::string(OPENCLAW_TESTDATA_DIR) + "/" + release + "/" + name;
  Recorded r;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  r.rc = std::stoi(slurp(base + ".rc"));
  return r;
}

TEST(OpenClawOutputParser, VersionOfBothReleases) {
  EXPECT_EQ(parseVersionOutput(recorded("2026.3.24", "version").out).value(), "2026.3.24");
  EXPECT_EQ(parseVersionOutput(recorded("2026.9.6", "version").out).value(), "2026.9.6");
  EXPECT_EQ(parseVersionOutput("OpenClaw 2026.9.6 (fake)\n").value(), "2026.9.6");
  EXPECT_EQ(parseVersionOutput("2026.8.1\n").value(), "2026.8.1");
  EXPECT_EQ(parseVersionOutput("\x1b[1mOpenClaw\x1b[0m 2026.3.24 (cff6dc9)").value(), "2026.3.24");
  EXPECT_FALSE(parseVersionOutput("error: unknown option '--version'"));
  EXPECT_FALSE(parseVersionOutput(""));
}

TEST(OpenClawOutputParser, StripAnsiAndExtractJson) {
  EXPECT_EQ(stripAnsi("\x1b[31mred\x1b[0m and \x1b[1;32mbold\x1b[m"), "red and bold");
  EXPECT_EQ(stripAnsi("no escapes"), "no escapes");
  auto j = extractJsonObject("Config warnings: x\n[plugins] y\n{\n  \"ok\": true\n}\n");
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["ok"], true);
  EXPECT_FALSE(extractJsonObject("no json here\n"));
  EXPECT_FALSE(extractJsonObject("{ broken"));
  EXPECT_FALSE(extractJsonObject("[1,2]"));
}

TEST(OpenClawOutputParser, ConfigValidateRecorded324) {
  auto valid = recorded("2026.3.24", "validate-valid");
  auto v = parseConfigValidateOutput(valid.rc, valid.out, valid.err);
  ASSERT_TRUE(v) << v.error().describe();
  EXPECT_TRUE(v->valid);
  EXPECT_TRUE(v->warnings.empty());
  EXPECT_EQ(v->raw["path"], "/Users/me/.openclaw-rescue/openclaw.json");

  auto invalid = recorded("2026.3.24", "validate-invalid");
  v = parseConfigValidateOutput(invalid.rc, invalid.out, invalid.err);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
  ASSERT_EQ(v->issues.size(), 1u);
  EXPECT_EQ(v->issues[0].first, "gateway");
  EXPECT_EQ(v->issues[0].second, "Unrecognized key: \"bogusKey\"");

  auto missing = recorded("2026.3.24", "validate-missing");
  v = parseConfigValidateOutput(missing.rc, missing.out, missing.err);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(v->error, "file not found");

  auto unparsable = recorded("2026.3.24", "validate-unparsable");
  v = parseConfigValidateOutput(unparsable.rc, unparsable.out, unparsable.err);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(v->issues.at(0).first, "<root>");
}

TEST(OpenClawOutputParser, ConfigValidateRecorded96) {
  auto valid = recorded("2026.9.6", "validate-valid");
  auto v = parseConfigValidateOutput(valid.rc, valid.out, valid.err);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->valid);
  ASSERT_EQ(v->warnings.size(), 1u);
  EXPECT_EQ(v->warnings[0].first, "agents.entries");
  EXPECT_EQ(v->warnings[0].second, "Moved agents.list to keyed agents.entries.");

  auto invalid = recorded("2026.9.6", "validate-invalid");
  v = parseConfigValidateOutput(invalid.rc, invalid.out, invalid.err);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(v->error, "OpenClaw config is invalid: ~/.openclaw-rescue/openclaw.json");
  EXPECT_EQ(v->issues.at(0).second, "Unrecognized key: \"bogusKey\"");

  auto missing = recorded("2026.9.6", "validate-missing");
  v = parseConfigValidateOutput(missing.rc, missing.out, missing.err);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
  EXPECT_EQ(v->error, "file not found");
}

TEST(OpenClawOutputParser, ConfigValidateRejectsTextOutput) {
  // Text mode (no --json) is not what the backend asks for: an Error, with the CLI's text.
  auto text = recorded("2026.9.6", "validate-invalid-text");
  auto v = parseConfigValidateOutput(text.rc, text.out, text.err);
  ASSERT_FALSE(v);
  EXPECT_THAT(v.error().message, HasSubstr("OpenClaw config is invalid"));
  // A valid flag that disagrees with the exit code is not trusted.
  v = parseConfigValidateOutput(1, R"({"valid":true,"path":"/x"})", "");
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->valid);
}

TEST(OpenClawOutputParser, SecurityAuditRecordedBothReleases) {
  for (const char* release : {"2026.3.24", "2026.9.6"}) {
    auto audit = recorded(release, "audit");
    EXPECT_EQ(audit.rc, 0);
    auto a = parseSecurityAuditJson(audit.out);
    ASSERT_TRUE(a) << release;
    EXPECT_EQ(a->critical, 0) << release;
    EXPECT_EQ(a->warn, 3) << release;
    EXPECT_EQ(a->info, 1) << release;
    ASSERT_EQ(a->findings.size(), 4u) << release;
    EXPECT_EQ(a->findings[0].checkId, "summary.attack_surface");
    EXPECT_EQ(a->findings[1].severity, "warn");
    EXPECT_EQ(a->findings[1].title, "Reverse proxy headers are not trusted");
  }
  EXPECT_FALSE(parseSecurityAuditJson(R"({"findings":[]})"));
  EXPECT_FALSE(parseSecurityAuditJson("OpenClaw security audit\nSummary: 0 critical"));
}

TEST(OpenClawOutputParser, StatusJsonRecordedBothReleases) {
  auto s324 = parseGatewayStatusJson(recorded("2026.3.24", "label-status-json").out, "ai.openclaw.rescue");
  ASSERT_TRUE(s324) << s324.error().describe();
  EXPECT_FALSE(s324->loaded);
  EXPECT_FALSE(s324->running);
  EXPECT_TRUE(s324->installed) << "a plist exists (service.command is set)";
  EXPECT_EQ(s324->label, "ai.openclaw.gateway.rescue") << "label from service.command.sourcePath";
  EXPECT_EQ(s324->port, 19001);
  EXPECT_EQ(s324->rpcOk, false);

  auto s96 = parseGatewayStatusJson(recorded("2026.9.6", "label-status-json").out, "ai.openclaw.gateway.rescue");
  ASSERT_TRUE(s96);
  EXPECT_FALSE(s96->installed);
  EXPECT_FALSE(s96->loaded);
  EXPECT_EQ(s96->label, "ai.openclaw.gateway.rescue");
  EXPECT_EQ(s96->raw["service"]["targetRole"], "diagnostic-only");

  auto running = parseGatewayStatusJson(
      R"({"service":{"label":"LaunchAgent","loaded":true,"command":null,"runtime":{"status":"running","pid":4242}},)"
      R"("gateway":{"port":19001},"rpc":{"ok":true,"url":"ws://127.0.0.1:19001"}})",
      "ai.openclaw.rescue");
  ASSERT_TRUE(running);
  EXPECT_TRUE(running->installed);
  EXPECT_TRUE(running->running);
  EXPECT_EQ(running->pid, 4242);
  EXPECT_EQ(running->rpcOk, true);

  // Text status output, or JSON without a service object, is not a status.
  EXPECT_FALSE(parseGatewayStatusJson(recorded("2026.3.24", "label-status").out, "x"));
  EXPECT_FALSE(parseGatewayStatusJson(R"({"gateway":{}})", "x"));
}

TEST(OpenClawOutputParser, ActionOutputsRecorded) {
  // 3.24 start on a label with no plist: exit 0 but nothing started.
  auto start = recorded("2026.3.24", "label-start-json");
  auto o = parseGatewayActionOutput(GatewayAction::Start, start.rc, start.out, start.err);
  EXPECT_FALSE(o.ok);
  EXPECT_FALSE(o.refused);
  EXPECT_THAT(o.message, HasSubstr("Gateway service not loaded."));
  // The same result for stop is fine: nothing to stop.
  o = parseGatewayActionOutput(GatewayAction::Stop, 0, R"({"action":"stop","ok":true,"result":"not-loaded","message":"Gateway service not loaded."})", "");
  EXPECT_TRUE(o.ok);

  // 3.24 rejects --force.
  auto force = recorded("2026.3.24", "label-stop-force-json");
  o = parseGatewayActionOutput(GatewayAction::Stop, force.rc, force.out, force.err);
  EXPECT_FALSE(o.ok);
  EXPECT_TRUE(o.refused);
  EXPECT_EQ(o.message, "error: unknown option '--force'");

  // 9.6 label refusals: JSON cli_error (start/stop) and plain stderr (install/restart).
  auto label = recorded("2026.9.6", "label-start-json");
  o = parseGatewayActionOutput(GatewayAction::Start, label.rc, label.out, label.err);
  EXPECT_FALSE(o.ok);
  EXPECT_TRUE(o.refused);
  EXPECT_THAT(o.message, HasSubstr("named profiles cannot override OPENCLAW_LAUNCHD_LABEL"));
  for (const char* name : {"label-install", "label-restart", "label-stop-force", "label-stop-force-json"}) {
    auto r = recorded("2026.9.6", name);
    o = parseGatewayActionOutput(GatewayAction::Restart, r.rc, r.out, r.err);
    EXPECT_TRUE(o.refused) << name;
    EXPECT_FALSE(o.ok) << name;
    EXPECT_THAT(o.message, HasSubstr("service management skipped")) << name;
  }

  // 9.6 non-interactive stop without --force.
  auto noforce = recorded("2026.9.6", "stop-noforce");
  o = parseGatewayActionOutput(GatewayAction::Stop, noforce.rc, noforce.out, noforce.err);
  EXPECT_TRUE(o.refused);
  EXPECT_THAT(o.message, HasSubstr("re-run with --force"));

  // Successes, text and JSON.
  o = parseGatewayActionOutput(GatewayAction::Stop, 0, "Stopped LaunchAgent: gui/501/ai.openclaw.rescue\n", "");
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(o.message, "Stopped LaunchAgent: gui/501/ai.openclaw.rescue");
  o = parseGatewayActionOutput(GatewayAction::Restart, 0,
                               R"({"action":"restart","ok":true,"result":"restarted","message":"Restarted LaunchAgent: gui/501/x"})", "");
  EXPECT_TRUE(o.ok);
  EXPECT_FALSE(o.refused);
  // A plain failure is not a refusal.
  o = parseGatewayActionOutput(GatewayAction::Install, 1, R"({"action":"install","ok":false,"error":"Gateway install failed: Error: launchctl bootstrap failed: Bootstrap failed: 5: Input/output error"})", "");
  EXPECT_FALSE(o.ok);
  EXPECT_FALSE(o.refused);
  EXPECT_THAT(o.message, HasSubstr("Bootstrap failed: 5"));
}

TEST(OpenClawOutputParser, ChannelsStatus) {
  auto s = parseChannelsStatusJson(
      R"({"channelAccounts":{"discord":[{"accountId":"default","connected":true,"bot":{"id":"1","username":"Bot"},"lastError":null}]}})");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->discord.size(), 1u);
  EXPECT_TRUE(s->discord[0].connected);
  EXPECT_EQ(s->discord[0].botId, "1");
  EXPECT_EQ(s->discord[0].botName, "Bot");
  EXPECT_EQ(s->discord[0].lastError, "");
  s = parseChannelsStatusJson(R"({"channelAccounts":{"discord":[{"accountId":"default","connected":false,"lastError":"4004"}]}})");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->discord[0].connected);
  EXPECT_EQ(s->discord[0].lastError, "4004");
  EXPECT_FALSE(parseChannelsStatusJson(R"({"ok":false,"error":{"message":"gateway closed"}})"));
}

TEST(OpenClawOutputParser, RefusalTexts) {
  EXPECT_TRUE(isRefusalText("error: unknown option '--force'"));
  EXPECT_TRUE(isRefusalText("OpenClaw does not recognize option \"--force\"."));
  EXPECT_TRUE(isRefusalText("Gateway install blocked: Error: service management skipped: named profiles ..."));
  EXPECT_FALSE(isRefusalText("Gateway service not loaded."));
  EXPECT_FALSE(isRefusalText("launchctl bootstrap failed: Bootstrap failed: 5: Input/output error"));
}

}  // namespace
}  // namespace harness
