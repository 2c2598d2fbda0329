#include "harness/process/session_spawn.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "harness/platform/platform.h"
#include "harness/process/replace_process.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/wait.h"

namespace harness {
namespace {

using testing::readFile;
using testing::ScopedTempDir;
using testing::waitFor;

SessionSpawnSpec shell(const std::string& script) {
  return SessionSpawnSpec{.executable = "/bin/sh", .argv = {"sh", "-c", script}};
}

int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SessionSpawnTest, TheChildLeadsANewSession) {
  auto pid = spawnInNewSession(shell("exec sleep 1000"));
  ASSERT_TRUE(pid) << pid.error().describe();
  EXPECT_TRUE(waitFor("setsid done", [&] { return ::getsid(*pid) == *pid; }));
  EXPECT_NE(::getsid(*pid), ::getsid(0));
  ::kill(*pid, SIGKILL);
  reap(*pid);
}

TEST(SessionSpawnTest, FilesDirectoryUmaskAndEnvironmentAreTheSpecs) {
  ScopedTempDir dir("session-spawn");
  SessionSpawnSpec spec = shell("echo out; echo err >&2; umask; pwd; echo \"$A|$HOME\"; exit 3");
  spec.environment = std::map<std::string, std::string>{{"A", "1"}};
  spec.workingDirectory = dir.path();
  spec.stdoutPath = dir.path() / "out.log";
  spec.stderrPath = dir.path() / "err.log";
  spec.umask = 027;
  auto pid = spawnInNewSession(spec);
  ASSERT_TRUE(pid) << pid.error().describe();
  EXPECT_EQ(reap(*pid), 3);
  EXPECT_EQ(readFile(dir.path() / "out.log"), "out\n0027\n" + dir.path().string() + "\n1|\n");
  EXPECT_EQ(readFile(dir.path() / "err.log"), "err\n");
}

TEST(SessionSpawnTest, OneFileForStdoutAndStderrKeepsTheirOrder) {
  ScopedTempDir dir("session-spawn");
  SessionSpawnSpec spec = shell("echo one; echo two >&2; echo three");
  spec.stdoutPath = dir.path() / "both.log";
  spec.stderrPath = dir.path() / "both.log";
  auto pid = spawnInNewSession(spec);
  ASSERT_TRUE(pid);
  EXPECT_EQ(reap(*pid), 0);
  EXPECT_EQ(readFile(dir.path() / "both.log"), "one\ntwo\nthree\n");
}

TEST(SessionSpawnTest, AFailedChdirOrExecIsTheChildsExitCode) {
  SessionSpawnSpec badDir = shell("exit 0");
  badDir.workingDirectory = "/nonexistent-directory";
  badDir.setupFailureExitCode = 78;
  auto pid = spawnInNewSession(badDir);
  ASSERT_TRUE(pid);
  EXPECT_EQ(reap(*pid), 78);

  SessionSpawnSpec badExec{.executable = "/nonexistent-program", .setupFailureExitCode = 78};
  pid = spawnInNewSession(badExec);
  ASSERT_TRUE(pid);
  EXPECT_EQ(reap(*pid), 78);
}

TEST(SessionSpawnTest, ADaemonIsNobodysChildAndNoSessionLeader) {
  // As subreaper this process inherits the orphaned daemon, so the test can reap it.
  if (!platform::becomeChildSubreaper()) GTEST_SKIP() << "no child subreaper on this system";
  ScopedTempDir dir("session-spawn");
  const auto pidFile = dir.path() / "daemon.pid";
  SessionSpawnSpec spec = shell("echo $$ > " + pidFile.string() + ".tmp && mv " + pidFile.string() + ".tmp " +
                                pidFile.string() + "; exec sleep 1000");
  ASSERT_TRUE(spawnDaemon(spec));
  ASSERT_TRUE(waitFor("the daemon writes its pid", [&] { return std::filesystem::exists(pidFile); }));
  const pid_t daemon = std::stoi(readFile(pidFile));
  struct Stop {
    pid_t pid;
    ~Stop() {
      ::kill(pid, SIGKILL);
      reap(pid);
    }
  } stop{daemon};
  EXPECT_NE(::getsid(daemon), daemon);       // the intermediate child led the session
  EXPECT_NE(::getsid(daemon), ::getsid(0));  // a new one
}

TEST(ReplaceProcessTest, AFailedExecReturnsTheError) {
  const Error error = replaceCurrentProcess("/nonexistent-program", {"x"});
  EXPECT_EQ(error.code, ErrorCode::ProcessFailed);
  EXPECT_EQ(error.context, "/nonexistent-program");
}

}  // namespace
}  // namespace harness
