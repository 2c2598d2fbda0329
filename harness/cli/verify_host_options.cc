#include "harness/cli/verify_host_options.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/cli/version.h"

namespace harness {

ParsedCommandLine parseVerifyHostCommandLine(int argc, const char* const* argv) {
  CLI::App app{
      "verify-host: checks that an OpenClaw rescue gateway is an independent way in when the main gateway is "
      "down.\nStatic mode reads configs, plists, auth stores and permissions under HOME; it never writes."};
  app.set_version_flag("--version", std::string(kHarnessVersion));
  app.get_formatter()->column_width(34);

  VerifyHostOptions o;
  std::string mainPort, rescuePort, version;
  app.add_option("--home", o.home, "Home directory to check (default: $HOME); replaces ~ everywhere");
  app.add_option("--spec", o.specFile, "JSON spec file overriding the runbook's paths, ports and labels")
      ->check(CLI::ExistingFile);
  app.add_option("--set", o.overrides, "Override one spec value, e.g. --set rescue.port=19201 (repeatable)")
      ->type_name("KEY=VALUE");
  app.add_option("--main-port", mainPort, "Shortcut for --set main.port=N");
  app.add_option("--rescue-port", rescuePort, "Shortcut for --set rescue.port=N");
  app.add_option("--openclaw-version", version,
                 "OpenClaw release on the host, for release-dependent rules (e.g. 2026.9.6)");
  app.add_option("--format", o.format, "Report format")->check(CLI::IsMember({"human", "json", "junit"}));
  app.add_option("--output", o.outputFile, "Write the report to FILE instead of stdout");
  app.add_flag("--strict", o.strict, "Treat warnings as failures (exit 1)");
  app.add_flag("--no-color", o.noColour, "Never colour the human report (NO_COLOR is honoured too)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);  // prints help/version to stdout, errors to stderr
    return {std::nullopt, rc == 0 ? 0 : 2};
  }
  if (!mainPort.empty()) o.overrides.push_back("main.port=" + mainPort);
  if (!rescuePort.empty()) o.overrides.push_back("rescue.port=" + rescuePort);
  if (!version.empty()) o.overrides.push_back("openclawVersion=" + version);
  return {std::move(o), 0};
}

}  // namespace harness
