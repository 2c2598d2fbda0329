// Comparing a run with the expectations recorded for its release.

#include <algorithm>
#include <set>
#include <string_view>

#include "harness/report/report_text.h"
#include "lab/upgrade/drift.h"

namespace harness::upgrade {
namespace {

// describe() is one line: the first line of a message, control characters made visible and
// long text shortened (the renderers print the whole message elsewhere).
std::string quoteOneLine(std::string_view text) {
  constexpr size_t kMaxChars = 120;
  const size_t newline = text.find_first_of("\r\n");
  const bool moreLines = newline != std::string_view::npos;
  const std::string line = escapeControls(text.substr(0, newline), false);
  std::string out;
  size_t chars = 0;
  size_t i = 0;
  for (; i < line.size(); ++i) {
    const bool startsChar = (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    if (startsChar && chars++ == kMaxChars) break;
    out += line[i];
  }
  if (i < line.size() || moreLines) out += "...";
  return "(\"" + out + "\")";
}

std::string describeExpected(const Expectation& expected) {
  std::string out = toString(expected.status);
  if (!expected.messageContains.empty()) out += " " + quoteOneLine(expected.messageContains);
  return out;
}

std::string describeObserved(const DriftResult& observed) {
  std::string out = toString(observed.status);
  if (!observed.message.empty()) out += " " + quoteOneLine(observed.message);
  return out;
}

bool matches(const Expectation& expected, const DriftResult& observed) {
  if (expected.status != observed.status) return false;
  return expected.messageContains.empty() ||
         observed.message.find(expected.messageContains) != std::string::npos;
}

}  // namespace

std::string DriftDifference::describe() const {
  std::string out = escapeControls(id, false) + ": ";
  if (!expected && observed) return out + "not recorded, got " + describeObserved(*observed);
  if (expected && !observed) return out + "expected " + describeExpected(*expected) + ", not produced";
  if (!expected && !observed) return out + "neither recorded nor produced";
  return out + "expected " + describeExpected(*expected) + ", got " + describeObserved(*observed);
}

// Skipped results are compared like the others: a scenario that stops running (a missing
// prerequisite, a release that cannot start) is a change someone should record on purpose.
bool hasEnvironmentResults(const DriftRun& run) {
  return std::any_of(run.results.begin(), run.results.end(),
                     [](const DriftResult& r) { return r.status == DriftStatus::Environment; });
}

bool inGroupNotRun(const DriftRun& run, const std::string& id) {
  return std::any_of(run.groupsNotRun.begin(), run.groupsNotRun.end(),
                     [&](const std::string& prefix) { return id.rfind(prefix, 0) == 0; });
}

std::vector<DriftDifference> compare(const DriftRun& run, const ReleaseExpectations& expected) {
  std::vector<DriftDifference> out;
  std::set<std::string> seen;
  const bool cutShort = hasEnvironmentResults(run);
  for (const auto& result : run.results) {
    // A repeated id would be reported twice for one record; the first occurrence stands.
    if (!seen.insert(result.id).second) continue;
    if (result.status == DriftStatus::Environment) continue;
    const auto it = expected.results.find(result.id);
    if (it == expected.results.end()) {
      out.push_back({result.id, std::nullopt, result});
    } else if (!matches(it->second, result)) {
      out.push_back({result.id, it->second, result});
    }
  }
  for (const auto& [id, expectation] : expected.results) {
    if (!seen.count(id) && !cutShort && !inGroupNotRun(run, id)) out.push_back({id, expectation, std::nullopt});
  }
  return out;
}

std::vector<std::string> notJudged(const DriftRun& run, const ReleaseExpectations& expected) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& result : run.results) {
    if (!seen.insert(result.id).second) continue;
    if (result.status == DriftStatus::Environment) out.push_back(result.id);
  }
  if (!hasEnvironmentResults(run)) return out;
  for (const auto& [id, expectation] : expected.results) {
    (void)expectation;
    if (!seen.count(id)) out.push_back(id);
  }
  return out;
}

}  // namespace harness::upgrade
