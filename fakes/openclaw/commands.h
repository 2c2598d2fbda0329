#pragma once

// The fake `openclaw` command groups. Each returns the process exit code; `args` are the
// words after the group's own name (e.g. for `gateway stop --force`, group "gateway" gets
// {"stop", "--force"}).

#include <string>
#include <vector>

#include "fakes/openclaw/cli_context.h"

namespace fakes::openclaw {

// gateway install|start|stop|restart|uninstall (gateway_service_commands.cc).
int runGatewayServiceCommand(const CliContext& ctx, const std::string& verb, const std::vector<std::string>& args);
// gateway status (gateway_status_command.cc).
int runGatewayStatus(const CliContext& ctx, const std::vector<std::string>& args);
// gateway run / bare gateway: exec of the fake gateway (gateway_run_command.cc). Returns only on failure.
int runGatewayForeground(const CliContext& ctx, const std::vector<std::string>& args);
// config validate (config_validate_command.cc).
int runConfigValidate(const CliContext& ctx, const std::vector<std::string>& args);
// channels status (channels_status_command.cc).
int runChannelsStatus(const CliContext& ctx, const std::vector<std::string>& args);
// security audit (security_audit_command.cc).
int runSecurityAudit(const CliContext& ctx, const std::vector<std::string>& args);

// Entry point shared by main() and tests: argv without argv[0].
int runOpenClawCli(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                   std::ostream& out, std::ostream& err);

}  // namespace fakes::openclaw
