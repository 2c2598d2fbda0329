#pragma once

// ProcessOpenClawCli: OpenClawCli over an `openclaw` executable (a real release, optionally
// run as `node <openclaw>`, or the fake CLI in build/fakes/bin), through runProcess.
//
//   ProcessOpenClawCliOptions options;
//   options.executable = "/path/to/openclaw";
//   options.release = "2026.9.6";          // or leave empty: asked once with --version
//   options.secrets = {configToken};        // masked in every message
//   auto cli = makeProcessOpenClawCli(options);
//   auto r = cli->gateway(GatewayAction::Stop, {.profile = "rescue"});
//   if (r && r->refused) ...                // the release refused the command itself
//
// Per call: `[--profile P]` when the target has a profile; OPENCLAW_LAUNCHD_LABEL set to
// target.launchdLabel or removed; OPENCLAW_PROFILE removed (the flag is the target);
// NO_COLOR=1. On 2026.8.1+ stop and restart get `--force` (stop refuses without a TTY).
// Thread safety: calls may run concurrently on one instance.

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/redactor.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/process/process_runner.h"

namespace harness {

inline constexpr std::chrono::milliseconds kDefaultOpenClawTimeout{120'000};

struct ProcessOpenClawCliOptions {
  std::filesystem::path executable{"openclaw"};  // bare name: looked up in the child's PATH
  // When set, runs `node <executable> ...` (a release's entry script).
  std::optional<std::filesystem::path> nodeExecutable;
  // Environment for the CLI: nullopt = inherit; plus overrides (nullopt value = unset).
  std::optional<std::map<std::string, std::string>> environment;
  std::map<std::string, std::optional<std::string>> environmentOverrides;
  std::chrono::milliseconds timeout = kDefaultOpenClawTimeout;
  // Emulated/installed release ("2026.9.6"); empty = ask `--version` once.
  std::string release;
  // Values masked in every message and error (tokens read from configs); plus an optional
  // shared redactor that knows more.
  std::vector<std::string> secrets;
  const Redactor* redactor = nullptr;
};

class ProcessOpenClawCli : public OpenClawCli {
 public:
  explicit ProcessOpenClawCli(ProcessOpenClawCliOptions options);

  Result<std::string> version() override;
  Result<CommandOutcome> gateway(GatewayAction action, const OpenClawTarget& target,
                                 std::optional<uint16_t> installPort = {}) override;
  Result<GatewayServiceStatus> gatewayStatus(const OpenClawTarget& target) override;
  Result<ConfigValidation> validateConfig(const OpenClawTarget& target) override;
  Result<ChannelsStatus> channelsStatus(const OpenClawTarget& target) override;
  Result<SecurityAudit> securityAudit(const OpenClawTarget& target) override;

  const ProcessOpenClawCliOptions& options() const { return options_; }
  // The argv (after the executable) a call would use; exposed for tests and logs.
  std::vector<std::string> argumentsFor(const OpenClawTarget& target, const std::vector<std::string>& command) const;

 private:
  struct Run {
    ProcessResult result;
    std::string commandLine;  // redacted
  };
  Result<Run> run(const OpenClawTarget& target, const std::vector<std::string>& command);
  // The release, asking --version once when the options did not say.
  Result<std::string> release();
  std::string redact(std::string_view text) const;
  Error redactedError(Error error) const;

  ProcessOpenClawCliOptions options_;
  Redactor redactor_;
  std::mutex releaseMutex_;  // calls may run concurrently (live checks use std::async)
  std::optional<std::string> release_;
};

OpenClawCliPtr makeProcessOpenClawCli(ProcessOpenClawCliOptions options = {});

}  // namespace harness
