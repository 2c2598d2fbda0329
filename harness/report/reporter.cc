#include "harness/report/reporter.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "harness/report/human_reporter.h"
#include "harness/report/json_reporter.h"
#include "harness/report/junit_reporter.h"

namespace harness {

Reporter::~Reporter() = default;

Result<ReporterPtr> makeReporter(std::string_view format, bool colour, bool warningsAsFailures) {
  if (format == "human") return ReporterPtr(std::make_unique<HumanReporter>(colour));
  if (format == "json") return ReporterPtr(std::make_unique<JsonReporter>());
  if (format == "junit") return ReporterPtr(std::make_unique<JunitReporter>(warningsAsFailures));
  return Error{ErrorCode::InvalidInput,
               "unknown report format '" + std::string(format) + "' (expected human, json or junit)",
               "--format"};
}

bool shouldUseColour(int fd) {
  const auto env = [](const char* name) -> std::string_view {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string_view() : std::string_view(value);
  };
  const std::string_view force = env("FORCE_COLOR");
  if (!force.empty() && force != "0") return true;
  if (!env("NO_COLOR").empty()) return false;
  if (env("TERM") == "dumb") return false;
  return ::isatty(fd) == 1;
}

}  // namespace harness
