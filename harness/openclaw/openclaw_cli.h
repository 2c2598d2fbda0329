#pragma once

// OpenClawCli: the harness's view of the `openclaw` command line for one host: service
// lifecycle of a gateway (install/start/stop/restart/uninstall), its status, config
// validation, channel status and the security audit.
//
// Implementations: ProcessOpenClawCli (process_openclaw_cli.h) runs a real release or the fake
// CLI (fakes/openclaw). Calls are synchronous, bounded by the implementation's timeout, never
// throw. An Error means the CLI could not be run or its output could not be understood; a
// command the CLI ran and rejected is a value (CommandOutcome ok=false / refused=true,
// ConfigValidation valid=false). No secret value appears in any field.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/core/result.h"

namespace harness {

struct OpenClawTarget {
  std::string profile;  // "" = default profile
  std::optional<std::string> launchdLabel;  // sets OPENCLAW_LAUNCHD_LABEL for the call (unset otherwise)
};

enum class GatewayAction { Install, Start, Stop, Restart, Uninstall };

const char* toString(GatewayAction action);  // "install", "start", ...

struct CommandOutcome {
  bool ok = false;
  // The release refused the command itself (label override, missing --force, unknown option).
  bool refused = false;
  std::string message;  // the CLI's own text, redacted
  std::string commandLine;
  int exitCode = -1;
};

struct GatewayServiceStatus {
  bool installed = false, loaded = false, running = false;
  std::optional<int> pid;
  std::string label;
  std::optional<uint16_t> port;
  std::optional<bool> rpcOk;
  nlohmann::json raw;
};

struct ConfigValidation {
  bool valid = false;
  std::vector<std::pair<std::string, std::string>> warnings, issues;  // (path, message)
  std::string error;
  nlohmann::json raw;
};

struct DiscordAccountStatus {
  std::string accountId;
  bool connected = false;
  std::string botId, botName;
  std::string lastError;
};

struct ChannelsStatus {
  std::vector<DiscordAccountStatus> discord;
  nlohmann::json raw;
};

struct AuditFinding {
  std::string checkId, severity, title;
};

struct SecurityAudit {
  int critical = 0, warn = 0, info = 0;
  std::vector<AuditFinding> findings;
};

class OpenClawCli {
 public:
  virtual ~OpenClawCli() = default;

  /// `openclaw --version` → the release, e.g. "2026.9.6".
  virtual Result<std::string> version() = 0;

  /// `openclaw [--profile P] gateway <action> [--port N] [--force on 2026.8.1+ stop/restart] --json`.
  /// installPort applies to Install only.
  virtual Result<CommandOutcome> gateway(GatewayAction action, const OpenClawTarget& target,
                                         std::optional<uint16_t> installPort = {}) = 0;

  /// `gateway status --json`.
  virtual Result<GatewayServiceStatus> gatewayStatus(const OpenClawTarget& target) = 0;

  /// `config validate --json`; an invalid or missing config is valid=false, not an Error.
  virtual Result<ConfigValidation> validateConfig(const OpenClawTarget& target) = 0;

  /// `channels status --json`; an unreachable gateway is an Error (ProcessFailed) with the CLI's text.
  virtual Result<ChannelsStatus> channelsStatus(const OpenClawTarget& target) = 0;

  /// `security audit --json`.
  virtual Result<SecurityAudit> securityAudit(const OpenClawTarget& target) = 0;
};

using OpenClawCliPtr = std::unique_ptr<OpenClawCli>;

}  // namespace harness
