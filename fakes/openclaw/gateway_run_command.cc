// `openclaw gateway run [...]` and bare `openclaw gateway [--port N] [...]`: what a LaunchAgent
// runs. The fake replaces itself (execve, so launchd's pid stays the gateway's pid) with
// `fake-openclaw-gateway --profile P --port N [passed-through flags]`.
//
// Target: $OPENCLAW_FAKE_GATEWAY when set (tests use a tiny script), else
// `fake-openclaw-gateway` next to this executable, else the first one in PATH.

#include <unistd.h>

#include <ostream>

#include "fakes/openclaw/commands.h"
#include "harness/process/replace_process.h"

namespace fakes::openclaw {

int runGatewayForeground(const CliContext& ctx, const std::vector<std::string>& args) {
  std::vector<std::string> gatewayArgs;
  std::optional<std::string> port;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--port") {
      if (i + 1 >= args.size()) {
        ctx.err() << "error: option '--port <port>' argument missing\n";
        return 1;
      }
      port = args[++i];
    } else if (arg.rfind("--port=", 0) == 0) {
      port = arg.substr(7);
    } else if (arg == "--allow-unconfigured" || arg == "--verbose" || arg == "--force") {
      gatewayArgs.push_back(arg);
    } else if (arg == "--bind" || arg == "--token" || arg == "--auth") {
      ++i;  // accepted, ignored: the fake gateway reads these from the config
    } else {
      return unknownOption(ctx, arg);
    }
  }

  std::string executable = ctx.envOr("OPENCLAW_FAKE_GATEWAY");
  if (executable.empty()) {
    auto sibling = CliContext::selfExecutable().parent_path() / "fake-openclaw-gateway";
    if (::access(sibling.c_str(), X_OK) == 0) {
      executable = sibling.string();
    } else if (auto found = harness::findExecutable("fake-openclaw-gateway", ctx.envOr("PATH"))) {
      executable = found->string();
    } else {
      ctx.err() << "Gateway failed to start: fake-openclaw-gateway not found next to "
                << CliContext::selfExecutable().string() << " or in PATH\n";
      return 1;
    }
  }

  std::vector<std::string> argv{executable};
  std::map<std::string, std::string> env = ctx.env();
  if (ctx.global().profile && !ctx.global().profile->empty()) {
    argv.push_back("--profile");
    argv.push_back(*ctx.global().profile);
    env["OPENCLAW_PROFILE"] = *ctx.global().profile;
  }
  if (port) {
    argv.push_back("--port");
    argv.push_back(*port);
  }
  argv.insert(argv.end(), gatewayArgs.begin(), gatewayArgs.end());

  ctx.out().flush();
  ctx.err().flush();
  const harness::Error error = harness::replaceCurrentProcess(executable, argv, env);
  ctx.err() << "Gateway failed to start: cannot exec " << executable << ": " << error.message << "\n";
  return 1;
}

}  // namespace fakes::openclaw
