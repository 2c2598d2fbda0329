// verify-host's subcommands in process (runVerifyHost, exactly what the binary runs), on a
// FixtureHome with an in-memory launchd and openclaw CLI (harness/testing/in_memory_mac.h):
// each subcommand parses and runs; the old flags run the same subcommand with one note;
// usage errors exit 2; and every run, disruptive included, reads the host snapshot once.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_cli.h"
#include "harness/disruptive/restore_journal.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/in_memory_mac.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using testing::InMemoryMac;

struct CliRun {
  int exitCode = -1;
  std::string out;
  std::string err;
  int snapshotLoads = 0;
  std::string mode() const {
    auto report = nlohmann::json::parse(out, nullptr, false);
    return report.is_object() ? report.value("mode", "") : "no report";
  }
};

class VerifyHostSubcommandTest : public ::testing::Test {
 protected:
  void SetUp() override { home_.write(); }

  // verify-host ARGS... --home HOME --format json, with the in-memory Mac as launchd, openclaw
  // and the disruptive check's health probe, and a snapshot loader that counts.
  CliRun run(std::vector<std::string> args, bool pointAtHome = true) {
    CliRun r;
    if (pointAtHome) args.insert(args.end(), {"--home", home_.home().string(), "--format", "json"});
    std::vector<const char*> argv{"verify-host"};
    for (const auto& a : args) argv.push_back(a.c_str());
    std::istringstream in;
    std::ostringstream out, err;
    CommandIo io{{{"HOME", home_.home().string()}, {"XDG_STATE_HOME", state_.path().string()}, {"PATH", "/usr/bin:/bin"}},
                 in, out, err};
    io.sources.loadSnapshot = [&r](const RescueSpec& spec, const Environment& env) {
      ++r.snapshotLoads;
      return loadHostSnapshot(spec, env);
    };
    io.sources.services = &mac_;
    io.sources.openclaw = &mac_;
    io.sources.gatewayProbe = &mac_;
    r.exitCode = runVerifyHost(static_cast<int>(argv.size()), argv.data(), io);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  fs::path journal() const { return state_.path() / "openclaw-rescue-harness/restore-journal.json"; }

  testing::FixtureHome home_;
  testing::ScopedTempDir state_{"verify-host-state"};
  InMemoryMac mac_;
};

TEST_F(VerifyHostSubcommandTest, EachSubcommandParsesAndRunsWithOneSnapshotRead) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"static"}, {"live"}, {"live", "--wait", "0"}, {"disruptive", "--yes", "--hold", "0"},
        {"recover"}}) {
    SCOPED_TRACE(args.front());
    auto r = run(args);
    EXPECT_TRUE(r.exitCode == kExitOk || r.exitCode == kExitChecksFailed) << r.exitCode << "\n" << r.err;
    EXPECT_EQ(r.mode(), args.front()) << r.out;
    EXPECT_EQ(r.snapshotLoads, 1) << "the host snapshot must be read once per run";
    EXPECT_EQ(r.err.find("deprecated"), std::string::npos) << r.err;
  }
}

TEST_F(VerifyHostSubcommandTest, NoSubcommandIsStatic) {
  auto r = run({});
  EXPECT_EQ(r.exitCode, kExitOk) << r.err;
  EXPECT_EQ(r.mode(), "static");
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(mac_.calls().empty()) << "static mode must not touch launchd or the CLI";
}

TEST_F(VerifyHostSubcommandTest, TheDisruptiveRunRestoresStopsAndRestartsOnOneSnapshot) {
  // An interrupted run left main stopped: the disruptive run restores it first, then runs the
  // static, live and disruptive checks, all on the one snapshot it read.
  mac_.job(InMemoryMac::kMain).loaded = false;
  mac_.job(InMemoryMac::kMain).pid.reset();
  RestoreJournal pending = newRestoreJournal(home_.home());
  const auto& main = mac_.job(InMemoryMac::kMain);
  pending.entries.push_back({.gateway = "main", .label = main.label, .plist = main.plist, .port = main.port,
                             .command = "openclaw gateway stop", .reason = "stopped by the disruptive check"});
  ASSERT_TRUE(writeRestoreJournal(journal(), pending));

  auto r = run({"disruptive", "--yes", "--hold", "0"});
  EXPECT_EQ(r.snapshotLoads, 1);
  EXPECT_NE(r.err.find("restoring first"), std::string::npos) << r.err;
  auto report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << r.out << r.err;
  std::set<std::string> ids;
  for (const auto& c : report["checks"]) ids.insert(c["id"].get<std::string>());
  for (const char* id : {"disruptive.recover", "rescue.config.exec", "main.live.launchd", "disruptive.preconditions"}) {
    EXPECT_TRUE(ids.count(id)) << id << " missing\n" << r.out;
  }
  EXPECT_TRUE(mac_.serving(InMemoryMac::kMain)) << r.err;
  EXPECT_FALSE(fs::exists(journal()));
  // The installed release (the in-memory CLI says 2026.9.6) reached the report.
  EXPECT_EQ(report["extra"].value("openclawVersion", ""), "2026.9.6");
}

TEST_F(VerifyHostSubcommandTest, TheSpecIsTheOneTheFlagsSay) {
  // --openclaw-version is a value of its own: it wins over --set and is never asked of the CLI.
  auto r = run({"live", "--set", "openclawVersion=2026.3.24", "--openclaw-version", "2026.4.29"});
  auto report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << r.err;
  EXPECT_EQ(report["extra"].value("openclawVersion", ""), "2026.4.29") << "not --set's, nor the CLI's 2026.9.6";
  // A typed port wins over --set too; the fixture's config says 19001.
  EXPECT_EQ(run({"static", "--set", "rescue.port=19201", "--rescue-port", "19001"}).exitCode, kExitOk);
  EXPECT_EQ(run({"static", "--rescue-port", "19201"}).exitCode, kExitChecksFailed);
}

TEST_F(VerifyHostSubcommandTest, OldFlagsRunTheSameSubcommandWithOneNote) {
  struct Case {
    std::vector<std::string> old, now;
  };
  for (const Case& c : {Case{{"--live"}, {"live"}}, Case{{"--disruptive", "--yes", "--hold", "0"}, {"disruptive", "--yes", "--hold", "0"}},
                        Case{{"--recover"}, {"recover"}}, Case{{"--live", "--disruptive", "--yes", "--hold", "0"},
                                                               {"disruptive", "--yes", "--hold", "0"}}}) {
    SCOPED_TRACE(c.old.front());
    auto old = run(c.old);
    auto now = run(c.now);
    EXPECT_EQ(old.exitCode, now.exitCode) << old.err;
    EXPECT_EQ(old.mode(), c.now.front());
    EXPECT_EQ(old.snapshotLoads, 1);
    const std::string note = "is deprecated; use `verify-host " + c.now.front() + "`";
    const std::string notes = "are deprecated; use `verify-host " + c.now.front() + "`";
    EXPECT_TRUE(old.err.find(note) != std::string::npos || old.err.find(notes) != std::string::npos) << old.err;
    EXPECT_EQ(now.err.find("deprecated"), std::string::npos) << now.err;
  }
  // The old parser took --yes with any mode and ignored it.
  EXPECT_EQ(run({"--live", "--yes"}).mode(), "live");
}

TEST_F(VerifyHostSubcommandTest, UsageErrorsExitTwoWithTheReason) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const Case& c : {Case{{"static", "--wait", "5"}, "--wait needs `verify-host live`"},
                        Case{{"--wait", "5"}, "--wait needs `verify-host live`"},
                        Case{{"static", "--launchctl", "/bin/true"}, "--launchctl needs"},
                        Case{{"live", "--hold", "1"}, "--hold needs `verify-host disruptive`"},
                        Case{{"--live", "--hold", "1"}, "--hold needs `verify-host disruptive`"},
                        Case{{"--hold", "1"}, "--hold needs `verify-host disruptive`"},
                        Case{{"recover", "--yes"}, "--yes needs `verify-host disruptive`"},
                        Case{{"live", "--disruptive"}, "--disruptive"},
                        Case{{"static", "--main-port", "0"}, "--main-port"},
                        Case{{"static", "--format", "xml"}, "--format"},
                        Case{{"disruptive"}, "Pass --yes"}}) {
    SCOPED_TRACE(c.args.front());
    auto r = run(c.args);
    EXPECT_EQ(r.exitCode, kExitUsage) << r.out << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  EXPECT_TRUE(mac_.calls().empty()) << "a usage error must not touch launchd";
}

TEST_F(VerifyHostSubcommandTest, HelpListsTheSubcommandsAndEachItsFlags) {
  auto top = run({"--help"}, false);
  EXPECT_EQ(top.exitCode, kExitOk);
  for (const char* word : {"static", "live", "disruptive", "recover", "--sandbox", "--against-openclaw"}) {
    EXPECT_NE(top.out.find(word), std::string::npos) << word << "\n" << top.out;
  }
  auto disruptive = run({"disruptive", "--help"}, false);
  EXPECT_EQ(disruptive.exitCode, kExitOk);
  for (const char* flag : {"--home", "--set", "--wait", "--launchctl", "--yes", "--hold", "--openclaw-version"}) {
    EXPECT_NE(disruptive.out.find(flag), std::string::npos) << flag;
  }
  auto live = run({"live", "--help"}, false);
  EXPECT_NE(live.out.find("--wait"), std::string::npos);
  EXPECT_EQ(live.out.find("--hold"), std::string::npos) << "refused flags stay out of the help";
}

}  // namespace
}  // namespace harness
