#pragma once

// The flags of every report on a home: --spec, --set, the port and release shortcuts, --format,
// --output, --strict, --no-color. verify-host takes them, and so does the lab's sandbox
// (rescue-lab sandbox), which runs verify-host's own checks on its fake Mac.

#include <string>

#include "harness/cli/verify_host_options.h"

namespace CLI {
class App;
}  // namespace CLI

namespace harness {

// What the shortcuts hold until applyReportFlags() turns them into --set overrides.
struct ReportFlagValues {
  std::string mainPort;
  std::string rescuePort;
  std::string version;
};

void addReportFlags(CLI::App& app, VerifyHostOptions& options, ReportFlagValues& values);
void applyReportFlags(const ReportFlagValues& values, VerifyHostOptions& options);

}  // namespace harness
