#include "harness/disruptive/disruptive_check.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>
#include <thread>

#include "harness/checks/static_check.h"
#include "harness/disruptive/restore_journal.h"
#include "harness/live/discord_log_marker.h"
#include "harness/probe/http_probe.h"
#include "harness/probe/port_probe.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kArea = "Disruptive";
constexpr const char* kDefaultMainLabel = "ai.openclaw.gateway";
constexpr size_t kMaxDetail = 300;

const CheckInfo kPreInfo{kDisruptivePreconditions, kArea, {"G1", "G2"}};
const CheckInfo kMainStopInfo{kDisruptiveMainStop, kArea, {"G1", "R24"}};
const CheckInfo kMainStartInfo{kDisruptiveMainStart, kArea, {"R24", "R21"}};
const CheckInfo kRescueStopInfo{kDisruptiveRescueStop, kArea, {"G2", "R25"}};
const CheckInfo kRescueStartInfo{kDisruptiveRescueStart, kArea, {"R25", "R21"}};
const CheckInfo kRestoreInfo{kDisruptiveRestore, kArea, {"G1", "G2"}};
const CheckInfo kRecoverInfo{kDisruptiveRecover, kArea, {"G1", "G2"}};

// One gateway as the check addresses it: from the spec, or from a journal entry.
struct Gateway {
  std::string name;  // "main" / "rescue"
  std::string label;
  fs::path plist;
  uint16_t port = 0;
  OpenClawTarget target;  // the runbook's commands for it
  fs::path errLog;        // where to look when it does not come back (empty from a journal)
};

Gateway fromSpec(const InstanceSpec& s, bool isMain) {
  Gateway g{s.name.empty() ? (isMain ? "main" : "rescue") : s.name, s.label, s.plistPath, s.port, {}};
  g.target.profile = s.profile;
  // The runbook addresses main as plain `openclaw gateway ...`, rescue with its label override.
  if (!isMain || s.label != kDefaultMainLabel) g.target.launchdLabel = s.label;
  g.errLog = s.errLogPath;
  return g;
}

Gateway fromEntry(const JournalEntry& e) {
  return Gateway{e.gateway, e.label, e.plist, e.port, OpenClawTarget{e.profile, e.launchdLabel}};
}

std::string oneLine(std::string text) {
  for (auto& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() > kMaxDetail) text = text.substr(0, kMaxDetail) + "...";
  return text;
}

std::string seconds(milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

// The runbook's command as the user types it (the evidence shows the exact argv run).
std::string runbookCommand(const OpenClawTarget& t, GatewayAction action) {
  std::string s;
  if (t.launchdLabel) s += "OPENCLAW_LAUNCHD_LABEL=" + *t.launchdLabel + " ";
  s += "openclaw ";
  if (!t.profile.empty()) s += "--profile " + t.profile + " ";
  return s + "gateway " + toString(action);
}

struct Observed {
  bool loaded = false;
  std::optional<int> pid;
  bool healthy = false;
  std::string problem;  // why not serving, one line
  bool serving() const { return pid.has_value() && healthy; }
};

struct CommandRun {
  bool ok = false;          // the gateway was acted on (by the runbook command or the fallback)
  bool usedFallback = false;
  bool refused = false;     // the release refused the runbook's command (not a failure of the gateway)
  std::string note;         // why the fallback was used / why it failed
  std::vector<Evidence> commands;
};

enum class WaitEnd { Ok, Timeout, Interrupted };

class DisruptiveRun {
 public:
  DisruptiveRun(DisruptiveDeps& deps, const DisruptiveOptions& options)
      : deps_(deps), options_(options), begin_(Clock::now()) {}

  milliseconds elapsed() const { return std::chrono::duration_cast<milliseconds>(Clock::now() - begin_); }

  void say(const std::string& text) {
    if (!deps_.progress) return;
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "[%5.1fs] ", static_cast<double>(elapsed().count()) / 1000.0);
    deps_.progress(prefix + text);
  }

  int interrupted() const { return deps_.interrupt ? deps_.interrupt->load() : 0; }

  Observed observe(const Gateway& g) {
    Observed o;
    auto job = deps_.services.print(g.label);
    if (!job) {
      o.problem = "launchctl print failed: " + oneLine(job.error().describe());
      return o;
    }
    o.loaded = job->loaded;
    o.pid = job->pid;
    if (!o.loaded) {
      o.problem = g.label + " is not loaded";
      return o;
    }
    if (!o.pid) {
      o.problem = g.label + " is loaded but not running (state " + (job->state.empty() ? "?" : job->state) + ")";
      return o;
    }
    GatewayHealth h = probeGatewayHealth(HttpTarget{.port = g.port, .timeout = options_.httpTimeout});
    o.healthy = h.ready;
    if (!o.healthy) o.problem = "pid " + std::to_string(*o.pid) + " not healthy on port " + std::to_string(g.port) +
                                ": " + (h.error.empty() ? "not ready" : oneLine(h.error));
    return o;
  }

  bool isDown(const Gateway& g) {
    auto job = deps_.services.print(g.label);
    if (!job) return false;
    if (job->loaded && job->pid) return false;
    return !tcpPortAccepting("127.0.0.1", g.port, milliseconds(200));
  }

  // Sleeps up to one poll interval, in slices so an interrupt is noticed quickly.
  void pause(bool honourInterrupt) {
    const auto until = Clock::now() + options_.pollInterval;
    while (Clock::now() < until) {
      if (honourInterrupt && interrupted()) return;
      std::this_thread::sleep_for(std::min<Clock::duration>(milliseconds(20), until - Clock::now()));
    }
  }

  WaitEnd waitUntil(const std::function<bool()>& condition, milliseconds timeout, bool honourInterrupt) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      if (honourInterrupt && interrupted()) return WaitEnd::Interrupted;
      if (condition()) return WaitEnd::Ok;
      if (Clock::now() >= deadline) return WaitEnd::Timeout;
      pause(honourInterrupt);
    }
  }

  // --- commands -------------------------------------------------------------------------

  static Evidence commandEvidence(const std::string& commandLine, const std::string& outcome) {
    return Evidence{"", "command", oneLine(commandLine + " -> " + outcome)};
  }

  std::string launchctlLine(const std::string& verb, const std::string& arg) const {
    return "launchctl " + verb + " " + deps_.services.domain() + (verb == "bootstrap" ? " " : "/") + arg;
  }

  void recordLaunchctl(CommandRun& run, const std::string& line, const Status& s) {
    run.commands.push_back(commandEvidence(line, s ? "ok" : s.error().code == ErrorCode::NotFound
                                                                ? "not loaded: " + s.error().message
                                                                : "failed: " + s.error().message));
    say("ran: " + line + (s ? "" : " (" + oneLine(s.error().message) + ")"));
  }

  // The runbook's command; nullopt when it could not run or the release refused it (then
  // `why` says so and the caller falls back to launchctl).
  std::optional<CommandOutcome> runRunbook(const Gateway& g, GatewayAction action, CommandRun& run) {
    const std::string typed = runbookCommand(g.target, action);
    if (!deps_.openclaw) {
      run.note = "no openclaw CLI: used launchctl instead of `" + typed + "`";
      return std::nullopt;
    }
    auto r = deps_.openclaw->gateway(action, g.target);
    if (!r) {
      run.commands.push_back(commandEvidence(r.error().context.empty() ? typed : r.error().context,
                                             "could not run: " + r.error().message));
      run.note = "`" + typed + "` could not run (" + oneLine(r.error().message) + "): used launchctl instead";
      say("ran: " + typed + " (could not run: " + oneLine(r.error().message) + ")");
      return std::nullopt;
    }
    const std::string line = r->commandLine.empty() ? typed : r->commandLine;
    run.commands.push_back(commandEvidence(
        line, std::string(r->refused ? "refused by the release" : r->ok ? "ok" : "failed") + " (exit " +
                  std::to_string(r->exitCode) + "): " + r->message));
    say("ran: " + typed + (r->refused ? " (refused by the release)" : r->ok ? "" : " (failed: " + oneLine(r->message) + ")"));
    if (r->refused) {
      run.refused = true;
      run.note = "the installed OpenClaw release refuses `" + typed + "` (" + oneLine(r->message) +
                 "): used R21's launchctl commands instead";
      return std::nullopt;
    }
    return *r;
  }

  CommandRun stop(const Gateway& g) {
    CommandRun run;
    auto outcome = runRunbook(g, GatewayAction::Stop, run);
    if (outcome) {
      run.ok = outcome->ok;
      if (!run.ok) run.note = "`" + runbookCommand(g.target, GatewayAction::Stop) + "` failed: " + oneLine(outcome->message);
      return run;
    }
    run.usedFallback = true;
    Status s = deps_.services.bootout(g.label);
    recordLaunchctl(run, launchctlLine("bootout", g.label), s);
    run.ok = s || s.error().code == ErrorCode::NotFound;
    return run;
  }

  // Runbook start; R21's bootstrap + enable + kickstart -k when the CLI is missing, refuses or fails.
  CommandRun start(const Gateway& g) {
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
    Status boot = deps_.services.bootstrap(g.plist);
    recordLaunchctl(run, launchctlLine("bootstrap", g.plist.string()), boot);
    const bool alreadyLoaded = !boot && boot.error().message.rfind("already loaded", 0) == 0;
    Status en = deps_.services.enable(g.label);
    recordLaunchctl(run, launchctlLine("enable", g.label), en);
    if (!boot && !alreadyLoaded && boot.error().code == ErrorCode::PermissionDenied && en) {
      // Disabled: enable first, then bootstrap again.
      boot = deps_.services.bootstrap(g.plist);
      recordLaunchctl(run, launchctlLine("bootstrap", g.plist.string()), boot);
    }
    Status kick = deps_.services.kickstart(g.label, true);
    recordLaunchctl(run, "launchctl kickstart -k " + deps_.services.domain() + "/" + g.label, kick);
    run.ok = static_cast<bool>(kick);
    return run;
  }

  // --- journal --------------------------------------------------------------------------

  Status journalAdd(const Gateway& g, const std::string& command, const std::string& reason) {
    if (!journal_) journal_ = newRestoreJournal(deps_.spec.home);
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
    return writeRestoreJournal(options_.journalPath, *journal_);
  }

  Status journalClear() {
    journal_.reset();
    return removeRestoreJournal(options_.journalPath);
  }

  std::string journalKeptNote() const {
    return "the restore journal is kept at " + options_.journalPath.string() +
           "; once the cause is fixed, `verify-host --recover` restores and removes it";
  }

  // --- one direction --------------------------------------------------------------------

  struct Direction {
    CheckResult stop, start;
    bool restored = false;  // both gateways serving afterwards
    int signal = 0;         // interrupt seen
  };

  // Stops `stopped`, holds while watching `watched`, brings both back.
  Direction disrupt(const Gateway& stopped, const Gateway& watched, int watchedPid, bool checkLogin,
                    const CheckInfo& stopInfo, const CheckInfo& startInfo) {
    Direction d;
    const std::string stopCmd = runbookCommand(stopped.target, GatewayAction::Stop);
    const auto phaseBegin = Clock::now();
    std::vector<Evidence> stopEv;
    std::string stopFailure;  // first failed assertion of the stop phase

    if (auto s = journalAdd(stopped, stopCmd, "stopped by the disruptive check"); !s) {
      d.stop = failed(stopInfo, "cannot write the restore journal, so nothing was stopped: " + s.error().describe(), {},
                      "make " + options_.journalPath.parent_path().string() + " writable, or pass another journal path");
      d.start = skipped(startInfo, "not run: " + stopped.name + " was not stopped");
      d.restored = true;
      return d;
    }
    say("journal written: " + options_.journalPath.string());
    say("stopping " + stopped.name + ": " + stopCmd);
    CommandRun stopRun = stop(stopped);
    stopEv = stopRun.commands;
    if (!stopRun.note.empty()) say(stopRun.note);

    if (!stopRun.ok) {
      stopFailure = stopRun.note.empty() ? stopped.name + " could not be stopped" : stopRun.note;
    } else {
      WaitEnd w = waitUntil([&] { return isDown(stopped); }, options_.stopTimeout, true);
      if (w == WaitEnd::Interrupted) d.signal = interrupted();
      else if (w == WaitEnd::Timeout) {
        stopFailure = stopped.name + " still running " + seconds(options_.stopTimeout) + " after `" + stopCmd + "`";
      } else {
        say(stopped.name + " is down");
      }
    }

    // The hold: `watched` keeps its pid, runs, is healthy (and logged in).
    std::string holdSummary;
    if (stopFailure.empty() && !d.signal) {
      const auto holdEnd = Clock::now() + options_.hold;
      auto nextLine = Clock::now();
      auto nextLoginCheck = Clock::now();
      int polls = 0;
      while (true) {
        if (int sig = interrupted()) {
          d.signal = sig;
          break;
        }
        Observed o = observe(watched);
        std::string problem;
        if (!o.pid) problem = watched.name + " stopped: " + o.problem;
        else if (*o.pid != watchedPid) problem = watched.name + " was restarted: pid " + std::to_string(watchedPid) +
                                                 " became " + std::to_string(*o.pid);
        else if (!o.healthy) problem = watched.name + " " + o.problem;
        // The login is read from the gateway's log: once a second is plenty, while pid and
        // health are polled every pollInterval so a closed port is noticed within it.
        if (problem.empty() && checkLogin && deps_.rescueDiscordLogin && Clock::now() >= nextLoginCheck) {
          nextLoginCheck = Clock::now() + milliseconds(1000);
          const std::string login = deps_.rescueDiscordLogin();
          if (!login.empty()) problem = watched.name + " is not logged into Discord as expected: " + login;
        }
        ++polls;
        const auto left = std::chrono::duration_cast<milliseconds>(holdEnd - Clock::now());
        if (!problem.empty()) {
          stopFailure = problem + " (" + seconds(std::chrono::duration_cast<milliseconds>(Clock::now() - phaseBegin)) +
                        " after `" + stopCmd + "`)";
          say("FAILED: " + problem);
          break;
        }
        if (Clock::now() >= nextLine || left.count() <= 0) {
          const bool loginChecked = checkLogin && deps_.rescueDiscordLogin;
          say("holding: " + watched.name + " pid " + std::to_string(watchedPid) + " healthy" +
              (loginChecked ? ", logged in" : "") + " (" + std::to_string((std::max<long>(0, left.count()) + 999) / 1000) +
              " s left)");
          nextLine = Clock::now() + milliseconds(1000);
        }
        if (left.count() <= 0) break;
        const auto until = std::min(holdEnd, Clock::now() + options_.pollInterval);
        while (Clock::now() < until && !interrupted()) {
          std::this_thread::sleep_for(std::min<Clock::duration>(milliseconds(20), until - Clock::now()));
        }
      }
      holdSummary = std::to_string(polls) + " polls over " + seconds(options_.hold);
    }

    // Restore: always. `watched` too if it went down with the stop.
    Observed watchedNow = observe(watched);
    bool restartWatched = !watchedNow.serving();
    CommandRun watchedRun;
    if (restartWatched) {
      (void)journalAdd(watched, stopCmd, "went down during " + stopped.name + "'s stop");
      say("restoring " + watched.name + " too (" + watchedNow.problem + ")");
      watchedRun = start(watched);
      if (!watchedRun.note.empty()) say(watchedRun.note);
    }
    const std::string startCmd = runbookCommand(stopped.target, GatewayAction::Start);
    say("starting " + stopped.name + ": " + startCmd);
    const auto startBegin = Clock::now();
    CommandRun startRun = start(stopped);
    if (!startRun.note.empty()) say(startRun.note);
    WaitEnd up = waitUntil([&] { return observe(stopped).serving(); }, options_.startTimeout, false);
    const auto tookToStart = std::chrono::duration_cast<milliseconds>(Clock::now() - startBegin);
    Observed stoppedNow = observe(stopped);
    bool watchedBack = true;
    if (restartWatched) {
      watchedBack = waitUntil([&] { return observe(watched).serving(); }, options_.startTimeout, false) == WaitEnd::Ok;
      watchedNow = observe(watched);
    }
    d.restored = up == WaitEnd::Ok && watchedBack;
    if (d.restored) {
      if (auto s = journalClear(); !s) say("could not remove the restore journal: " + s.error().describe());
      else say(stopped.name + " healthy again (pid " + std::to_string(stoppedNow.pid.value_or(0)) + ") after " +
               seconds(tookToStart) + "; journal removed");
    } else {
      say("FAILED: " + stopped.name + (up == WaitEnd::Ok ? " is back, but " + watched.name + " is not" : " did not come back") +
          "; " + journalKeptNote());
    }

    // Results.
    const std::string interruptedText =
        d.signal ? "interrupted by " + signalName(d.signal) + " after " + seconds(elapsed()) : std::string();
    if (!stopRun.note.empty()) stopEv.push_back({"", "note", oneLine(stopRun.note)});
    if (!holdSummary.empty()) stopEv.push_back({"", "hold", holdSummary});
    if (d.signal) {
      d.stop = failed(stopInfo, interruptedText + " while " + stopped.name + " was stopped; " + stopped.name +
                                    (d.restored ? " was restored" : " was NOT restored"),
                      stopEv, d.restored ? "" : journalKeptNote());
    } else if (!stopFailure.empty()) {
      d.stop = failed(stopInfo, stopFailure, stopEv,
                      restartWatched ? "stopping " + stopped.name + " must not affect " + watched.name +
                                           ": check that the two LaunchAgents have distinct labels, plists and state dirs (G7)"
                                     : "see the evidence for the commands run and the state observed");
    } else {
      const std::string how = stopRun.usedFallback ? "`launchctl bootout` (" + stopRun.note + ")" : "`" + stopCmd + "`";
      d.stop = passed(stopInfo,
                      how + " stopped " + stopped.name + "; " + watched.name + " kept pid " +
                          std::to_string(watchedPid) + ", stayed healthy" +
                          (checkLogin && deps_.rescueDiscordLogin ? " and logged into Discord" : "") + " for " +
                          seconds(options_.hold),
                      stopEv);
      if (checkLogin && !deps_.rescueDiscordLogin) {
        d.stop.evidence.push_back({"", "discord", "no Discord login probe given: login not checked"});
      }
    }

    std::vector<Evidence> startEv = startRun.commands;
    if (!startRun.note.empty()) startEv.push_back({"", "note", oneLine(startRun.note)});
    for (const auto& e : watchedRun.commands) startEv.push_back(e);
    if (!watchedRun.note.empty()) startEv.push_back({"", "note", oneLine(watchedRun.note)});
    if (d.restored) {
      std::string msg = stopped.name + " healthy again after " + seconds(tookToStart) + " (pid " +
                        std::to_string(stoppedNow.pid.value_or(0)) + ") via " +
                        (startRun.usedFallback ? "R21's launchctl commands (" + startRun.note + ")" : "`" + startCmd + "`");
      if (restartWatched) msg += "; " + watched.name + " restored too";
      // A runbook start that failed (not refused) but launchctl fixed is worth a warning.
      d.start = startRun.usedFallback && deps_.openclaw && !startRun.refused
                    ? warned(startInfo, msg, startEv, startRun.note)
                    : passed(startInfo, msg, startEv);
    } else {
      std::string msg = up == WaitEnd::Ok ? watched.name + " did not come back: " + watchedNow.problem
                                          : stopped.name + " not healthy " + seconds(options_.startTimeout) +
                                                " after `" + startCmd + "`: " + stoppedNow.problem;
      startEv.push_back({options_.journalPath.string(), "journal", "kept"});
      const Gateway& down = up == WaitEnd::Ok ? watched : stopped;
      if (!down.errLog.empty()) startEv.push_back({down.errLog.string(), "log", "why " + down.name + " does not start"});
      d.start = failed(startInfo, msg, startEv, journalKeptNote());
    }
    return d;
  }

  // --- the whole check ------------------------------------------------------------------

  std::vector<CheckResult> run() {
    const Gateway mainGw = fromSpec(deps_.spec.main, true);
    const Gateway rescueGw = fromSpec(deps_.spec.rescue, false);
    std::vector<CheckResult> out;
    auto skipRest = [&](const std::string& why, std::vector<CheckResult>& results) {
      for (const CheckInfo* info : {&kMainStopInfo, &kMainStartInfo, &kRescueStopInfo, &kRescueStartInfo}) {
        bool have = std::any_of(results.begin(), results.end(), [&](const CheckResult& r) { return r.id == info->id; });
        if (!have) results.push_back(skipped(*info, why));
      }
    };

    if (options_.journalPath.empty()) {
      out.push_back(failed(kPreInfo, "no restore journal path: the disruptive check does not run without one", {},
                           "pass a journal path (defaultRestoreJournalPath)"));
      skipRest("not run: nothing was stopped", out);
      out.push_back(skipped(kRestoreInfo, "nothing was changed"));
      return out;
    }
    // A journal left by an earlier run means something may still be stopped: recover first.
    if (auto existing = readRestoreJournal(options_.journalPath); !existing || existing->has_value()) {
      const std::string why = !existing ? existing.error().describe()
                                        : "a restore journal from an earlier run (pid " +
                                              std::to_string((*existing)->harnessPid) + ", " + (*existing)->createdAt +
                                              ") is at " + options_.journalPath.string();
      out.push_back(failed(kPreInfo, why + "; nothing was stopped", {{options_.journalPath.string(), "journal", "present"}},
                           "run `verify-host --recover` first"));
      skipRest("not run: an earlier run must be recovered first", out);
      out.push_back(skipped(kRestoreInfo, "nothing was changed"));
      return out;
    }

    // 1. Preconditions.
    say("recording state of " + mainGw.name + " (" + mainGw.label + ") and " + rescueGw.name + " (" + rescueGw.label + ")");
    Observed m, r;
    std::string login, problem;
    auto check = [&] {
      m = observe(mainGw);
      r = observe(rescueGw);
      login.clear();
      problem.clear();
      if (!m.serving()) problem = mainGw.name + ": " + m.problem;
      else if (!r.serving()) problem = rescueGw.name + ": " + r.problem;
      else if (deps_.rescueDiscordLogin && !(login = deps_.rescueDiscordLogin()).empty()) {
        problem = rescueGw.name + " is not logged into Discord as expected: " + login;
      }
      return problem.empty();
    };
    WaitEnd pre = waitUntil(check, options_.preconditionWait, true);
    std::vector<Evidence> preEv{
        {deps_.spec.main.plistPath.string(), mainGw.label,
         m.pid ? "pid " + std::to_string(*m.pid) + (m.healthy ? ", healthy" : ", not healthy") : m.problem},
        {deps_.spec.rescue.plistPath.string(), rescueGw.label,
         r.pid ? "pid " + std::to_string(*r.pid) + (r.healthy ? ", healthy" : ", not healthy") : r.problem}};
    if (pre != WaitEnd::Ok) {
      const std::string why = pre == WaitEnd::Interrupted ? "interrupted by " + signalName(interrupted()) : problem;
      say("not disrupting: " + why);
      out.push_back(failed(kPreInfo, why + "; nothing was stopped", preEv,
                           "both gateways must be running and healthy before the disruptive check: run "
                           "`verify-host --live` and fix what it reports"));
      skipRest("not run: preconditions failed, nothing was stopped", out);
      out.push_back(skipped(kRestoreInfo, "nothing was changed"));
      return out;
    }
    say("main pid " + std::to_string(*m.pid) + " healthy; rescue pid " + std::to_string(*r.pid) + " healthy" +
        (deps_.rescueDiscordLogin ? ", logged in" : ""));
    out.push_back(passed(kPreInfo, "both gateways running and healthy before the check", preEv));

    // 2-5. Main stopped, rescue watched.
    Direction first = disrupt(mainGw, rescueGw, *r.pid, true, kMainStopInfo, kMainStartInfo);
    out.push_back(first.stop);
    out.push_back(first.start);
    int signal = first.signal;

    // 6. Rescue stopped, main watched.
    if (!first.restored) {
      skipRest("not run: " + mainGw.name + " was not restored", out);
    } else if (signal || interrupted()) {
      signal = signal ? signal : interrupted();
      skipRest("not run: interrupted by " + signalName(signal), out);
    } else if (!options_.reverse) {
      skipRest("not run: the reverse direction is disabled", out);
    } else {
      Observed mainNow = observe(mainGw);
      if (!mainNow.serving()) {
        skipRest("not run: " + mainGw.name + " is not serving: " + mainNow.problem, out);
      } else {
        Direction second = disrupt(rescueGw, mainGw, *mainNow.pid, false, kRescueStopInfo, kRescueStartInfo);
        out.push_back(second.stop);
        out.push_back(second.start);
        signal = signal ? signal : second.signal;
      }
    }

    // Final state.
    Observed mEnd = observe(mainGw), rEnd = observe(rescueGw);
    auto journalLeft = readRestoreJournal(options_.journalPath);
    const bool journalGone = journalLeft && !journalLeft->has_value();
    std::vector<Evidence> endEv{
        {"", mainGw.label, mEnd.serving() ? "pid " + std::to_string(*mEnd.pid) + ", healthy" : mEnd.problem},
        {"", rescueGw.label, rEnd.serving() ? "pid " + std::to_string(*rEnd.pid) + ", healthy" : rEnd.problem},
        {options_.journalPath.string(), "journal", journalGone ? "removed" : "kept"}};
    std::string suffix = signal ? " (interrupted by " + signalName(signal) + ")" : "";
    if (mEnd.serving() && rEnd.serving() && journalGone) {
      out.push_back(passed(kRestoreInfo, "both gateways running and healthy after the check; journal removed" + suffix,
                           endEv));
    } else {
      std::string what;
      if (!mEnd.serving()) what += mainGw.name + " is not serving (" + mEnd.problem + "); ";
      if (!rEnd.serving()) what += rescueGw.name + " is not serving (" + rEnd.problem + "); ";
      if (!journalGone) what += "the restore journal is kept; ";
      what.resize(what.size() - 2);
      out.push_back(failed(kRestoreInfo, what + suffix, endEv, journalKeptNote()));
    }
    say(std::string("done") + suffix);
    return out;
  }

  CheckResult recover() {
    auto read = readRestoreJournal(options_.journalPath);
    if (!read) {
      return failed(kRecoverInfo, read.error().describe(), {{options_.journalPath.string(), "journal", "malformed"}},
                    "inspect " + options_.journalPath.string() +
                        ", start any stopped gateway by hand (launchctl bootstrap, enable, kickstart -k), then delete it");
    }
    if (!read->has_value()) {
      return skipped(kRecoverInfo, "no restore journal at " + options_.journalPath.string() + ": nothing to recover");
    }
    const RestoreJournal& j = **read;
    say("restore journal from pid " + std::to_string(j.harnessPid) + " (" + j.createdAt + ") lists " +
        std::to_string(j.entries.size()) + " stopped gateway(s)");
    std::vector<Evidence> ev{{options_.journalPath.string(), "journal",
                              "written " + j.createdAt + " by pid " + std::to_string(j.harnessPid) + " for " + j.home}};
    std::vector<std::string> failures, restored;
    for (const auto& e : j.entries) {
      const Gateway g = fromEntry(e);
      ev.push_back({e.plist.string(), e.label, "stopped " + e.stoppedAt + " by `" + e.command + "` (" + e.reason + ")"});
      Observed now = observe(g);
      if (now.serving()) {
        say(g.name + " already running (pid " + std::to_string(*now.pid) + ")");
        restored.push_back(g.name + " was already running (pid " + std::to_string(*now.pid) + ")");
        continue;
      }
      say("restoring " + g.name + ": " + runbookCommand(g.target, GatewayAction::Start));
      CommandRun run = start(g);
      for (const auto& c : run.commands) ev.push_back(c);
      if (!run.note.empty()) {
        ev.push_back({"", "note", oneLine(run.note)});
        say(run.note);
      }
      WaitEnd up = waitUntil([&] { return observe(g).serving(); }, options_.startTimeout, false);
      now = observe(g);
      if (up == WaitEnd::Ok) {
        say(g.name + " healthy again (pid " + std::to_string(*now.pid) + ")");
        restored.push_back(g.name + " restored (pid " + std::to_string(*now.pid) + ")");
      } else {
        say("FAILED: " + g.name + " did not come back: " + now.problem);
        failures.push_back(g.name + " not healthy " + seconds(options_.startTimeout) + " after restore: " + now.problem);
      }
    }
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
      return s;
    };
    if (!failures.empty()) {
      return failed(kRecoverInfo, join(failures) + "; the restore journal is kept at " + options_.journalPath.string(), ev,
                    "fix the cause (see the gateway's logs), then run `verify-host --recover` again");
    }
    if (auto s = removeRestoreJournal(options_.journalPath); !s) {
      return failed(kRecoverInfo, join(restored) + ", but the journal could not be removed: " + s.error().describe(), ev,
                    "delete " + options_.journalPath.string());
    }
    say("journal removed");
    return passed(kRecoverInfo, join(restored) + "; restore journal removed", ev);
  }

 private:
  DisruptiveDeps& deps_;
  const DisruptiveOptions& options_;
  const Clock::time_point begin_;
  std::optional<RestoreJournal> journal_;
};

}  // namespace

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
    return DisruptiveRun(deps, options).run();
  } catch (const std::exception& e) {
    // A bug; the journal (if any) is still on disk for --recover.
    return {failed(kRestoreInfo, std::string("the disruptive check failed unexpectedly: ") + e.what(), {},
                   "run `verify-host --recover`")};
  }
}

CheckResult recoverFromJournal(DisruptiveDeps& deps, const DisruptiveOptions& options) {
  try {
    return DisruptiveRun(deps, options).recover();
  } catch (const std::exception& e) {
    return failed(kRecoverInfo, std::string("recovery failed unexpectedly: ") + e.what(), {},
                  "inspect " + options.journalPath.string());
  }
}

DiscordLoginProbe makeLogDiscordLoginProbe(ServiceManager& services, InstanceSpec instance, std::string expectedBotId,
                                           std::string expectedBotName) {
  auto cachedLog = std::make_shared<fs::path>();
  return [&services, instance = std::move(instance), id = std::move(expectedBotId), name = std::move(expectedBotName),
          cachedLog]() -> std::string {
    if (cachedLog->empty()) {
      auto job = services.print(instance.label);
      *cachedLog = job && job->loaded && !job->stdoutPath.empty() ? fs::path(job->stdoutPath) : instance.logPath;
    }
    auto marker = readDiscordLogin(*cachedLog);
    if (!marker) return "cannot read " + cachedLog->string() + ": " + marker.error().message;
    if (marker->kind == DiscordLoginKind::None) {
      return "no Discord login in " + cachedLog->string() + (marker->startSeen ? " since the gateway's last start" : "");
    }
    const std::string who = marker->botId + (marker->botName.empty() ? "" : " (" + marker->botName + ")");
    if (!id.empty() && !marker->botId.empty() && marker->botId != id) {
      return "logged in as bot " + who + ", expected " + id + (name.empty() ? "" : " (" + name + ")");
    }
    if (!name.empty() && !marker->botName.empty() && marker->botName != name) {
      return "logged in as bot " + who + ", expected the bot named \"" + name + "\"";
    }
    return "";
  };
}

}  // namespace harness
