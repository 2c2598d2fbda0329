#include "harness/process/process_runner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"

namespace harness {
namespace {

using namespace std::chrono_literals;

ProcessSpec shell(const std::string& script) {
  ProcessSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c", script};
  spec.timeout = testing::actionTimeout();
  return spec;
}

TEST(ProcessRunnerTest, CapturesExitCodeAndOutput) {
  auto r = runProcess(shell("echo out; echo err >&2; exit 3"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exitCode, 3);
  EXPECT_EQ(r->termSignal, 0);
  EXPECT_FALSE(r->timedOut);
  EXPECT_EQ(r->stdoutText, "out\n");
  EXPECT_EQ(r->stderrText, "err\n");
  EXPECT_FALSE(r->succeeded());
  EXPECT_EQ(r->diagnosticText(), "err\n");
}

TEST(ProcessRunnerTest, ZeroExitSucceeds) {
  auto r = runProcess(shell("true"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->succeeded());
  EXPECT_EQ(r->exitCode, 0);
}

TEST(ProcessRunnerTest, ReportsTerminatingSignal) {
  auto r = runProcess(shell("kill -TERM $$"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->termSignal, SIGTERM);
  EXPECT_EQ(r->exitCode, -1);
  EXPECT_FALSE(r->timedOut);
}

TEST(ProcessRunnerTest, KillsHangingChildAtDeadline) {
  ProcessSpec spec{.executable = "/bin/sleep", .args = {"30"}};
  spec.timeout = 200ms;
  const auto start = std::chrono::steady_clock::now();
  auto r = runProcess(spec);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->timedOut);
  EXPECT_EQ(r->termSignal, SIGKILL);
  EXPECT_FALSE(r->succeeded());
  EXPECT_LT(took, 10s) << "a 200 ms timeout must not wait for the 30 s child";
}

TEST(ProcessRunnerTest, TimeoutKillsTheWholeProcessGroup) {
  // The shell's background sleep holds stdout open; killing only the shell would leave it.
  ProcessSpec spec = shell("sleep 30 & sleep 30; echo never");
  spec.timeout = 200ms;
  const auto start = std::chrono::steady_clock::now();
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->timedOut);
  EXPECT_EQ(r->stdoutText, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(ProcessRunnerTest, DescendantHoldingPipesDoesNotBlockAfterExit) {
  // A daemon-like descendant in its own session keeps stdout open; the exit status is
  // still reported once the drain grace passes, without counting as a timeout.
  ProcessSpec spec = shell("setsid sleep 5 & echo done");
  spec.timeout = 20s;
  const auto start = std::chrono::steady_clock::now();
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->timedOut);
  EXPECT_EQ(r->exitCode, 0);
  EXPECT_EQ(r->stdoutText, "done\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

TEST(ProcessRunnerTest, LargeOutputOnBothStreamsDoesNotDeadlock) {
  // 2 MiB on each stream, interleaved by the child.
  auto r = runProcess(shell("head -c 2097152 /dev/zero | tr '\\0' a & head -c 2097152 /dev/zero | tr '\\0' b >&2; wait"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exitCode, 0);
  EXPECT_EQ(r->stdoutText.size(), 2097152u);
  EXPECT_EQ(r->stderrText.size(), 2097152u);
  EXPECT_EQ(r->stdoutText.find_first_not_of('a'), std::string::npos);
  EXPECT_EQ(r->stderrText.find_first_not_of('b'), std::string::npos);
}

TEST(ProcessRunnerTest, FeedsStdinData) {
  ProcessSpec spec{.executable = "/bin/cat"};
  spec.stdinData = std::string(3 << 20, 'x') + "end";  // larger than a pipe buffer
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exitCode, 0);
  EXPECT_EQ(r->stdoutText, spec.stdinData);
}

TEST(ProcessRunnerTest, EmptyStdinIsEof) {
  auto r = runProcess(ProcessSpec{.executable = "/bin/cat"});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exitCode, 0);
  EXPECT_EQ(r->stdoutText, "");
}

TEST(ProcessRunnerTest, ChildThatIgnoresStdinDoesNotKillCaller) {
  ProcessSpec spec = shell("exit 0");
  spec.stdinData = std::string(1 << 20, 'x');
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->exitCode, 0);
}

TEST(ProcessRunnerTest, EnvironmentOverridesAndUnset) {
  ::setenv("HARNESS_RUNNER_INHERITED", "yes", 1);
  ::setenv("HARNESS_RUNNER_UNSET", "present", 1);
  ProcessSpec spec = shell("echo \"$HARNESS_RUNNER_INHERITED|$HARNESS_RUNNER_SET|${HARNESS_RUNNER_UNSET-gone}\"");
  spec.environmentOverrides = {{"HARNESS_RUNNER_SET", "new"}, {"HARNESS_RUNNER_UNSET", std::nullopt}};
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdoutText, "yes|new|gone\n");
}

TEST(ProcessRunnerTest, ExplicitEnvironmentReplacesInherited) {
  ::setenv("HARNESS_RUNNER_INHERITED", "yes", 1);
  ProcessSpec spec = shell("echo \"${HARNESS_RUNNER_INHERITED-none}|$ONLY\"");
  spec.environment = std::map<std::string, std::string>{{"ONLY", "this"}};
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdoutText, "none|this\n");
}

TEST(ProcessRunnerTest, WorkingDirectory) {
  testing::ScopedTempDir dir("runner");
  ProcessSpec spec = shell("pwd");
  spec.workingDirectory = dir.path();
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdoutText, std::filesystem::canonical(dir.path()).string() + "\n");
}

TEST(ProcessRunnerTest, ChildRunsInItsOwnProcessGroup) {
  auto r = runProcess(shell("ps -o pgid= -p $$ | tr -d ' '; echo $$"));
  ASSERT_TRUE(r) << r.error().describe();
  auto nl = r->stdoutText.find('\n');
  ASSERT_NE(nl, std::string::npos);
  EXPECT_EQ(r->stdoutText.substr(0, nl) + "\n", r->stdoutText.substr(nl + 1));
}

TEST(ProcessRunnerTest, MissingExecutableIsAnErrorNotAThrow) {
  auto r = runProcess(ProcessSpec{.executable = "/nonexistent/definitely-not-here"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
  EXPECT_NE(r.error().context.find("definitely-not-here"), std::string::npos);

  auto bare = runProcess(ProcessSpec{.executable = "definitely-not-a-command-xyz"});
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::NotFound);
}

TEST(ProcessRunnerTest, NonExecutableFileIsAnError) {
  testing::ScopedTempDir dir("runner");
  testing::writeFile(dir.path() / "script", "#!/bin/sh\n", 0644);
  auto r = runProcess(ProcessSpec{.executable = dir.path() / "script"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

TEST(ProcessRunnerTest, ExecFailureIsAnErrorAndLeavesNoZombie) {
  testing::ScopedTempDir dir("runner");
  testing::writeFile(dir.path() / "garbage", std::string("\x7f\x01\x02 not a program"), 0755);
  auto r = runProcess(ProcessSpec{.executable = dir.path() / "garbage"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::ProcessFailed) << r.error().describe();
  int status = 0;
  EXPECT_EQ(::waitpid(-1, &status, WNOHANG), -1) << "a child was left unreaped";
}

TEST(ProcessRunnerTest, MissingWorkingDirectoryIsAnError) {
  ProcessSpec spec = shell("true");
  spec.workingDirectory = "/nonexistent/dir";
  auto r = runProcess(spec);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

TEST(ProcessRunnerTest, BareNameIsResolvedInTheChildsPath) {
  testing::ScopedTempDir dir("runner");
  testing::writeFile(dir.path() / "hello-tool", "#!/bin/sh\necho hi from tool\n", 0755);
  ProcessSpec spec{.executable = "hello-tool"};
  spec.environmentOverrides = {{"PATH", dir.path().string() + ":/usr/bin:/bin"}};
  auto r = runProcess(spec);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->stdoutText, "hi from tool\n");
}

TEST(ProcessRunnerTest, ConcurrentCallsFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::vector<int> codes(6, -100);
  std::vector<std::string> outputs(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([i, &codes, &outputs] {
      auto r = runProcess(shell("echo " + std::to_string(i) + "; exit " + std::to_string(i)));
      if (r) {
        codes[i] = r->exitCode;
        outputs[i] = r->stdoutText;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(codes[i], i);
    EXPECT_EQ(outputs[i], std::to_string(i) + "\n");
  }
}

TEST(FindExecutableTest, SearchesPathInOrder) {
  testing::ScopedTempDir a("a"), b("b");
  testing::writeFile(b.path() / "tool", "#!/bin/sh\n", 0755);
  testing::writeFile(a.path() / "tool", "not executable", 0644);
  auto found = findExecutable("tool", a.path().string() + ":" + b.path().string());
  ASSERT_TRUE(found) << found.error().describe();
  EXPECT_EQ(*found, b.path() / "tool");
  EXPECT_FALSE(findExecutable("tool", a.path().string()));
  EXPECT_FALSE(findExecutable("", "/bin"));
  EXPECT_TRUE(findExecutable("/bin/sh", ""));
}

TEST(FormatCommandLineTest, QuotesWhereNeeded) {
  EXPECT_EQ(formatCommandLine("/bin/echo", {"a", "b c", "it's", ""}), "/bin/echo a 'b c' 'it'\\''s' ''");
}

TEST(ProcessRunnerTest, ManySequentialCallsStayFast) {
  // Overhead guard (generous): 50 runs of /bin/true.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    auto r = runProcess(ProcessSpec{.executable = "/bin/true"});
    ASSERT_TRUE(r) << r.error().describe();
    ASSERT_EQ(r->exitCode, 0);
  }
  const auto perCall = (std::chrono::steady_clock::now() - start) / 50;
  RecordProperty("per_call_us", static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(perCall).count()));
  EXPECT_LT(perCall, 1s);
}

}  // namespace
}  // namespace harness
