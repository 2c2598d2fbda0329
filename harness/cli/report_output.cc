#include "harness/cli/report_output.h"

#include <unistd.h>

#include <ctime>
#include <fstream>

#include "harness/cli/version.h"

namespace harness {

std::string isoNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ReportContext makeReportContext(const std::string& mode, const std::filesystem::path& home,
                                std::map<std::string, std::string> extra, std::chrono::steady_clock::time_point start) {
  ReportContext context;
  context.version = kHarnessVersion;
  context.mode = mode;
  context.home = home.string();
  context.timestamp = isoNow();
  context.extra = std::move(extra);
  context.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return context;
}

int emitReport(const VerifyHostOptions& options, const std::vector<CheckResult>& results, const ReportContext& context,
               const Redactor& redactor, std::ostream& out, std::ostream& err, bool outIsTerminal) {
  const bool colour =
      !options.noColour && options.outputFile.empty() && outIsTerminal && shouldUseColour(STDOUT_FILENO);
  auto reporter = makeReporter(options.format, colour, options.strict);
  if (!reporter) {
    err << "verify-host: " << reporter.error().describe() << "\n";
    return kExitUsage;
  }
  const std::string text = (*reporter)->render(results, context, redactor);
  if (options.outputFile.empty()) {
    out << text;
    out.flush();
  } else {
    std::ofstream file(options.outputFile, std::ios::binary | std::ios::trunc);
    if (!(file << text)) {
      err << "verify-host: cannot write report to " << options.outputFile << "\n";
      return kExitUsage;
    }
  }
  const auto summary = summarize(results);
  if (summary.fail > 0) return kExitChecksFailed;
  if (options.strict && summary.warn > 0) return kExitChecksFailed;
  return kExitOk;
}

}  // namespace harness
