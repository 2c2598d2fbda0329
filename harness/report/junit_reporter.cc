#include "harness/report/junit_reporter.h"

#include <cctype>
#include <cmath>

#include "harness/report/report_text.h"

namespace harness {
namespace {

// "Rescue config" -> "rescue-config"; empty or all punctuation -> "other".
std::string slug(std::string_view area) {
  std::string out;
  bool pendingDash = false;
  for (char c : area) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && std::isalnum(byte)) {
      if (pendingDash && !out.empty()) out += '-';
      pendingDash = false;
      out += static_cast<char>(std::tolower(byte));
    } else {
      pendingDash = true;
    }
  }
  return out.empty() ? "other" : out;
}

double seconds(double ms) { return ms / 1000.0; }

struct Counts {
  int tests = 0, failures = 0, skipped = 0;
  double ms = 0;
};

}  // namespace

std::string JunitReporter::render(const std::vector<CheckResult>& results,
                                  const ReportContext& context, const Redactor& redactor) const {
  // Redact first, then escape: escaping would change the bytes of a secret holding & < > " '.
  const auto attr = [&](std::string_view value) { return escapeXml(redactor.redact(value), true); };
  const auto body = [&](std::string_view value) { return escapeXml(redactor.redact(value), false); };
  const auto isFailure = [&](const CheckResult& r) {
    return r.status == CheckStatus::Fail || (warningsAsFailures_ && r.status == CheckStatus::Warn);
  };
  const auto count = [&](const std::vector<const CheckResult*>& checks) {
    Counts c;
    for (const CheckResult* r : checks) {
      ++c.tests;
      if (isFailure(*r)) ++c.failures;
      if (r->status == CheckStatus::Skip) ++c.skipped;
      if (std::isfinite(r->durationMs) && r->durationMs > 0) c.ms += r->durationMs;
    }
    return c;
  };
  // Requirements, evidence and fix, one per line, for failure and warning bodies.
  const auto details = [&](const CheckResult& r) {
    std::string out;
    if (!r.requirements.empty()) {
      std::string joined;
      for (const auto& requirement : r.requirements) joined += (joined.empty() ? "" : ", ") + requirement;
      out += "\nrequirements: " + body(joined);
    }
    for (const auto& e : r.evidence) {
      std::string line = e.file;
      if (!e.key.empty()) line += (line.empty() ? "" : ": ") + e.key;
      if (!e.detail.empty()) line += (e.key.empty() ? (line.empty() ? "" : ": ") : " = ") + e.detail;
      out += "\n" + body(line);
    }
    if (!r.remediation.empty()) out += "\nfix: " + body(r.remediation);
    return out;
  };

  const AreaGroups groups = groupByArea(results);
  std::vector<const CheckResult*> all;
  for (const auto& result : results) all.push_back(&result);
  const Counts total = count(all);
  const std::string tool = context.tool.empty() ? "verify-host" : context.tool;
  const std::string timestamp =
      context.timestamp.empty() ? "" : " timestamp=\"" + attr(context.timestamp) + "\"";

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"" + attr(tool) + "\" tests=\"" + std::to_string(total.tests) +
         "\" failures=\"" + std::to_string(total.failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(total.skipped) + "\" time=\"" + formatFixed(seconds(context.durationMs), 3) +
         "\"" + timestamp + ">\n";

  for (const auto& [area, checks] : groups) {
    const Counts c = count(checks);
    out += "  <testsuite name=\"" + attr(area.empty() ? "Other" : area) + "\" tests=\"" +
           std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) +
           "\" errors=\"0\" skipped=\"" + std::to_string(c.skipped) + "\" time=\"" +
           formatFixed(seconds(c.ms), 3) + "\"" + timestamp + ">\n";
    out += "    <properties>\n";
    const auto property = [&](std::string_view name, std::string_view value) {
      out += "      <property name=\"" + attr(name) + "\" value=\"" + attr(value) + "\"/>\n";
    };
    property("version", context.version);
    property("mode", context.mode);
    property("home", context.home);
    for (const auto& [key, value] : context.extra) property(key, value);
    out += "    </properties>\n";

    const std::string classname = attr(tool + "." + slug(redactor.redact(area)));
    for (const CheckResult* r : checks) {
      out += "    <testcase classname=\"" + classname + "\" name=\"" + attr(r->id) + "\" time=\"" +
             formatFixed(seconds(r->durationMs), 3) + "\">\n";
      if (isFailure(*r)) {
        out += "      <failure message=\"" + attr(r->message) + "\" type=\"" + toString(r->status) +
               "\">" + body(r->message) + details(*r) + "</failure>\n";
      } else if (r->status == CheckStatus::Skip) {
        out += "      <skipped message=\"" + attr(r->message) + "\"/>\n";
      } else if (r->status == CheckStatus::Warn) {
        out += "      <system-out>WARNING: " + body(r->message) + details(*r) + "</system-out>\n";
      } else if (!r->message.empty()) {
        out += "      <system-out>" + body(r->message) + "</system-out>\n";
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  // Last line of defence. Safe for the markup: every value was redacted and escaped above, and
  // the mask "[redacted]" contains no character with a meaning in XML.
  return redactor.redact(out);
}

}  // namespace harness
