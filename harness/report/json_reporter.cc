#include "harness/report/json_reporter.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace harness {
namespace {

using Json = nlohmann::ordered_json;  // keeps the documented field order

double duration(double ms) { return std::isfinite(ms) && ms > 0 ? ms : 0.0; }

}  // namespace

std::string JsonReporter::render(const std::vector<CheckResult>& results,
                                 const ReportContext& context, const Redactor& redactor) const {
  // Each string is redacted on its own, before serialisation: redacting the serialised
  // document could miss a secret whose JSON-escaped form differs, or break the syntax.
  const auto text = [&](std::string_view value) { return redactor.redact(value); };

  Json doc;
  doc["schemaVersion"] = kSchemaVersion;
  doc["tool"] = text(context.tool);
  doc["version"] = text(context.version);
  doc["mode"] = text(context.mode);
  doc["home"] = text(context.home);
  doc["timestamp"] = text(context.timestamp);
  doc["durationMs"] = duration(context.durationMs);
  if (!context.extra.empty()) {
    Json extra = Json::object();
    for (const auto& [key, value] : context.extra) extra[text(key)] = text(value);
    doc["extra"] = std::move(extra);
  }

  Json checks = Json::array();
  for (const auto& result : results) {
    Json check;
    check["id"] = text(result.id);
    check["area"] = text(result.area);
    Json requirements = Json::array();
    for (const auto& requirement : result.requirements) requirements.push_back(text(requirement));
    check["requirements"] = std::move(requirements);
    check["status"] = toString(result.status);
    check["message"] = text(result.message);
    Json evidence = Json::array();
    for (const auto& item : result.evidence) {
      evidence.push_back(
          Json{{"file", text(item.file)}, {"key", text(item.key)}, {"detail", text(item.detail)}});
    }
    check["evidence"] = std::move(evidence);
    check["remediation"] = text(result.remediation);
    check["durationMs"] = duration(result.durationMs);
    checks.push_back(std::move(check));
  }
  doc["checks"] = std::move(checks);

  const ReportSummary summary = summarize(results);
  doc["summary"] = Json{{"pass", summary.pass},
                        {"fail", summary.fail},
                        {"warn", summary.warn},
                        {"skip", summary.skip},
                        {"total", summary.total()}};

  // error_handler_t::replace: invalid UTF-8 becomes U+FFFD instead of throwing.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace harness
