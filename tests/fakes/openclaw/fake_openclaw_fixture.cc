#include "tests/fakes/openclaw/fake_openclaw_fixture.h"

#include <fstream>
#include <sstream>

#include "harness/testing/free_port.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"

namespace fakes::openclaw::testing {

namespace fs = std::filesystem;
using fakes::launchd::testing::readPidFile;

void FakeOpenClawTest::SetUp() {
  FakeLaunchdTest::SetUp();
  if (HasFatalFailure()) return;
  spyDir_ = work_ / "spy";
  fs::create_directories(spyDir_);
  // argv[0] of the real launchctl stays absolute, so it still finds its root.
  harness::testing::writeFile(spyDir_ / "launchctl",
                              "#!/bin/sh\necho \"$*\" >> '" + (work_ / "launchctl.log").string() + "'\nexec '" +
                                  (root_ / "bin" / "launchctl").string() + "' \"$@\"\n",
                              0755);
  gatewayScript_ = work_ / "gateway-standin.sh";
  const std::string pid = (work_ / "gateway.pid").string();
  harness::testing::writeFile(gatewayScript_,
                              "#!/bin/sh\necho \"$*\" > '" + (work_ / "gateway.args").string() + "'\necho $$ > '" + pid +
                                  ".tmp' && mv '" + pid + ".tmp' '" + pid + "'\nexec /bin/sleep 1000\n",
                              0755);
  port_ = harness::testing::pickFreePort();
}

std::map<std::string, std::string> FakeOpenClawTest::cliEnv(const std::string& release,
                                                            const std::map<std::string, std::string>& extra) const {
  std::map<std::string, std::string> env{
      {"HOME", home_.string()},
      {"PATH", spyDir_.string() + ":" + (root_ / "bin").string() + ":" + fs::path(FAKE_OPENCLAW_BIN).parent_path().string() +
                   ":/usr/bin:/bin"},
      {"LANG", "C"},
      {"TERM", "dumb"},
      {"OPENCLAW_FAKE_RELEASE", release},
      {"OPENCLAW_FAKE_GATEWAY", gatewayScript_.string()},
  };
  for (const auto& [k, v] : extra) env[k] = v;
  return env;
}

RunResult FakeOpenClawTest::openclaw(const std::string& release, const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& extra) const {
  std::vector<std::string> argv{FAKE_OPENCLAW_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return fakes::launchd::testing::runProcess(argv, cliEnv(release, extra), harness::testing::actionMaxTimeout());
}

RunResult FakeOpenClawTest::runbook(const std::string& release, const std::vector<std::string>& args) const {
  std::vector<std::string> full{"--profile", "rescue"};
  full.insert(full.end(), args.begin(), args.end());
  return openclaw(release, full, {{"OPENCLAW_LAUNCHD_LABEL", "ai.openclaw.gateway.rescue"}});
}

fs::path FakeOpenClawTest::writeConfig(const std::string& profile, const std::string& json5, int mode) const {
  fs::path dir = home_ / (profile.empty() ? ".openclaw" : ".openclaw-" + profile);
  fs::path file = dir / "openclaw.json";
  harness::testing::writeFile(file, json5, mode);
  return file;
}

std::vector<std::string> FakeOpenClawTest::launchctlCalls() const {
  std::vector<std::string> calls;
  std::ifstream in(work_ / "launchctl.log");
  std::string line;
  while (std::getline(in, line)) calls.push_back(line);
  return calls;
}

void FakeOpenClawTest::clearLaunchctlLog() const {
  std::error_code ec;
  fs::remove(work_ / "launchctl.log", ec);
}

std::optional<pid_t> FakeOpenClawTest::gatewayPid(std::optional<pid_t> notThis) const {
  std::optional<pid_t> pid;
  bool ok = harness::testing::waitFor("stand-in gateway pid file", [&] {
    pid = readPidFile(work_ / "gateway.pid");
    return pid && pid != notThis;
  });
  return ok ? pid : std::nullopt;
}

std::optional<pid_t> FakeOpenClawTest::settledPid(const std::string& label, std::optional<pid_t> notThis) const {
  std::optional<pid_t> pid;
  bool ok = harness::testing::waitFor("launchd pid of " + label + " == stand-in's latest pid", [&] {
    auto file = readPidFile(work_ / "gateway.pid");
    auto printed = printedPid(label);
    if (!file || !printed || *file != *printed || file == notThis) return false;
    pid = file;
    return true;
  });
  return ok ? pid : std::nullopt;
}

std::string FakeOpenClawTest::gatewayArgs() const {
  std::ifstream in(work_ / "gateway.args");
  std::string line;
  std::getline(in, line);
  return line;
}

std::optional<int> FakeOpenClawTest::printedPid(const std::string& label) const {
  auto v = printField(label, "pid");
  if (!v) return std::nullopt;
  return std::stoi(*v);
}

bool FakeOpenClawTest::loaded(const std::string& label) const { return launchctl({"print", target(label)}).exitCode == 0; }

}  // namespace fakes::openclaw::testing
