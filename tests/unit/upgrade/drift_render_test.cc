#include <gtest/gtest.h>

#include <string>
#include <nlohmann/json.hpp>

#include "lab/upgrade/drift.h"
#include "tests/unit/upgrade/drift_fixtures.h"

namespace harness::upgrade {
namespace {

using testing::expect;
using testing::result;
using testing::sampleRecords;
using testing::sampleRun;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    out.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// The first line holding `needle`, or "" (so a failed lookup shows up in the assertion).
std::string lineWith(const std::string& text, std::string_view needle) {
  for (const auto& line : lines(text)) {
    if (line.find(needle) != std::string::npos) return line;
  }
  return "";
}

size_t lineIndex(const std::string& text, std::string_view needle) {
  const auto all = lines(text);
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].find(needle) != std::string::npos) return i;
  }
  return all.size();
}

std::string stripColour(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

// The sample: records of 2026.3.24 and 2026.9.6 (the baseline), a run of 2026.10.1.
class DriftRender : public ::testing::Test {
 protected:
  DriftReportInput input() const {
    DriftReportInput in;
    in.run = &run_;
    in.recorded = records_;
    in.baseline = &records_.back();
    return in;
  }

  DriftRun run_ = sampleRun();
  std::vector<ReleaseExpectations> records_ = sampleRecords();
};

TEST_F(DriftRender, TableHasOneColumnPerRecordedReleaseOldestFirstThenTheRun) {
  const std::string out = renderDriftTable(input(), false);
  const std::string header = lineWith(out, "(this run)");
  ASSERT_FALSE(header.empty()) << out;
  EXPECT_EQ(header.rfind("result", 0), 0u) << header;
  const size_t old = header.find("2026.3.24");
  const size_t baseline = header.find("2026.9.6");
  const size_t run = header.find("2026.10.1 (this run)");
  EXPECT_LT(old, baseline) << header;
  EXPECT_LT(baseline, run) << header;
  EXPECT_NE(run, std::string::npos) << header;
  EXPECT_TRUE(contains(out, "OpenClaw drift report: 2026.10.1 compared with 2026.9.6")) << out;
}

TEST_F(DriftRender, TableSortsRecordedColumnsEvenIfGivenOutOfOrder) {
  DriftReportInput in = input();
  std::swap(in.recorded[0], in.recorded[1]);
  in.baseline = &in.recorded[0];
  const std::string header = lineWith(renderDriftTable(in, false), "(this run)");
  EXPECT_LT(header.find("2026.3.24"), header.find("2026.9.6")) << header;
}

TEST_F(DriftRender, TableRowsAreRunOrderThenRecordedOnlyIds) {
  const std::string out = renderDriftTable(input(), false);
  const size_t port = lineIndex(out, "contract.config.key.gateway.port ");
  const size_t label = lineIndex(out, "contract.label.rescue-start ");
  const size_t scenario = lineIndex(out, "scenario.MainStopLeavesRescueServing ");
  const size_t discord = lineIndex(out, "contract.discord.login ");
  const size_t auth = lineIndex(out, "contract.auth.store ");
  EXPECT_LT(port, label) << out;
  EXPECT_LT(label, scenario) << out;
  EXPECT_LT(scenario, discord) << out;
  EXPECT_LT(discord, auth) << out;
  EXPECT_LT(auth, lines(out).size()) << out;
}

TEST_F(DriftRender, TableCellsShowEachReleaseAndMarkChangesAgainstTheBaseline) {
  const std::string out = renderDriftTable(input(), false);
  // Unchanged since the baseline: no mark.
  EXPECT_EQ(lineWith(out, "contract.config.key.gateway.port"),
            "contract.config.key.gateway.port      PASS       PASS      PASS");
  EXPECT_EQ(lineWith(out, "contract.label.rescue-start "),
            "contract.label.rescue-start           PASS       REFUSED   REFUSED");
  // Status changed; new result; a result only the baseline has.
  EXPECT_EQ(lineWith(out, "scenario.MainStopLeavesRescueServing "),
            "scenario.MainStopLeavesRescueServing  PASS       PASS      FAIL *");
  EXPECT_EQ(lineWith(out, "contract.discord.login "),
            "contract.discord.login                -          -         SKIP *");
  EXPECT_EQ(lineWith(out, "contract.auth.store "),
            "contract.auth.store                   -          PASS      - *");
  EXPECT_TRUE(contains(out, "\n* differs from 2026.9.6\n")) << out;
}

TEST_F(DriftRender, TableRunColumnLinesUpWithItsHeader) {
  for (bool colour : {false, true}) {
    const std::string out = stripColour(renderDriftTable(input(), colour));
    const size_t column = lineWith(out, "(this run)").find("2026.10.1");
    EXPECT_EQ(lineWith(out, "scenario.MainStopLeavesRescueServing ").find("FAIL *"), column) << out;
    EXPECT_EQ(lineWith(out, "contract.discord.login ").find("SKIP *"), column) << out;
    // The message list lines its ids up too, coloured or not.
    EXPECT_TRUE(contains(out, "\n  FAIL     scenario.MainStopLeavesRescueServing: ")) << out;
  }
}

TEST_F(DriftRender, TableListsTheMessagesOfNonPassResults) {
  const std::string out = renderDriftTable(input(), false);
  const size_t heading = lineIndex(out, "Messages (2026.10.1):");
  ASSERT_LT(heading, lines(out).size()) << out;
  EXPECT_GT(lineIndex(out, "  REFUSED  contract.label.rescue-start: named profiles cannot override "
                           "OPENCLAW_LAUNCHD_LABEL"),
            heading)
      << out;
  EXPECT_TRUE(contains(out, "  FAIL     scenario.MainStopLeavesRescueServing: rescue | not serving\n")) << out;
  EXPECT_TRUE(contains(out, "  SKIP     contract.discord.login: plugin lacks DISCORD_API_URL\n")) << out;
  // Passing results have nothing to say.
  EXPECT_EQ(lineWith(out, "contract.config.key.gateway.port:"), "") << out;
}

TEST_F(DriftRender, TableIndentsMultiLineMessagesAndNeutralisesEscapes) {
  run_.results[2].message = "first line\nsecond \x1b[2Jline";
  const std::string out = renderDriftTable(input(), false);
  EXPECT_TRUE(contains(out, "scenario.MainStopLeavesRescueServing: first line\n           second \\x1b[2Jline\n"))
      << out;
  EXPECT_FALSE(contains(out, "\x1b")) << out;
}

TEST_F(DriftRender, TableSaysWhenThereIsNoRecordForTheRelease) {
  const std::string out = renderDriftTable(input(), false);
  EXPECT_TRUE(contains(out, "No expectations are recorded for 2026.10.1 yet.")) << out;
  EXPECT_FALSE(contains(out, "As recorded.")) << out;
}

TEST_F(DriftRender, TableSaysAsRecordedWhenTheOwnRecordMatches) {
  ReleaseExpectations own;
  own.release = run_.release;
  for (const auto& r : run_.results) own.results[r.id] = expect(r.status);
  records_.push_back(own);
  DriftReportInput in = input();
  in.baseline = &records_[1];  // still compared with 2026.9.6
  ASSERT_TRUE(compare(run_, own).empty());
  const std::string out = renderDriftTable(in, false);
  EXPECT_TRUE(contains(out, "\nAs recorded.\n")) << out;
  EXPECT_TRUE(contains(out, "0 differing from the record")) << out;
  // The own record is a column of its own, left of the run.
  const std::string header = lineWith(out, "(this run)");
  EXPECT_LT(header.find("2026.10.1 "), header.find("2026.10.1 (this run)")) << header;
}

TEST_F(DriftRender, TableListsDifferencesFromTheRecord) {
  ReleaseExpectations own;
  own.release = run_.release;
  own.results["scenario.MainStopLeavesRescueServing"] = expect(DriftStatus::Pass);
  DriftReportInput in = input();
  in.differences = compare(run_, own);
  ASSERT_EQ(in.differences.size(), 4u);
  const std::string out = renderDriftTable(in, false);
  const size_t heading = lineIndex(out, "Differences from the record for 2026.10.1:");
  ASSERT_LT(heading, lines(out).size()) << out;
  EXPECT_TRUE(contains(out, "\n  scenario.MainStopLeavesRescueServing: expected pass, got fail "
                            "(\"rescue | not serving\")\n"))
      << out;
  EXPECT_TRUE(contains(out, "\n  contract.config.key.gateway.port: not recorded, got pass\n")) << out;
  EXPECT_FALSE(contains(out, "As recorded.")) << out;
  EXPECT_TRUE(contains(out, "4 differing from the record")) << out;
}

TEST_F(DriftRender, TableSummaryCountsAndTiming) {
  const std::string summary = lineWith(renderDriftTable(input(), false), "Summary:");
  EXPECT_EQ(summary,
            "Summary: 4 results: 1 pass, 1 fail, 1 refused, 1 skipped; 3 changed since 2026.9.6; "
            "100.0 s, of which 96.0 s in OpenClaw and Node start-up; harness overhead 4.0 %");
}

TEST_F(DriftRender, TableWithoutDurationOmitsTheOverhead) {
  run_.seconds = 0;
  run_.openclawSeconds = 0;
  const std::string summary = lineWith(renderDriftTable(input(), false), "Summary:");
  EXPECT_TRUE(contains(summary, "0.0 s, of which 0.0 s in OpenClaw")) << summary;
  EXPECT_FALSE(contains(summary, "overhead")) << summary;
}

TEST_F(DriftRender, TableWithoutColourHasNoEscapeSequences) {
  EXPECT_FALSE(contains(renderDriftTable(input(), false), "\x1b"));
}

TEST_F(DriftRender, TableWithColourPaintsEachStatus) {
  const std::string out = renderDriftTable(input(), true);
  EXPECT_TRUE(contains(out, "\x1b[32mPASS\x1b[0m")) << out;
  EXPECT_TRUE(contains(out, "\x1b[31mFAIL\x1b[0m *")) << out;
  EXPECT_TRUE(contains(out, "\x1b[33mREFUSED\x1b[0m")) << out;
  EXPECT_TRUE(contains(out, "\x1b[2mSKIP\x1b[0m *")) << out;
}

TEST_F(DriftRender, TableWithoutBaselineMarksNothing) {
  DriftReportInput in = input();
  in.baseline = nullptr;
  const std::string out = renderDriftTable(in, false);
  EXPECT_TRUE(contains(out, "OpenClaw drift report: 2026.10.1 (no recorded release to compare with)")) << out;
  EXPECT_FALSE(contains(out, " *")) << out;
  EXPECT_FALSE(contains(out, "differs from")) << out;
  EXPECT_FALSE(contains(out, "changed since")) << out;
}

TEST_F(DriftRender, TableGivesTheBaselineAColumnEvenIfNotAmongTheRecorded) {
  DriftReportInput in = input();
  in.recorded.pop_back();  // only 2026.3.24 left; the baseline 2026.9.6 still shows
  const std::string header = lineWith(renderDriftTable(in, false), "(this run)");
  EXPECT_LT(header.find("2026.3.24"), header.find("2026.9.6")) << header;
}

TEST_F(DriftRender, TableOfRecordsAlone) {
  DriftReportInput in;
  in.recorded = records_;
  const std::string out = renderDriftTable(in, false);
  EXPECT_FALSE(contains(out, "(this run)")) << out;
  EXPECT_FALSE(contains(out, "Summary")) << out;
  EXPECT_EQ(lineWith(out, "contract.auth.store"), "contract.auth.store                   -          PASS")
      << out;
}

TEST_F(DriftRender, TableOfAnEmptyRun) {
  DriftRun empty;
  empty.release = "2026.10.1";
  DriftReportInput in;
  in.run = &empty;
  const std::string out = renderDriftTable(in, false);
  EXPECT_TRUE(contains(out, "No results.")) << out;
  EXPECT_TRUE(contains(out, "none: every result passed")) << out;
  EXPECT_TRUE(contains(out, "Summary: 0 results")) << out;
}

// ---- Markdown ----

size_t unescapedPipes(const std::string& line) {
  size_t count = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++count;
  }
  return count;
}

TEST_F(DriftRender, MarkdownTable) {
  const std::string out = renderDriftMarkdown(input());
  EXPECT_TRUE(contains(out, "## OpenClaw drift report: 2026.10.1\n")) << out;
  EXPECT_TRUE(contains(out, "\n| result | 2026.3.24 | 2026.9.6 | 2026.10.1 (this run) |\n|---|---|---|---|\n"))
      << out;
  EXPECT_TRUE(contains(out, "\n| contract.label.rescue-start | PASS | REFUSED | REFUSED |\n")) << out;
  EXPECT_TRUE(contains(out, "\n| scenario.MainStopLeavesRescueServing | PASS | PASS | FAIL \\* |\n")) << out;
  EXPECT_TRUE(contains(out, "\n| contract.auth.store | - | PASS | - \\* |\n")) << out;
  EXPECT_TRUE(contains(out, "\\* marks a result that differs from it")) << out;
}

TEST_F(DriftRender, MarkdownEscapesPipesSoRowsKeepTheirColumns) {
  run_.results[0].id = "contract.odd|id";
  const std::string out = renderDriftMarkdown(input());
  const std::string row = lineWith(out, "contract.odd");
  EXPECT_EQ(row, "| contract.odd\\|id | - | - | PASS \\* |") << out;
  for (const auto& line : lines(out)) {
    if (!line.empty() && line[0] == '|') {
      EXPECT_EQ(unescapedPipes(line), 5u) << line;
    }
  }
  // In the message list too.
  EXPECT_TRUE(contains(out, "- scenario.MainStopLeavesRescueServing (fail): rescue \\| not serving\n")) << out;
  EXPECT_FALSE(contains(out, "rescue | not")) << out;
}

TEST_F(DriftRender, MarkdownNeutralisesMarkupMentionsAndNewlines) {
  run_.results[2].message = "ask @admin about <b>#12</b>\nsee [x](y) *now*";
  const std::string out = renderDriftMarkdown(input());
  EXPECT_TRUE(contains(out, ": ask \\@admin about \\<b\\>\\#12\\</b\\><br>see \\[x\\](y) \\*now\\*\n")) << out;
  EXPECT_FALSE(contains(out, "\x1b")) << out;
}

TEST_F(DriftRender, MarkdownMessagesDifferencesAndSummary) {
  ReleaseExpectations own;
  own.release = run_.release;
  own.results["contract.label.rescue-start"] = expect(DriftStatus::Pass);
  DriftReportInput in = input();
  in.differences = compare(run_, own);
  const std::string out = renderDriftMarkdown(in);
  EXPECT_TRUE(contains(out, "\n### Messages (2026.10.1)\n\n")) << out;
  EXPECT_TRUE(contains(out, "- contract.label.rescue-start (refused): named profiles cannot override "
                            "OPENCLAW\\_LAUNCHD\\_LABEL\n"))
      << out;
  EXPECT_TRUE(contains(out, "\n### Differences from the record for 2026.10.1\n\n")) << out;
  EXPECT_TRUE(contains(out, "- contract.label.rescue-start: expected pass, got refused")) << out;
  EXPECT_TRUE(contains(out, "\n**Summary:** 4 results: 1 pass, 1 fail, 1 refused, 1 skipped; 3 changed since "
                            "2026.9.6; 4 differing from the record; 100.0 s, of which 96.0 s in OpenClaw "
                            "and Node start-up; harness overhead 4.0 %\n"))
      << out;
}

TEST_F(DriftRender, MarkdownAsRecordedAndNotRecorded) {
  EXPECT_TRUE(contains(renderDriftMarkdown(input()), "\nNo expectations are recorded for 2026.10.1 yet.\n"));
  DriftReportInput in = input();
  ReleaseExpectations own;
  own.release = run_.release;
  for (const auto& r : run_.results) own.results[r.id] = expect(r.status);
  in.recorded.push_back(own);
  EXPECT_TRUE(contains(renderDriftMarkdown(in), "\nAs recorded.\n"));
}

// ---- JSON ----

const nlohmann::json& resultById(const nlohmann::json& report, const std::string& id) {
  for (const auto& r : report.at("results")) {
    if (r.at("id") == id) return r;
  }
  static const nlohmann::json none;
  ADD_FAILURE() << "no result " << id << " in " << report.dump(2);
  return none;
}

TEST_F(DriftRender, JsonTopLevel) {
  const nlohmann::json j = renderDriftJson(input());
  EXPECT_EQ(j.at("schemaVersion"), 2);
  EXPECT_EQ(j.at("release"), "2026.10.1");
  EXPECT_EQ(j.at("baseline").at("version"), "2026.9.6");
  EXPECT_EQ(j.at("baseline").at("source"), "recorded");
  EXPECT_EQ(j.at("recorded"), (nlohmann::json{"2026.3.24", "2026.9.6"}));
  EXPECT_DOUBLE_EQ(j.at("seconds").get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(j.at("openclawSeconds").get<double>(), 96.0);
  EXPECT_NEAR(j.at("overheadPercent").get<double>(), 4.0, 1e-9);
  EXPECT_EQ(j.at("results").size(), 4u);
  EXPECT_EQ(j.at("baselineOnly"), (nlohmann::json{"contract.auth.store"}));
  EXPECT_EQ(j.at("differences"), nlohmann::json::array());
  EXPECT_TRUE(j.at("asRecorded").is_null());
  EXPECT_EQ(j.at("summary"), (nlohmann::json{{"pass", 1}, {"fail", 1}, {"refused", 1}, {"skipped", 1},
                                             {"environment", 0}, {"total", 4}, {"changed", 3}, {"differences", 0}}));
}

TEST_F(DriftRender, JsonResultFields) {
  const nlohmann::json j = renderDriftJson(input());
  const auto& label = resultById(j, "contract.label.rescue-start");
  EXPECT_EQ(label.at("title"), "title of contract.label.rescue-start");
  EXPECT_EQ(label.at("requirements"), (nlohmann::json{"R21", "G1"}));
  EXPECT_EQ(label.at("status"), "refused");
  EXPECT_EQ(label.at("message"), "named profiles cannot override OPENCLAW_LAUNCHD_LABEL");
  EXPECT_DOUBLE_EQ(label.at("seconds").get<double>(), 1.5);
  EXPECT_EQ(label.at("baselineStatus"), "refused");
  EXPECT_EQ(label.at("changed"), false);

  const auto& scenario = resultById(j, "scenario.MainStopLeavesRescueServing");
  EXPECT_EQ(scenario.at("status"), "fail");
  EXPECT_EQ(scenario.at("baselineStatus"), "pass");
  EXPECT_EQ(scenario.at("changed"), true);

  const auto& discord = resultById(j, "contract.discord.login");
  EXPECT_EQ(discord.at("status"), "skipped");
  EXPECT_TRUE(discord.at("baselineStatus").is_null());
  EXPECT_EQ(discord.at("changed"), true);

  // Results keep the run's order.
  EXPECT_EQ(j.at("results")[0].at("id"), "contract.config.key.gateway.port");
  EXPECT_EQ(j.at("results")[3].at("id"), "contract.discord.login");
}

TEST_F(DriftRender, JsonWithoutBaseline) {
  DriftReportInput in = input();
  in.baseline = nullptr;
  const nlohmann::json j = renderDriftJson(in);
  EXPECT_TRUE(j.at("baseline").is_null());
  for (const auto& r : j.at("results")) {
    EXPECT_TRUE(r.at("baselineStatus").is_null()) << r.dump();
    EXPECT_EQ(r.at("changed"), false) << r.dump();
  }
  EXPECT_EQ(j.at("baselineOnly"), nlohmann::json::array());
}

TEST_F(DriftRender, JsonDifferences) {
  ReleaseExpectations own;
  own.release = run_.release;
  for (const auto& r : run_.results) own.results[r.id] = expect(r.status);
  own.results["contract.label.rescue-start"] = expect(DriftStatus::Refused, "old wording");
  own.results["contract.gone"] = expect(DriftStatus::Pass);
  DriftReportInput in = input();
  in.recorded.push_back(own);
  in.differences = compare(run_, own);
  const nlohmann::json j = renderDriftJson(in);
  EXPECT_EQ(j.at("asRecorded"), false);
  ASSERT_EQ(j.at("differences").size(), 2u);
  const auto& wording = j.at("differences")[0];
  EXPECT_EQ(wording.at("id"), "contract.label.rescue-start");
  EXPECT_EQ(wording.at("expected"), (nlohmann::json{{"status", "refused"}, {"message", "old wording"}}));
  EXPECT_EQ(wording.at("observed").at("status"), "refused");
  EXPECT_EQ(wording.at("description"), in.differences[0].describe());
  const auto& gone = j.at("differences")[1];
  EXPECT_EQ(gone.at("id"), "contract.gone");
  EXPECT_TRUE(gone.at("observed").is_null());
  EXPECT_EQ(j.at("summary").at("differences"), 2);

  in.differences.clear();
  in.recorded.back().results.erase("contract.gone");
  in.recorded.back().results["contract.label.rescue-start"] = expect(DriftStatus::Refused);
  EXPECT_EQ(renderDriftJson(in).at("asRecorded"), true);
}

TEST_F(DriftRender, JsonNeverCarriesInvalidUtf8) {
  run_.results[2].message = "bad \xff byte\x1b[0m";
  run_.results[2].requirements = {"G\xfe"};
  const nlohmann::json j = renderDriftJson(input());
  std::string dumped;
  ASSERT_NO_THROW(dumped = j.dump());
  EXPECT_TRUE(contains(dumped, "bad \xEF\xBF\xBD byte\\u001b[0m")) << dumped;
}

}  // namespace
}  // namespace harness::upgrade
