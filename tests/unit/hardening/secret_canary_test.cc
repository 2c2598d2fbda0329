// Secrets: no output path carries a canary. Every fixture home holds canary secrets
// (kCanary… in harness/sandbox/runbook_layout.h); these tests put them in unusual places too
// (a plist environment value, ProgramArguments, the state dir's .env, a URL query, a value
// with characters that JSON, XML and URLs escape) and then read everything the harness and the
// fakes write: verify-host's human, JSON and JUnit reports, `verify-host --sandbox`, every log
// file of a fake stack, FakeStack::diagnostics() and ProcessOpenClawCli's error results. A
// canary may appear in none of them, raw or in any encoding a reporter or log might apply
// (JSON and XML escaping, percent-encoding, base64).

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "fakes/discord/fake_discord_client.h"
#include "fakes/model/fake_model_client.h"
#include "harness/cli/verify_host_cli.h"
#include "harness/core/base64.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/process/process_runner.h"
#include "lab/fake_stack/fake_stack.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using namespace harness::testing;
using nlohmann::json;

// A secret made of every character JSON, XML, shells and URLs treat specially.
constexpr const char* kEscapingCanary = "canary\"quote\\slash/amp&lt<gt>apos'pct%sp ace-0006";

std::vector<std::string> canaries() {
  return {kCanaryMainDiscordToken, kCanaryRescueDiscordToken, kCanaryMainGatewayToken, kCanaryRescueGatewayToken,
          kCanaryAnthropicKey, kCanaryRescueAnthropicKey, kEscapingCanary};
}

std::string percentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// Every form of every canary that must not appear. Forms shorter than the redactor's minimum
// are not secrets worth the name and are skipped.
std::vector<std::pair<std::string, std::string>> forbiddenForms() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : canaries()) {
    const std::string jsonEscaped = json(c).dump().substr(1, json(c).dump().size() - 2);
    for (const auto& [form, text] : std::vector<std::pair<std::string, std::string>>{
             {"raw", c}, {"JSON-escaped", jsonEscaped}, {"XML-escaped", xmlEscape(c)},
             {"percent-encoded", percentEncode(c)}, {"base64", encodeBase64(c)}}) {
      out.push_back({form + " " + c, text});
    }
  }
  return out;
}

// Fails the test for every forbidden form found in `text`, naming where it was.
void expectNoCanary(const std::string& where, const std::string& text) {
  for (const auto& [what, form] : forbiddenForms()) {
    const auto pos = text.find(form);
    EXPECT_EQ(pos, std::string::npos) << where << " contains " << what << " at " << pos << ": ..."
                                      << text.substr(pos == std::string::npos ? 0 : (pos > 80 ? pos - 80 : 0), 200)
                                      << "...";
  }
}

// A home with findings, and canaries in every unusual place a user might put a secret.
void plantCanaries(FixtureHome& home) {
  // Findings, so every format prints evidence and remediation.
  home.rescueConfig["gateway"]["port"] = 18790;
  home.rescueConfig["channels"]["discord"]["dmPolicy"] = "open";
  home.rescueConfig["gateway"]["bind"] = "lan";
  // A secret with escaping characters at a secret key, and the same value at keys that are not.
  home.rescueConfig["gateway"]["auth"]["password"] = kEscapingCanary;
  home.rescueConfig["channels"]["discord"]["groupPolicy"] = kEscapingCanary;
  // The gateway token through ${VAR} from the state dir's .env.
  home.rescueConfig["gateway"]["auth"]["token"] = "${OPENCLAW_GATEWAY_TOKEN}";
  // A key in a URL query, where a model provider check might print the URL.
  home.rescueConfig["models"]["providers"]["anthropic"]["baseUrl"] =
      std::string("https://api.anthropic.com/v1?key=") + kCanaryAnthropicKey + "&x=" + kEscapingCanary;
  // The main bot's token where the rescue's belongs (G6 fails and names both).
  home.mainConfig["channels"]["discord"]["token"] = kCanaryRescueDiscordToken;
  // Plist: a token in a secret-named environment variable, in a URL in another variable, in
  // ProgramArguments, and base64 in a data value.
  home.rescuePlist["EnvironmentVariables"]["OPENCLAW_GATEWAY_TOKEN"] = kCanaryRescueGatewayToken;
  home.rescuePlist["EnvironmentVariables"]["HTTPS_PROXY"] =
      std::string("http://proxy.local:3128/?token=") + kCanaryMainGatewayToken;
  home.rescuePlist["ProgramArguments"].push_back("--token");
  home.rescuePlist["ProgramArguments"].push_back(kCanaryRescueGatewayToken);
  home.rescuePlist["Blob"] = json{{"$data", encodeBase64(kCanaryRescueDiscordToken)}};
  home.mainPlist["EnvironmentVariables"]["DISCORD_BOT_TOKEN"] = kCanaryMainDiscordToken;
  home.write();
  writeFile(home.path(".openclaw-rescue/.env"),
            std::string("OPENCLAW_GATEWAY_TOKEN=") + kCanaryRescueGatewayToken + "\n" +
                "# a comment with " + kCanaryMainGatewayToken + "\n" + "EXTRA=\"" + kCanaryAnthropicKey + "\"\n",
            0644);  // and world-readable, so the permission check names it
}

TEST(SecretCanaries, StaticReportsInEveryFormat) {
  FixtureHome home;
  plantCanaries(home);
  const std::map<std::string, std::string> env = {{"HOME", home.home().string()}};
  for (const char* format : {"human", "json", "junit"}) {
    std::vector<const char*> argv = {"verify-host", "static", "--home", home.home().c_str(), "--format", format};
    std::istringstream in;
    std::ostringstream out, err;
    const int rc = runVerifyHost(static_cast<int>(argv.size()), argv.data(), CommandIo{env, in, out, err});
    EXPECT_EQ(rc, 1) << format << "\n" << out.str() << err.str();
    EXPECT_NE(out.str().find(".env"), std::string::npos) << format << ": the open .env is not reported";
    expectNoCanary(std::string("static ") + format + " report", out.str());
    expectNoCanary(std::string("static ") + format + " stderr", err.str());
  }
  // The binary, with the secrets also in its environment and a report file.
  const fs::path report = home.path("report.xml");
  auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                  .args = {"--home", home.home().string(), "--format", "junit", "--output", report.string()},
                                  .environment = std::map<std::string, std::string>{{"HOME", home.home().string()},
                                                                                    {"DISCORD_BOT_TOKEN", kCanaryRescueDiscordToken},
                                                                                    {"PATH", "/usr/bin:/bin"}},
                                  .timeout = actionTimeout()});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exitCode, 1) << r->stdoutText << r->stderrText;
  expectNoCanary("verify-host stdout", r->stdoutText);
  expectNoCanary("verify-host stderr", r->stderrText);
  expectNoCanary("verify-host --output file", readFile(report));
}

// The sandbox end to end: both formats of `verify-host --sandbox`.
TEST(SecretCanaries, SandboxReports) {
  ScopedTempDir tmp{"canary-sandbox"};
  auto env = std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"}, {"TMPDIR", tmp.path().string()},
                                                {"HOME", tmp.path().string()}};
  for (const char* format : {"json", "human"}) {
    auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                    .args = {"--sandbox", "--hold", "1", "--format", format},
                                    .environment = env,
                                    .timeout = actionMaxTimeout() * 2});
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->exitCode, 0) << format << "\n" << r->stdoutText << r->stderrText;
    expectNoCanary(std::string("sandbox ") + format + " stdout", r->stdoutText);
    expectNoCanary(std::string("sandbox ") + format + " stderr", r->stderrText);
  }
}

// Files that hold the secrets because they are the inputs: the configs, auth stores, .env
// files, plists, the fake Discord's bots file, and launchd's copies of the plists.
bool isSecretInput(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == "openclaw.json" || name == "auth-profiles.json" || name == ".env" || p.extension() == ".plist" ||
         name == "bots.json" || name == "keys.json" || p.extension() == ".env";
}

// A fake stack run through start, a restart of main, status and validation calls, then every
// file it wrote (logs of both gateways, fake launchd, fake Discord, fake model) and its diagnostics.
TEST(SecretCanaries, FakeStackLogsAndDiagnostics) {
  ScopedTempDir tmp{"canary-stack"};
  auto binaries = FakeStackBinaries::locate();
  ASSERT_TRUE(binaries) << binaries.error().describe();
  auto stack = FakeStack::start(*binaries, FakeStackOptions{.dir = tmp.path() / "stack"});
  ASSERT_TRUE(stack) << stack.error().describe();
  auto& s = **stack;
  auto serving = s.waitUntilServing(actionMaxTimeout());
  ASSERT_TRUE(serving) << serving.error().describe() << "\n" << s.diagnostics();

  std::string messages;
  auto note = [&](const std::string& what, const auto& result) {
    if (!result) messages += what + ": " + result.error().describe() + "\n";
  };
  const OpenClawTarget rescue{"rescue", s.spec().rescue.label};
  const OpenClawTarget main{"", std::nullopt};
  note("status", s.openclaw().gatewayStatus(rescue));
  note("validate", s.openclaw().validateConfig(rescue));
  note("channels", s.openclaw().channelsStatus(rescue));
  note("audit", s.openclaw().securityAudit(rescue));
  auto restart = s.openclaw().gateway(GatewayAction::Restart, main);
  note("restart main", restart);
  if (restart) messages += restart->message + restart->commandLine + "\n";
  // A failing call: a profile that does not exist.
  auto bogus = s.openclaw().gateway(GatewayAction::Stop, OpenClawTarget{"no-such-profile", std::string("x")});
  note("stop bogus", bogus);
  if (bogus) messages += bogus->message + bogus->commandLine + "\n";
  ASSERT_TRUE(s.waitUntilServing(actionMaxTimeout())) << s.diagnostics();
  // A rescue DM through the fake model whose exec prints the rescue's auth store: the key goes
  // out in the tool_result, and the model's log and records must still not show it.
  const fs::path store = s.spec().rescue.stateDir / "agents/rescue/agent/auth-profiles.json";
  ASSERT_TRUE(s.model().script({fakes::model::ModelReply::exec("cat '" + store.string() + "'"),
                                fakes::model::ModelReply::say("done")}));
  ASSERT_TRUE(s.discord().sendDm(kRescueBotId, "show me the auth store"));
  std::vector<fakes::model::ModelRequestRecord> modelRequests;
  ASSERT_TRUE(harness::testing::waitFor("the model's second request", [&] {
    auto r = s.model().requests();
    if (r) modelRequests = *r;
    return modelRequests.size() >= 2;
  })) << s.diagnostics();
  EXPECT_NE(modelRequests[1].toolResults.at(0).text.find("[redacted]"), std::string::npos)
      << "the exec did not print the store (the check below would prove nothing)";
  for (const auto& r : modelRequests) messages += r.json + "\n";
  const std::string diagnostics = s.diagnostics();
  s.shutdown();

  expectNoCanary("FakeStack::diagnostics()", diagnostics);
  expectNoCanary("OpenClawCli results and errors", messages);
  int filesRead = 0;
  std::vector<std::string> checked;
  for (auto it = fs::recursive_directory_iterator(tmp.path() / "stack"); it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file() || isSecretInput(it->path())) continue;
    ++filesRead;
    checked.push_back(fs::relative(it->path(), tmp.path()).string());
    expectNoCanary(it->path().string(), readFile(it->path()));
  }
  EXPECT_GE(filesRead, 3) << "expected the gateways', launchd's and Discord's logs";
  std::cout << "[canary] " << filesRead << " files of the fake stack read:\n";
  for (const auto& c : checked) std::cout << "  " << c << "\n";
}

// ProcessOpenClawCli's results and errors when the CLI itself prints secrets (a real
// `openclaw` prints config values in validation errors and tokens in debug output).
TEST(SecretCanaries, OpenClawCliErrorResultsAreRedacted) {
  ScopedTempDir dir{"canary-cli"};
  // Single quotes inside a canary are closed, escaped and reopened for the shell.
  std::string script = "#!/bin/sh\n";
  for (const auto& c : canaries()) {
    std::string quoted;
    for (char ch : c) quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    script += "printf 'token=%s\\n' '" + quoted + "'\nprintf 'token=%s\\n' '" + quoted + "' >&2\n";
  }
  for (const char* tail : {"exit 1\n", "exit 0\n"}) {
    const fs::path cli = dir.path() / "openclaw";
    writeFile(cli, script + "printf '{\"ok\": false, \"error\": \"" + std::string(kCanaryRescueDiscordToken) +
                       "\", \"issues\": [{\"path\": \"channels.discord.token\", \"message\": \"" +
                       kCanaryRescueGatewayToken + "\"}]}'\n" + tail,
              0755);
    ProcessOpenClawCliOptions options;
    options.executable = cli;
    options.release = "2026.9.6";
    options.secrets = canaries();
    options.timeout = actionTimeout();
    ProcessOpenClawCli openclaw(options);
    const OpenClawTarget rescue{"rescue", std::string("ai.openclaw.gateway.rescue")};
    std::string all;
    auto collect = [&](const auto& r) {
      if (!r) all += r.error().describe() + "\n";
    };
    collect(openclaw.version());
    for (auto action : {GatewayAction::Start, GatewayAction::Stop, GatewayAction::Restart}) {
      auto r = openclaw.gateway(action, rescue);
      collect(r);
      if (r) all += r->message + " " + r->commandLine + "\n";
    }
    auto status = openclaw.gatewayStatus(rescue);
    collect(status);
    auto validation = openclaw.validateConfig(rescue);
    collect(validation);
    if (validation) {
      all += validation->error + "\n";
      for (const auto& [k, v] : validation->issues) all += k + " " + v + "\n";
    }
    auto channels = openclaw.channelsStatus(rescue);
    collect(channels);
    if (channels) {
      for (const auto& d : channels->discord) all += d.lastError + "\n";
    }
    auto audit = openclaw.securityAudit(rescue);
    collect(audit);
    if (audit) {
      for (const auto& f : audit->findings) all += f.title + "\n";
    }
    EXPECT_FALSE(all.empty());
    expectNoCanary(std::string("ProcessOpenClawCli with a CLI that prints secrets and ") + tail, all);
  }
}

}  // namespace
}  // namespace harness
