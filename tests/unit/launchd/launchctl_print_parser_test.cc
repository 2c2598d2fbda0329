#include "harness/launchd/launchctl_print_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

std::string fixture(const std::string& name) {
  return testing::readFile(std::filesystem::path(LAUNCHD_TESTDATA_DIR) / name);
}

TEST(LaunchctlPrintParserTest, ParsesRunningSampleFromFacts) {
  auto job = parseLaunchctlPrint(fixture("print_running.txt"));
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_TRUE(job->loaded);
  EXPECT_EQ(job->target, "gui/0/ai.openclaw.rescue");
  EXPECT_EQ(job->state, "running");
  EXPECT_EQ(job->jobState, "running");
  ASSERT_TRUE(job->pid);
  EXPECT_EQ(*job->pid, 16464);
  EXPECT_TRUE(job->running());
  EXPECT_EQ(job->runs, 1);
  EXPECT_EQ(job->activeCount, 1);
  EXPECT_EQ(job->exitTimeout, 20);
  EXPECT_EQ(job->minimumRuntime, 10);
  EXPECT_FALSE(job->lastExitCode);
  EXPECT_EQ(job->lastExitCodeText, "(never exited)");
  EXPECT_FALSE(job->lastSignal);
  EXPECT_EQ(job->program, "/bin/sh");
  EXPECT_EQ(job->path, "/home/u/Library/LaunchAgents/ai.openclaw.rescue.plist");
  EXPECT_EQ(job->type, "LaunchAgent");
  EXPECT_EQ(job->domain, "gui/0 [100004]");
  EXPECT_EQ(job->workingDirectory, "/home/u/.openclaw-rescue");
  EXPECT_EQ(job->stdoutPath, "/home/u/Library/Logs/openclaw/gateway-rescue.log");
  EXPECT_EQ(job->stderrPath, job->stdoutPath);
  ASSERT_EQ(job->arguments.size(), 9u);
  EXPECT_EQ(job->arguments.front(), "/bin/sh");
  EXPECT_EQ(job->arguments[4], "--max-old-space-size=8192");
  EXPECT_EQ(job->arguments.back(), "19101");
  EXPECT_EQ(job->environment.at("XPC_SERVICE_NAME"), "ai.openclaw.rescue");
  EXPECT_EQ(job->defaultEnvironment.at("PATH"), "/usr/bin:/bin:/usr/sbin:/sbin");
  EXPECT_TRUE(job->hasProperty("keepalive"));
  EXPECT_TRUE(job->hasProperty("inferred program"));
  EXPECT_FALSE(job->hasProperty("keep"));
  EXPECT_EQ(job->fields.at("spawn type"), "interactive (4)");
}

TEST(LaunchctlPrintParserTest, AcceptsFourSpaceIndentAsRenderedInDocs) {
  std::string text = fixture("print_running.txt");
  std::string spaced;
  for (char c : text) {
    if (c == '\t') spaced += "    ";
    else spaced += c;
  }
  auto job = parseLaunchctlPrint(spaced);
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_EQ(job->pid, 16464);
  EXPECT_EQ(job->arguments.size(), 9u);
  EXPECT_EQ(job->environment.at("XPC_SERVICE_NAME"), "ai.openclaw.rescue");
}

TEST(LaunchctlPrintParserTest, NestedStateLinesAndEnvNamesDoNotLeakToTopLevel) {
  auto job = parseLaunchctlPrint(fixture("print_signalled.txt"));
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_EQ(job->target, "gui/501/com.example.agent");
  EXPECT_EQ(job->state, "not running");  // not the coalition's "active"
  EXPECT_FALSE(job->pid);                // not the environment's "pid => 999"
  EXPECT_FALSE(job->running());
  EXPECT_EQ(job->runs, 4);
  ASSERT_TRUE(job->lastSignal);
  EXPECT_EQ(*job->lastSignal, 15);
  EXPECT_EQ(job->lastSignalText, "Terminated: 15");
  EXPECT_FALSE(job->lastExitCode);
  EXPECT_EQ(job->environment.at("pid"), "999");
  EXPECT_EQ(job->environment.at("URL"), "http://x/?a=b => c");
  EXPECT_EQ(job->inheritedEnvironment.at("SSH_AUTH_SOCK"), "/private/tmp/com.apple.launchd.abc/Listeners");
  ASSERT_EQ(job->arguments.size(), 3u);
  EXPECT_EQ(job->arguments[1], "--script\nline two of a multi-line argument");
  EXPECT_EQ(job->arguments[2], "  spaced arg");
  EXPECT_EQ(job->jobState, "exited");
  EXPECT_EQ(job->fields.count("port"), 0u);
}

TEST(LaunchctlPrintParserTest, ExitCodeWithSysexitsName) {
  auto job = parseLaunchctlPrint(fixture("print_ex_config.txt"));
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_EQ(job->state, "spawn scheduled");
  ASSERT_TRUE(job->lastExitCode);
  EXPECT_EQ(*job->lastExitCode, 78);
  EXPECT_EQ(job->lastExitCodeText, "78: EX_CONFIG");
  EXPECT_TRUE(job->arguments.empty());
  EXPECT_EQ(job->runs, 7);
  EXPECT_EQ(job->exitTimeout, 5);
}

TEST(LaunchctlPrintParserTest, LastExitStatusFallbackAndCrlf) {
  auto job = parseLaunchctlPrint("x = {\r\n\tstate = not running\r\n\tlast exit status = 1\r\n}\r\n");
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_EQ(job->target, "x");
  EXPECT_EQ(job->state, "not running");
  EXPECT_EQ(job->lastExitCode, 1);
}

TEST(LaunchctlPrintParserTest, PidMustBeAStrictPositiveInteger) {
  for (const char* pid : {"abc", "12abc", "-5", "0", "", " ", "99999999999999"}) {
    auto job = parseLaunchctlPrint(std::string("t = {\n\tpid = ") + pid + "\n}\n");
    ASSERT_TRUE(job) << pid;
    EXPECT_FALSE(job->pid) << "pid text: '" << pid << "'";
  }
}

TEST(LaunchctlPrintParserTest, RejectsOutputWithoutHeader) {
  for (const char* text : {"", "\n\n", "Bad request.\nCould not find service \"x\" in domain for user gui: 501\n",
                           "state = running\n", "{"}) {
    auto job = parseLaunchctlPrint(text);
    ASSERT_FALSE(job) << text;
    EXPECT_EQ(job.error().code, ErrorCode::InvalidInput);
  }
}

TEST(LaunchctlPrintParserTest, SurvivesTruncatedAndUnbalancedInput) {
  const std::string full = fixture("print_signalled.txt");
  for (std::size_t cut = 0; cut <= full.size(); cut += 7) {
    auto job = parseLaunchctlPrint(std::string_view(full).substr(0, cut));
    if (job) {
      EXPECT_TRUE(job->loaded);
    }
  }
  auto extra = parseLaunchctlPrint("t = {\n}\n}\n}\n\tstate = late\n");
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->state, "");
  auto deep = parseLaunchctlPrint("t = {\n" + std::string(100, '\t') + "a = {\n");
  EXPECT_TRUE(deep || deep.error().code == ErrorCode::TooLarge);
}

TEST(LaunchctlPrintParserTest, SurvivesRandomGarbage) {
  std::mt19937 rng(1234);
  const std::string alphabet = "ab= {}\t\n>\"-0123456789:|\r";
  for (int round = 0; round < 2000; ++round) {
    std::string text = round % 2 ? "gui/0/x = {\n" : "";
    const int len = static_cast<int>(rng() % 400);
    for (int i = 0; i < len; ++i) text += alphabet[rng() % alphabet.size()];
    (void)parseLaunchctlPrint(text);
    (void)parseLaunchctlPrintDisabled(text);
    (void)parseLaunchctlList(text);
  }
  std::string binary(4096, '\0');
  for (auto& c : binary) c = static_cast<char>(rng());
  (void)parseLaunchctlPrint(binary);
  (void)parseLaunchctlPrintDisabled(binary);
  (void)parseLaunchctlList(binary);
}

TEST(LaunchctlPrintParserTest, RejectsHugeInput) {
  std::string huge(kMaxLaunchctlOutputBytes + 1, 'a');
  auto job = parseLaunchctlPrint(huge);
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, ErrorCode::TooLarge);
}

TEST(LaunchctlPrintDisabledParserTest, ReadsOnlyTheDisabledServicesBlock) {
  auto d = parseLaunchctlPrintDisabled(fixture("print_disabled.txt"));
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_EQ(d->size(), 3u);
  EXPECT_TRUE(d->at("ai.openclaw.rescue"));
  EXPECT_FALSE(d->at("ai.openclaw.gateway"));
  EXPECT_TRUE(d->at("com.apple.ScreenReaderUIServer"));
  EXPECT_EQ(d->count("com.example.login"), 0u);
}

TEST(LaunchctlPrintDisabledParserTest, LegacyBooleans) {
  auto d = parseLaunchctlPrintDisabled(fixture("print_disabled_legacy.txt"));
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_TRUE(d->at("com.old.one"));
  EXPECT_FALSE(d->at("com.old.two"));
}

TEST(LaunchctlPrintDisabledParserTest, WithoutBlockHeaderReadsEveryLine) {
  auto d = parseLaunchctlPrintDisabled("\"a\" => disabled\n\"b\" =>   enabled  \nnoise\n");
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_TRUE(d->at("a"));
  EXPECT_FALSE(d->at("b"));
}

TEST(LaunchctlPrintDisabledParserTest, UnrecognisedValueIsAnError) {
  auto d = parseLaunchctlPrintDisabled("disabled services = {\n\t\"a\" => maybe\n}\n");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(d.error().context, "a");
}

TEST(LaunchctlPrintDisabledParserTest, EmptyOutputIsEmptyMap) {
  auto d = parseLaunchctlPrintDisabled("disabled services = {\n}\n");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->empty());
}

TEST(LaunchctlListParserTest, ParsesRowsAndSkipsHeader) {
  auto rows = parseLaunchctlList(fixture("list.txt"));
  ASSERT_TRUE(rows) << rows.error().describe();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].pid, 54109);
  EXPECT_EQ((*rows)[0].status, 0);
  EXPECT_EQ((*rows)[0].label, "otelcol-sumo");
  EXPECT_FALSE((*rows)[1].pid);
  EXPECT_EQ((*rows)[1].status, 78);
  EXPECT_EQ((*rows)[2].status, -15);
  EXPECT_EQ((*rows)[2].label, "ai.openclaw.rescue");
}

TEST(LaunchctlListParserTest, SkipsMalformedRows) {
  auto rows = parseLaunchctlList("1 2\nx 0 label\n- y label\n-\t0\tok\n1 2 3 4\n");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().label, "ok");
}

TEST(ParseStrictIntTest, Cases) {
  EXPECT_EQ(parseStrictInt("42"), 42);
  EXPECT_EQ(parseStrictInt("-15"), -15);
  EXPECT_FALSE(parseStrictInt("+1"));
  EXPECT_FALSE(parseStrictInt(" 1"));
  EXPECT_FALSE(parseStrictInt("1 "));
  EXPECT_FALSE(parseStrictInt("-"));
  EXPECT_FALSE(parseStrictInt(""));
  EXPECT_FALSE(parseStrictInt("99999999999"));
}

}  // namespace
}  // namespace harness
