// verify-host --against-openclaw: its flags, and what it says when a release cannot be had here
// (hermetic: an empty cache and no npm on PATH, so nothing is downloaded). The drift runs
// themselves are the `contract` label's drift_<release> tests.

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

struct Run {
  int exitCode;
  std::string output;
};

Run verifyHost(const std::string& env, const std::string& args) {
  const std::string cmd = "env " + env + " " + VERIFY_HOST_BINARY + " " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class AgainstOpenClawCli : public ::testing::Test {
 protected:
  // No npm, an empty cache, and recorded results from a directory of the test's own.
  std::string env() const {
    return "PATH=/nonexistent XDG_CACHE_HOME=" + (tmp_.path() / "cache").string() + " HOME=" + tmp_.path().string();
  }
  std::string expected() const { return "--expected-dir " + (tmp_.path() / "expected").string(); }

  void SetUp() override { testing::writeFile(tmp_.path() / "expected/2026.9.6.json", R"({"release":"2026.9.6","results":{}})"); }

  testing::ScopedTempDir tmp_{"against-cli"};
};

TEST_F(AgainstOpenClawCli, ItsFlagsNeedItAndItRunsAlone) {
  for (const char* args : {"--record", "--scenarios none", "--expected-dir /x", "--report-dir /x",
                           "--against-openclaw 2026.9.6 --sandbox", "--against-openclaw 2026.9.6 --live",
                           "--against-openclaw 2026.9.6 --format junit"}) {
    auto r = verifyHost(env(), args);
    EXPECT_EQ(r.exitCode, 2) << args << "\n" << r.output;
  }
}

TEST_F(AgainstOpenClawCli, AReleaseThatCannotBeHadHereExitsFourWithTheReason) {
  auto noNpm = verifyHost(env(), "--against-openclaw 2026.9.6 " + expected());
  EXPECT_EQ(noNpm.exitCode, 4) << noNpm.output;
  EXPECT_NE(noNpm.output.find("not available here"), std::string::npos) << noNpm.output;
  EXPECT_NE(noNpm.output.find("npm"), std::string::npos) << noNpm.output;

  auto tooOld = verifyHost(env(), "--against-openclaw 2026.2.1 " + expected());
  EXPECT_EQ(tooOld.exitCode, 4) << tooOld.output;
  EXPECT_NE(tooOld.output.find("git"), std::string::npos) << tooOld.output;

  auto notARelease = verifyHost(env(), "--against-openclaw latest " + expected());
  EXPECT_EQ(notARelease.exitCode, 4) << notARelease.output;
  EXPECT_NE(notARelease.output.find("not an OpenClaw release number"), std::string::npos) << notARelease.output;
}

TEST_F(AgainstOpenClawCli, ABrokenRecordIsAUsageErrorNamingTheFile) {
  testing::writeFile(tmp_.path() / "expected/2026.8.1.json", R"({"release":"2026.8.1","results":{"x":{"status":"passed"}}})");
  auto r = verifyHost(env(), "--against-openclaw 2026.9.6 " + expected());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("2026.8.1.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("results.x.status"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace harness
