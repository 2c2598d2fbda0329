// Global flags and command dispatch of the fake `openclaw`. OpenClaw's global options
// (--profile, --dev, --version) come before the command, so this is hand parsed rather than
// CLI11 (which wants every subcommand's options declared up front).

#include <ostream>

#include "fakes/openclaw/commands.h"

namespace fakes::openclaw {
namespace {

constexpr const char* kUsage =
    "Usage: openclaw [--profile <name>] [--dev] <command>\n"
    "\n"
    "Fake OpenClaw CLI (openclaw-rescue-harness). Emulated release: $OPENCLAW_FAKE_RELEASE (default 2026.3.24).\n"
    "Commands:\n"
    "  gateway [run] [--port N]          run the gateway in the foreground (execs fake-openclaw-gateway)\n"
    "  gateway install [--port N]        write and bootstrap the LaunchAgent\n"
    "  gateway start|stop|restart        manage the LaunchAgent (9.6 stop needs --force without a TTY)\n"
    "  gateway uninstall                 boot out and move the plist to ~/.Trash\n"
    "  gateway status [--json]           launchd state + RPC probe\n"
    "  config validate [--json]\n"
    "  channels status [--json]\n"
    "  security audit [--json]\n";

}  // namespace

int runOpenClawCli(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                   std::ostream& out, std::ostream& err) {
  GlobalOptions global;
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--profile") {
      if (i + 1 >= argv.size()) {
        err << "error: option '--profile <name>' argument missing\n";
        return 1;
      }
      global.profile = argv[++i];
    } else if (arg.rfind("--profile=", 0) == 0) {
      global.profile = arg.substr(10);
    } else if (arg == "--dev") {
      global.dev = true;
    } else if (arg == "--version" || arg == "-V") {
      global.version = true;
    } else if (arg == "--help" || arg == "-h") {
      global.help = true;
    } else if (arg == "--no-color") {
      continue;
    } else if (!arg.empty() && arg[0] == '-') {
      err << "error: unknown option '" << arg << "'\n";
      return 1;
    } else {
      break;
    }
  }
  CliContext ctx(global, env, out, err);
  if (global.version) {
    // Real: "OpenClaw 2026.3.24 (cff6dc9)"; the fake marks its build instead of a commit.
    out << "OpenClaw " << ctx.release() << " (fake)\n";
    return 0;
  }
  if (global.help || i >= argv.size()) {
    (i >= argv.size() && !global.help ? err : out) << kUsage;
    return global.help ? 0 : 1;
  }
  const std::string command = argv[i++];
  std::vector<std::string> rest(argv.begin() + static_cast<long>(i), argv.end());
  const std::string sub = rest.empty() ? "" : rest.front();
  std::vector<std::string> subArgs = rest.empty() ? rest : std::vector<std::string>(rest.begin() + 1, rest.end());

  if (command == "gateway") {
    if (sub.empty() || sub[0] == '-') return runGatewayForeground(ctx, rest);
    if (sub == "run") return runGatewayForeground(ctx, subArgs);
    if (sub == "status") return runGatewayStatus(ctx, subArgs);
    if (sub == "install" || sub == "start" || sub == "stop" || sub == "restart" || sub == "uninstall") {
      return runGatewayServiceCommand(ctx, sub, subArgs);
    }
    err << "error: unknown command '" << sub << "'\n";
    return 1;
  }
  if (command == "config") {
    if (sub == "validate") return runConfigValidate(ctx, subArgs);
    err << "error: unknown command '" << sub << "'\n";
    return 1;
  }
  if (command == "channels") {
    if (sub == "status") return runChannelsStatus(ctx, subArgs);
    err << "error: unknown command '" << sub << "'\n";
    return 1;
  }
  if (command == "security") {
    if (sub == "audit") return runSecurityAudit(ctx, subArgs);
    err << "error: unknown command '" << sub << "'\n";
    return 1;
  }
  err << "error: unknown command '" << command << "'\n";
  return 1;
}

}  // namespace fakes::openclaw
