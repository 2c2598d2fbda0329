// verify-host on a home that is a read-only file system (issue #8): the static checks give the
// same report as on a writable home; the disruptive check passes with its journal elsewhere,
// and when the journal would have to go into the read-only home it refuses cleanly before
// stopping anything.
//
// The home is made read-only for verify-host alone: `unshare -rm` gives it a private mount
// namespace in which the home is bind-mounted onto itself read-only; a nested user namespace
// then maps the caller's uid back, so launchctl's gui/<uid> domain and file owners look as
// outside. Nothing outside the namespace changes. Skipped, saying why, where unprivileged
// user namespaces are unavailable.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "harness/process/process_runner.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "harness/testing/wait.h"
#include "tests/faults/verify_host_on_stack.h"

namespace harness::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kMountFailed = 97;
constexpr int kStillWritable = 98;

// Runs `argv` with `home` read-only. $1 = home, $2/$3 = uid/gid to map back, then the command.
constexpr const char* kReadOnlyScript = R"(home=$1; uid=$2; gid=$3; shift 3
mount --bind "$home" "$home" && mount -o remount,bind,ro "$home" || { echo "cannot mount $home read-only" >&2; exit 97; }
if touch "$home/.read-only-probe" 2>/dev/null; then echo "$home is still writable" >&2; exit 98; fi
exec unshare --map-user="$uid" --map-group="$gid" -- "$@")";

// Why the read-only namespace cannot be made here, or "" when it can: the same steps on an
// empty directory.
std::string namespaceUnavailable() {
  ScopedTempDir probeDir{"read-only-probe"};
  auto probe = runProcess(ProcessSpec{.executable = "unshare",
                                      .args = {"-rm", "--", "sh", "-c", kReadOnlyScript, "sh", probeDir.path().string(),
                                               std::to_string(::getuid()), std::to_string(::getgid()), "true"},
                                      .timeout = actionTimeout()});
  if (!probe) return "unshare (util-linux) not usable: " + probe.error().describe();
  if (probe->exitCode != 0) {
    return "a read-only bind mount in a user + mount namespace (unshare -rm) is not available here (exit " +
           std::to_string(probe->exitCode) + "): " + probe->diagnosticText();
  }
  return "";
}

ProcessResult runReadOnly(const fs::path& home, const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env) {
  std::vector<std::string> args{"-rm", "--", "sh", "-c", kReadOnlyScript, "sh", home.string(),
                                std::to_string(::getuid()), std::to_string(::getgid())};
  args.insert(args.end(), argv.begin(), argv.end());
  auto r = runProcess(ProcessSpec{.executable = "unshare", .args = args, .environment = env,
                                  .timeout = actionMaxTimeout() * 2});
  EXPECT_TRUE(r) << r.error().describe();
  if (!r) return {};
  EXPECT_NE(r->exitCode, kMountFailed) << r->stderrText;
  EXPECT_NE(r->exitCode, kStillWritable) << r->stderrText;
  return *r;
}

std::map<std::string, std::string> statuses(const std::string& jsonReport) {
  std::map<std::string, std::string> out;
  auto report = nlohmann::json::parse(jsonReport, nullptr, false);
  if (report.is_discarded() || !report.contains("checks")) return out;
  for (const auto& c : report["checks"]) out[c.value("id", "")] = c.value("status", "");
  return out;
}

std::string message(const std::string& jsonReport, const std::string& id) {
  auto report = nlohmann::json::parse(jsonReport, nullptr, false);
  if (report.is_discarded() || !report.contains("checks")) return "";
  for (const auto& c : report["checks"]) {
    if (c.value("id", "") == id) return c.value("message", "");
  }
  return "";
}

TEST(ReadOnlyHomeTest, StaticChecksReportTheSameAsOnAWritableHome) {
  if (auto why = namespaceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  FixtureHome home;
  home.write();
  const std::map<std::string, std::string> env{{"HOME", home.home().string()}, {"PATH", "/usr/bin:/bin"}};
  const std::vector<std::string> argv{VERIFY_HOST_BINARY, "--home", home.home().string(), "--format", "json"};
  auto writable = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                         .args = {argv.begin() + 1, argv.end()},
                                         .environment = env,
                                         .timeout = actionMaxTimeout()});
  ASSERT_TRUE(writable) << writable.error().describe();
  auto readOnly = runReadOnly(home.home(), argv, env);
  EXPECT_EQ(readOnly.exitCode, writable->exitCode) << readOnly.stdoutText << readOnly.stderrText;
  EXPECT_EQ(readOnly.stderrText.find("internal error"), std::string::npos) << readOnly.stderrText;
  const auto expected = statuses(writable->stdoutText);
  ASSERT_FALSE(expected.empty()) << writable->stdoutText;
  EXPECT_EQ(statuses(readOnly.stdoutText), expected) << readOnly.stdoutText;
}

class ReadOnlyHomeOnStackTest : public VerifyHostOnStackTest {
 protected:
  void SetUp() override {
    if (auto why = namespaceUnavailable(); !why.empty()) GTEST_SKIP() << why;
    VerifyHostOnStackTest::SetUp();
  }
  std::vector<std::string> argv(std::vector<std::string> mode) const {
    auto a = verifyHostArgs(std::move(mode));
    a.insert(a.begin(), VERIFY_HOST_BINARY);
    return a;
  }
};

TEST_F(ReadOnlyHomeOnStackTest, DisruptivePassesWithTheJournalOutsideTheHome) {
  auto r = runReadOnly(stack_->home(), argv({"disruptive", "--yes", "--hold", "1"}), verifyHostEnvironment());
  EXPECT_EQ(r.exitCode, 0) << r.stdoutText << r.stderrText;
  const auto s = statuses(r.stdoutText);
  for (const char* id : {"disruptive.main-stop", "disruptive.main-start", "disruptive.rescue-stop",
                         "disruptive.rescue-start", "disruptive.restore"}) {
    EXPECT_EQ(s.count(id) ? s.at(id) : "missing", "pass") << id << "\n" << r.stdoutText << r.stderrText;
  }
  EXPECT_TRUE(mainServing());
  EXPECT_TRUE(rescueServing());
  EXPECT_FALSE(fs::exists(journal()));
}

TEST_F(ReadOnlyHomeOnStackTest, DisruptiveRefusesBeforeStoppingWhenTheJournalCannotBeWritten) {
  const int mainPid = *stack_->launchd().print(stack_->spec().main.label)->pid;
  auto env = verifyHostEnvironment();
  env.erase("XDG_STATE_HOME");  // the journal's default place: HOME/.local/state, read-only here
  auto r = runReadOnly(stack_->home(), argv({"disruptive", "--yes", "--hold", "1"}), env);
  EXPECT_EQ(r.exitCode, 1) << r.stdoutText << r.stderrText;
  EXPECT_EQ(statuses(r.stdoutText)["disruptive.main-stop"], "fail") << r.stdoutText;
  EXPECT_NE(message(r.stdoutText, "disruptive.main-stop").find("cannot write the restore journal, so nothing was stopped"),
            std::string::npos)
      << r.stdoutText;
  EXPECT_EQ(stack_->launchd().print(stack_->spec().main.label)->pid, mainPid) << "main was stopped";
  EXPECT_TRUE(mainServing());
  EXPECT_FALSE(fs::exists(stack_->home() / ".local/state/openclaw-rescue-harness/restore-journal.json"));
}

}  // namespace
}  // namespace harness::testing
