#pragma once

// State shared by the fake `openclaw` command groups: the parsed global flags, the process
// environment, the emulated release and the resolved instance, plus the small helpers every
// group needs (launchctl runs, JSON/text output, the CLI command hints OpenClaw prints).
//
// Each command group lives in its own file (gateway_service_commands.cc, gateway_status_command.cc,
// config_validate_command.cc, channels_status_command.cc, security_audit_command.cc,
// gateway_run_command.cc) and is declared in commands.h.

#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "fakes/openclaw/instance.h"
#include "harness/process/process_runner.h"

namespace fakes::openclaw {

struct GlobalOptions {
  std::optional<std::string> profile;  // --profile P (or "dev" for --dev)
  bool dev = false;
  bool version = false;
  bool help = false;
};

// One launchctl run as OpenClaw sees it.
struct LaunchctlRun {
  int exitCode = -1;  // -1: could not run / killed
  std::string out;
  std::string err;
  std::string text() const { return err.empty() ? out : err; }  // "stderr || stdout"
};

class CliContext {
 public:
  CliContext(GlobalOptions global, std::map<std::string, std::string> env, std::ostream& out, std::ostream& err);

  const GlobalOptions& global() const { return global_; }
  const std::map<std::string, std::string>& env() const { return env_; }
  std::string envOr(const std::string& name, const std::string& fallback = "") const;
  const std::string& release() const { return release_; }
  // The emulated release has the 2026.8.1+ service rules.
  bool serviceRules() const;

  // Resolves the instance once (profile/state dir/config/port); portFlag applies to the first call.
  harness::Result<Instance> instance(std::optional<uint16_t> portFlag = std::nullopt) const;

  std::ostream& out() const { return out_; }
  std::ostream& err() const { return err_; }

  // "openclaw --profile rescue <rest>" as OpenClaw prints command hints.
  std::string cliCommand(const std::string& rest) const;

  // This executable's absolute path (/proc/self/exe).
  static std::filesystem::path selfExecutable();

  // `launchctl ARGS...` found in PATH, with the environment the emulated release passes.
  LaunchctlRun launchctl(const std::vector<std::string>& args) const;
  // "gui/<getuid()>".
  static std::string guiDomain();

 private:
  GlobalOptions global_;
  std::map<std::string, std::string> env_;
  std::string release_;
  std::ostream& out_;
  std::ostream& err_;
};

// Commander-style "error: unknown option '--x'" (rc 1).
int unknownOption(const CliContext& ctx, const std::string& option);
// Pretty JSON + newline on stdout.
void printJson(const CliContext& ctx, const nlohmann::json& value);
// A port is "busy" when something accepts a TCP connection on 127.0.0.1:port.
bool portAcceptsConnections(uint16_t port);
// GET http://127.0.0.1:port<path> with a short timeout; nullopt when nothing answered.
struct HttpAnswer {
  int status = 0;
  std::string body;
};
std::optional<HttpAnswer> httpGet(uint16_t port, const std::string& path, int timeoutMs = 1500);

}  // namespace fakes::openclaw
