#include "harness/cli/verify_host_options.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/cli/version.h"

namespace harness {

ParsedCommandLine parseVerifyHostCommandLine(int argc, const char* const* argv) {
  CLI::App app{
      "verify-host: checks that an OpenClaw rescue gateway is an independent way in when the main gateway is "
      "down.\nStatic mode reads configs, plists, auth stores and permissions under HOME; it never writes.\n--live also checks the running gateways (launchd, ports, health, Discord, openclaw's own checks);\nit changes nothing either. --disruptive stops main (then rescue) and proves the other stays up.\n--sandbox shows all of it on a built-in fake Mac."};
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
  app.add_flag("--live", o.live,
               "Also check the running gateways: launchd jobs, ports, health, Discord login, openclaw's own checks");
  double wait = 0;
  auto* waitOption = app.add_option("--wait", wait, "With --live: retry failing live checks for up to SECONDS")
                         ->type_name("SECONDS")
                         ->check(CLI::Range(0.0, 3600.0));
  auto* openclawOption =
      app.add_option("--openclaw", o.openclawPath, "With --live: the openclaw executable (default: openclaw in PATH)")
          ->type_name("PATH");
  auto* launchctlOption =
      app.add_option("--launchctl", o.launchctlPath, "With --live: the launchctl executable (default: /bin/launchctl)")
          ->type_name("PATH");

  app.add_flag("--disruptive", o.disruptive,
               "Stop main with the runbook's command and prove rescue stays up, then the reverse; main is always "
               "restored. Implies --live; asks for confirmation unless --yes");
  app.add_flag("--yes", o.yes, "With --disruptive: do not ask for confirmation");
  double hold = 0;
  auto* holdOption = app.add_option("--hold", hold, "With --disruptive/--sandbox: how long each gateway stays stopped")
                         ->type_name("SECONDS")
                         ->check(CLI::Range(0.0, 3600.0));
  app.add_flag("--recover", o.recover,
               "Only restore what an interrupted --disruptive run left stopped (from its restore journal)");
  app.add_flag("--sandbox", o.sandbox,
               "Run static, live and disruptive checks against a built-in fake Mac (fake launchd, fake Discord, "
               "two gateways in a temporary HOME), then tear it down");
  app.add_flag("--keep", o.keep, "With --sandbox: leave the sandbox running and print how to reach and stop it");
  app.add_option("--build-dir", o.buildDir,
                 "With --sandbox/--against-openclaw: the build tree holding the fakes (default: this one)")
      ->type_name("DIR");
  app.add_option("--against-openclaw", o.againstOpenclaw,
                 "Install that OpenClaw release into the harness cache, run the runbook's contracts and the "
                 "isolation scenarios against it on a fake Mac, and report what changed (drift)")
      ->type_name("VERSION");
  auto* expectedOption =
      app.add_option("--expected-dir", o.expectedDir,
                     "With --against-openclaw: recorded results per release (default: the source tree's "
                     "tests/contract/expected)")
          ->type_name("DIR");
  auto* reportDirOption =
      app.add_option("--report-dir", o.reportDir,
                     "With --against-openclaw: write drift-VERSION.md and drift-VERSION.json here (default: the "
                     "harness cache's reports/)")
          ->type_name("DIR");
  auto* scenariosOption =
      app.add_option("--scenarios", o.scenarioFilter,
                     "With --against-openclaw: which scenarios (GoogleTest filter, default *; none = contracts only)")
          ->type_name("FILTER");
  auto* recordOption = app.add_flag("--record", o.record,
                                    "With --against-openclaw: save this run as the release's expected results");
  auto* fromOption = app.add_option("--from", o.fromOpenclaw,
                                    "With --against-openclaw NEW: the release upgraded from (its record, or a run of "
                                    "it); default: the newest recorded release below NEW");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);  // prints help/version to stdout, errors to stderr
    return {std::nullopt, rc == 0 ? 0 : 2};
  }
  if (o.disruptive) o.live = true;
  for (auto* againstOnly : {expectedOption, reportDirOption, scenariosOption, recordOption, fromOption}) {
    if (againstOnly->count() > 0 && o.againstOpenclaw.empty()) {
      std::cerr << "verify-host: " << againstOnly->get_name() << " needs --against-openclaw\n";
      return {std::nullopt, 2};
    }
  }
  if (!o.againstOpenclaw.empty() && (o.sandbox || o.live || o.recover || !o.home.empty() || o.format == "junit")) {
    std::cerr << "verify-host: --against-openclaw runs on its own fake Mac; it takes --format human|json only\n";
    return {std::nullopt, 2};
  }
  if (o.sandbox && (o.disruptive || o.recover || !o.home.empty())) {
    std::cerr << "verify-host: --sandbox makes its own home and runs the disruptive check itself\n";
    return {std::nullopt, 2};
  }
  if (o.keep && !o.sandbox) {
    std::cerr << "verify-host: --keep needs --sandbox\n";
    return {std::nullopt, 2};
  }
  if (holdOption->count() > 0 && !o.disruptive && !o.sandbox) {
    std::cerr << "verify-host: --hold needs --disruptive or --sandbox\n";
    return {std::nullopt, 2};
  }
  if (holdOption->count() > 0) o.holdSeconds = hold;
  for (auto* liveOnly : {waitOption, openclawOption, launchctlOption}) {
    if (liveOnly->count() > 0 && !o.live && !o.recover) {
      std::cerr << "verify-host: " << liveOnly->get_name() << " needs --live\n";
      return {std::nullopt, 2};
    }
  }
  if (waitOption->count() > 0) o.waitSeconds = wait;
  if (!mainPort.empty()) o.overrides.push_back("main.port=" + mainPort);
  if (!rescuePort.empty()) o.overrides.push_back("rescue.port=" + rescuePort);
  if (!version.empty()) o.overrides.push_back("openclawVersion=" + version);
  return {std::move(o), 0};
}

}  // namespace harness
