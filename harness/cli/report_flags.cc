#include "harness/cli/report_flags.h"

#include <CLI/CLI.hpp>

namespace harness {

void addReportFlags(CLI::App& app, VerifyHostOptions& o, ReportFlagValues& v) {
  app.add_option("--spec", o.specFile, "JSON spec file overriding the runbook's paths, ports and labels")
      ->check(CLI::ExistingFile);
  app.add_option("--set", o.overrides, "Override one spec value, e.g. --set rescue.port=19201 (repeatable)")
      ->type_name("KEY=VALUE");
  app.add_option("--main-port", v.mainPort, "Shortcut for --set main.port=N");
  app.add_option("--rescue-port", v.rescuePort, "Shortcut for --set rescue.port=N");
  app.add_option("--openclaw-version", v.version,
                 "OpenClaw release on the host, for release-dependent rules (e.g. 2026.9.6)");
  app.add_option("--format", o.format, "Report format")->check(CLI::IsMember({"human", "json", "junit"}));
  app.add_option("--output", o.outputFile, "Write the report to FILE instead of stdout");
  app.add_flag("--strict", o.strict, "Treat warnings as failures (exit 1)");
  app.add_flag("--no-color", o.noColour, "Never colour the human report (NO_COLOR is honoured too)");
}

void applyReportFlags(const ReportFlagValues& v, VerifyHostOptions& o) {
  if (!v.mainPort.empty()) o.overrides.push_back("main.port=" + v.mainPort);
  if (!v.rescuePort.empty()) o.overrides.push_back("rescue.port=" + v.rescuePort);
  if (!v.version.empty()) o.overrides.push_back("openclawVersion=" + v.version);
}

}  // namespace harness
