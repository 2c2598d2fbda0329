// The disruptive check's state machine: preconditions, then one direction per gateway (journal,
// stop, hold, restore), then the final state. The parts it drives: DisruptionController (the
// runbook's commands and R21's fallback), holdWatching (the hold), the result builders
// (disruptive_results.h). Recovery from a journal is in journal_recovery.cc.

#include "harness/disruptive/disruptive_check.h"

#include <signal.h>

#include <algorithm>

#include "harness/disruptive/disruption_controller.h"
#include "harness/disruptive/disruptive_context.h"
#include "harness/disruptive/disruptive_results.h"
#include "harness/disruptive/hold_watcher.h"
#include "harness/live/discord_log_marker.h"

namespace harness {
namespace disruptive {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class DisruptiveRun {
 public:
  DisruptiveRun(DisruptiveDeps& deps, const DisruptiveOptions& options)
      : context_(deps, options), controller_(context_) {}

  std::vector<CheckResult> run();

 private:
  struct Direction {
    CheckResult stop, start;
    bool restored = false;  // both gateways serving afterwards
    int signal = 0;         // interrupt seen
  };

  Direction disrupt(const Gateway& stopped, const Gateway& watched, int watchedPid, bool checkLogin,
                    const CheckInfo& stopInfo, const CheckInfo& startInfo);
  void stopAndHold(DirectionFacts& f);
  void restore(DirectionFacts& f);

  Status journalAdd(const Gateway& g, const std::string& command, const std::string& reason);
  Status journalClear();

  DisruptiveContext context_;
  DisruptionController controller_;
  std::optional<RestoreJournal> journal_;
};

Status DisruptiveRun::journalAdd(const Gateway& g, const std::string& command, const std::string& reason) {
  if (!journal_) journal_ = newRestoreJournal(context_.deps().spec.home);
  for (const auto& e : journal_->entries) {
    if (e.label == g.label) return ok();
  }
  JournalEntry e;
  e.gateway = g.name;
  e.label = g.label;
  e.plist = g.plist;
  e.profile = g.target.profile;
  e.launchdLabel = g.target.launchdLabel;
  e.port = g.port;
  e.command = command;
  e.reason = reason;
  e.stoppedAt = isoTimestampNow();
  journal_->entries.push_back(std::move(e));
  return writeRestoreJournal(context_.options().journalPath, *journal_);
}

Status DisruptiveRun::journalClear() {
  journal_.reset();
  return removeRestoreJournal(context_.options().journalPath);
}

// Stop with the runbook's command, wait until down, hold while watching the other.
void DisruptiveRun::stopAndHold(DirectionFacts& f) {
  const Gateway& stopped = *f.stopped;
  const auto phaseBegin = Clock::now();
  context_.say("stopping " + stopped.name + ": " + f.stopCommand);
  f.stopRun = controller_.stop(stopped);
  if (!f.stopRun.note.empty()) context_.say(f.stopRun.note);
  if (!f.stopRun.ok) {
    f.stopFailure = f.stopRun.note.empty() ? stopped.name + " could not be stopped" : f.stopRun.note;
    return;
  }
  const milliseconds stopTimeout = context_.options().stopTimeout;
  switch (context_.waitUntil([&] { return context_.isDown(stopped); }, stopTimeout, true)) {
    case PollEnd::Interrupted: f.signal = context_.interrupted(); return;
    case PollEnd::Timeout:
      f.stopFailure = stopped.name + " still running " + formatSeconds(stopTimeout) + " after `" + f.stopCommand + "`";
      return;
    case PollEnd::Done: context_.say(stopped.name + " is down"); break;
  }
  const HoldOutcome hold = holdWatching(context_, *f.watched, f.watchedPid, f.checkLogin);
  f.signal = hold.signal;
  if (!hold.problem.empty()) {
    f.stopFailure = hold.problem + " (" +
                    formatSeconds(std::chrono::duration_cast<milliseconds>(Clock::now() - phaseBegin)) + " after `" +
                    f.stopCommand + "`)";
  }
  f.holdSummary = std::to_string(hold.polls) + " polls over " + formatSeconds(context_.options().hold);
}

// Always: start the stopped gateway, and the watched one too if it went down with the stop.
// Restore waits are not cut short by an interrupt.
void DisruptiveRun::restore(DirectionFacts& f) {
  const Gateway& stopped = *f.stopped;
  const Gateway& watched = *f.watched;
  const milliseconds startTimeout = context_.options().startTimeout;
  f.watchedNow = context_.observe(watched);
  f.restartWatched = !f.watchedNow.serving();
  if (f.restartWatched) {
    (void)journalAdd(watched, f.stopCommand, "went down during " + stopped.name + "'s stop");
    context_.say("restoring " + watched.name + " too (" + f.watchedNow.problem + ")");
    f.watchedRun = controller_.start(watched);
    if (!f.watchedRun.note.empty()) context_.say(f.watchedRun.note);
  }
  context_.say("starting " + stopped.name + ": " + f.startCommand);
  const auto startBegin = Clock::now();
  f.startRun = controller_.start(stopped);
  if (!f.startRun.note.empty()) context_.say(f.startRun.note);
  f.stoppedBack = context_.waitUntil([&] { return context_.observe(stopped).serving(); }, startTimeout, false) ==
                  PollEnd::Done;
  f.tookToStart = std::chrono::duration_cast<milliseconds>(Clock::now() - startBegin);
  f.stoppedNow = context_.observe(stopped);
  bool watchedBack = true;
  if (f.restartWatched) {
    watchedBack = context_.waitUntil([&] { return context_.observe(watched).serving(); }, startTimeout, false) ==
                  PollEnd::Done;
    f.watchedNow = context_.observe(watched);
  }
  f.restored = f.stoppedBack && watchedBack;
  if (f.restored) {
    if (auto s = journalClear(); !s) {
      context_.say("could not remove the restore journal: " + s.error().describe());
    } else {
      context_.say(stopped.name + " healthy again (pid " + std::to_string(f.stoppedNow.pid.value_or(0)) + ") after " +
                   formatSeconds(f.tookToStart) + "; journal removed");
    }
  } else {
    context_.say("FAILED: " + stopped.name +
                 (f.stoppedBack ? " is back, but " + watched.name + " is not" : " did not come back") + "; " +
                 context_.journalKeptNote());
  }
}

DisruptiveRun::Direction DisruptiveRun::disrupt(const Gateway& stopped, const Gateway& watched, int watchedPid,
                                                bool checkLogin, const CheckInfo& stopInfo, const CheckInfo& startInfo) {
  Direction d;
  DirectionFacts f;
  f.stopped = &stopped;
  f.watched = &watched;
  f.watchedPid = watchedPid;
  f.checkLogin = checkLogin;
  f.stopCommand = runbookCommand(stopped.target, GatewayAction::Stop);
  f.startCommand = runbookCommand(stopped.target, GatewayAction::Start);
  const fs::path& journalPath = context_.options().journalPath;

  // The journal is written BEFORE anything is stopped: a run killed after this can be recovered.
  if (auto s = journalAdd(stopped, f.stopCommand, "stopped by the disruptive check"); !s) {
    d.stop = failed(stopInfo, "cannot write the restore journal, so nothing was stopped: " + s.error().describe(), {},
                    "make " + journalPath.parent_path().string() + " writable, or pass another journal path");
    d.start = skipped(startInfo, "not run: " + stopped.name + " was not stopped");
    d.restored = true;
    return d;
  }
  context_.say("journal written: " + journalPath.string());
  stopAndHold(f);
  restore(f);
  f.elapsedAtEnd = context_.elapsed();
  d.stop = stopResult(stopInfo, f, context_);
  d.start = startResult(startInfo, f, context_);
  d.restored = f.restored;
  d.signal = f.signal;
  return d;
}

std::vector<CheckResult> DisruptiveRun::run() {
  DisruptiveDeps& deps = context_.deps();
  const fs::path& journalPath = context_.options().journalPath;
  const Gateway mainGw = gatewayFromSpec(deps.spec.main, true);
  const Gateway rescueGw = gatewayFromSpec(deps.spec.rescue, false);
  std::vector<CheckResult> out;
  auto skipRest = [&](const std::string& why) {
    for (const CheckInfo* info : {&kMainStopInfo, &kMainStartInfo, &kRescueStopInfo, &kRescueStartInfo}) {
      if (std::none_of(out.begin(), out.end(), [&](const CheckResult& r) { return r.id == info->id; })) {
        out.push_back(skipped(*info, why));
      }
    }
  };
  auto nothingChanged = [&](CheckResult preconditions, const std::string& why) {
    out.push_back(std::move(preconditions));
    skipRest(why);
    out.push_back(skipped(kRestoreInfo, "nothing was changed"));
    return out;
  };

  if (journalPath.empty()) {
    return nothingChanged(failed(kPreconditionsInfo, "no restore journal path: the disruptive check does not run without one",
                                 {}, "pass a journal path (defaultRestoreJournalPath)"),
                          "not run: nothing was stopped");
  }
  // A journal left by an earlier run means something may still be stopped: recover first.
  if (auto existing = readRestoreJournal(journalPath); !existing || existing->has_value()) {
    const std::string why = !existing ? existing.error().describe()
                                      : "a restore journal from an earlier run (pid " +
                                            std::to_string((*existing)->harnessPid) + ", " + (*existing)->createdAt +
                                            ") is at " + journalPath.string();
    return nothingChanged(failed(kPreconditionsInfo, why + "; nothing was stopped",
                                 {{journalPath.string(), "journal", "present"}}, "run `verify-host recover` first"),
                          "not run: an earlier run must be recovered first");
  }

  // 1. Preconditions: both serving (and rescue logged in), retried for preconditionWait.
  context_.say("recording state of " + mainGw.name + " (" + mainGw.label + ") and " + rescueGw.name + " (" +
               rescueGw.label + ")");
  GatewayObservation m, r;
  std::string problem;
  auto bothServing = [&] {
    m = context_.observe(mainGw);
    r = context_.observe(rescueGw);
    problem.clear();
    // A rescue logged in as another bot is the finding whatever this moment's health says: two
    // gateways on one token take turns at Discord, so main's readiness may flap meanwhile, and
    // which of the two a poll saw first must not decide what is reported.
    const std::string login = deps.rescueDiscordLogin ? deps.rescueDiscordLogin() : std::string();
    const bool wrongBot = login.rfind(kDiscordWrongBot, 0) == 0;
    if (wrongBot) problem = rescueGw.name + " is not logged into Discord as expected: " + login;
    else if (!m.serving()) problem = mainGw.name + ": " + m.problem;
    else if (!r.serving()) problem = rescueGw.name + ": " + r.problem;
    else if (!login.empty()) problem = rescueGw.name + " is not logged into Discord as expected: " + login;
    return problem.empty();
  };
  const PollEnd pre = context_.waitUntil(bothServing, context_.options().preconditionWait, true);
  auto state = [](const GatewayObservation& o) {
    return o.pid ? "pid " + std::to_string(*o.pid) + (o.ready ? ", healthy" : ", not healthy") : o.problem;
  };
  std::vector<Evidence> preEv{{deps.spec.main.plistPath.string(), mainGw.label, state(m)},
                              {deps.spec.rescue.plistPath.string(), rescueGw.label, state(r)}};
  if (pre != PollEnd::Done) {
    const std::string why =
        pre == PollEnd::Interrupted ? "interrupted by " + signalName(context_.interrupted()) : problem;
    context_.say("not disrupting: " + why);
    return nothingChanged(failed(kPreconditionsInfo, why + "; nothing was stopped", preEv,
                                 "both gateways must be running and healthy before the disruptive check: run "
                                 "`verify-host live` and fix what it reports"),
                          "not run: preconditions failed, nothing was stopped");
  }
  context_.say("main pid " + std::to_string(*m.pid) + " healthy; rescue pid " + std::to_string(*r.pid) + " healthy" +
               (deps.rescueDiscordLogin ? ", logged in" : ""));
  out.push_back(passed(kPreconditionsInfo, "both gateways running and healthy before the check", preEv));

  // 2-5. Main stopped, rescue watched.
  Direction first = disrupt(mainGw, rescueGw, *r.pid, true, kMainStopInfo, kMainStartInfo);
  out.push_back(first.stop);
  out.push_back(first.start);
  int signal = first.signal;

  // 6. Rescue stopped, main watched.
  if (!first.restored) {
    skipRest("not run: " + mainGw.name + " was not restored");
  } else if (signal || context_.interrupted()) {
    signal = signal ? signal : context_.interrupted();
    skipRest("not run: interrupted by " + signalName(signal));
  } else if (!context_.options().reverse) {
    skipRest("not run: the reverse direction is disabled");
  } else if (const GatewayObservation mainNow = context_.observe(mainGw); !mainNow.serving()) {
    skipRest("not run: " + mainGw.name + " is not serving: " + mainNow.problem);
  } else {
    Direction second = disrupt(rescueGw, mainGw, *mainNow.pid, false, kRescueStopInfo, kRescueStartInfo);
    out.push_back(second.stop);
    out.push_back(second.start);
    signal = signal ? signal : second.signal;
  }

  // Final state. A signal during a restore wait did not cut it short, but is still said.
  if (!signal) signal = context_.interrupted();
  const GatewayObservation mEnd = context_.observe(mainGw), rEnd = context_.observe(rescueGw);
  auto journalLeft = readRestoreJournal(journalPath);
  const bool journalGone = journalLeft && !journalLeft->has_value();
  out.push_back(restoreResult(mainGw, mEnd, rescueGw, rEnd, journalGone, signal, context_));
  context_.say(std::string("done") + (signal ? " (interrupted by " + signalName(signal) + ")" : ""));
  return out;
}

}  // namespace
}  // namespace disruptive

std::string signalName(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "signal " + std::to_string(signal);
  }
}

std::vector<CheckResult> runDisruptiveCheck(DisruptiveDeps& deps, const DisruptiveOptions& options) {
  try {
    return disruptive::DisruptiveRun(deps, options).run();
  } catch (const std::exception& e) {
    // A bug; the journal (if any) is still on disk for --recover.
    return {failed(disruptive::kRestoreInfo, std::string("the disruptive check failed unexpectedly: ") + e.what(), {},
                   "run `verify-host recover`")};
  }
}

DiscordLoginProbe makeLogDiscordLoginProbe(ServiceManager& services, InstanceSpec instance, std::string expectedBotId,
                                           std::string expectedBotName) {
  auto cachedLog = std::make_shared<std::filesystem::path>();
  return [&services, instance = std::move(instance), id = std::move(expectedBotId), name = std::move(expectedBotName),
          cachedLog]() -> std::string {
    if (cachedLog->empty()) {
      auto job = services.print(instance.label);
      *cachedLog = job && job->loaded && !job->stdoutPath.empty() ? std::filesystem::path(job->stdoutPath) : instance.logPath;
    }
    auto marker = readDiscordLogin(*cachedLog);
    if (!marker) return "cannot read " + cachedLog->string() + ": " + marker.error().message;
    if (marker->kind == DiscordLoginKind::None) {
      return "no Discord login in " + cachedLog->string() + (marker->startSeen ? " since the gateway's last start" : "");
    }
    const std::string who = marker->botId + (marker->botName.empty() ? "" : " (" + marker->botName + ")");
    if (!id.empty() && !marker->botId.empty() && marker->botId != id) {
      return std::string(kDiscordWrongBot) + who + ", expected " + id + (name.empty() ? "" : " (" + name + ")");
    }
    if (!name.empty() && !marker->botName.empty() && marker->botName != name) {
      return std::string(kDiscordWrongBot) + who + ", expected the bot named \"" + name + "\"";
    }
    return "";
  };
}

}  // namespace harness
