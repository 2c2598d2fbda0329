#include "harness/cli/verify_host_options.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/cli/report_flags.h"
#include "harness/cli/version.h"

namespace harness {

ParsedCommandLine parseVerifyHostCommandLine(int argc, const char* const* argv) {
  CLI::App app{
      "verify-host: checks that an OpenClaw rescue gateway is an independent way in when the main gateway is "
      "down.\nStatic mode reads configs, plists, auth stores and permissions under HOME; it never writes.\n--live also checks the running gateways (launchd, ports, health, Discord, openclaw's own checks);\nit changes nothing either. --disruptive stops main (then rescue) and proves the other stays up.\n--sandbox shows all of it on a built-in fake Mac."};
  app.set_version_flag("--version", std::string(kHarnessVersion));
  app.get_formatter()->column_width(34);

  VerifyHostOptions o;
  ReportFlagValues values;
  app.add_option("--home", o.home, "Home directory to check (default: $HOME); replaces ~ everywhere");
  addReportFlags(app, o, values);
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
  // Only for --help: both are handed over to the lab before parsing (lab_handover.h).
  bool sandboxHelpOnly = false;
  std::string againstHelpOnly;
  app.add_flag("--sandbox", sandboxHelpOnly,
               "Run static, live and disruptive checks against a built-in fake Mac (fake launchd, fake Discord, "
               "two gateways in a temporary HOME), then tear it down: the lab's `rescue-lab sandbox [--keep] "
               "[--hold S] ...`, built beside verify-host on Linux")
      ->group("The lab");
  app.add_option("--against-openclaw", againstHelpOnly,
                 "Install that OpenClaw release into the harness cache, run the runbook's contracts and the "
                 "isolation scenarios against it on a fake Mac, and report what changed (drift): the lab's "
                 "`rescue-lab drift VERSION ...`")
      ->type_name("VERSION")
      ->group("The lab");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);  // prints help/version to stdout, errors to stderr
    return {std::nullopt, rc == 0 ? 0 : 2};
  }
  if (o.disruptive) o.live = true;
  if (holdOption->count() > 0 && !o.disruptive) {
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
  applyReportFlags(values, o);
  return {std::move(o), 0};
}

}  // namespace harness
