#include "harness/cli/verify_host_cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "harness/cli/command_flags.h"
#include "harness/cli/legacy_flags.h"
#include "harness/cli/report_output.h"
#include "harness/cli/version.h"

namespace harness {
namespace {

// Only for --help: both are handed over to the lab before parsing (lab_handover.h).
void describeLabFlags(CLI::App& app) {
  app.add_flag("--sandbox")
      ->description(
          "Run static, live and disruptive checks against a built-in fake Mac (fake launchd, fake Discord, "
          "two gateways in a temporary HOME), then tear it down: the lab's `rescue-lab sandbox [--keep] "
          "[--hold S] ...`, built beside verify-host on Linux")
      ->group("The lab");
  app.add_option("--against-openclaw")
      ->description(
          "Install that OpenClaw release into the harness cache, run the runbook's contracts and the "
          "isolation scenarios against it on a fake Mac, and report what changed (drift): the lab's "
          "`rescue-lab drift VERSION ...`")
      ->type_name("VERSION")
      ->group("The lab");
}

}  // namespace

RunContextPtr loadRunContextFor(const VerifyHostOptions& options, const CommandIo& io) {
  auto ctx = loadRunContext(options, io.env, io.sources);
  if (!ctx) {
    io.err << "verify-host: " << ctx.error().message << "\n";
    return nullptr;
  }
  return std::move(*ctx);
}

void addSubcommand(CLI::App& app, const std::string& name, const std::string& help, SubcommandFlags flags,
                   const CommandIo& io, int& exitCode, SubcommandRun run) {
  auto* sub = app.add_subcommand(name, help);
  auto options = std::make_shared<VerifyHostOptions>();
  auto refused = std::make_shared<RefusedFlags>();
  if (flags.disruptive) addDisruptiveFlags(*sub, *options);
  if (flags.live) addLiveFlags(*sub, *options);
  addCommonFlags(*sub, *options);
  if (!flags.live) refused->addLiveFlags(*sub, "`verify-host live` (or disruptive, recover)");
  if (!flags.disruptive) refused->addDisruptiveFlags(*sub, "`verify-host disruptive`");
  sub->callback(
      [options, refused, run, &io, &exitCode] { exitCode = refused->refuse(io.err) ? kExitUsage : run(*options, io); });
}

int runVerifyHost(int argc, const char* const* argv, const CommandIo& io) {
  CLI::App app{
      "verify-host: checks that an OpenClaw rescue gateway is an independent way in when the main gateway is "
      "down.\n`static` (the default) reads configs, plists, auth stores and permissions under HOME; it never "
      "writes.\n`live` also checks the running gateways (launchd, ports, health, Discord, openclaw's own checks); "
      "it changes nothing either.\n`disruptive` stops main (then rescue) and proves the other stays up; `recover` "
      "restores what an interrupted disruptive run left stopped.\n--sandbox shows all of it on a built-in fake "
      "Mac.",
      "verify-host"};
  app.set_version_flag("--version", std::string(kHarnessVersion));
  app.get_formatter()->column_width(34);
  app.footer(
      "`verify-host SUBCOMMAND --help` lists a subcommand's flags. The old flags (--live, --disruptive, "
      "--recover) still work for one release.");
  app.require_subcommand(1);
  describeLabFlags(app);
  int exitCode = kExitOk;
  setUpStaticCommand(app, io, exitCode);
  setUpLiveCommand(app, io, exitCode);
  setUpDisruptiveCommand(app, io, exitCode);
  setUpRecoverCommand(app, io, exitCode);

  std::vector<std::string> args(argv + 1, argv + argc);
  args = withSubcommand(std::move(args), io.err);
  // CLI11 takes the arguments last first.
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e, io.out, io.err);  // help/version to out, errors to err
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return exitCode;
}

}  // namespace harness
