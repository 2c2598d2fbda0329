// LaunchctlServiceManager against a scripted stand-in launchctl (a shell script that logs its
// argv and answers with canned exit code / stdout / stderr). Checks the command lines and the
// exit-code/text -> ErrorCode mapping; the behavioural suite runs against the fake launchd.

#include "harness/launchd/launchctl_service_manager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kStandIn = R"sh(#!/bin/sh
dir=$(dirname "$0")
printf '%s\n' "$*" >> "$dir/calls"
[ -f "$dir/hang" ] && exec sleep 30
[ -f "$dir/stdout" ] && cat "$dir/stdout"
[ -f "$dir/stderr" ] && cat "$dir/stderr" >&2
[ -f "$dir/exit" ] && exit "$(cat "$dir/exit")"
exit 0
)sh";

class LaunchctlStandInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::writeFile(dir_.path() / "launchctl", kStandIn, 0755);
    LaunchctlOptions options;
    options.launchctl = dir_.path() / "launchctl";
    options.domain = "gui/501";
    options.callTimeout = 5s;
    manager_ = makeLaunchctlServiceManager(options);
  }

  void answer(int exitCode, const std::string& out, const std::string& err) {
    testing::writeFile(dir_.path() / "exit", std::to_string(exitCode));
    testing::writeFile(dir_.path() / "stdout", out);
    testing::writeFile(dir_.path() / "stderr", err);
  }
  std::string calls() const {
    return fs::exists(dir_.path() / "calls") ? testing::readFile(dir_.path() / "calls") : "";
  }

  testing::ScopedTempDir dir_{"launchctl-standin"};
  ServiceManagerPtr manager_;
};

TEST_F(LaunchctlStandInTest, BuildsLaunchctlCommandLines) {
  answer(0, "", "");
  EXPECT_TRUE(manager_->bootstrap("/h/Library/LaunchAgents/a.plist"));
  EXPECT_TRUE(manager_->bootout("a"));
  EXPECT_TRUE(manager_->bootoutPlist("/h/a.plist"));
  EXPECT_TRUE(manager_->enable("a"));
  EXPECT_TRUE(manager_->disable("a"));
  EXPECT_TRUE(manager_->kickstart("a", false));
  EXPECT_TRUE(manager_->kickstart("a", true));
  EXPECT_TRUE(manager_->kill("a", 15));
  EXPECT_EQ(calls(),
            "bootstrap gui/501 /h/Library/LaunchAgents/a.plist\n"
            "bootout gui/501/a\n"
            "bootout gui/501 /h/a.plist\n"
            "enable gui/501/a\n"
            "disable gui/501/a\n"
            "kickstart gui/501/a\n"
            "kickstart -k gui/501/a\n"
            "kill 15 gui/501/a\n");
  EXPECT_EQ(manager_->domain(), "gui/501");
}

TEST_F(LaunchctlStandInTest, DefaultDomainIsGuiUid) {
  LaunchctlOptions options;
  options.launchctl = dir_.path() / "launchctl";
  EXPECT_EQ(makeLaunchctlServiceManager(options)->domain(), defaultGuiDomain());
  EXPECT_EQ(defaultGuiDomain().rfind("gui/", 0), 0u);
}

TEST_F(LaunchctlStandInTest, PrintParsesRunningJob) {
  answer(0, "gui/501/a = {\n\tstate = running\n\tpid = 4242\n\truns = 2\n}\n", "");
  auto job = manager_->print("a");
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_TRUE(job->loaded);
  EXPECT_EQ(job->pid, 4242);
  EXPECT_EQ(job->runs, 2);
  EXPECT_EQ(calls(), "print gui/501/a\n");
}

TEST_F(LaunchctlStandInTest, PrintOfUnknownServiceIsNotLoadedNotAnError) {
  answer(113, "", "Bad request.\nCould not find service \"a\" in domain for user gui: 501\n");
  auto job = manager_->print("a");
  ASSERT_TRUE(job) << job.error().describe();
  EXPECT_FALSE(job->loaded);
  EXPECT_FALSE(job->running());
  EXPECT_EQ(job->target, "gui/501/a");
}

TEST_F(LaunchctlStandInTest, PrintWithGarbageOutputIsInvalidInput) {
  answer(0, "hello\n", "");
  auto job = manager_->print("a");
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, ErrorCode::InvalidInput);
}

TEST_F(LaunchctlStandInTest, PrintOfMissingDomainIsUnsupported) {
  answer(112, "", "Could not find domain for user gui: 424242\n");
  auto job = manager_->print("a");
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, ErrorCode::Unsupported);
}

struct MappingCase {
  const char* name;
  int exitCode;
  const char* stderrText;
  ErrorCode expected;
  const char* messagePart;
};

void PrintTo(const MappingCase& c, std::ostream* os) { *os << c.name; }

class BootstrapMappingTest : public LaunchctlStandInTest, public ::testing::WithParamInterface<MappingCase> {};

TEST_P(BootstrapMappingTest, MapsExitAndText) {
  const auto& c = GetParam();
  answer(c.exitCode, "", c.stderrText);
  auto status = manager_->bootstrap("/h/a.plist");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, c.expected) << status.error().describe();
  EXPECT_NE(status.error().message.find(c.messagePart), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().context.find("bootstrap gui/501 /h/a.plist"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Launchctl, BootstrapMappingTest,
    ::testing::Values(
        MappingCase{"AlreadyLoadedRoot", 37, "Bootstrap failed: 37: Operation already in progress\n", ErrorCode::ProcessFailed,
                    "already loaded"},
        MappingCase{"AlreadyLoadedUser", 5,
                    "Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.\n",
                    ErrorCode::ProcessFailed, "already loaded"},
        MappingCase{"Disabled", 119, "/h/a.plist: Service is disabled\nBootstrap failed: 119: Service is disabled\n",
                    ErrorCode::PermissionDenied, "Service is disabled"},
        MappingCase{"NoGuiSession", 125, "Bootstrap failed: 125: Domain does not support specified action\n",
                    ErrorCode::Unsupported, "125"},
        MappingCase{"Usage", 64, "Unrecognized target specifier.\n", ErrorCode::InvalidInput, "Unrecognized"},
        MappingCase{"Other", 2, "Bootstrap failed: 2: No such file or directory\n", ErrorCode::ProcessFailed,
                    "No such file"}),
    [](const auto& info) { return std::string(info.param.name); });

class BootoutMappingTest : public LaunchctlStandInTest, public ::testing::WithParamInterface<MappingCase> {};

TEST_P(BootoutMappingTest, MapsExitAndText) {
  const auto& c = GetParam();
  answer(c.exitCode, "", c.stderrText);
  auto status = std::string(c.name).find("Plist") != std::string::npos ? manager_->bootoutPlist("/h/a.plist")
                                                                        : manager_->bootout("a");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, c.expected) << status.error().describe();
  EXPECT_NE(status.error().message.find(c.messagePart), std::string::npos) << status.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Launchctl, BootoutMappingTest,
    ::testing::Values(MappingCase{"LabelNotLoaded", 3, "Boot-out failed: 3: No such process\n", ErrorCode::NotFound, "not loaded"},
                      MappingCase{"LabelUnknown113", 113, "Could not find service \"a\" in domain for port\n",
                                  ErrorCode::NotFound, "Could not find service"},
                      MappingCase{"PlistNotLoaded", 5, "Boot-out failed: 5: Input/output error\n", ErrorCode::NotFound,
                                  "Input/output error"},
                      MappingCase{"InProgress", 36, "Boot-out failed: 36: Operation now in progress\n",
                                  ErrorCode::ProcessFailed, "36"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(LaunchctlStandInTest, KickstartOfUnknownServiceIsNotFound) {
  answer(113, "", "Could not find service \"a\" in domain for user gui: 501\n");
  auto status = manager_->kickstart("a", true);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::NotFound);
}

TEST_F(LaunchctlStandInTest, FailureTextFallsBackToStdout) {
  answer(113, "Could not find service \"a\" in domain for port\n", "");
  auto status = manager_->kickstart("a", false);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::NotFound);
}

TEST_F(LaunchctlStandInTest, HangingLaunchctlIsATimeout) {
  testing::writeFile(dir_.path() / "hang", "");
  LaunchctlOptions options;
  options.launchctl = dir_.path() / "launchctl";
  options.callTimeout = 300ms;
  auto manager = makeLaunchctlServiceManager(options);
  const auto start = std::chrono::steady_clock::now();
  auto job = manager->print("a");
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, ErrorCode::Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(LaunchctlStandInTest, MissingLaunchctlIsNotFound) {
  LaunchctlOptions options;
  options.launchctl = dir_.path() / "no-such-launchctl";
  auto job = makeLaunchctlServiceManager(options)->print("a");
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, ErrorCode::NotFound);
}

TEST_F(LaunchctlStandInTest, PrintDisabledAndList) {
  answer(0, "disabled services = {\n\t\"a\" => disabled\n\t\"b\" => enabled\n}\n", "");
  auto disabled = manager_->printDisabled();
  ASSERT_TRUE(disabled) << disabled.error().describe();
  EXPECT_TRUE(disabled->at("a"));
  EXPECT_FALSE(disabled->at("b"));

  answer(0, "PID\tStatus\tLabel\n12\t0\ta\n-\t-15\tb\n", "");
  auto rows = manager_->list();
  ASSERT_TRUE(rows) << rows.error().describe();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at(1).status, -15);
  EXPECT_EQ(calls(), "print-disabled gui/501\nlist\n");
}

TEST(ClassifyLaunchctlFailureTest, NotLoadedPredicatesMatchOpenClaw) {
  EXPECT_EQ(classifyLaunchctlFailure("print", false, 1, "Could not find service \"x\" in domain for port"),
            LaunchctlFailure::NotLoaded);
  EXPECT_EQ(classifyLaunchctlFailure("kickstart", false, 1, "no such process"), LaunchctlFailure::NotLoaded);
  EXPECT_EQ(classifyLaunchctlFailure("bootout", true, 5, "Boot-out failed: 5: Input/output error"),
            LaunchctlFailure::NotLoaded);
  EXPECT_EQ(classifyLaunchctlFailure("bootstrap", true, 5, "Bootstrap failed: 5: Input/output error"),
            LaunchctlFailure::AlreadyLoaded);
  EXPECT_EQ(classifyLaunchctlFailure("bootout", false, 36, "Boot-out failed: 36: Operation now in progress"),
            LaunchctlFailure::Other);
}

}  // namespace
}  // namespace harness
