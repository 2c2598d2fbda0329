#include "harness/cli/command_flags.h"

#include <CLI/CLI.hpp>

namespace harness {
namespace {

constexpr double kMaxSeconds = 3600;

void addPort(CLI::App& app, const std::string& name, std::optional<uint16_t>& port, const std::string& help) {
  app.add_option_function<int>(
         name, [&port](const int& n) { port = static_cast<uint16_t>(n); }, help)
      ->type_name("N")
      ->check(CLI::Range(1, 65535));
}

}  // namespace

void addReportFlags(CLI::App& app, VerifyHostOptions& o) {
  app.add_option("--spec", o.specFile, "JSON spec file overriding the runbook's paths, ports and labels")
      ->check(CLI::ExistingFile);
  app.add_option("--set", o.overrides, "Override one spec value, e.g. --set rescue.port=19201 (repeatable)")
      ->type_name("KEY=VALUE");
  addPort(app, "--main-port", o.mainPort, "Main's gateway port (wins over --set main.port)");
  addPort(app, "--rescue-port", o.rescuePort, "The rescue's gateway port (wins over --set rescue.port)");
  app.add_option("--openclaw-version", o.openclawVersion,
                 "OpenClaw release on the host, for release-dependent rules (e.g. 2026.9.6)")
      ->type_name("VERSION");
  app.add_option("--format", o.format, "Report format")->check(CLI::IsMember({"human", "json", "junit"}));
  app.add_option("--output", o.outputFile, "Write the report to FILE instead of stdout");
  app.add_flag("--strict", o.strict, "Treat warnings as failures (exit 1)");
  app.add_flag("--no-color", o.noColour, "Never colour the human report (NO_COLOR is honoured too)");
}

void addCommonFlags(CLI::App& app, VerifyHostOptions& o) {
  app.add_option("--home", o.home, "Home directory to check (default: $HOME); replaces ~ everywhere");
  addReportFlags(app, o);
}

void addLiveFlags(CLI::App& app, VerifyHostOptions& o) {
  app.add_option_function<double>(
         "--wait", [&o](const double& s) { o.waitSeconds = s; }, "Retry failing live checks for up to SECONDS")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, kMaxSeconds));
  app.add_option("--openclaw", o.openclawPath, "The openclaw executable (default: openclaw in PATH)")
      ->type_name("PATH");
  app.add_option("--launchctl", o.launchctlPath, "The launchctl executable (default: /bin/launchctl)")
      ->type_name("PATH");
}

void addDisruptiveFlags(CLI::App& app, VerifyHostOptions& o) {
  app.add_flag("--yes", o.yes, "Do not ask for confirmation");
  app.add_option_function<double>(
         "--hold", [&o](const double& s) { o.holdSeconds = s; }, "How long each gateway stays stopped (default 20)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, kMaxSeconds));
}

void RefusedFlags::addLiveFlags(CLI::App& app, const std::string& where) {
  for (const char* name : {"--wait", "--openclaw", "--launchctl"}) add(app.add_option(name)->group(""), name, where);
}

void RefusedFlags::addDisruptiveFlags(CLI::App& app, const std::string& where) {
  add(app.add_flag("--yes")->group(""), "--yes", where);
  add(app.add_option("--hold")->group(""), "--hold", where);
}

void RefusedFlags::add(CLI::Option* option, std::string name, const std::string& where) {
  refused_.push_back({option, std::move(name), where});
}

bool RefusedFlags::refuse(std::ostream& err) const {
  for (const auto& r : refused_) {
    if (r.option->count() > 0) {
      err << "verify-host: " << r.name << " needs " << r.where << "\n";
      return true;
    }
  }
  return false;
}

}  // namespace harness
