// Process-level tests: the real `launchctl` and `fake-launchd` binaries against a fresh root.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/wait.h"
#include "tests/fakes/launchd/fake_launchd_fixture.h"

namespace fakes::launchd::testing {
namespace {

namespace fs = std::filesystem;
using harness::testing::readFile;
using harness::testing::waitFor;
using ::testing::HasSubstr;

class LaunchctlTest : public FakeLaunchdTest {};

std::string envOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  std::replace(s.begin(), s.end(), '\0', '\n');
  return "\n" + s;
}

TEST_F(LaunchctlTest, PrintOfUnknownServiceIsNotFound) {
  auto r = launchctl({"print", target("nope")});
  EXPECT_EQ(r.exitCode, 113);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("Could not find service \"nope\" in domain for user gui: " + std::to_string(::getuid())));
  r = launchctl({"print", "system/ai.openclaw.rescue"});
  EXPECT_EQ(r.exitCode, 113);
  EXPECT_THAT(r.err, HasSubstr("Could not find service \"ai.openclaw.rescue\" in domain for system"));
}

TEST_F(LaunchctlTest, BootstrapRunsJobWithLaunchdEnvironment) {
  auto options = pidJob("env.job");
  options.environment = {{"FOO", "bar baz"}};
  options.umask = 63;
  options.stdoutPath = (work_ / "out.log").string();
  options.stderrPath = (work_ / "out.log").string();
  options.arguments[2] = "echo first >&2; umask > " + (work_ / "umask").string() + "; " + options.arguments[2];
  harness::testing::writeFile(work_ / "out.log", "existing\n", 0644);
  auto plist = writePlist("env.job", options);
  auto r = launchctl({"bootstrap", gui(), plist.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out + r.err, "");
  auto pid = waitForPid("env.job");
  ASSERT_TRUE(pid);
  ASSERT_TRUE(waitFor("pid in print", [&] { return printField("env.job", "pid") == std::to_string(*pid); }));
  EXPECT_EQ(printField("env.job", "state"), "running");
  EXPECT_EQ(printField("env.job", "runs"), "1");
  EXPECT_EQ(printField("env.job", "path"), plist.string());

  const std::string env = envOf(*pid);
  EXPECT_THAT(env, HasSubstr("\nXPC_SERVICE_NAME=env.job\n"));
  EXPECT_THAT(env, HasSubstr("\nFOO=bar baz\n"));
  EXPECT_THAT(env, HasSubstr("\nPATH=/usr/bin:/bin:/usr/sbin:/sbin\n"));
  EXPECT_THAT(env, HasSubstr("\nHOME=" + home_.string() + "\n"));
  EXPECT_EQ(env.find("\nTERM="), std::string::npos);
  std::error_code ec;
  EXPECT_EQ(fs::read_symlink("/proc/" + std::to_string(*pid) + "/cwd", ec), work_);
  EXPECT_EQ(::getpgid(*pid), *pid);  // own process group
  EXPECT_EQ(::getsid(*pid), *pid);   // own session
  ASSERT_TRUE(waitFor("umask written", [&] { return fs::exists(work_ / "umask"); }));
  EXPECT_THAT(readFile(work_ / "umask"), HasSubstr("077"));
  EXPECT_EQ(readFile(work_ / "out.log"), "existing\nfirst\n");  // appended, stderr joined

  auto print = launchctl({"print", target("env.job")});
  EXPECT_EQ(print.out.rfind(target("env.job") + " = {\n", 0), 0u);
  EXPECT_THAT(print.out, HasSubstr("\t\tXPC_SERVICE_NAME => env.job\n"));
}

TEST_F(LaunchctlTest, BootstrapFailureForms) {
  auto plist = writePlist("dup.job", pidJob("dup.job"));
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto again = launchctl({"bootstrap", gui(), plist.string()});
  EXPECT_EQ(again.exitCode, 37);
  EXPECT_EQ(again.err, "Bootstrap failed: 37: Operation already in progress\n");

  auto missing = launchctl({"bootstrap", gui(), (agents_ / "missing.plist").string()});
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_THAT(missing.err, HasSubstr("Bootstrap failed: 2: No such file or directory"));

  harness::testing::writeFile(agents_ / "bad.plist", "this is not a plist", 0644);
  auto bad = launchctl({"bootstrap", gui(), (agents_ / "bad.plist").string()});
  EXPECT_EQ(bad.exitCode, 5);
  EXPECT_THAT(bad.err, HasSubstr("Bootstrap failed: 5: Input/output error"));

  PlistOptions noProgram;
  auto noProg = writePlist("noprog.job", noProgram);
  auto np = launchctl({"bootstrap", gui(), noProg.string()});
  EXPECT_EQ(np.exitCode, 5);
  EXPECT_THAT(np.err, HasSubstr("Invalid or missing Program/ProgramArguments"));

  auto malformed = launchctl({"bootstrap", "gui/abc", plist.string()});
  EXPECT_EQ(malformed.exitCode, 64);
  EXPECT_THAT(malformed.err, HasSubstr("Unrecognized target specifier."));
  EXPECT_EQ(launchctl({"bootstrap", gui()}).exitCode, 64);
}

TEST_F(LaunchctlTest, DisabledJobCannotBootstrapAndOverridePersists) {
  auto plist = writePlist("dis.job", pidJob("dis.job"));
  ASSERT_EQ(launchctl({"disable", target("dis.job")}).exitCode, 0);
  auto r = launchctl({"bootstrap", gui(), plist.string()});
  EXPECT_EQ(r.exitCode, 119);
  EXPECT_EQ(r.err, plist.string() + ": Service is disabled\nBootstrap failed: 119: Service is disabled\n");
  auto pd = launchctl({"print-disabled", gui()});
  EXPECT_EQ(pd.exitCode, 0);
  EXPECT_THAT(pd.out, HasSubstr("disabled services = {\n\t\"dis.job\" => disabled\n}\n"));

  // Survives a supervisor restart.
  ASSERT_EQ(fakeLaunchd({"shutdown", root_.string()}).exitCode, 0);
  EXPECT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 119);
  ASSERT_EQ(launchctl({"enable", target("dis.job")}).exitCode, 0);
  EXPECT_THAT(launchctl({"print-disabled", gui()}).out, HasSubstr("\t\"dis.job\" => enabled\n"));
  EXPECT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  EXPECT_TRUE(waitForPid("dis.job"));
  // disable does not stop a loaded job.
  ASSERT_EQ(launchctl({"disable", target("dis.job")}).exitCode, 0);
  EXPECT_EQ(printField("dis.job", "state"), "running");
  EXPECT_EQ(launchctl({"enable", "gui/0"}).exitCode, 64);
}

TEST_F(LaunchctlTest, MissingProgramShowsExConfig) {
  PlistOptions o;
  o.arguments = {(work_ / "does-not-exist").string()};
  auto plist = writePlist("missing.job", o);
  auto r = launchctl({"bootstrap", gui(), plist.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(printField("missing.job", "last exit code"), "78: EX_CONFIG");
  EXPECT_EQ(printField("missing.job", "state"), "not running");
  EXPECT_EQ(printField("missing.job", "pid"), std::nullopt);
  EXPECT_EQ(launchctl({"print", target("missing.job")}).exitCode, 0);
}

TEST_F(LaunchctlTest, BootoutIsSynchronousAndReapsJob) {
  auto plist = writePlist("out.job", pidJob("out.job"));
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto pid = waitForPid("out.job");
  ASSERT_TRUE(pid);
  auto r = launchctl({"bootout", target("out.job")});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_FALSE(processExists(*pid));
  EXPECT_FALSE(processIsZombie(*pid));
  EXPECT_EQ(launchctl({"print", target("out.job")}).exitCode, 113);
  auto again = launchctl({"bootout", target("out.job")});
  EXPECT_EQ(again.exitCode, 3);
  EXPECT_EQ(again.err, "Boot-out failed: 3: No such process\n");
  EXPECT_EQ(launchctl({"bootout", "garbage"}).exitCode, 64);
}

TEST_F(LaunchctlTest, BootoutByPlistPath) {
  auto plist = writePlist("bp.job", pidJob("bp.job"));
  auto notLoaded = launchctl({"bootout", gui(), plist.string()});
  EXPECT_EQ(notLoaded.exitCode, 5);
  EXPECT_EQ(notLoaded.err, "Boot-out failed: 5: Input/output error\n");
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto pid = waitForPid("bp.job");
  ASSERT_TRUE(pid);
  EXPECT_EQ(launchctl({"bootout", gui(), plist.string()}).exitCode, 0);
  EXPECT_FALSE(processExists(*pid));
  EXPECT_EQ(launchctl({"print", target("bp.job")}).exitCode, 113);
}

TEST_F(LaunchctlTest, BootoutEscalatesToSigkillAfterExitTimeOut) {
  auto options = pidJob("stubborn.job", "trap '' TERM; while :; do /bin/sleep 1; done");
  options.exitTimeOut = 1;
  auto plist = writePlist("stubborn.job", options);
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto pid = waitForPid("stubborn.job");
  ASSERT_TRUE(pid);
  auto r = launchctl({"bootout", target("stubborn.job")});
  EXPECT_EQ(r.exitCode, 0);
  // It waited ExitTimeOut for the TERM it ignores, then killed it: nothing else ends this job,
  // and no upper bound on the time is asserted, which a loaded machine could move.
  EXPECT_GE(r.elapsed, std::chrono::milliseconds(900));
  EXPECT_FALSE(processExists(*pid));
}

TEST_F(LaunchctlTest, StopEndsProcessGroupButNotDetachedProcesses) {
  const std::string grouped = (work_ / "grouped.pid").string();
  const std::string detached = (work_ / "detached.pid").string();
  auto options = pidJob("group.job", "/bin/sleep 1001 & echo $! > " + grouped +
                                         "; /usr/bin/setsid /bin/sleep 1002 & echo $! > " + detached + "; wait");
  auto plist = writePlist("group.job", options);
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  ASSERT_TRUE(waitFor("children started", [&] { return readPidFile(grouped) && readPidFile(detached); }));
  pid_t groupedPid = *readPidFile(grouped);
  pid_t detachedPid = *readPidFile(detached);
  ASSERT_TRUE(waitFor("setsid done", [&] { return ::getsid(detachedPid) == detachedPid; }));
  ASSERT_EQ(launchctl({"bootout", target("group.job")}).exitCode, 0);
  EXPECT_TRUE(waitFor("grouped child gone", [&] { return !processExists(groupedPid); }));
  EXPECT_TRUE(processExists(detachedPid)) << "a process that left the group survives, as under launchd";
  // Shutdown (TearDown) ends it; check here explicitly too.
  ASSERT_EQ(fakeLaunchd({"shutdown", root_.string()}).exitCode, 0);
  EXPECT_TRUE(waitFor("detached child ended by shutdown", [&] { return !processExists(detachedPid); }));
}

TEST_F(LaunchctlTest, KeepAliveRespawnsAfterKill) {
  setThrottleOverride(0);
  auto options = pidJob("ka.job");
  options.keepAlive = "<true/>";
  auto plist = writePlist("ka.job", options);
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto first = waitForPid("ka.job");
  ASSERT_TRUE(first);
  ASSERT_EQ(::kill(*first, SIGKILL), 0);
  auto second = waitForPid("ka.job", first);
  ASSERT_TRUE(second);
  EXPECT_TRUE(waitFor("runs = 2", [&] { return printField("ka.job", "runs") == "2"; }));
  EXPECT_EQ(printField("ka.job", "last terminating signal"), "Killed: 9");
  EXPECT_EQ(printField("ka.job", "minimum runtime"), "0");
}

TEST_F(LaunchctlTest, ThrottleIntervalSchedulesRespawn) {
  PlistOptions options;
  options.arguments = {"/bin/sh", "-c", "exit 3"};
  options.keepAlive = "<true/>";
  options.throttleInterval = 1;
  auto plist = writePlist("throttle.job", options);
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  EXPECT_TRUE(waitFor("spawn scheduled", [&] { return printField("throttle.job", "state") == "spawn scheduled"; }));
  EXPECT_EQ(printField("throttle.job", "last exit code"), "3");
  EXPECT_TRUE(waitFor("respawned", [&] {
    auto runs = printField("throttle.job", "runs");
    return runs && std::stoi(*runs) >= 2;
  }));
}

TEST_F(LaunchctlTest, KeepAliveSuccessfulExitFalseRestartsOnlyFailures) {
  setThrottleOverride(0);
  PlistOptions ok;
  ok.arguments = {"/bin/sh", "-c", "exit 0"};
  ok.runAtLoad = false;
  ok.keepAlive = "<dict><key>SuccessfulExit</key><false/></dict>";
  ASSERT_EQ(launchctl({"bootstrap", gui(), writePlist("succ.job", ok).string()}).exitCode, 0);
  EXPECT_TRUE(waitFor("exited 0", [&] { return printField("succ.job", "last exit code") == "0"; }));
  EXPECT_EQ(printField("succ.job", "state"), "not running");
  EXPECT_EQ(printField("succ.job", "runs"), "1");

  PlistOptions failing;
  failing.arguments = {"/bin/sh", "-c",
                       "n=$(cat " + (work_ / "count").string() + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " +
                           (work_ / "count").string() + "; [ $n -ge 3 ] && exit 0; exit 1"};
  failing.runAtLoad = false;
  failing.keepAlive = "<dict><key>SuccessfulExit</key><false/></dict>";
  ASSERT_EQ(launchctl({"bootstrap", gui(), writePlist("fail.job", failing).string()}).exitCode, 0);
  EXPECT_TRUE(waitFor("three runs then stop", [&] {
    return printField("fail.job", "runs") == "3" && printField("fail.job", "state") == "not running";
  }));
}

TEST_F(LaunchctlTest, KickstartForms) {
  auto options = pidJob("kick.job");
  options.runAtLoad = false;
  auto plist = writePlist("kick.job", options);
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  EXPECT_EQ(printField("kick.job", "state"), "not running");
  EXPECT_EQ(printField("kick.job", "last exit code"), "(never exited)");

  auto start = launchctl({"kickstart", target("kick.job")});
  EXPECT_EQ(start.exitCode, 0);
  EXPECT_EQ(start.out, "");
  auto first = waitForPid("kick.job");
  ASSERT_TRUE(first);

  auto noop = launchctl({"kickstart", "-p", target("kick.job")});
  EXPECT_EQ(noop.exitCode, 0);
  EXPECT_EQ(noop.out, std::to_string(*first) + "\n");
  EXPECT_EQ(printField("kick.job", "runs"), "1");

  auto restart = launchctl({"kickstart", "-k", "-p", target("kick.job")});
  EXPECT_EQ(restart.exitCode, 0) << restart.err;
  EXPECT_FALSE(processExists(*first));
  auto second = waitForPid("kick.job", first);
  ASSERT_TRUE(second);
  EXPECT_EQ(restart.out, std::to_string(*second) + "\n");
  EXPECT_EQ(printField("kick.job", "runs"), "2");
  EXPECT_EQ(printField("kick.job", "last terminating signal"), "Terminated: 15");

  auto unknown = launchctl({"kickstart", "-k", target("nope")});
  EXPECT_EQ(unknown.exitCode, 113);
  EXPECT_EQ(unknown.err, "Could not find service \"nope\" in domain for user gui: " + std::to_string(::getuid()) + "\n");
  EXPECT_EQ(launchctl({"kickstart", "-x", target("kick.job")}).exitCode, 64);
  EXPECT_EQ(launchctl({"kickstart", "bogus"}).exitCode, 64);
}

TEST_F(LaunchctlTest, KickstartDuringScheduledRespawnStartsNow) {
  PlistOptions options = pidJob("sched.job", "exit 1");
  options.keepAlive = "<true/>";
  options.throttleInterval = 600;
  auto plist = writePlist("sched.job", options);
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto first = waitForPid("sched.job");
  ASSERT_TRUE(first);
  ASSERT_TRUE(waitFor("spawn scheduled", [&] { return printField("sched.job", "state") == "spawn scheduled"; }));
  EXPECT_EQ(launchctl({"kickstart", "-k", target("sched.job")}).exitCode, 0);
  EXPECT_TRUE(waitForPid("sched.job", first));
  EXPECT_TRUE(waitFor("runs = 2", [&] { return printField("sched.job", "runs") == "2"; }));
}

TEST_F(LaunchctlTest, KillSendsSignalsByNameAndNumber) {
  auto plist = writePlist("kill.job", pidJob("kill.job"));
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto pid = waitForPid("kill.job");
  ASSERT_TRUE(pid);
  EXPECT_EQ(launchctl({"kill", "BOGUS", target("kill.job")}).exitCode, 64);
  EXPECT_EQ(launchctl({"kill", "TERM", target("nope")}).exitCode, 113);
  EXPECT_EQ(launchctl({"kill", "SIGTERM", target("kill.job")}).exitCode, 0);
  EXPECT_TRUE(waitFor("signalled", [&] { return printField("kill.job", "state") == "not running"; }));
  EXPECT_EQ(printField("kill.job", "last terminating signal"), "Terminated: 15");
  auto list = launchctl({"list"});
  EXPECT_THAT(list.out, HasSubstr("-\t-15\tkill.job\n"));
  EXPECT_EQ(launchctl({"kill", "9", target("kill.job")}).exitCode, 3);
  ASSERT_EQ(launchctl({"kickstart", target("kill.job")}).exitCode, 0);
  auto second = waitForPid("kill.job", pid);
  ASSERT_TRUE(second);
  EXPECT_EQ(launchctl({"kill", "9", target("kill.job")}).exitCode, 0);
  EXPECT_TRUE(waitFor("killed", [&] { return printField("kill.job", "last terminating signal") == "Killed: 9"; }));
}

TEST_F(LaunchctlTest, ListShowsHeaderAndRows) {
  ASSERT_EQ(launchctl({"bootstrap", gui(), writePlist("list.a", pidJob("list.a")).string()}).exitCode, 0);
  PlistOptions idle;
  idle.arguments = {"/bin/true"};
  idle.runAtLoad = false;
  ASSERT_EQ(launchctl({"bootstrap", gui(), writePlist("list.b", idle).string()}).exitCode, 0);
  auto pid = waitForPid("list.a");
  ASSERT_TRUE(pid);
  auto r = launchctl({"list"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out, "PID\tStatus\tLabel\n" + std::to_string(*pid) + "\t0\tlist.a\n-\t0\tlist.b\n");
  auto one = launchctl({"list", "list.a"});
  EXPECT_EQ(one.exitCode, 0);
  EXPECT_THAT(one.out, HasSubstr("\"PID\" = " + std::to_string(*pid) + ";"));
  auto none = launchctl({"list", "nope"});
  EXPECT_EQ(none.exitCode, 113);
}

TEST_F(LaunchctlTest, LegacyLoadAndUnload) {
  auto plist = writePlist("legacy.job", pidJob("legacy.job"));
  auto notLoaded = launchctl({"unload", plist.string()});
  EXPECT_EQ(notLoaded.exitCode, 0);
  EXPECT_EQ(notLoaded.err,
            "Unload failed: 5: Input/output error\nTry running `launchctl bootout` as root for richer errors.\n");
  ASSERT_EQ(launchctl({"load", "-w", plist.string()}).exitCode, 0);
  auto pid = waitForPid("legacy.job");
  ASSERT_TRUE(pid);
  auto twice = launchctl({"load", plist.string()});
  EXPECT_EQ(twice.exitCode, 0);
  EXPECT_THAT(twice.err, HasSubstr("Load failed: 5: Input/output error"));
  EXPECT_EQ(launchctl({"unload", "-w", plist.string()}).exitCode, 0);
  EXPECT_FALSE(processExists(*pid));
  EXPECT_THAT(launchctl({"print-disabled", gui()}).out, HasSubstr("\"legacy.job\" => disabled"));
  EXPECT_THAT(launchctl({"load", plist.string()}).err, HasSubstr("Load failed"));
  EXPECT_EQ(launchctl({"print", target("legacy.job")}).exitCode, 113);
}

TEST_F(LaunchctlTest, StatelessVerbsAndUsage) {
  auto e = launchctl({"error", "113"});
  EXPECT_EQ(e.exitCode, 0);
  EXPECT_EQ(e.out, "113: Could not find specified service\n");
  EXPECT_EQ(launchctl({"error", "37"}).out, "37: Operation already in progress\n");
  auto unknown = launchctl({"frobnicate"});
  EXPECT_EQ(unknown.exitCode, 64);
  EXPECT_THAT(unknown.err, HasSubstr("Unrecognized subcommand: frobnicate"));
  EXPECT_EQ(launchctl({}).exitCode, 64);
  EXPECT_EQ(launchctl({"help"}).exitCode, 0);
  auto bad = launchctl({"print", "not-a-target"});
  EXPECT_EQ(bad.exitCode, 64);
  EXPECT_EQ(bad.err, "Unrecognized target specifier.\n");
  EXPECT_EQ(launchctl({"print"}).exitCode, 64);
  EXPECT_EQ(launchctl({"print-disabled", target("x")}).exitCode, 64);
}

TEST_F(LaunchctlTest, GetenvSetenv) {
  auto unset = launchctl({"getenv", "OPENCLAW_GATEWAY_TOKEN"});
  EXPECT_EQ(unset.exitCode, 1);
  EXPECT_EQ(unset.out, "");
  ASSERT_EQ(launchctl({"setenv", "OPENCLAW_GATEWAY_TOKEN", "secret"}).exitCode, 0);
  EXPECT_EQ(launchctl({"getenv", "OPENCLAW_GATEWAY_TOKEN"}).out, "secret\n");
  ASSERT_EQ(launchctl({"unsetenv", "OPENCLAW_GATEWAY_TOKEN"}).exitCode, 0);
  EXPECT_EQ(launchctl({"getenv", "OPENCLAW_GATEWAY_TOKEN"}).exitCode, 1);
}

TEST_F(LaunchctlTest, RebootRestoresLaunchAgents) {
  auto runAtLoad = writePlist("boot.run", pidJob("boot.run"));
  auto keepAlive = pidJob("boot.keep");
  keepAlive.runAtLoad = false;
  keepAlive.keepAlive = "<true/>";
  auto keepPlist = writePlist("boot.keep", keepAlive);
  auto lazy = pidJob("boot.lazy");
  lazy.runAtLoad = false;
  writePlist("boot.lazy", lazy);
  auto disabled = writePlist("boot.off", pidJob("boot.off"));
  auto outside = writePlist("boot.outside", pidJob("boot.outside"), work_ / "outside.plist");
  for (const auto& p : {runAtLoad, keepPlist, disabled, outside}) {
    ASSERT_EQ(launchctl({"bootstrap", gui(), p.string()}).exitCode, 0);
  }
  auto oldRun = waitForPid("boot.run");
  auto oldOutside = waitForPid("boot.outside");
  ASSERT_TRUE(oldRun && oldOutside && waitForPid("boot.keep") && waitForPid("boot.off"));
  ASSERT_EQ(launchctl({"disable", target("boot.off")}).exitCode, 0);

  auto r = fakeLaunchd({"reboot", root_.string(), "--home", home_.string(), "--uid", std::to_string(::getuid())});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_FALSE(processExists(*oldRun));
  EXPECT_FALSE(processExists(*oldOutside));
  EXPECT_TRUE(waitForPid("boot.run", oldRun));
  EXPECT_EQ(printField("boot.run", "runs"), "1");
  EXPECT_TRUE(waitFor("keepalive job running", [&] { return printField("boot.keep", "state") == "running"; }));
  EXPECT_EQ(printField("boot.lazy", "state"), "not running");
  EXPECT_EQ(launchctl({"print", target("boot.off")}).exitCode, 113);
  EXPECT_EQ(launchctl({"print", target("boot.outside")}).exitCode, 113);
}

TEST_F(LaunchctlTest, ShutdownEndsJobsAndSupervisor) {
  auto plist = writePlist("sd.job", pidJob("sd.job"));
  ASSERT_EQ(launchctl({"bootstrap", gui(), plist.string()}).exitCode, 0);
  auto pid = waitForPid("sd.job");
  auto supervisor = supervisorPid();
  ASSERT_TRUE(pid && supervisor);
  EXPECT_EQ(fakeLaunchd({"shutdown", root_.string()}).exitCode, 0);
  EXPECT_FALSE(processExists(*pid));
  EXPECT_TRUE(waitFor("supervisor gone", [&] { return !processExists(*supervisor); }));
  EXPECT_EQ(fakeLaunchd({"shutdown", root_.string()}).exitCode, 0);  // idempotent
  EXPECT_EQ(fakeLaunchd({"status", root_.string()}).exitCode, 3);
}

TEST_F(LaunchctlTest, SupervisorStopsWhenRootIsDeleted) {
  ASSERT_EQ(launchctl({"list"}).exitCode, 0);
  auto supervisor = supervisorPid();
  ASSERT_TRUE(supervisor);
  fs::remove(root_ / "run" / "launchd.sock");
  EXPECT_TRUE(waitFor("supervisor notices", [&] { return !processExists(*supervisor); }));
}

TEST_F(LaunchctlTest, ClientDoesNotLeakPipesToSupervisor) {
  // runProcess reads stdout/stderr to EOF: it returns before its timeout (exit code 0, not
  // -1) only if the daemonised supervisor, which outlives the client, did not inherit the pipes.
  auto r = launchctl({"list"});
  EXPECT_EQ(r.exitCode, 0) << "launchctl list did not reach EOF: the supervisor holds its pipes";
  auto supervisor = supervisorPid();
  ASSERT_TRUE(supervisor);
  for (int fd : {0, 1, 2}) {
    std::error_code ec;
    auto target = fs::read_symlink("/proc/" + std::to_string(*supervisor) + "/fd/" + std::to_string(fd), ec);
    EXPECT_EQ(target.string().find("pipe:"), std::string::npos) << fd << " -> " << target;
  }
}

TEST_F(LaunchctlTest, ConcurrentFirstCallsStartOneSupervisor) {
  // Six launchctl processes at once, each started from its own thread.
  std::vector<int> exitCodes(6, -1);
  std::vector<std::thread> callers;
  for (size_t i = 0; i < exitCodes.size(); ++i) {
    callers.emplace_back([&, i] { exitCodes[i] = launchctl({"list"}).exitCode; });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(exitCodes, std::vector<int>(6, 0));
  int supervisors = 0;
  for (pid_t pid : processesMentioning(root_.string())) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
    std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    supervisors += cmd.find("__fake_launchd_serve") != std::string::npos;
  }
  EXPECT_EQ(supervisors, 1);
}

class RootDiscoveryTest : public FakeLaunchdTest {};

TEST_F(RootDiscoveryTest, SymlinkedLaunchctlFindsRootFromInvokedPath) {
  fs::remove_all(root_);
  auto init = fakeLaunchd({"init", root_.string(), "--symlink"});
  ASSERT_EQ(init.exitCode, 0) << init.err;
  ASSERT_TRUE(fs::is_symlink(root_ / "bin" / "launchctl"));
  // By full path and by bare name through PATH.
  EXPECT_EQ(launchctl({"list"}).exitCode, 0);
  auto viaPath = runProcess({"/bin/sh", "-c", "launchctl list"},
                            {{"PATH", (root_ / "bin").string() + ":/usr/bin:/bin"}, {"HOME", home_.string()}},
                            std::chrono::seconds(10));
  EXPECT_EQ(viaPath.exitCode, 0) << viaPath.err;
  EXPECT_EQ(viaPath.out, "PID\tStatus\tLabel\n");
  // Invoked from elsewhere (like a bind-mounted /bin/launchctl): falls back to PATH.
  fs::create_directories(work_ / "elsewhere");
  fs::create_symlink(FAKE_LAUNCHCTL_BIN, work_ / "elsewhere" / "launchctl");
  auto elsewhere = runProcess({(work_ / "elsewhere" / "launchctl").string(), "list"},
                              {{"PATH", (root_ / "bin").string() + ":/usr/bin:/bin"}, {"HOME", home_.string()}},
                              std::chrono::seconds(10));
  EXPECT_EQ(elsewhere.exitCode, 0) << elsewhere.err;
  auto lost = runProcess({(work_ / "elsewhere" / "launchctl").string(), "list"}, {{"PATH", "/usr/bin:/bin"}},
                         std::chrono::seconds(10));
  EXPECT_EQ(lost.exitCode, 1);
  EXPECT_THAT(lost.err, HasSubstr("no fake launchd root found"));
}

TEST_F(RootDiscoveryTest, CopiedLaunchctlWorks) {
  fs::remove_all(root_);
  ASSERT_EQ(fakeLaunchd({"init", root_.string(), "--copy", "--throttle-override", "0"}).exitCode, 0);
  EXPECT_EQ(readFile(root_ / "etc" / "throttle-override"), "0\n");
  EXPECT_EQ(launchctl({"list"}).exitCode, 0);
}

}  // namespace
}  // namespace fakes::launchd::testing
