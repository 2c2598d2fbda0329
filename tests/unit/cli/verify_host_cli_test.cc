#include <sys/wait.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <sstream>

#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_cli.h"
#include "harness/testing/fixture_home.h"

namespace harness {
namespace {

using testing::FixtureHome;

struct Run {
  int exitCode;
  std::string out;
  std::string err;
};

// `verify-host static ARGS...` in process, as the binary runs it.
Run runStatic(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
  std::vector<const char*> argv = {"verify-host", "static"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in;
  std::ostringstream out, err;
  int rc = runVerifyHost(static_cast<int>(argv.size()), argv.data(), CommandIo{env, in, out, err});
  return {rc, out.str(), err.str()};
}

// The real binary, for what only a process shows (exit status, help text on stdout).
Run runBinary(const std::string& args) {
  std::string cmd = std::string(VERIFY_HOST_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, ""};
}

TEST(VerifyHostCli, GoodHomeExitsZero) {
  FixtureHome home;
  home.write();
  auto r = runStatic({"--home", home.home().string()});
  EXPECT_EQ(r.exitCode, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("Summary:"), std::string::npos);
}

TEST(VerifyHostCli, FailingCheckExitsOne) {
  FixtureHome home;
  home.rescueConfig["gateway"]["port"] = 18809;
  home.write();
  EXPECT_EQ(runStatic({"--home", home.home().string()}).exitCode, kExitChecksFailed);
}

TEST(VerifyHostCli, StrictTurnsWarningsIntoExitOne) {
  FixtureHome home;
  home.write();
  std::filesystem::create_directories(home.path(".openclaw/workspace-rescue"));  // R28 leftover: a warning only
  EXPECT_EQ(runStatic({"--home", home.home().string()}).exitCode, kExitOk);
  EXPECT_EQ(runStatic({"--home", home.home().string(), "--strict"}).exitCode, kExitChecksFailed);
}

TEST(VerifyHostCli, MissingHomeIsUsageError) {
  auto r = runStatic({"--home", "/nonexistent/home/for/verify-host"});
  EXPECT_EQ(r.exitCode, kExitUsage);
  EXPECT_NE(r.err.find("/nonexistent/home/for/verify-host"), std::string::npos);
}

TEST(VerifyHostCli, HomeDefaultsToTheEnvironment) {
  FixtureHome home;
  home.write();
  auto r = runStatic({}, {{"HOME", home.home().string()}});
  EXPECT_EQ(r.exitCode, kExitOk) << r.err;
  EXPECT_NE(r.out.find(home.home().string()), std::string::npos);
}

TEST(VerifyHostCli, SetOverridesTheSpec) {
  FixtureHome home;
  home.write();
  // The config says 19001; expecting another port makes rescue.config.gateway-port fail.
  EXPECT_EQ(runStatic({"--home", home.home().string(), "--rescue-port", "19201"}).exitCode, kExitChecksFailed);
  EXPECT_EQ(runStatic({"--home", home.home().string(), "--set", "rescue.port"}).exitCode, kExitUsage);
  EXPECT_EQ(runStatic({"--home", home.home().string(), "--set", "rescue.colour=blue"}).exitCode, kExitUsage);
}

TEST(VerifyHostCli, SpecFileIsReadAndBadSpecIsUsageError) {
  FixtureHome home;
  home.write();
  testing::writeFile(home.path("spec.json"), R"({"rescue": {"port": 19001}, "openclawVersion": "2026.3.24"})");
  EXPECT_EQ(runStatic({"--home", home.home().string(), "--spec", home.path("spec.json").string()}).exitCode, kExitOk);
  testing::writeFile(home.path("bad.json"), R"({"rescue": {"port": "x"}})");
  auto r = runStatic({"--home", home.home().string(), "--spec", home.path("bad.json").string()});
  EXPECT_EQ(r.exitCode, kExitUsage);
  EXPECT_NE(r.err.find("spec.rescue.port"), std::string::npos);
  testing::writeFile(home.path("broken.json"), "{");
  EXPECT_EQ(runStatic({"--home", home.home().string(), "--spec", home.path("broken.json").string()}).exitCode,
            kExitUsage);
}

TEST(VerifyHostCli, JsonReportHasTheDocumentedSchema) {
  FixtureHome home;
  home.write();
  auto r = runStatic({"--home", home.home().string(), "--format", "json"});
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc["checks"].is_array());
  ASSERT_FALSE(doc["checks"].empty());
  for (const auto& c : doc["checks"]) {
    for (const char* key : {"id", "requirements", "status", "message", "evidence", "remediation"}) {
      EXPECT_TRUE(c.contains(key)) << key;
    }
  }
  EXPECT_EQ(doc["summary"]["fail"], 0);
  EXPECT_EQ(doc["mode"], "static");
}

TEST(VerifyHostCli, OutputFileReceivesTheReport) {
  FixtureHome home;
  home.write();
  auto file = home.path("report.xml");
  auto r = runStatic({"--home", home.home().string(), "--format", "junit", "--output", file.string()});
  EXPECT_EQ(r.exitCode, kExitOk);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(testing::readFile(file).find("<testsuites"), std::string::npos);
  EXPECT_EQ(runStatic({"--home", home.home().string(), "--output", "/nonexistent/dir/r.txt"}).exitCode, kExitUsage);
}

TEST(VerifyHostCli, NoCanaryInAnyFormat) {
  FixtureHome home;
  home.rescueConfig["channels"]["discord"]["token"] = testing::kCanaryMainDiscordToken;  // fails G6
  home.write();
  for (const char* format : {"human", "json", "junit"}) {
    auto r = runStatic({"--home", home.home().string(), "--format", format});
    for (const char* canary : {testing::kCanaryMainDiscordToken, testing::kCanaryRescueDiscordToken,
                               testing::kCanaryMainGatewayToken, testing::kCanaryRescueGatewayToken,
                               testing::kCanaryAnthropicKey}) {
      EXPECT_EQ(r.out.find(canary), std::string::npos) << format;
    }
  }
}

TEST(VerifyHostBinary, UsageErrorsExitTwoAndHelpExitsZero) {
  EXPECT_EQ(runBinary("--no-such-flag").exitCode, 2);
  EXPECT_EQ(runBinary("--format xml").exitCode, 2);
  EXPECT_EQ(runBinary("static --wait 5").exitCode, 2);
  auto help = runBinary("--help");
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_NE(help.out.find("disruptive"), std::string::npos);
  auto staticHelp = runBinary("static --help");
  EXPECT_EQ(staticHelp.exitCode, 0);
  EXPECT_NE(staticHelp.out.find("--home"), std::string::npos);
  EXPECT_EQ(runBinary("--version").exitCode, 0);
}

TEST(VerifyHostBinary, ExitCodesReachTheShell) {
  FixtureHome home;
  home.write();
  EXPECT_EQ(runBinary("--home " + home.home().string()).exitCode, 0);
  EXPECT_EQ(runBinary("static --home " + home.home().string()).exitCode, 0);
  home.writeRescueAuthProfiles = false;
  home.write();
  auto r = runBinary("--home " + home.home().string() + " --no-color");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

TEST(VerifyHostCli, StaticModeNamesAPendingRestoreJournalButChangesNothing) {
  FixtureHome home;
  home.write();
  const auto journal = home.path(".state/openclaw-rescue-harness/restore-journal.json");
  testing::writeFile(journal, "{\"version\":1}");
  const std::string env = "XDG_STATE_HOME=" + home.path(".state").string() + " ";
  std::string cmd = env + std::string(VERIFY_HOST_BINARY) + " --home " + home.home().string() + " --output /dev/null 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  EXPECT_EQ(WEXITSTATUS(::pclose(pipe)), 0) << out;
  EXPECT_NE(out.find("`verify-host recover`"), std::string::npos) << out;
  EXPECT_TRUE(std::filesystem::exists(journal)) << "static mode must not touch the journal";
}

}  // namespace
}  // namespace harness
