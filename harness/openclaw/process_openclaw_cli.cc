#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/core/release_traits.h"


#include "harness/openclaw/openclaw_output_parser.h"

namespace harness {
namespace {

std::string derivedLabel(const OpenClawTarget& target) {
  return target.profile.empty() ? std::string("ai.openclaw.gateway") : "ai.openclaw." + target.profile;
}

}  // namespace

ProcessOpenClawCli::ProcessOpenClawCli(ProcessOpenClawCliOptions options) : options_(std::move(options)) {
  for (const auto& s : options_.secrets) redactor_.addSecret(s);
  if (!options_.release.empty()) release_ = options_.release;
}

std::string ProcessOpenClawCli::redact(std::string_view text) const {
  std::string out = redactor_.redact(text);
  if (options_.redactor) out = options_.redactor->redact(out);
  return out;
}

Error ProcessOpenClawCli::redactedError(Error error) const {
  error.message = redact(error.message);
  error.context = redact(error.context);
  return error;
}

std::vector<std::string> ProcessOpenClawCli::argumentsFor(const OpenClawTarget& target,
                                                          const std::vector<std::string>& command) const {
  std::vector<std::string> args;
  if (options_.nodeExecutable) args.push_back(options_.executable.string());
  if (!target.profile.empty()) {
    args.push_back("--profile");
    args.push_back(target.profile);
  }
  args.insert(args.end(), command.begin(), command.end());
  return args;
}

Result<ProcessOpenClawCli::Run> ProcessOpenClawCli::run(const OpenClawTarget& target,
                                                        const std::vector<std::string>& command) {
  ProcessSpec spec;
  spec.executable = options_.nodeExecutable ? *options_.nodeExecutable : options_.executable;
  spec.args = argumentsFor(target, command);
  spec.environment = options_.environment;
  spec.environmentOverrides = options_.environmentOverrides;
  // The target is explicit: no profile or label leaks in from the caller's environment.
  spec.environmentOverrides["OPENCLAW_PROFILE"] = std::nullopt;
  spec.environmentOverrides["OPENCLAW_LAUNCHD_LABEL"] = target.launchdLabel;
  spec.environmentOverrides["NO_COLOR"] = std::string("1");
  spec.timeout = options_.timeout;
  Run out;
  out.commandLine = redact(formatCommandLine(spec.executable, spec.args));
  auto r = runProcess(spec);
  if (!r) return redactedError(r.error());
  if (r->timedOut) {
    return Error{ErrorCode::Timeout, "openclaw did not finish within " + std::to_string(options_.timeout.count()) + " ms",
                 out.commandLine};
  }
  out.result = std::move(*r);
  return out;
}

Result<std::string> ProcessOpenClawCli::release() {
  {
    std::lock_guard<std::mutex> lock(releaseMutex_);
    if (release_) return *release_;
  }
  auto v = version();
  if (!v) return v.error();
  std::lock_guard<std::mutex> lock(releaseMutex_);
  release_ = *v;
  return *v;
}

Result<std::string> ProcessOpenClawCli::version() {
  auto r = run(OpenClawTarget{}, {"--version"});
  if (!r) return r.error();
  if (r->result.exitCode != 0) {
    return Error{ErrorCode::ProcessFailed,
                 "exit " + std::to_string(r->result.exitCode) + ": " + redact(r->result.diagnosticText()), r->commandLine};
  }
  auto v = parseVersionOutput(r->result.stdoutText);
  if (!v) return Error{ErrorCode::InvalidInput, redact(v.error().describe()), r->commandLine};
  return *v;
}

Result<CommandOutcome> ProcessOpenClawCli::gateway(GatewayAction action, const OpenClawTarget& target,
                                                   std::optional<uint16_t> installPort) {
  std::vector<std::string> command{"gateway", toString(action)};
  if (action == GatewayAction::Install && installPort) {
    command.push_back("--port");
    command.push_back(std::to_string(*installPort));
  }
  if (action == GatewayAction::Stop || action == GatewayAction::Restart) {
    auto rel = release();
    if (!rel) return rel.error();
    // 2026.8.1+ refuses a non-interactive stop without --force; 3.24 rejects the flag.
    if (releaseTraits(*rel).stopNeedsForce) command.push_back("--force");
  }
  command.push_back("--json");
  auto r = run(target, command);
  if (!r) return r.error();
  CommandOutcome outcome =
      parseGatewayActionOutput(action, r->result.exitCode, r->result.stdoutText, r->result.stderrText);
  outcome.message = redact(outcome.message);
  outcome.commandLine = r->commandLine;
  return outcome;
}

Result<GatewayServiceStatus> ProcessOpenClawCli::gatewayStatus(const OpenClawTarget& target) {
  auto r = run(target, {"gateway", "status", "--json"});
  if (!r) return r.error();
  auto s = parseGatewayStatusJson(r->result.stdoutText, target.launchdLabel.value_or(derivedLabel(target)));
  if (!s) {
    return Error{ErrorCode::InvalidInput,
                 s.error().message + " (exit " + std::to_string(r->result.exitCode) + "): " +
                     redact(r->result.diagnosticText()).substr(0, 300),
                 r->commandLine};
  }
  return s;
}

Result<ConfigValidation> ProcessOpenClawCli::validateConfig(const OpenClawTarget& target) {
  auto r = run(target, {"config", "validate", "--json"});
  if (!r) return r.error();
  auto v = parseConfigValidateOutput(r->result.exitCode, r->result.stdoutText, r->result.stderrText);
  if (!v) return Error{ErrorCode::InvalidInput, redact(v.error().message), r->commandLine};
  v->error = redact(v->error);
  for (auto& [path, message] : v->issues) message = redact(message);
  for (auto& [path, message] : v->warnings) message = redact(message);
  return v;
}

Result<ChannelsStatus> ProcessOpenClawCli::channelsStatus(const OpenClawTarget& target) {
  auto r = run(target, {"channels", "status", "--json"});
  if (!r) return r.error();
  auto s = parseChannelsStatusJson(r->result.stdoutText);
  if (r->result.exitCode != 0 || !s) {
    std::string text = stripAnsi(r->result.stderrText.empty() ? r->result.stdoutText : r->result.stderrText);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return Error{ErrorCode::ProcessFailed,
                 "channels status failed (exit " + std::to_string(r->result.exitCode) + "): " + redact(text),
                 r->commandLine};
  }
  for (auto& d : s->discord) d.lastError = redact(d.lastError);
  return s;
}

Result<SecurityAudit> ProcessOpenClawCli::securityAudit(const OpenClawTarget& target) {
  auto r = run(target, {"security", "audit", "--json"});
  if (!r) return r.error();
  auto a = parseSecurityAuditJson(r->result.stdoutText);
  if (!a) {
    return Error{ErrorCode::InvalidInput,
                 a.error().message + " (exit " + std::to_string(r->result.exitCode) + "): " +
                     redact(r->result.diagnosticText()).substr(0, 300),
                 r->commandLine};
  }
  for (auto& f : a->findings) f.title = redact(f.title);
  return a;
}

OpenClawCliPtr makeProcessOpenClawCli(ProcessOpenClawCliOptions options) {
  return std::make_unique<ProcessOpenClawCli>(std::move(options));
}

}  // namespace harness
