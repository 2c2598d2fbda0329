#include "harness/disruptive/disruptive_results.h"

namespace harness::disruptive {

namespace {
constexpr const char* kArea = "Disruptive";
}  // namespace

const CheckInfo kPreconditionsInfo{kDisruptivePreconditions, kArea, {"G1", "G2"}};
const CheckInfo kMainStopInfo{kDisruptiveMainStop, kArea, {"G1", "R24"}};
const CheckInfo kMainStartInfo{kDisruptiveMainStart, kArea, {"R24", "R21"}};
const CheckInfo kRescueStopInfo{kDisruptiveRescueStop, kArea, {"G2", "R25"}};
const CheckInfo kRescueStartInfo{kDisruptiveRescueStart, kArea, {"R25", "R21"}};
const CheckInfo kRestoreInfo{kDisruptiveRestore, kArea, {"G1", "G2"}};
const CheckInfo kRecoverInfo{kDisruptiveRecover, kArea, {"G1", "G2"}};

CheckResult stopResult(const CheckInfo& info, const DirectionFacts& f, const DisruptiveContext& context) {
  const Gateway& stopped = *f.stopped;
  const Gateway& watched = *f.watched;
  std::vector<Evidence> ev = f.stopRun.commands;
  if (!f.stopRun.note.empty()) ev.push_back({"", "note", oneLine(f.stopRun.note)});
  if (!f.holdSummary.empty()) ev.push_back({"", "hold", f.holdSummary});
  if (f.signal) {
    return failed(info,
                  "interrupted by " + signalName(f.signal) + " after " + formatSeconds(f.elapsedAtEnd) + " while " +
                      stopped.name + " was stopped; " + stopped.name + (f.restored ? " was restored" : " was NOT restored"),
                  ev, f.restored ? "" : context.journalKeptNote());
  }
  if (!f.stopFailure.empty()) {
    return failed(info, f.stopFailure, ev,
                  f.restartWatched ? "stopping " + stopped.name + " must not affect " + watched.name +
                                         ": check that the two LaunchAgents have distinct labels, plists and state dirs (G7)"
                                   : "see the evidence for the commands run and the state observed");
  }
  const bool loginProbed = f.checkLogin && static_cast<bool>(context.deps().rescueDiscordLogin);
  const std::string how =
      f.stopRun.usedFallback ? "`launchctl bootout` (" + f.stopRun.note + ")" : "`" + f.stopCommand + "`";
  CheckResult r = passed(info,
                         how + " stopped " + stopped.name + "; " + watched.name + " kept pid " +
                             std::to_string(f.watchedPid) + ", stayed healthy" +
                             (loginProbed ? " and logged into Discord" : "") + " for " +
                             formatSeconds(context.options().hold),
                         ev);
  if (f.checkLogin && !loginProbed) r.evidence.push_back({"", "discord", "no Discord login probe given: login not checked"});
  return r;
}

CheckResult startResult(const CheckInfo& info, const DirectionFacts& f, const DisruptiveContext& context) {
  const Gateway& stopped = *f.stopped;
  const Gateway& watched = *f.watched;
  std::vector<Evidence> ev = f.startRun.commands;
  if (!f.startRun.note.empty()) ev.push_back({"", "note", oneLine(f.startRun.note)});
  for (const auto& e : f.watchedRun.commands) ev.push_back(e);
  if (!f.watchedRun.note.empty()) ev.push_back({"", "note", oneLine(f.watchedRun.note)});
  if (f.restored) {
    std::string msg = stopped.name + " healthy again after " + formatSeconds(f.tookToStart) + " (pid " +
                      std::to_string(f.stoppedNow.pid.value_or(0)) + ") via " +
                      (f.startRun.usedFallback ? "R21's launchctl commands (" + f.startRun.note + ")"
                                               : "`" + f.startCommand + "`");
    if (f.restartWatched) msg += "; " + watched.name + " restored too";
    // A runbook start that failed (not refused) but launchctl fixed is worth a warning.
    const bool haveCli = context.deps().openclaw != nullptr;
    return f.startRun.usedFallback && haveCli && !f.startRun.refused ? warned(info, msg, ev, f.startRun.note)
                                                                     : passed(info, msg, ev);
  }
  const std::string msg = f.stoppedBack ? watched.name + " did not come back: " + f.watchedNow.problem
                                        : stopped.name + " not healthy " + formatSeconds(context.options().startTimeout) +
                                              " after `" + f.startCommand + "`: " + f.stoppedNow.problem;
  ev.push_back({context.options().journalPath.string(), "journal", "kept"});
  const Gateway& down = f.stoppedBack ? watched : stopped;
  if (!down.errLog.empty()) ev.push_back({down.errLog.string(), "log", "why " + down.name + " does not start"});
  return failed(info, msg, ev, context.journalKeptNote());
}

CheckResult restoreResult(const Gateway& main, const GatewayObservation& mEnd, const Gateway& rescue,
                          const GatewayObservation& rEnd, bool journalGone, int signal, const DisruptiveContext& context) {
  std::vector<Evidence> ev{
      {"", main.label, mEnd.serving() ? "pid " + std::to_string(*mEnd.pid) + ", healthy" : mEnd.problem},
      {"", rescue.label, rEnd.serving() ? "pid " + std::to_string(*rEnd.pid) + ", healthy" : rEnd.problem},
      {context.options().journalPath.string(), "journal", journalGone ? "removed" : "kept"}};
  const std::string suffix = signal ? " (interrupted by " + signalName(signal) + ")" : "";
  if (mEnd.serving() && rEnd.serving() && journalGone) {
    return passed(kRestoreInfo, "both gateways running and healthy after the check; journal removed" + suffix, ev);
  }
  std::string what;
  if (!mEnd.serving()) what += main.name + " is not serving (" + mEnd.problem + "); ";
  if (!rEnd.serving()) what += rescue.name + " is not serving (" + rEnd.problem + "); ";
  if (!journalGone) what += "the restore journal is kept; ";
  what.resize(what.size() - 2);
  return failed(kRestoreInfo, what + suffix, ev, context.journalKeptNote());
}

}  // namespace harness::disruptive
