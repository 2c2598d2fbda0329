#include "harness/process/background_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace harness {
namespace {

using testing::readFile;
using testing::ScopedTempDir;
using testing::waitFor;

BackgroundProcessSpec shell(const std::string& script, const std::filesystem::path& log = {}) {
  return BackgroundProcessSpec{.executable = "/bin/sh", .args = {"-c", script}, .logFile = log};
}

TEST(BackgroundProcessTest, RunsUntilStoppedAndReportsTheSignal) {
  auto child = BackgroundProcess::start(shell("exec sleep 1000"));
  ASSERT_TRUE(child) << child.error().describe();
  EXPECT_TRUE((*child)->running());
  const ExitStatus status = (*child)->stop();
  EXPECT_EQ(status.termSignal, SIGTERM);
  EXPECT_FALSE((*child)->running());
}

TEST(BackgroundProcessTest, ReportsTheExitCodeOfAChildThatEndsByItself) {
  auto child = BackgroundProcess::start(shell("exit 7"));
  ASSERT_TRUE(child);
  auto status = (*child)->waitForExit(testing::actionTimeout());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exitCode, 7);
  EXPECT_FALSE(status->succeeded());
}

TEST(BackgroundProcessTest, WritesStdoutAndStderrToTheLogFile) {
  ScopedTempDir dir;
  const auto log = dir.path() / "child.log";
  auto child = BackgroundProcess::start(shell("echo out; echo err >&2", log));
  ASSERT_TRUE(child);
  ASSERT_TRUE((*child)->waitForExit(testing::actionTimeout()));
  const std::string text = readFile(log);
  EXPECT_NE(text.find("out"), std::string::npos);
  EXPECT_NE(text.find("err"), std::string::npos);
}

TEST(BackgroundProcessTest, UsesExactlyTheGivenEnvironment) {
  ScopedTempDir dir;
  const auto log = dir.path() / "env.log";
  BackgroundProcessSpec spec = shell("echo \"X=$X HOME=${HOME:-unset}\"", log);
  spec.environment = std::map<std::string, std::string>{{"X", "42"}, {"PATH", "/usr/bin:/bin"}};
  auto child = BackgroundProcess::start(spec);
  ASSERT_TRUE(child);
  ASSERT_TRUE((*child)->waitForExit(testing::actionTimeout()));
  EXPECT_NE(readFile(log).find("X=42 HOME=unset"), std::string::npos) << readFile(log);
}

TEST(BackgroundProcessTest, StopKillsAChildThatIgnoresSigterm) {
  ScopedTempDir dir;
  const auto ready = dir.path() / "ready";
  auto child = BackgroundProcess::start(shell("trap '' TERM; touch " + ready.string() + "; while :; do sleep 1; done"));
  ASSERT_TRUE(child);
  ASSERT_TRUE(waitFor("the child ignores SIGTERM", [&] { return std::filesystem::exists(ready); }));
  const ExitStatus status = (*child)->stop(std::chrono::milliseconds(200));
  EXPECT_EQ(status.termSignal, SIGKILL);
}

TEST(BackgroundProcessTest, StopAlsoEndsGrandchildrenInItsProcessGroup) {
  ScopedTempDir dir;
  const auto pidFile = dir.path() / "grandchild.pid";
  auto child = BackgroundProcess::start(shell("sleep 1000 & echo $! > " + pidFile.string() + "; wait"));
  ASSERT_TRUE(child);
  ASSERT_TRUE(waitFor("grandchild pid", [&] { return std::filesystem::exists(pidFile) && !readFile(pidFile).empty(); }));
  const pid_t grandchild = std::stoi(readFile(pidFile));
  (*child)->stop();
  EXPECT_TRUE(waitFor("grandchild gone", [&] {
    // Not our child: it is reparented and reaped elsewhere; kill(0) fails once it is gone or a zombie is reaped.
    return ::kill(grandchild, 0) != 0 || readFile("/proc/" + std::to_string(grandchild) + "/stat").find(") Z") != std::string::npos;
  }));
}

TEST(BackgroundProcessTest, MissingExecutableIsNotFound) {
  auto child = BackgroundProcess::start(BackgroundProcessSpec{.executable = "/nonexistent/program"});
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, ErrorCode::NotFound);
  auto bare = BackgroundProcess::start(BackgroundProcessSpec{.executable = "no-such-program-xyz"});
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::NotFound);
}

TEST(BackgroundProcessTest, UnwritableLogIsAnIoError) {
  auto child = BackgroundProcess::start(shell("true", "/nonexistent-dir/x.log"));
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, ErrorCode::Io);
  EXPECT_NE(child.error().context.find("/nonexistent-dir/x.log"), std::string::npos);
}

TEST(BackgroundProcessTest, DetachedChildOutlivesTheObject) {
  pid_t pid = -1;
  {
    auto child = BackgroundProcess::start(shell("exec sleep 1000"));
    ASSERT_TRUE(child);
    pid = (*child)->detach();
    EXPECT_FALSE((*child)->running());
  }
  EXPECT_EQ(::kill(pid, 0), 0) << "detached child was stopped";
  ::kill(pid, SIGKILL);
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
}

TEST(BackgroundProcessTest, DestructorStopsAndReaps) {
  pid_t pid = -1;
  {
    auto child = BackgroundProcess::start(shell("exec sleep 1000"));
    ASSERT_TRUE(child);
    pid = (*child)->pid();
  }
  EXPECT_NE(::kill(pid, 0), 0) << "child " << pid << " still exists after the destructor";
}

}  // namespace
}  // namespace harness
