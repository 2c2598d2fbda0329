#pragma once

// Fixture for process-level tests of the fake launchd: a fresh root and HOME in a
// ScopedTempDir, the real `launchctl` and `fake-launchd` binaries, and a TearDown that shuts
// the root down and asserts that no process mentioning the temp dir and no zombie is left.
//
// The test process makes itself a child subreaper, so the double-forked supervisor is
// reparented to it and can be reaped (this CI's pid 1 does not reap orphans).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/testing/process_scan.h"
#include "harness/testing/scoped_temp_dir.h"

namespace fakes::launchd::testing {

struct RunResult {
  int exitCode = -1;  // -1: killed by timeout/signal
  std::string out;
  std::string err;
  std::chrono::microseconds elapsed{0};
};

// Runs argv with exactly `env`, capturing stdout/stderr until EOF, bounded by `timeout`.
RunResult runProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                     std::chrono::milliseconds timeout);

struct PlistOptions {
  std::vector<std::string> arguments;
  std::optional<std::string> program;
  bool runAtLoad = true;
  std::optional<std::string> keepAlive;  // raw XML value: "<true/>" or "<dict>...</dict>"
  std::map<std::string, std::string> environment;
  std::optional<std::string> workingDirectory;  // default: the fixture's work dir
  std::optional<std::string> stdoutPath;
  std::optional<std::string> stderrPath;
  std::optional<int> umask;
  std::optional<int> throttleInterval;
  std::optional<int> exitTimeOut;
  std::string extraXml;
};

// /proc helpers (harness/testing/process_scan.h).
using harness::testing::processesMentioning;
using harness::testing::processExists;
using harness::testing::processIsZombie;
using harness::testing::readPidFile;

class FakeLaunchdTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  void SetUp() override;
  void TearDown() override;

  // Runs ROOT/bin/launchctl with HOME, PATH (ROOT/bin first), LANG, TERM only.
  RunResult launchctl(const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
  RunResult fakeLaunchd(const std::vector<std::string>& args) const;

  // Writes HOME/Library/LaunchAgents/LABEL.plist (or `path`) and returns its path.
  std::filesystem::path writePlist(const std::string& label, const PlistOptions& options,
                                   std::optional<std::filesystem::path> path = std::nullopt) const;
  // A job that writes its pid to work/LABEL.pid, then runs `then` (default: sleep forever).
  PlistOptions pidJob(const std::string& label, const std::string& then = "exec /bin/sleep 1000") const;
  std::filesystem::path pidFile(const std::string& label) const { return work_ / (label + ".pid"); }

  // Waits for a pid file newer than `previous` pid and returns the pid.
  std::optional<pid_t> waitForPid(const std::string& label, std::optional<pid_t> notThis = std::nullopt) const;
  std::string gui() const;                       // "gui/<uid>"
  std::string target(const std::string& label) const { return gui() + "/" + label; }
  // `print` field (top-level, one TAB) or nullopt.
  std::optional<std::string> printField(const std::string& label, const std::string& key) const;
  std::optional<pid_t> supervisorPid() const;
  void setThrottleOverride(int seconds) const;

  harness::testing::ScopedTempDir tmp_{"fake-launchd"};
  std::filesystem::path root_;
  std::filesystem::path home_;
  std::filesystem::path work_;
  std::filesystem::path agents_;
};

}  // namespace fakes::launchd::testing
