// verify-host --sandbox / --against-openclaw are the lab's: how the command line is handed over,
// what the lab receives, that its exit code is verify-host's, and what a build without the lab
// says. The binary is copied into a directory of the test's own, with a stand-in rescue-lab
// (a script that reports its arguments) or none beside it, so this runs with the lab off too.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "harness/cli/lab_handover.h"
#include "harness/process/process_runner.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::optional<LabCommandLine> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "verify-host");
  return labCommandLine(static_cast<int>(args.size()), args.data());
}

TEST(LabCommandLine, VerifyHostsOwnCommandLinesStayWithIt) {
  EXPECT_FALSE(parse({}));
  EXPECT_FALSE(parse({"--live", "--home", "/tmp/h"}));
  EXPECT_FALSE(parse({"live", "--home", "/tmp/h"}));
  EXPECT_FALSE(parse({"--keep"}));  // not a lab flag by itself: verify-host refuses it as unknown
}

TEST(LabCommandLine, SandboxBecomesTheSandboxSubcommandWithTheRest) {
  auto lab = parse({"--format", "json", "--sandbox", "--hold", "1"});
  ASSERT_TRUE(lab);
  EXPECT_EQ(lab->error, "");
  EXPECT_EQ(lab->subcommand, "sandbox");
  EXPECT_EQ(lab->args, (std::vector<std::string>{"--format", "json", "--hold", "1"}));
}

TEST(LabCommandLine, AgainstOpenClawBecomesDriftWithTheVersionFirst) {
  auto lab = parse({"--no-color", "--against-openclaw", "2026.9.6", "--scenarios", "none"});
  ASSERT_TRUE(lab);
  EXPECT_EQ(lab->subcommand, "drift");
  EXPECT_EQ(lab->args, (std::vector<std::string>{"2026.9.6", "--no-color", "--scenarios", "none"}));
  auto joined = parse({"--against-openclaw=2026.3.24", "--record"});
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->args, (std::vector<std::string>{"2026.3.24", "--record"}));
  auto missing = parse({"--against-openclaw"});  // the lab says VERSION is required
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->args.empty());
}

TEST(LabCommandLine, BothAtOnceIsAUsageError) {
  auto lab = parse({"--against-openclaw", "2026.9.6", "--sandbox"});
  ASSERT_TRUE(lab);
  EXPECT_NE(lab->error.find("own fake Mac"), std::string::npos) << lab->error;
}

class LabHandover : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy_file(VERIFY_HOST_BINARY, verifyHost_);
    fs::permissions(verifyHost_, fs::perms::owner_all);
  }
  void standInLab(int exitCode) {
    testing::writeFile(tmp_.path() / "rescue-lab",
                       "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done\nexit " + std::to_string(exitCode) +
                           "\n",
                       0700);
  }
  Result<ProcessResult> run(std::vector<std::string> args) {
    // No PATH: the lab is found beside the executable, not looked up.
    return runProcess(ProcessSpec{.executable = verifyHost_, .args = std::move(args), .environment = std::map<std::string, std::string>{}});
  }

  testing::ScopedTempDir tmp_{"lab-handover"};
  fs::path verifyHost_ = tmp_.path() / "verify-host";
};

TEST_F(LabHandover, TheLabBesideVerifyHostGetsTheSubcommandAndItsExitCodeIsVerifyHosts) {
  standInLab(7);
  auto sandbox = run({"--sandbox", "--hold", "1", "--format", "json"});
  ASSERT_TRUE(sandbox) << sandbox.error().describe();
  EXPECT_EQ(sandbox->exitCode, 7) << sandbox->stderrText;
  EXPECT_EQ(sandbox->stdoutText, "[sandbox][--hold][1][--format][json]");

  standInLab(4);
  auto drift = run({"--against-openclaw", "2026.9.6", "--scenarios", "none"});
  ASSERT_TRUE(drift) << drift.error().describe();
  EXPECT_EQ(drift->exitCode, 4) << drift->stderrText;
  EXPECT_EQ(drift->stdoutText, "[drift][2026.9.6][--scenarios][none]");
}

TEST_F(LabHandover, WithoutTheLabItSaysWhereTheLabIsAndExitsTwo) {
  for (const auto& args : {std::vector<std::string>{"--sandbox"},
                           std::vector<std::string>{"--against-openclaw", "2026.9.6"}}) {
    auto r = run(args);
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->exitCode, 2) << args[0];
    EXPECT_NE(r->stderrText.find((tmp_.path() / "rescue-lab").string()), std::string::npos) << r->stderrText;
    EXPECT_NE(r->stderrText.find("lab/"), std::string::npos) << r->stderrText;
    EXPECT_NE(r->stderrText.find("HARNESS_BUILD_LAB"), std::string::npos) << r->stderrText;
  }
  // Its own modes do not need the lab.
  auto help = run({"--help"});
  ASSERT_TRUE(help);
  EXPECT_EQ(help->exitCode, 0);
  EXPECT_NE(help->stdoutText.find("--sandbox"), std::string::npos);
}

}  // namespace
}  // namespace harness
