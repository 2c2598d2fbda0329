#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <nlohmann/json.hpp>

#include "harness/testing/scoped_temp_dir.h"
#include "lab/upgrade/drift.h"
#include "tests/unit/upgrade/drift_fixtures.h"

namespace harness::upgrade {
namespace {

using harness::testing::ScopedTempDir;
using harness::testing::writeFile;
using testing::result;
using testing::sampleRun;

constexpr const char* kGoodFile = R"({
  "release": "2026.9.6",
  "comment": "recorded by hand from the 2026.9.6 run",
  "results": {
    "contract.label.rescue-start": {"status": "refused", "message": "named profiles cannot override",
                                    "comment": "see shared/facts"},
    "scenario.MainStopLeavesRescueServing": {"status": "pass"},
    "contract.discord.login": {"status": "skipped"},
    "contract.port.footprint": {"status": "fail", "message": "bound 19003"}
  }
})";

TEST(DriftStatus, NamesRoundTrip) {
  for (DriftStatus status :
       {DriftStatus::Pass, DriftStatus::Fail, DriftStatus::Refused, DriftStatus::Skipped}) {
    EXPECT_EQ(parseDriftStatus(toString(status)), status) << toString(status);
  }
  EXPECT_STREQ(toString(DriftStatus::Skipped), "skipped");
  EXPECT_EQ(parseDriftStatus("passed"), std::nullopt);
  EXPECT_EQ(parseDriftStatus("PASS"), std::nullopt);
  EXPECT_EQ(parseDriftStatus(""), std::nullopt);
}

TEST(DriftLoadExpectations, ReadsAGoodFile) {
  ScopedTempDir dir;
  const auto file = dir.path() / "2026.9.6.json";
  writeFile(file, kGoodFile);
  const auto loaded = loadExpectations(file);
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(loaded->release, "2026.9.6");
  EXPECT_EQ(loaded->file, file);
  ASSERT_EQ(loaded->results.size(), 4u);
  const auto& refused = loaded->results.at("contract.label.rescue-start");
  EXPECT_EQ(refused.status, DriftStatus::Refused);
  EXPECT_EQ(refused.messageContains, "named profiles cannot override");
  const auto& pass = loaded->results.at("scenario.MainStopLeavesRescueServing");
  EXPECT_EQ(pass.status, DriftStatus::Pass);
  EXPECT_EQ(pass.messageContains, "");
  EXPECT_EQ(loaded->results.at("contract.discord.login").status, DriftStatus::Skipped);
  EXPECT_EQ(loaded->results.at("contract.port.footprint").status, DriftStatus::Fail);
}

TEST(DriftLoadExpectations, AcceptsAnEmptyResultsObject) {
  ScopedTempDir dir;
  writeFile(dir.path() / "2026.3.24.json", R"({"release": "2026.3.24", "results": {}})");
  const auto loaded = loadExpectations(dir.path() / "2026.3.24.json");
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_TRUE(loaded->results.empty());
}

TEST(DriftLoadExpectations, MissingFileIsNotFoundAndNamesThePath) {
  ScopedTempDir dir;
  const auto loaded = loadExpectations(dir.path() / "2026.9.6.json");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::NotFound);
  EXPECT_NE(loaded.error().describe().find("2026.9.6.json"), std::string::npos)
      << loaded.error().describe();
}

struct BadFile {
  const char* name;      // test name
  const char* fileName;  // written under the temp dir
  const char* contents;
  const char* expected;  // substring of Error::describe() after the file path
};

// ctest shows the parameter: its name, not the struct's bytes.
void PrintTo(const BadFile& bad, std::ostream* os) { *os << bad.name; }

class LoadExpectationsRejects : public ::testing::TestWithParam<BadFile> {};

TEST_P(LoadExpectationsRejects, WithAnErrorNamingFileAndKey) {
  const BadFile& bad = GetParam();
  ScopedTempDir dir;
  const auto file = dir.path() / bad.fileName;
  writeFile(file, bad.contents);
  Result<ReleaseExpectations> loaded = Error{};
  ASSERT_NO_THROW(loaded = loadExpectations(file));
  ASSERT_FALSE(loaded) << bad.contents;
  EXPECT_EQ(loaded.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(loaded.error().context, file.string());
  const std::string text = loaded.error().describe();
  EXPECT_EQ(text.rfind(file.string() + ": ", 0), 0u) << text;
  EXPECT_NE(text.find(bad.expected), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
}

// A table outside INSTANTIATE_TEST_SUITE_P: GCC 12 failed to parse it as a macro argument.
const BadFile kBadFiles[] = {
    BadFile{"NotJson", "2026.9.6.json", R"({"release": "2026.9.6", )", "not valid JSON"},
    BadFile{"Empty", "2026.9.6.json", "", "not valid JSON"},
    BadFile{"CommentsAreNotJson", "2026.9.6.json",
            "// hi\n{\"release\": \"2026.9.6\", \"results\": {}}", "not valid JSON"},
    BadFile{"TopLevelArray", "2026.9.6.json", "[]", "(top level): expected an object"},
    BadFile{"TopLevelString", "2026.9.6.json", R"("2026.9.6")", "got string"},
    BadFile{"MissingRelease", "2026.9.6.json", R"({"results": {}})", "release: missing"},
    BadFile{"ReleaseNotString", "2026.9.6.json", R"({"release": 2026.9, "results": {}})",
            "release: expected a string, got number"},
    BadFile{"ReleaseNotFileName", "2026.9.6.json", R"({"release": "2026.3.24", "results": {}})",
            "release: \"2026.3.24\" does not match the file name \"2026.9.6.json\""},
    BadFile{"EmptyRelease", ".json", R"({"release": "", "results": {}})",
            "does not match the file name"},
    BadFile{"NotDotJson", "2026.9.6.txt", R"({"release": "2026.9.6", "results": {}})",
            "does not match the file name"},
    BadFile{"UnknownTopLevelKey", "2026.9.6.json",
            R"({"release": "2026.9.6", "result": {}})", "result: unknown key"},
    BadFile{"TopLevelCommentNotString", "2026.9.6.json",
            R"({"release": "2026.9.6", "comment": 1, "results": {}})",
            "comment: expected a string, got number"},
    BadFile{"MissingResults", "2026.9.6.json", R"({"release": "2026.9.6"})", "results: missing"},
    BadFile{"ResultsArray", "2026.9.6.json", R"({"release": "2026.9.6", "results": []})",
            "results: expected an object keyed by result id, got array"},
    BadFile{"EmptyId", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"": {"status": "pass"}}})", "empty result id"},
    BadFile{"EntryNotObject", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": "pass"}})",
            "results.contract.a: expected an object"},
    BadFile{"MissingStatus", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": {"message": "x"}}})",
            "results.contract.a.status: missing"},
    BadFile{"StatusNotString", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": {"status": true}}})",
            "results.contract.a.status: expected a string, got boolean"},
    BadFile{"UnknownStatus", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": {"status": "passed"}}})",
            "results.contract.a.status: unknown status \"passed\""},
    BadFile{"MessageNotString", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": {"status": "fail", "message": ["x"]}}})",
            "results.contract.a.message: expected a string, got array"},
    BadFile{"EntryCommentNotString", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": {"status": "fail", "comment": null}}})",
            "results.contract.a.comment: expected a string, got null"},
    BadFile{"MisspeltEntryKey", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": {"status": "fail", "mesage": "x"}}})",
            "results.contract.a.mesage: unknown key"},
    BadFile{"DuplicateId", "2026.9.6.json",
            R"({"release": "2026.9.6", "results": {"contract.a": {"status": "fail"}, "contract.a": {"status": "pass"}}})",
            "key \"contract.a\" appears twice"},
    BadFile{"ControlCharactersInKeyStayOnOneLine", "2026.9.6.json",
            "{\"release\": \"2026.9.6\", \"results\": {\"a\\nb\": {\"status\": \"nope\"}}}",
            "results.a\\x0ab.status: unknown status"},
};

INSTANTIATE_TEST_SUITE_P(
    Drift, LoadExpectationsRejects, ::testing::ValuesIn(kBadFiles),
    [](const ::testing::TestParamInfo<BadFile>& info) { return std::string(info.param.name); });

TEST(DriftLoadExpectationDir, SortsByReleaseVersionNotByName) {
  ScopedTempDir dir;
  for (const char* release : {"2026.10.1", "2026.9.6", "2026.3.24"}) {
    writeFile(dir.path() / (std::string(release) + ".json"),
              std::string(R"({"release": ")") + release + R"(", "results": {}})");
  }
  // Not records: skipped rather than rejected.
  writeFile(dir.path() / "README.md", "# expected results per release\n");
  writeFile(dir.path() / ".#2026.9.6.json", "garbage from an editor");
  const auto loaded = loadExpectationDir(dir.path());
  ASSERT_TRUE(loaded) << loaded.error().describe();
  ASSERT_EQ(loaded->size(), 3u);
  EXPECT_EQ((*loaded)[0].release, "2026.3.24");
  EXPECT_EQ((*loaded)[1].release, "2026.9.6");
  EXPECT_EQ((*loaded)[2].release, "2026.10.1");
}

TEST(DriftLoadExpectationDir, EmptyDirectoryHasNoRecords) {
  ScopedTempDir dir;
  const auto loaded = loadExpectationDir(dir.path());
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_TRUE(loaded->empty());
}

TEST(DriftLoadExpectationDir, ABadFileFailsTheWholeDirectory) {
  ScopedTempDir dir;
  writeFile(dir.path() / "2026.3.24.json", R"({"release": "2026.3.24", "results": {}})");
  writeFile(dir.path() / "2026.9.6.json", R"({"release": "2026.9.6", "results": {"a": {"status": "ok"}}})");
  const auto loaded = loadExpectationDir(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(loaded.error().describe().find("2026.9.6.json: results.a.status"), std::string::npos)
      << loaded.error().describe();
}

TEST(DriftLoadExpectationDir, TwoFilesOfOneReleaseAreAnError) {
  ScopedTempDir dir;
  writeFile(dir.path() / "2026.9.6.json", R"({"release": "2026.9.6", "results": {}})");
  writeFile(dir.path() / "2026.09.6.json", R"({"release": "2026.09.6", "results": {}})");
  const auto loaded = loadExpectationDir(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(loaded.error().describe().find("records the same release as"), std::string::npos)
      << loaded.error().describe();
}

TEST(DriftLoadExpectationDir, MissingDirectoryIsNotFound) {
  ScopedTempDir dir;
  const auto loaded = loadExpectationDir(dir.path() / "expected");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::NotFound);
  EXPECT_NE(loaded.error().describe().find("expected"), std::string::npos);
}

struct PrefixCase {
  const char* name;
  std::string message;
  std::string prefix;
};

void PrintTo(const PrefixCase& c, std::ostream* os) { *os << c.name; }

class StableMessagePrefix : public ::testing::TestWithParam<PrefixCase> {};

TEST_P(StableMessagePrefix, FollowsTheRule) {
  const PrefixCase& c = GetParam();
  const std::string prefix = stableMessagePrefix(c.message);
  EXPECT_EQ(prefix, c.prefix);
  // The property compare() relies on: a recorded prefix matches the message it came from.
  EXPECT_NE(c.message.find(prefix), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Drift, StableMessagePrefix,
    ::testing::Values(
        PrefixCase{"KeepsAShortMessage", "named profiles cannot override OPENCLAW_LAUNCHD_LABEL",
                   "named profiles cannot override OPENCLAW_LAUNCHD_LABEL"},
        PrefixCase{"FirstLineOnly", "config invalid\nat agents.list[0]\n", "config invalid"},
        PrefixCase{"CarriageReturnEndsTheLine", "refused\r\nmore", "refused"},
        PrefixCase{"SkipsLeadingBlanks", "  \tError: refused", "Error: refused"},
        PrefixCase{"CutsBeforeALongDigitRun", "port 18789 is already in use", "port"},
        PrefixCase{"KeepsShortDigitRuns", "exit code 1 after 3 tries on 127.0.0.1:19001",
                   "exit code 1 after 3 tries on 127.0.0.1"},
        PrefixCase{"CutsBeforeAReleaseVersion", "unsupported since 2026.9.6", "unsupported since"},
        PrefixCase{"CutsBeforeAnAbsolutePath", "cannot read /Users/alice/.openclaw/openclaw.json: EACCES",
                   "cannot read"},
        PrefixCase{"CutsBeforeAQuotedPath", "cannot read '/tmp/x.json'", "cannot read"},
        PrefixCase{"KeepsASlashBetweenWords", "start and/or stop refused", "start and/or stop refused"},
        PrefixCase{"MessageThatIsOnlyAPath", "/usr/local/bin/openclaw", ""},
        PrefixCase{"EmptyMessage", "", ""},
        PrefixCase{"CutsAtEightyCharacters", std::string(100, 'x'), std::string(80, 'x')},
        PrefixCase{"CountsCharactersNotBytes",
                   [] {
                     std::string s;
                     for (int i = 0; i < 90; ++i) s += "\xC3\xA9";  // é
                     return s;
                   }(),
                   [] {
                     std::string s;
                     for (int i = 0; i < 80; ++i) s += "\xC3\xA9";
                     return s;
                   }()},
        PrefixCase{"ShortDigitRunAtTheLimit", std::string(79, 'a') + "123", std::string(79, 'a') + "1"},
        PrefixCase{"TrimsTrailingBlanksAtTheLimit", std::string(79, 'a') + " b", std::string(79, 'a')},
        PrefixCase{"StopsAtAControlCharacter", "refused \x1b[31mred", "refused"},
        PrefixCase{"StopsAtInvalidUtf8", "refused \xff tail", "refused"},
        PrefixCase{"TrimsDanglingSeparators", "gateway.port must be <= 65535", "gateway.port must be"}),
    [](const ::testing::TestParamInfo<PrefixCase>& info) { return std::string(info.param.name); });

TEST(DriftExpectationsJson, RecordsStatusAndAStablePrefixOfNonPassMessages) {
  DriftRun run;
  run.release = "2026.9.6";
  run.results = {
      result("contract.a", DriftStatus::Pass, "passed in 1234 ms"),
      result("contract.b", DriftStatus::Refused, "named profiles cannot override\nstack: ..."),
      result("contract.c", DriftStatus::Fail, "/Users/alice/x.json: missing"),
      result("contract.d", DriftStatus::Skipped, "needs plugin 2026.9.5 or later"),
  };
  const nlohmann::json j = expectationsJson(run);
  EXPECT_EQ(j.at("release"), "2026.9.6");
  const auto& results = j.at("results");
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results.at("contract.a"), (nlohmann::json{{"status", "pass"}}));
  EXPECT_EQ(results.at("contract.b"),
            (nlohmann::json{{"status", "refused"}, {"message", "named profiles cannot override"}}));
  // Nothing stable left: no "message", i.e. any message matches.
  EXPECT_EQ(results.at("contract.c"), (nlohmann::json{{"status", "fail"}}));
  EXPECT_EQ(results.at("contract.d"),
            (nlohmann::json{{"status", "skipped"}, {"message", "needs plugin"}}));
}

TEST(DriftExpectationsJson, AFileWrittenFromARunLoadsAndMatchesIt) {
  DriftRun run = sampleRun();
  run.results.push_back(result("contract.port.footprint", DriftStatus::Fail,
                               "bound 19003 and 19005 outside 19001..19100"));
  ScopedTempDir dir;
  const auto file = dir.path() / (run.release + ".json");
  writeFile(file, expectationsJson(run).dump(2));
  const auto loaded = loadExpectations(file);
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(loaded->release, run.release);
  const auto differences = compare(run, *loaded);
  for (const auto& d : differences) ADD_FAILURE() << d.describe();
  EXPECT_TRUE(differences.empty());
}

TEST(DriftExpectationsJson, InvalidUtf8NeverMakesDumpThrow) {
  DriftRun run;
  run.release = "2026.9.6";
  run.results = {result("contract.\xff", DriftStatus::Fail, "bad \xfe byte")};
  EXPECT_NO_THROW((void)expectationsJson(run).dump());
}

}  // namespace
}  // namespace harness::upgrade
