#include "tests/fakes/launchd/fake_launchd_fixture.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "harness/platform/platform.h"
#include "harness/process/process_runner.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace fakes::launchd::testing {
namespace fs = std::filesystem;
using harness::testing::waitFor;

namespace {

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

using harness::testing::reapExitedChildren;

}  // namespace

RunResult runProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                     std::chrono::milliseconds timeout) {
  RunResult result;
  harness::ProcessSpec spec{.executable = argv.at(0), .args = {argv.begin() + 1, argv.end()}, .environment = env};
  spec.workingDirectory = "/";
  spec.timeout = timeout;
  auto run = harness::runProcess(spec);
  if (!run) {
    result.err = run.error().describe();
    return result;
  }
  result.out = std::move(run->stdoutText);
  result.err = std::move(run->stderrText);
  result.elapsed = run->elapsed;
  result.exitCode = run->timedOut || run->termSignal != 0 ? -1 : run->exitCode;
  return result;
}

void FakeLaunchdTest::SetUpTestSuite() { harness::platform::becomeChildSubreaper(); }

void FakeLaunchdTest::SetUp() {
  root_ = tmp_.path() / "root";
  home_ = tmp_.path() / "home";
  work_ = tmp_.path() / "work";
  agents_ = home_ / "Library" / "LaunchAgents";
  fs::create_directories(agents_);
  fs::create_directories(work_);
  auto init = runProcess({FAKE_LAUNCHD_BIN, "init", root_.string()}, {{"PATH", "/usr/bin:/bin"}},
                         harness::testing::actionTimeout());
  ASSERT_EQ(init.exitCode, 0) << init.err;
}

void FakeLaunchdTest::TearDown() {
  auto pid = supervisorPid();
  auto down = fakeLaunchd({"shutdown", root_.string()});
  EXPECT_EQ(down.exitCode, 0) << down.err;
  if (pid) {
    EXPECT_TRUE(waitFor("supervisor exits", [&] {
      reapExitedChildren();
      return !processExists(*pid);
    }));
  }
  EXPECT_TRUE(waitFor("no process mentions " + tmp_.path().string(), [&] {
    reapExitedChildren();
    return processesMentioning(tmp_.path().string()).empty();
  })) << "left over: " << ::testing::PrintToString(processesMentioning(tmp_.path().string()));
  reapExitedChildren();
  // No zombie children (we are the subreaper of everything the fake started).
  const std::vector<pid_t> zombies = harness::testing::zombieChildrenOf(::getpid());
  EXPECT_TRUE(zombies.empty()) << ::testing::PrintToString(zombies);
}

RunResult FakeLaunchdTest::launchctl(const std::vector<std::string>& args, std::chrono::milliseconds timeout) const {
  std::vector<std::string> argv{(root_ / "bin" / "launchctl").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return runProcess(argv,
                    {{"HOME", home_.string()},
                     {"PATH", (root_ / "bin").string() + ":/usr/bin:/bin"},
                     {"LANG", "C"},
                     {"TERM", "dumb"}},
                    timeout);
}

RunResult FakeLaunchdTest::fakeLaunchd(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{FAKE_LAUNCHD_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return runProcess(argv, {{"HOME", home_.string()}, {"PATH", "/usr/bin:/bin"}}, harness::testing::actionMaxTimeout());
}

fs::path FakeLaunchdTest::writePlist(const std::string& label, const PlistOptions& o,
                                     std::optional<fs::path> path) const {
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
       "<plist version=\"1.0\">\n<dict>\n";
  x << "  <key>Label</key><string>" << xmlEscape(label) << "</string>\n";
  if (o.program) x << "  <key>Program</key><string>" << xmlEscape(*o.program) << "</string>\n";
  if (!o.arguments.empty()) {
    x << "  <key>ProgramArguments</key><array>";
    for (const auto& a : o.arguments) x << "<string>" << xmlEscape(a) << "</string>";
    x << "</array>\n";
  }
  x << "  <key>RunAtLoad</key>" << (o.runAtLoad ? "<true/>" : "<false/>") << "\n";
  if (o.keepAlive) x << "  <key>KeepAlive</key>" << *o.keepAlive << "\n";
  auto env = o.environment;
  env.emplace("FAKE_LAUNCHD_TEST_MARKER", tmp_.path().string());
  x << "  <key>EnvironmentVariables</key><dict>";
  for (const auto& [k, v] : env) x << "<key>" << xmlEscape(k) << "</key><string>" << xmlEscape(v) << "</string>";
  x << "</dict>\n";
  x << "  <key>WorkingDirectory</key><string>" << xmlEscape(o.workingDirectory.value_or(work_.string()))
    << "</string>\n";
  if (o.stdoutPath) x << "  <key>StandardOutPath</key><string>" << xmlEscape(*o.stdoutPath) << "</string>\n";
  if (o.stderrPath) x << "  <key>StandardErrorPath</key><string>" << xmlEscape(*o.stderrPath) << "</string>\n";
  if (o.umask) x << "  <key>Umask</key><integer>" << *o.umask << "</integer>\n";
  if (o.throttleInterval) x << "  <key>ThrottleInterval</key><integer>" << *o.throttleInterval << "</integer>\n";
  if (o.exitTimeOut) x << "  <key>ExitTimeOut</key><integer>" << *o.exitTimeOut << "</integer>\n";
  x << o.extraXml;
  x << "</dict>\n</plist>\n";
  fs::path file = path.value_or(agents_ / (label + ".plist"));
  harness::testing::writeFile(file, x.str(), 0644);
  return file;
}

PlistOptions FakeLaunchdTest::pidJob(const std::string& label, const std::string& then) const {
  PlistOptions o;
  o.arguments = {"/bin/sh", "-c", "echo $$ > " + pidFile(label).string() + ".tmp && mv " + pidFile(label).string() +
                                      ".tmp " + pidFile(label).string() + "; " + then};
  return o;
}

std::optional<pid_t> FakeLaunchdTest::waitForPid(const std::string& label, std::optional<pid_t> notThis) const {
  std::optional<pid_t> pid;
  bool ok = waitFor("pid file of " + label, [&] {
    pid = readPidFile(pidFile(label));
    return pid && pid != notThis;
  });
  if (!ok) return std::nullopt;
  return pid;
}

std::string FakeLaunchdTest::gui() const { return "gui/" + std::to_string(::getuid()); }

std::optional<std::string> FakeLaunchdTest::printField(const std::string& label, const std::string& key) const {
  auto r = launchctl({"print", target(label)});
  if (r.exitCode != 0) return std::nullopt;
  std::istringstream in(r.out);
  std::string line;
  const std::string prefix = "\t" + key + " = ";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
  }
  return std::nullopt;
}

std::optional<pid_t> FakeLaunchdTest::supervisorPid() const { return readPidFile(root_ / "run" / "launchd.pid"); }

void FakeLaunchdTest::setThrottleOverride(int seconds) const {
  harness::testing::writeFile(root_ / "etc" / "throttle-override", std::to_string(seconds) + "\n", 0644);
}

}  // namespace fakes::launchd::testing
