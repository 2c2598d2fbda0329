// The drift report as a text table, Markdown and JSON. All three are built from one matrix
// (columns = releases, rows = result ids) so they never disagree on what changed.

#include <algorithm>
#include <set>
#include <string_view>
#include <nlohmann/json.hpp>

#include "harness/core/release_version.h"
#include "harness/report/report_text.h"
#include "lab/upgrade/drift.h"

namespace harness::upgrade {
namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";

std::string_view tagFor(DriftStatus status) {
  switch (status) {
    case DriftStatus::Pass: return "PASS";
    case DriftStatus::Fail: return "FAIL";
    case DriftStatus::Refused: return "REFUSED";
    case DriftStatus::Skipped: return "SKIP";
    case DriftStatus::Environment: return "ENV";
  }
  return "SKIP";
}

std::string_view colourFor(DriftStatus status) {
  switch (status) {
    case DriftStatus::Pass: return "\x1b[32m";     // green
    case DriftStatus::Fail: return "\x1b[31m";     // red
    case DriftStatus::Refused: return "\x1b[33m";  // yellow
    case DriftStatus::Skipped: return "\x1b[2m";   // dim
    case DriftStatus::Environment: return "\x1b[35m";  // magenta: the machine, not the release
  }
  return "";
}

constexpr std::string_view kAbsent = "-";  // the release has no such result

bool sameRelease(const std::string& a, const std::string& b) {
  return a == b || compareVersions(a, b) == 0;
}

struct Column {
  std::string release;
  const ReleaseExpectations* record = nullptr;  // null for the run's column
};

struct Row {
  std::string id;
  std::vector<std::optional<DriftStatus>> cells;  // one per column
  const DriftResult* result = nullptr;            // the run's result, if any
  std::optional<DriftStatus> baselineStatus;      // nullopt: no baseline, or not in it
  bool changed = false;
};

// Everything the three renderers show, computed once.
struct Matrix {
  std::vector<Column> columns;  // recorded releases oldest first, then the run (if any)
  std::vector<Row> rows;        // the run's ids in run order, then recorded-only ids
  bool hasRunColumn = false;
  bool hasRecord = false;       // the run's own release is recorded
  std::vector<std::string> baselineOnly;  // in the baseline, not produced by the run
};

Matrix buildMatrix(const DriftReportInput& input) {
  Matrix m;
  std::vector<const ReleaseExpectations*> records;
  for (const auto& record : input.recorded) records.push_back(&record);
  // The '*' marks refer to the baseline, so it gets a column even when the caller left it out
  // of `recorded`.
  if (input.baseline != nullptr &&
      std::none_of(records.begin(), records.end(), [&](const ReleaseExpectations* r) {
        return sameRelease(r->release, input.baseline->release);
      })) {
    records.push_back(input.baseline);
  }
  std::stable_sort(records.begin(), records.end(), [](const auto* a, const auto* b) {
    return compareVersions(a->release, b->release) < 0;
  });
  for (const auto* record : records) m.columns.push_back({record->release, record});
  if (input.run != nullptr) {
    m.columns.push_back({input.run->release, nullptr});
    m.hasRunColumn = true;
    m.hasRecord = !input.differences.empty() ||
                  std::any_of(records.begin(), records.end(), [&](const ReleaseExpectations* r) {
                    return sameRelease(r->release, input.run->release);
                  });
  }

  std::vector<std::string> ids;
  std::set<std::string> seen;
  if (input.run != nullptr) {
    for (const auto& result : input.run->results) {
      if (seen.insert(result.id).second) ids.push_back(result.id);
    }
  }
  for (const auto* record : records) {
    for (const auto& [id, expectation] : record->results) {
      if (seen.insert(id).second) ids.push_back(id);
    }
  }

  for (const auto& id : ids) {
    Row row;
    row.id = id;
    for (const auto& column : m.columns) {
      if (column.record != nullptr) {
        const auto it = column.record->results.find(id);
        row.cells.push_back(it == column.record->results.end()
                                ? std::nullopt
                                : std::optional<DriftStatus>(it->second.status));
      } else {
        const auto& results = input.run->results;
        const auto it = std::find_if(results.begin(), results.end(),
                                     [&](const DriftResult& r) { return r.id == id; });
        row.result = it == results.end() ? nullptr : &*it;
        row.cells.push_back(row.result ? std::optional<DriftStatus>(row.result->status)
                                       : std::nullopt);
      }
    }
    if (input.baseline != nullptr) {
      const auto it = input.baseline->results.find(id);
      if (it != input.baseline->results.end()) row.baselineStatus = it->second.status;
      // A cell differs from the baseline's cell, absence included: a result the baseline
      // never had, or one it had that this run did not produce, is a change too.
      if (input.run != nullptr) {
        const std::optional<DriftStatus> now =
            row.result ? std::optional<DriftStatus>(row.result->status) : std::nullopt;
        row.changed = row.baselineStatus != now;
        if (!row.result && row.baselineStatus) m.baselineOnly.push_back(id);
      }
    }
    m.rows.push_back(std::move(row));
  }
  return m;
}

struct Counts {
  int pass = 0, fail = 0, refused = 0, skipped = 0, environment = 0, total = 0, changed = 0;
};

Counts countResults(const Matrix& m) {
  Counts c;
  for (const auto& row : m.rows) {
    if (row.changed) ++c.changed;
    if (row.result == nullptr) continue;
    ++c.total;
    switch (row.result->status) {
      case DriftStatus::Pass: ++c.pass; break;
      case DriftStatus::Fail: ++c.fail; break;
      case DriftStatus::Refused: ++c.refused; break;
      case DriftStatus::Skipped: ++c.skipped; break;
      case DriftStatus::Environment: ++c.environment; break;
    }
  }
  return c;
}

// Time not spent inside OpenClaw or Node start-up, as a share of the run; nullopt when the
// run has no duration to divide by.
std::optional<double> overheadPercent(const DriftRun& run) {
  if (run.seconds <= 0) return std::nullopt;
  return std::max(0.0, (run.seconds - run.openclawSeconds) / run.seconds * 100.0);
}

std::string countsText(const Counts& c) {
  return std::to_string(c.total) + (c.total == 1 ? " result: " : " results: ") +
         std::to_string(c.pass) + " pass, " + std::to_string(c.fail) + " fail, " +
         std::to_string(c.refused) + " refused, " + std::to_string(c.skipped) + " skipped" +
         (c.environment ? ", " + std::to_string(c.environment) + " environment (not judged)" : "");
}

std::string timingText(const DriftRun& run) {
  std::string out = formatFixed(run.seconds, 1) + " s, of which " +
                    formatFixed(run.openclawSeconds, 1) + " s in OpenClaw and Node start-up";
  if (const auto overhead = overheadPercent(run)) {
    out += "; harness overhead " + formatFixed(*overhead, 1) + " %";
  }
  return out;
}

std::string summaryText(const DriftReportInput& input, const Matrix& m) {
  const Counts c = countResults(m);
  std::string out = countsText(c);
  if (input.baseline != nullptr) {
    out += "; " + std::to_string(c.changed) + " changed since " +
           escapeControls(input.baseline->release, false);
  }
  if (m.hasRecord) {
    out += "; " + std::to_string(input.differences.size()) + " differing from the record";
  }
  return out + "; " + timingText(*input.run);
}

std::string columnHeader(const Column& column) {
  return column.record == nullptr ? column.release + " (this run)" : column.release;
}

std::string cellText(const std::optional<DriftStatus>& status) {
  return status ? std::string(tagFor(*status)) : std::string(kAbsent);
}

bool isRunColumn(const Matrix& m, size_t index) {
  return m.hasRunColumn && index + 1 == m.columns.size();
}

// ---- text ----

size_t displayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

std::string padTo(std::string text, size_t visibleWidth, size_t width) {
  if (visibleWidth < width) text.append(width - visibleWidth, ' ');
  return text;
}

class TextWriter {
 public:
  explicit TextWriter(bool colour) : colour_(colour) {}
  std::string paint(std::string_view text, std::string_view colour) const {
    if (!colour_ || colour.empty()) return std::string(text);
    return std::string(colour) + std::string(text) + std::string(kReset);
  }

 private:
  bool colour_;
};

// The message list: "  REFUSED  id: text", ids lined up after the widest tag, continuation
// lines of a message indented under the id.
constexpr size_t kWidestTag = 7;  // "REFUSED"
constexpr std::string_view kMessageIndent = "           ";  // 2 + kWidestTag + 2

// Multi-line messages keep their lines, indented under their id.
std::string indentLines(std::string_view text, std::string_view indent) {
  const std::string safe = escapeControls(text, true);
  std::string out;
  for (char c : safe) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

// ---- Markdown ----

// Plain Markdown text: no element can start inside it. Backslash escapes are valid for any
// ASCII punctuation in CommonMark; '|' is the one GitHub tables need, '@' and '#' keep a
// message from mentioning a user or linking an issue, '<' '>' from opening HTML.
std::string markdownText(std::string_view text) {
  const std::string safe = escapeControls(text, true);
  std::string out;
  out.reserve(safe.size() + safe.size() / 8);
  for (char c : safe) {
    if (c == '\n') {
      out += "<br>";
    } else if (std::string_view("\\`*_[]<>|~&@#!").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// ---- JSON ----

nlohmann::json statusOrNull(const std::optional<DriftStatus>& status) {
  return status ? nlohmann::json(toString(*status)) : nlohmann::json(nullptr);
}

nlohmann::json expectationJson(const std::optional<Expectation>& expectation) {
  if (!expectation) return nullptr;
  return {{"status", toString(expectation->status)},
          {"message", toValidUtf8(expectation->messageContains)}};
}

nlohmann::json observedJson(const std::optional<DriftResult>& result) {
  if (!result) return nullptr;
  return {{"status", toString(result->status)}, {"message", toValidUtf8(result->message)}};
}

}  // namespace

std::string renderDriftTable(const DriftReportInput& input, bool color) {
  const TextWriter w(color);
  const Matrix m = buildMatrix(input);
  std::string out;

  if (input.run != nullptr) {
    out += w.paint("OpenClaw drift report: " + escapeControls(input.run->release, false), kBold);
    out += input.baseline != nullptr
               ? " compared with " + escapeControls(input.baseline->release, false) + "\n"
               : " (no recorded release to compare with)\n";
  } else {
    out += w.paint("OpenClaw drift report: recorded releases", kBold) + "\n";
  }
  out += "\n";
  if (m.rows.empty()) {
    out += "No results.\n";
  } else {
    // Widths on the uncoloured text, so escape sequences never skew the columns.
    std::vector<std::string> headers = {"result"};
    for (const auto& column : m.columns) headers.push_back(escapeControls(columnHeader(column), false));
    std::vector<size_t> widths;
    for (const auto& header : headers) widths.push_back(displayWidth(header));
    std::vector<std::string> ids;
    for (const auto& row : m.rows) {
      ids.push_back(escapeControls(row.id, false));
      widths[0] = std::max(widths[0], displayWidth(ids.back()));
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const size_t mark = isRunColumn(m, i) && row.changed ? 2 : 0;
        widths[i + 1] = std::max(widths[i + 1], cellText(row.cells[i]).size() + mark);
      }
    }
    constexpr std::string_view kGap = "  ";
    std::string line;
    for (size_t i = 0; i < headers.size(); ++i) {
      line += (i ? std::string(kGap) : "") + padTo(headers[i], displayWidth(headers[i]), widths[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    for (size_t r = 0; r < m.rows.size(); ++r) {
      const Row& row = m.rows[r];
      line = padTo(ids[r], displayWidth(ids[r]), widths[0]);
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const std::string plain = cellText(row.cells[i]) +
                                  (isRunColumn(m, i) && row.changed ? " *" : "");
        const std::string painted =
            row.cells[i] ? w.paint(tagFor(*row.cells[i]), colourFor(*row.cells[i])) +
                               plain.substr(tagFor(*row.cells[i]).size())
                         : plain;
        line += std::string(kGap) + padTo(painted, plain.size(), widths[i + 1]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    if (input.baseline != nullptr && input.run != nullptr) {
      out += "* differs from " + escapeControls(input.baseline->release, false) + "\n";
    }
  }

  if (input.run == nullptr) return out;
  const std::string release = escapeControls(input.run->release, false);

  out += "\nMessages (" + release + "):\n";
  bool anyMessage = false;
  for (const auto& row : m.rows) {
    if (row.result == nullptr || row.result->status == DriftStatus::Pass) continue;
    anyMessage = true;
    const DriftStatus status = row.result->status;
    const std::string_view tag = tagFor(status);
    out += "  " + padTo(w.paint(tag, colourFor(status)), tag.size(), kWidestTag) + "  " +
           escapeControls(row.id, false);
    if (!row.result->message.empty()) out += ": " + indentLines(row.result->message, kMessageIndent);
    out += "\n";
  }
  if (!anyMessage) out += "  none: every result passed\n";

  if (!input.differences.empty()) {
    out += "\nDifferences from the record for " + release + ":\n";
    for (const auto& difference : input.differences) out += "  " + difference.describe() + "\n";
  } else if (m.hasRecord) {
    out += input.notJudged.empty() ? "\nAs recorded.\n" : "\nAs recorded, as far as this machine could judge.\n";
  } else {
    out += "\nNo expectations are recorded for " + release + " yet.\n";
  }
  if (!input.notJudged.empty()) {
    out += "\nNot judged on this machine (environment, retried once; never a difference):\n";
    for (const auto& id : input.notJudged) out += "  " + escapeControls(id, false) + "\n";
  }

  out += "\nSummary: " + summaryText(input, m) + "\n";
  return out;
}

std::string renderDriftMarkdown(const DriftReportInput& input) {
  const Matrix m = buildMatrix(input);
  std::string out;
  if (input.run != nullptr) {
    out += "## OpenClaw drift report: " + markdownText(input.run->release) + "\n\n";
    out += input.baseline != nullptr
               ? "Compared with " + markdownText(input.baseline->release) +
                     "; \\* marks a result that differs from it.\n\n"
               : "No recorded release to compare with.\n\n";
  } else {
    out += "## OpenClaw drift report: recorded releases\n\n";
  }

  if (m.rows.empty()) {
    out += "No results.\n";
  } else {
    out += "| result |";
    for (const auto& column : m.columns) out += " " + markdownText(columnHeader(column)) + " |";
    out += "\n|---|";
    for (size_t i = 0; i < m.columns.size(); ++i) out += "---|";
    out += "\n";
    for (const auto& row : m.rows) {
      out += "| " + markdownText(row.id) + " |";
      for (size_t i = 0; i < row.cells.size(); ++i) {
        out += " " + cellText(row.cells[i]) + (isRunColumn(m, i) && row.changed ? " \\*" : "") + " |";
      }
      out += "\n";
    }
  }
  if (input.run == nullptr) return out;
  const std::string release = markdownText(input.run->release);

  out += "\n### Messages (" + release + ")\n\n";
  bool anyMessage = false;
  for (const auto& row : m.rows) {
    if (row.result == nullptr || row.result->status == DriftStatus::Pass) continue;
    anyMessage = true;
    out += "- " + markdownText(row.id) + " (" + std::string(toString(row.result->status)) + ")";
    if (!row.result->message.empty()) out += ": " + markdownText(row.result->message);
    out += "\n";
  }
  if (!anyMessage) out += "None: every result passed.\n";

  if (!input.differences.empty()) {
    out += "\n### Differences from the record for " + release + "\n\n";
    for (const auto& difference : input.differences) {
      out += "- " + markdownText(difference.describe()) + "\n";
    }
  } else if (m.hasRecord) {
    out += input.notJudged.empty() ? "\nAs recorded.\n" : "\nAs recorded, as far as this machine could judge.\n";
  } else {
    out += "\nNo expectations are recorded for " + release + " yet.\n";
  }
  if (!input.notJudged.empty()) {
    out += "\n### Not judged on this machine (environment, retried once)\n\n";
    for (const auto& id : input.notJudged) out += "- " + markdownText(id) + "\n";
  }
  out += "\n**Summary:** " + markdownText(summaryText(input, m)) + "\n";
  return out;
}

nlohmann::json renderDriftJson(const DriftReportInput& input) {
  const Matrix m = buildMatrix(input);
  const Counts c = countResults(m);
  // 2: "baseline" became {"version", "source"} (it was the version string).
  nlohmann::json out = {{"schemaVersion", 2}};
  out["release"] = input.run ? nlohmann::json(toValidUtf8(input.run->release)) : nullptr;
  out["baseline"] = input.baseline ? nlohmann::json{{"version", toValidUtf8(input.baseline->release)},
                                                    {"source", toValidUtf8(input.baselineSource)}}
                                   : nlohmann::json(nullptr);
  nlohmann::json recorded = nlohmann::json::array();
  for (const auto& column : m.columns) {
    if (column.record != nullptr) recorded.push_back(toValidUtf8(column.release));
  }
  out["recorded"] = std::move(recorded);
  out["seconds"] = input.run ? input.run->seconds : 0.0;
  out["openclawSeconds"] = input.run ? input.run->openclawSeconds : 0.0;
  const auto overhead = input.run ? overheadPercent(*input.run) : std::nullopt;
  out["overheadPercent"] = overhead ? nlohmann::json(*overhead) : nlohmann::json(nullptr);

  nlohmann::json results = nlohmann::json::array();
  for (const auto& row : m.rows) {
    if (row.result == nullptr) continue;
    const DriftResult& r = *row.result;
    nlohmann::json requirements = nlohmann::json::array();
    for (const auto& requirement : r.requirements) requirements.push_back(toValidUtf8(requirement));
    results.push_back({{"id", toValidUtf8(r.id)},
                       {"title", toValidUtf8(r.title)},
                       {"requirements", std::move(requirements)},
                       {"status", toString(r.status)},
                       {"message", toValidUtf8(r.message)},
                       {"seconds", r.seconds},
                       {"baselineStatus", statusOrNull(row.baselineStatus)},
                       {"changed", row.changed}});
  }
  out["results"] = std::move(results);
  nlohmann::json baselineOnly = nlohmann::json::array();
  for (const auto& id : m.baselineOnly) baselineOnly.push_back(toValidUtf8(id));
  out["baselineOnly"] = std::move(baselineOnly);

  nlohmann::json differences = nlohmann::json::array();
  for (const auto& difference : input.differences) {
    differences.push_back({{"id", toValidUtf8(difference.id)},
                           {"expected", expectationJson(difference.expected)},
                           {"observed", observedJson(difference.observed)},
                           {"description", toValidUtf8(difference.describe())}});
  }
  out["differences"] = std::move(differences);
  nlohmann::json notJudged = nlohmann::json::array();
  for (const auto& id : input.notJudged) notJudged.push_back(toValidUtf8(id));
  out["notJudged"] = std::move(notJudged);
  // null: nothing recorded for this release, so "as recorded" is not a question yet.
  out["asRecorded"] = input.run && m.hasRecord ? nlohmann::json(input.differences.empty())
                                               : nlohmann::json(nullptr);
  out["summary"] = {{"pass", c.pass},       {"fail", c.fail},   {"refused", c.refused},
                    {"skipped", c.skipped}, {"environment", c.environment},
                    {"total", c.total},     {"changed", c.changed},
                    {"differences", input.differences.size()}};
  return out;
}

}  // namespace harness::upgrade
