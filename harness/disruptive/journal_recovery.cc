// recoverFromJournal: restores whatever an interrupted disruptive run left stopped, as its
// journal lists it (the journal's own labels, plists and ports, not the spec's).

#include "harness/disruptive/disruption_controller.h"
#include "harness/disruptive/disruptive_check.h"
#include "harness/disruptive/disruptive_context.h"
#include "harness/disruptive/disruptive_results.h"

namespace harness {
namespace disruptive {
namespace {

std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& x : parts) s += (s.empty() ? "" : "; ") + x;
  return s;
}

CheckResult recover(DisruptiveContext& context) {
  DisruptionController controller(context);
  const auto& journalPath = context.options().journalPath;
  auto read = readRestoreJournal(journalPath);
  if (!read) {
    return failed(kRecoverInfo, read.error().describe(), {{journalPath.string(), "journal", "malformed"}},
                  "inspect " + journalPath.string() +
                      ", start any stopped gateway by hand (launchctl bootstrap, enable, kickstart -k), then delete it");
  }
  if (!read->has_value()) {
    return skipped(kRecoverInfo, "no restore journal at " + journalPath.string() + ": nothing to recover");
  }
  const RestoreJournal& j = **read;
  context.say("restore journal from pid " + std::to_string(j.harnessPid) + " (" + j.createdAt + ") lists " +
              std::to_string(j.entries.size()) + " stopped gateway(s)");
  std::vector<Evidence> ev{
      {journalPath.string(), "journal", "written " + j.createdAt + " by pid " + std::to_string(j.harnessPid) + " for " + j.home}};
  std::vector<std::string> failures, restored;
  for (const auto& e : j.entries) {
    const Gateway g = gatewayFromJournal(e);
    ev.push_back({e.plist.string(), e.label, "stopped " + e.stoppedAt + " by `" + e.command + "` (" + e.reason + ")"});
    GatewayObservation now = context.observe(g);
    if (now.serving()) {
      context.say(g.name + " already running (pid " + std::to_string(*now.pid) + ")");
      restored.push_back(g.name + " was already running (pid " + std::to_string(*now.pid) + ")");
      continue;
    }
    context.say("restoring " + g.name + ": " + runbookCommand(g.target, GatewayAction::Start));
    CommandRun run = controller.start(g);
    for (const auto& c : run.commands) ev.push_back(c);
    if (!run.note.empty()) {
      ev.push_back({"", "note", oneLine(run.note)});
      context.say(run.note);
    }
    const PollEnd up =
        context.waitUntil([&] { return context.observe(g).serving(); }, context.options().startTimeout, false);
    now = context.observe(g);
    if (up == PollEnd::Done) {
      context.say(g.name + " healthy again (pid " + std::to_string(*now.pid) + ")");
      restored.push_back(g.name + " restored (pid " + std::to_string(*now.pid) + ")");
    } else {
      context.say("FAILED: " + g.name + " did not come back: " + now.problem);
      failures.push_back(g.name + " not healthy " + formatSeconds(context.options().startTimeout) +
                         " after restore: " + now.problem);
    }
  }
  if (!failures.empty()) {
    return failed(kRecoverInfo, joined(failures) + "; the restore journal is kept at " + journalPath.string(), ev,
                  "fix the cause (see the gateway's logs), then run `verify-host recover` again");
  }
  if (auto s = removeRestoreJournal(journalPath); !s) {
    return failed(kRecoverInfo, joined(restored) + ", but the journal could not be removed: " + s.error().describe(), ev,
                  "delete " + journalPath.string());
  }
  context.say("journal removed");
  return passed(kRecoverInfo, joined(restored) + "; restore journal removed", ev);
}

}  // namespace
}  // namespace disruptive

CheckResult recoverFromJournal(DisruptiveDeps& deps, const DisruptiveOptions& options) {
  try {
    disruptive::DisruptiveContext context(deps, options);
    return disruptive::recover(context);
  } catch (const std::exception& e) {
    return failed(disruptive::kRecoverInfo, std::string("recovery failed unexpectedly: ") + e.what(), {},
                  "inspect " + options.journalPath.string());
  }
}

}  // namespace harness
