#include "harness/report/human_reporter.h"

#include "harness/report/report_text.h"

namespace harness {
namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";

std::string_view tagFor(CheckStatus status) {
  switch (status) {
    case CheckStatus::Pass: return "PASS";
    case CheckStatus::Fail: return "FAIL";
    case CheckStatus::Warn: return "WARN";
    case CheckStatus::Skip: return "SKIP";
  }
  return "SKIP";
}

std::string_view colourFor(CheckStatus status) {
  switch (status) {
    case CheckStatus::Pass: return "\x1b[32m";  // green
    case CheckStatus::Fail: return "\x1b[31m";  // red
    case CheckStatus::Warn: return "\x1b[33m";  // yellow
    case CheckStatus::Skip: return "\x1b[90m";  // grey
  }
  return "";
}

std::string formatDuration(double ms) {
  if (ms >= 1000) return formatFixed(ms / 1000, 2) + " s";
  return formatFixed(ms, 1) + " ms";
}

class Writer {
 public:
  Writer(const Redactor& redactor, bool colour) : redactor_(redactor), colour_(colour) {}

  // Redacted, with control characters made visible; continuation lines of multi-line text
  // are indented by `indent` so they stay under their check.
  std::string clean(std::string_view text, std::string_view indent = "") const {
    const std::string safe = escapeControls(redactor_.redact(text), true);
    std::string out;
    out.reserve(safe.size());
    for (char c : safe) {
      out += c;
      if (c == '\n') out += indent;
    }
    return out;
  }

  std::string paint(std::string_view text, std::string_view colour) const {
    if (!colour_) return std::string(text);
    return std::string(colour) + std::string(text) + std::string(kReset);
  }

 private:
  const Redactor& redactor_;
  bool colour_;
};

std::string joinRequirements(const std::vector<std::string>& requirements) {
  std::string out;
  for (const auto& requirement : requirements) {
    if (!out.empty()) out += ", ";
    out += requirement;
  }
  return out;
}

std::string describeEvidence(const Evidence& evidence) {
  std::string out = evidence.file;
  if (!evidence.key.empty()) out += (out.empty() ? "" : ": ") + evidence.key;
  if (!evidence.detail.empty()) {
    if (evidence.key.empty()) {
      out += (out.empty() ? "" : ": ") + evidence.detail;
    } else {
      out += " = " + evidence.detail;
    }
  }
  return out;
}

std::string plural(int count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

}  // namespace

std::string HumanReporter::render(const std::vector<CheckResult>& results,
                                  const ReportContext& context, const Redactor& redactor) const {
  const Writer w(redactor, colour_);
  constexpr std::string_view kCheckIndent = "  ";
  constexpr std::string_view kDetailIndent = "        ";  // under the id, past "  PASS  "

  std::string out;
  std::string header = w.clean(context.tool);
  if (!context.version.empty()) header += " " + w.clean(context.version);
  if (!context.mode.empty()) header += " (" + w.clean(context.mode) + ")";
  if (!context.home.empty()) header += " home " + w.clean(context.home);
  out += header + "\n";

  if (results.empty()) out += "\nNo checks ran.\n";
  for (const auto& [area, checks] : groupByArea(results)) {
    out += "\n" + w.paint(area.empty() ? "Other" : w.clean(area), kBold) + "\n";
    for (const CheckResult* check : checks) {
      out += std::string(kCheckIndent) + w.paint(tagFor(check->status), colourFor(check->status)) +
             "  " + w.clean(check->id, kDetailIndent);
      if (!check->message.empty()) out += "  " + w.clean(check->message, kDetailIndent);
      out += "\n";
      if (check->status != CheckStatus::Fail && check->status != CheckStatus::Warn) continue;
      if (!check->requirements.empty()) {
        out += std::string(kDetailIndent) + "requirements: " +
               w.clean(joinRequirements(check->requirements), kDetailIndent) + "\n";
      }
      for (const auto& evidence : check->evidence) {
        out += std::string(kDetailIndent) + w.clean(describeEvidence(evidence), kDetailIndent) + "\n";
      }
      if (!check->remediation.empty()) {
        out += std::string(kDetailIndent) + "fix: " + w.clean(check->remediation, kDetailIndent) + "\n";
      }
    }
  }

  const ReportSummary summary = summarize(results);
  out += "\nSummary: " + std::to_string(summary.pass) + " passed, " + std::to_string(summary.fail) +
         " failed, " + plural(summary.warn, "warning", "warnings") + ", " +
         std::to_string(summary.skip) + " skipped (" + formatDuration(context.durationMs) + ")\n";
  // Last line of defence: the text has no structure a mask could break.
  return redactor.redact(out);
}

}  // namespace harness
