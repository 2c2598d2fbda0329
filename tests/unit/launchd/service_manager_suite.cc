#include "service_manager_suite.h"

#include <signal.h>

#include <nlohmann/json.hpp>

#include "harness/plist/plist_reader.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/wait.h"

namespace harness::testing {

namespace fs = std::filesystem;

std::string serviceManagerBackendName(const ::testing::TestParamInfo<ServiceManagerBackendParam>& info) {
  return info.param.name;
}

void ServiceManagerSuite::SetUp() {
  std::string skipReason;
  backend_ = GetParam().make(&skipReason);
  if (!backend_) GTEST_SKIP() << GetParam().name << " backend unavailable: " << skipReason;
}

void ServiceManagerSuite::TearDown() {
  if (!backend_) return;
  for (const auto& label : labels_) (void)manager().bootout(label);
  backend_.reset();
}

fs::path ServiceManagerSuite::writeJob(const std::string& label, const std::string& script, bool keepAlive,
                                       bool runAtLoad) {
  nlohmann::json plist = {
      {"Label", label},
      {"ProgramArguments", {"/bin/sh", "-c", script}},
      {"RunAtLoad", runAtLoad},
      {"KeepAlive", keepAlive},
      {"ThrottleInterval", 1},
      {"ExitTimeOut", 5},
      {"EnvironmentVariables", {{"SUITE_MARKER", "yes"}}},
  };
  const fs::path path = backend_->agentsDir() / (label + ".plist");
  writeFile(path, toXmlPlist(plist), 0644);
  labels_.push_back(label);
  return path;
}

int ServiceManagerSuite::waitForPid(const std::string& label, int notPid) {
  int pid = 0;
  std::string last;
  const bool ok = waitFor("a running pid for " + label, [&] {
    auto job = manager().print(label);
    if (!job) {
      last = job.error().describe();
      return false;
    }
    last = job->state;
    if (job->pid && *job->pid != notPid) pid = *job->pid;
    return pid != 0;
  });
  EXPECT_TRUE(ok) << "last seen: " << last;
  return pid;
}

namespace {

bool alive(int pid) { return pid > 0 && ::kill(pid, 0) == 0; }

}  // namespace

TEST_P(ServiceManagerSuite, PrintOfUnknownLabelIsNotLoaded) {
  auto job = manager().print("com.example.suite.absent");
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_FALSE(job->loaded);
  EXPECT_FALSE(job->running());
}

TEST_P(ServiceManagerSuite, BootstrapStartsRunAtLoadJob) {
  const std::string label = "com.example.suite.run";
  const auto plist = writeJob(label, "exec sleep 300");
  ASSERT_TRUE(manager().bootstrap(plist));
  const int pid = waitForPid(label);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(alive(pid));

  auto job = manager().print(label);
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_TRUE(job->loaded);
  EXPECT_EQ(job->state, "running");
  EXPECT_EQ(job->path, plist.string());
  EXPECT_GE(job->runs, 1);
  ASSERT_EQ(job->arguments.size(), 3u);
  EXPECT_EQ(job->arguments[0], "/bin/sh");
  EXPECT_EQ(job->arguments[2], "exec sleep 300");
  EXPECT_EQ(job->environment["SUITE_MARKER"], "yes");
  EXPECT_EQ(job->environment["XPC_SERVICE_NAME"], label);

  auto rows = manager().list();
  ASSERT_TRUE(rows) << rows.error().describe();
  bool listed = false;
  for (const auto& row : *rows) {
    if (row.label == label) {
      listed = true;
      EXPECT_EQ(row.pid, pid);
    }
  }
  EXPECT_TRUE(listed);
}

TEST_P(ServiceManagerSuite, BootstrapOfLoadedLabelIsAlreadyLoaded) {
  const std::string label = "com.example.suite.twice";
  const auto plist = writeJob(label, "exec sleep 300");
  ASSERT_TRUE(manager().bootstrap(plist));
  auto again = manager().bootstrap(plist);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::ProcessFailed);
  EXPECT_NE(again.error().message.find("already loaded"), std::string::npos) << again.error().describe();
}

TEST_P(ServiceManagerSuite, BootoutStopsTheJobAndUnloadsIt) {
  const std::string label = "com.example.suite.bootout";
  ASSERT_TRUE(manager().bootstrap(writeJob(label, "exec sleep 300", /*keepAlive=*/true)));
  const int pid = waitForPid(label);
  ASSERT_GT(pid, 0);
  auto status = manager().bootout(label);
  ASSERT_TRUE(status) << status.error().describe();
  EXPECT_TRUE(waitFor("old pid gone", [&] { return !alive(pid); }));
  EXPECT_TRUE(waitFor("label unloaded", [&] {
    auto job = manager().print(label);
    return job && !job->loaded;
  }));
  auto again = manager().bootout(label);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::NotFound);
}

TEST_P(ServiceManagerSuite, BootoutByPlist) {
  const std::string label = "com.example.suite.bootoutplist";
  const auto plist = writeJob(label, "exec sleep 300");
  ASSERT_TRUE(manager().bootstrap(plist));
  auto status = manager().bootoutPlist(plist);
  ASSERT_TRUE(status) << status.error().describe();
  EXPECT_TRUE(waitFor("label unloaded", [&] {
    auto job = manager().print(label);
    return job && !job->loaded;
  }));
  auto again = manager().bootoutPlist(plist);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::NotFound);
}

TEST_P(ServiceManagerSuite, KickstartKillRestartsWithNewPid) {
  const std::string label = "com.example.suite.kick";
  ASSERT_TRUE(manager().bootstrap(writeJob(label, "exec sleep 300", /*keepAlive=*/true)));
  const int first = waitForPid(label);
  ASSERT_GT(first, 0);
  auto runsBefore = manager().print(label)->runs;

  ASSERT_TRUE(manager().kickstart(label, false));  // running: left alone
  EXPECT_EQ(manager().print(label)->pid, first);

  auto status = manager().kickstart(label, true);
  ASSERT_TRUE(status) << status.error().describe();
  const int second = waitForPid(label, first);
  EXPECT_GT(second, 0);
  EXPECT_NE(second, first);
  EXPECT_TRUE(waitFor("old pid gone", [&] { return !alive(first); }));
  EXPECT_GT(manager().print(label)->runs, runsBefore);
}

TEST_P(ServiceManagerSuite, KickstartOfUnknownLabelIsNotFound) {
  auto status = manager().kickstart("com.example.suite.absent", true);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::NotFound);
}

TEST_P(ServiceManagerSuite, KickstartStartsLoadedIdleJob) {
  const std::string label = "com.example.suite.idle";
  ASSERT_TRUE(manager().bootstrap(writeJob(label, "exec sleep 300", false, /*runAtLoad=*/false)));
  auto idle = manager().print(label);
  ASSERT_TRUE(idle) << idle.error().describe();
  EXPECT_TRUE(idle->loaded);
  EXPECT_FALSE(idle->running());
  ASSERT_TRUE(manager().kickstart(label, false));
  EXPECT_GT(waitForPid(label), 0);
}

TEST_P(ServiceManagerSuite, ExitedJobReportsLastExitCode) {
  const std::string label = "com.example.suite.exit";
  ASSERT_TRUE(manager().bootstrap(writeJob(label, "exit 3")));
  std::string last;
  EXPECT_TRUE(waitFor("last exit code 3", [&] {
    auto job = manager().print(label);
    if (!job) return false;
    last = job->state + " / " + job->lastExitCodeText;
    return job->loaded && !job->running() && job->lastExitCode == 3;
  })) << last;
}

TEST_P(ServiceManagerSuite, KillDeliversSignal) {
  const std::string label = "com.example.suite.kill";
  ASSERT_TRUE(manager().bootstrap(writeJob(label, "exec sleep 300")));
  const int pid = waitForPid(label);
  ASSERT_GT(pid, 0);
  auto status = manager().kill(label, SIGTERM);
  ASSERT_TRUE(status) << status.error().describe();
  std::string last;
  EXPECT_TRUE(waitFor("terminated by SIGTERM", [&] {
    auto job = manager().print(label);
    if (!job) return false;
    last = job->state + " / " + job->lastSignalText;
    return !job->running() && job->lastSignal == SIGTERM;
  })) << last;
}

TEST_P(ServiceManagerSuite, DisabledLabelCannotBootstrapUntilEnabled) {
  const std::string label = "com.example.suite.disabled";
  const auto plist = writeJob(label, "exec sleep 300");
  ASSERT_TRUE(manager().disable(label));
  auto overrides = manager().printDisabled();
  ASSERT_TRUE(overrides) << overrides.error().describe();
  ASSERT_EQ(overrides->count(label), 1u);
  EXPECT_TRUE(overrides->at(label));

  auto refused = manager().bootstrap(plist);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied) << refused.error().describe();

  ASSERT_TRUE(manager().enable(label));
  overrides = manager().printDisabled();
  ASSERT_TRUE(overrides) << overrides.error().describe();
  EXPECT_FALSE(overrides->at(label));
  auto status = manager().bootstrap(plist);
  EXPECT_TRUE(status) << status.error().describe();
}

}  // namespace harness::testing
