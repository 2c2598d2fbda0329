#include "harness/disruptive/disruption_controller.h"

namespace harness::disruptive {
namespace {

Evidence commandEvidence(const std::string& commandLine, const std::string& outcome) {
  return Evidence{"", "command", oneLine(commandLine + " -> " + outcome)};
}

}  // namespace

std::string DisruptionController::launchctlLine(const std::string& verb, const std::string& arg) const {
  return "launchctl " + verb + " " + context_.deps().services.domain() + (verb == "bootstrap" ? " " : "/") + arg;
}

void DisruptionController::recordLaunchctl(CommandRun& run, const std::string& line, const Status& s) {
  run.commands.push_back(commandEvidence(line, s                                       ? "ok"
                                               : s.error().code == ErrorCode::NotFound ? "not loaded: " + s.error().message
                                                                                       : "failed: " + s.error().message));
  context_.say("ran: " + line + (s ? "" : " (" + oneLine(s.error().message) + ")"));
}

// nullopt when it could not run or the release refused it (then run.note says so and the
// caller falls back to launchctl).
std::optional<CommandOutcome> DisruptionController::runRunbook(const Gateway& g, GatewayAction action, CommandRun& run) {
  const std::string typed = runbookCommand(g.target, action);
  OpenClawCli* cli = context_.deps().openclaw;
  if (!cli) {
    run.note = "no openclaw CLI: used launchctl instead of `" + typed + "`";
    return std::nullopt;
  }
  auto r = cli->gateway(action, g.target);
  if (!r) {
    run.commands.push_back(
        commandEvidence(r.error().context.empty() ? typed : r.error().context, "could not run: " + r.error().message));
    run.note = "`" + typed + "` could not run (" + oneLine(r.error().message) + "): used launchctl instead";
    context_.say("ran: " + typed + " (could not run: " + oneLine(r.error().message) + ")");
    return std::nullopt;
  }
  const std::string line = r->commandLine.empty() ? typed : r->commandLine;
  run.commands.push_back(commandEvidence(line, std::string(r->refused ? "refused by the release" : r->ok ? "ok" : "failed") +
                                                   " (exit " + std::to_string(r->exitCode) + "): " + r->message));
  context_.say("ran: " + typed +
               (r->refused ? " (refused by the release)" : r->ok ? "" : " (failed: " + oneLine(r->message) + ")"));
  if (r->refused) {
    run.refused = true;
    run.note = "the installed OpenClaw release refuses `" + typed + "` (" + oneLine(r->message) +
               "): used R21's launchctl commands instead";
    return std::nullopt;
  }
  return *r;
}

CommandRun DisruptionController::stop(const Gateway& g) {
  CommandRun run;
  if (auto outcome = runRunbook(g, GatewayAction::Stop, run)) {
    run.ok = outcome->ok;
    if (!run.ok) run.note = "`" + runbookCommand(g.target, GatewayAction::Stop) + "` failed: " + oneLine(outcome->message);
    return run;
  }
  run.usedFallback = true;
  Status s = context_.deps().services.bootout(g.label);
  recordLaunchctl(run, launchctlLine("bootout", g.label), s);
  run.ok = s || s.error().code == ErrorCode::NotFound;
  return run;
}

CommandRun DisruptionController::start(const Gateway& g) {
  CommandRun run;
  auto outcome = runRunbook(g, GatewayAction::Start, run);
  if (outcome && outcome->ok) {
    run.ok = true;
    return run;
  }
  if (outcome) {
    run.note = "`" + runbookCommand(g.target, GatewayAction::Start) + "` failed (" + oneLine(outcome->message) +
               "): used R21's launchctl commands instead";
  }
  run.usedFallback = true;
  ServiceManager& services = context_.deps().services;
  Status boot = services.bootstrap(g.plist);
  recordLaunchctl(run, launchctlLine("bootstrap", g.plist.string()), boot);
  const bool alreadyLoaded = !boot && boot.error().message.rfind("already loaded", 0) == 0;
  Status en = services.enable(g.label);
  recordLaunchctl(run, launchctlLine("enable", g.label), en);
  if (!boot && !alreadyLoaded && boot.error().code == ErrorCode::PermissionDenied && en) {
    // Disabled: enable first, then bootstrap again.
    boot = services.bootstrap(g.plist);
    recordLaunchctl(run, launchctlLine("bootstrap", g.plist.string()), boot);
  }
  Status kick = services.kickstart(g.label, true);
  recordLaunchctl(run, "launchctl kickstart -k " + services.domain() + "/" + g.label, kick);
  run.ok = static_cast<bool>(kick);
  return run;
}

}  // namespace harness::disruptive
