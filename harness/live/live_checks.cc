#include "harness/live/live_checks.h"

#include <cctype>
#include <sstream>

#include "harness/checks/check_support.h"
#include "harness/checks/port_footprint.h"
#include "harness/live/openclaw_cli_live_checks.h"

namespace harness {
namespace {

using live::launchdTarget;

enum class Which { Main, Rescue };

const LiveInstance& self(const LiveSnapshot& s, Which w) { return w == Which::Main ? s.main : s.rescue; }
const LiveInstance& other(const LiveSnapshot& s, Which w) { return w == Which::Main ? s.rescue : s.main; }

std::string pidText(pid_t pid, const std::map<pid_t, std::string>& names) {
  std::string s = "pid " + std::to_string(pid);
  if (auto it = names.find(pid); it != names.end() && !it->second.empty()) s += " (" + it->second + ")";
  return s;
}

std::string identity(const std::string& id, const std::string& name) {
  if (!id.empty() && !name.empty()) return id + " (" + name + ")";
  return id.empty() ? name : id;
}

std::string tailCommand(const LiveInstance& in) {
  const std::string log = in.logPath.empty() ? in.spec.logPath.string() : in.logPath.string();
  return "tail -n 50 " + shellQuote(in.spec.errLogPath.string()) + " " + shellQuote(log);
}

std::string openclawFor(const InstanceSpec& spec) { return openclawCommand(spec); }

// ---------------------------------------------------------------- launchd

CheckResult launchdCheck(const CheckInfo& info, const LiveSnapshot& s, Which w) {
  const LiveInstance& in = self(s, w);
  const std::string t = launchdTarget(in);
  const std::string plist = in.spec.plistPath.string();
  if (in.jobError) {
    return failed(info, "launchd could not be asked about " + in.spec.label + ": " + in.jobError->describe(),
                  {{"", "launchctl print " + t, in.jobError->message}}, "launchctl print " + t);
  }
  const bool disabled = in.disabledOverride.value_or(false);
  if (!in.job || !in.job->loaded) {
    std::string fix = disabled ? "launchctl enable " + t + " && " : "";
    fix += "launchctl bootstrap " + in.domain + " " + shellQuote(plist) + " && launchctl enable " + t +
           " && launchctl kickstart -k " + t;
    std::vector<Evidence> ev = {{plist, "launchctl print " + t, "not loaded"}};
    if (disabled) ev.push_back({"", "launchctl print-disabled " + in.domain, "\"" + in.spec.label + "\" => disabled"});
    return failed(info, in.spec.label + " is not loaded in " + in.domain + (disabled ? " (and it is disabled)" : ""),
                  std::move(ev), fix);
  }
  const JobState& job = *in.job;
  std::vector<Evidence> ev = {{job.path.empty() ? plist : job.path, "state", job.state}};
  if (job.pid) ev.push_back({"", "pid", std::to_string(*job.pid)});
  if (!job.lastExitCodeText.empty()) ev.push_back({"", "last exit code", job.lastExitCodeText});
  if (disabled) {
    ev.push_back({"", "launchctl print-disabled " + in.domain, "\"" + in.spec.label + "\" => disabled"});
    return failed(info,
                  in.spec.label + " is disabled in launchd's overrides: once it stops, KeepAlive will not restart it and "
                  "a later bootstrap is refused",
                  std::move(ev), "launchctl enable " + t + (job.running() ? "" : " && launchctl kickstart -k " + t));
  }
  if (!job.running()) {
    std::string why = "state = " + (job.state.empty() ? std::string("unknown") : job.state);
    if (!job.lastExitCodeText.empty()) why += ", last exit code = " + job.lastExitCodeText;
    return failed(info, in.spec.label + " is loaded but not running (" + why + ")", std::move(ev),
                  "launchctl kickstart -k " + t + "; if it exits again: " + tailCommand(in));
  }
  if (in.disabledError) {
    ev.push_back({"", "launchctl print-disabled " + in.domain, in.disabledError->message});
    return warned(info,
                  in.spec.label + " is running (pid " + std::to_string(*job.pid) +
                      ") but launchd's disabled overrides could not be read",
                  std::move(ev), "launchctl print-disabled " + in.domain);
  }
  return passed(info, in.spec.label + " is loaded, running (pid " + std::to_string(*job.pid) + ") and not disabled",
                std::move(ev));
}

// ---------------------------------------------------------------- ports

CheckResult portsCheck(const CheckInfo& info, const LiveSnapshot& s, Which w) {
  const LiveInstance& in = self(s, w);
  const LiveInstance& ot = other(s, w);
  std::vector<Evidence> ev;
  std::vector<std::string> failures, warnings, notes;
  std::string fix;
  for (const auto& port : in.ports) {
    const std::string what = "port " + std::to_string(port.port) + " (" + port.role + ")";
    std::vector<std::string> holders;
    for (pid_t p : port.pids) {
      const bool own = port.ownTree.count(p) && port.ownTree.at(p);
      const bool theirs = port.otherTree.count(p) && port.otherTree.at(p);
      holders.push_back(pidText(p, port.names) + (own ? " = " + in.spec.name : theirs ? " = " + ot.spec.name : ""));
      if (own) continue;
      if (theirs) {
        failures.push_back(what + " is held by " + ot.spec.name + "'s gateway (" + pidText(p, port.names) + ")");
        fix = "give the gateways disjoint port footprints (see topology.ports) and restart " + ot.spec.name +
              ": launchctl kickstart -k " + launchdTarget(ot);
      } else if (in.pid()) {
        failures.push_back(what + " is held by " + pidText(p, port.names) + ", not by " + in.spec.name +
                           "'s gateway (pid " + std::to_string(*in.pid()) + ")");
        if (fix.empty()) {
          fix = "stop the process holding it (lsof -nP -iTCP:" + std::to_string(port.port) +
                " -sTCP:LISTEN), then launchctl kickstart -k " + launchdTarget(in);
        }
      } else {
        failures.push_back(what + " is held by " + pidText(p, port.names) + " while " + in.spec.name +
                           "'s gateway is not running");
        if (fix.empty()) {
          fix = "stop the process holding it (lsof -nP -iTCP:" + std::to_string(port.port) + " -sTCP:LISTEN)";
        }
      }
    }
    std::string detail = holders.empty() ? (port.accepting ? "accepting, owner not visible" : "free")
                                         : "held by " + [&] {
                                             std::string j;
                                             for (const auto& h : holders) j += (j.empty() ? "" : ", ") + h;
                                             return j;
                                           }();
    if (port.error) detail += "; owner lookup failed: " + port.error->message;
    ev.push_back({"", what, detail});
    if (!port.pids.empty()) continue;
    if (port.accepting) {
      warnings.push_back(what + " accepts connections but its process is not visible (another user's process?)");
    } else if (port.role == "gateway" && in.pid()) {
      failures.push_back("nothing listens on " + what);
      if (fix.empty()) fix = tailCommand(in);
    } else if (port.role != "gateway") {
      notes.push_back(what + " is not bound (releases from 2026.5.28 run browser control inside the gateway)");
    }
  }
  if (!failures.empty()) {
    std::string msg = failures.front();
    if (failures.size() > 1) msg += " (and " + std::to_string(failures.size() - 1) + " more)";
    return failed(info, msg, std::move(ev), fix);
  }
  if (!in.pid()) {
    return skipped(info, in.spec.name + "'s gateway is not running (see " + in.spec.name + ".live.launchd)",
                   std::move(ev));
  }
  if (!warnings.empty()) return warned(info, warnings.front(), std::move(ev), "lsof -nP -iTCP -sTCP:LISTEN");
  std::string msg = "port " + std::to_string(in.spec.port) + " is held by " + in.spec.name + "'s gateway (pid " +
                     std::to_string(*in.pid()) + ")";
  if (in.ports.size() > 1 && !in.ports[1].pids.empty()) msg += ", and so is port " + std::to_string(in.ports[1].port);
  for (const auto& n : notes) msg += "; " + n;
  return passed(info, msg, std::move(ev));
}

// ---------------------------------------------------------------- health

CheckResult healthCheck(const CheckInfo& info, const LiveSnapshot& s, Which w) {
  const LiveInstance& in = self(s, w);
  if (!in.healthProbed) return skipped(info, "not probed");
  const std::string base = "http://127.0.0.1:" + std::to_string(in.spec.port);
  std::vector<Evidence> ev = {{"", base + "/healthz", in.health.live ? "200 live" : "not live"},
                              {"", base + "/readyz", in.health.ready ? "200 ready" : "not ready"}};
  if (!in.health.failing.empty()) {
    std::string f;
    for (const auto& x : in.health.failing) f += (f.empty() ? "" : ", ") + x;
    ev.push_back({"", "readyz failing", f});
  }
  if (in.health.live && in.health.ready) {
    return passed(info, in.spec.name + "'s gateway answers /healthz (live) and /readyz (ready)", std::move(ev));
  }
  std::string msg = in.spec.name + "'s gateway is " + (in.health.live ? "live but not ready" : "not healthy");
  if (!in.health.error.empty()) msg += ": " + in.health.error;
  if (in.health.error.find(": Connection") != std::string::npos) msg += " (nothing answers on port " +
                                                                       std::to_string(in.spec.port) + ")";
  return failed(info, msg, std::move(ev), tailCommand(in) + "; then launchctl kickstart -k " + launchdTarget(in));
}

// ---------------------------------------------------------------- discord

const DiscordAccountStatus* discordAccount(const ChannelsStatus& c) {
  for (const auto& a : c.discord) {
    if (a.accountId == "default") return &a;
  }
  return c.discord.empty() ? nullptr : &c.discord.front();
}

std::string channelsCommand(const InstanceSpec& spec) { return openclawFor(spec) + " channels status --json"; }

CheckResult discordCheck(const CheckInfo& info, const LiveSnapshot& s, Which w) {
  const LiveInstance& in = self(s, w);
  const LiveInstance& ot = other(s, w);
  const ExpectedBot& exp = in.expectedBot;
  const ExpectedBot& theirs = ot.expectedBot;
  if (!exp.expected) {
    return skipped(info, "no Discord login expected for " + in.spec.name + ": " + exp.whyNot);
  }
  if (in.job && !in.job->running()) {
    return skipped(info, in.spec.name + "'s gateway is not " + (in.job->loaded ? "running" : "loaded") + " (see " +
                             in.spec.name + ".live.launchd)");
  }
  const std::string expected = identity(exp.id, exp.name);
  const std::string wrongBotFix = "set " + in.spec.name + "'s own bot token: " +
                                  configSetCommand(in.spec, "channels.discord.token", "'<" + in.spec.name +
                                                                                          " bot token>'") +
                                  ", then launchctl kickstart -k " + launchdTarget(in);

  // The CLI's own answer first: it holds in every release.
  std::string fallbackNote;
  if (s.openclawAvailable && in.channels) {
    if (*in.channels) {
      const DiscordAccountStatus* acct = discordAccount(**in.channels);
      std::vector<Evidence> ev;
      if (!acct) {
        return failed(info, "`" + channelsCommand(in.spec) + "` lists no Discord account",
                      {{"", channelsCommand(in.spec), "channelAccounts.discord is empty"}},
                      "check channels.discord and plugins.entries.discord in " + in.spec.configPath.string());
      }
      ev.push_back({"", channelsCommand(in.spec),
                    std::string("account ") + acct->accountId + ": connected=" + (acct->connected ? "true" : "false") +
                        (acct->botId.empty() && acct->botName.empty() ? "" : ", bot " + identity(acct->botId, acct->botName))});
      if (!acct->botId.empty() && !exp.id.empty() && acct->botId != exp.id) {
        if (acct->botId == theirs.id) {
          return failed(info, in.spec.name + " is logged into Discord as " + ot.spec.name + "'s bot (" + acct->botId +
                                  "): both gateways share one bot",
                        std::move(ev), wrongBotFix);
        }
        return failed(info, in.spec.name + " is logged into Discord as bot " + acct->botId + ", expected " + expected,
                      std::move(ev), wrongBotFix);
      }
      if (!acct->connected) {
        std::string msg = in.spec.name + "'s Discord account is not connected";
        if (!acct->lastError.empty()) msg += ": " + acct->lastError;
        return failed(info, msg, std::move(ev), tailCommand(in));
      }
      if (!exp.name.empty() && !acct->botName.empty() && acct->botName != exp.name) {
        return warned(info, "connected as " + identity(acct->botId, acct->botName) + ", expected the bot named \"" +
                                exp.name + "\"",
                      std::move(ev), "rename the bot in the Discord developer portal, or set " + in.spec.name +
                                         ".discordBotName in the spec");
      }
      return passed(info, in.spec.name + " is connected to Discord as " +
                              identity(acct->botId.empty() ? exp.id : acct->botId, acct->botName) +
                              " (openclaw channels status)",
                    std::move(ev));
    }
    fallbackNote = " (`" + channelsCommand(in.spec) + "` failed: " + in.channels->error().message +
                   "; judged from the log)";
  }

  // The log marker, in the release's wording.
  const std::string log = in.logPath.string();
  if (in.logError) {
    return failed(info, "cannot read " + in.spec.name + "'s log: " + in.logError->describe() + fallbackNote,
                  {{log, "", in.logError->message}},
                  "check StandardOutPath in " + in.spec.plistPath.string() + ", or run " + channelsCommand(in.spec));
  }
  const DiscordLogMarker m = in.logMarker.value_or(DiscordLogMarker{});
  std::vector<Evidence> ev;
  if (m.startSeen) ev.push_back({log, "last start", m.startLine});
  if (m.kind == DiscordLoginKind::None) {
    ev.push_back({log, "discord login", "none since the last start"});
    return failed(info,
                  "no Discord login in " + log + (m.startSeen ? " since the gateway's last start" : "") + fallbackNote,
                  std::move(ev), tailCommand(in) + "; " + channelsCommand(in.spec));
  }
  ev.push_back({log, "discord login", m.line});
  if (!m.botId.empty() && !exp.id.empty() && m.botId != exp.id) {
    if (m.botId == theirs.id) {
      return failed(info, in.spec.name + " logged into Discord as " + ot.spec.name + "'s bot (" + m.botId +
                              "): both gateways share one bot" + fallbackNote,
                    std::move(ev), wrongBotFix);
    }
    return failed(info, in.spec.name + " logged into Discord as bot " + m.botId + ", expected " + expected + fallbackNote,
                  std::move(ev), wrongBotFix);
  }
  if (m.botId.empty() && !m.botName.empty() && !theirs.name.empty() && m.botName == theirs.name &&
      m.botName != exp.name) {
    return failed(info, in.spec.name + " logged into Discord as " + ot.spec.name + "'s bot (" + m.botName + ")" +
                            fallbackNote,
                  std::move(ev), wrongBotFix);
  }
  const std::string who = identity(m.botId, m.botName);
  if (m.kind == DiscordLoginKind::ClientInitialized) {
    return warned(info,
                  "the log only shows the Discord client initialized as " + who +
                      " (this release logs nothing on READY); the login is not confirmed" + fallbackNote,
                  std::move(ev), channelsCommand(in.spec) + "  # Discord account connected: true");
  }
  if (!m.startSeen) {
    return warned(info, "logged in to Discord as " + who + ", but no gateway start line was found in " + log +
                            ", so it may be from an earlier run" + fallbackNote,
                  std::move(ev), channelsCommand(in.spec));
  }
  if (!exp.name.empty() && !m.botName.empty() && m.botName != exp.name) {
    return warned(info, "logged in to Discord as " + who + ", expected the bot named \"" + exp.name + "\"" + fallbackNote,
                  std::move(ev), "rename the bot in the Discord developer portal, or set " + in.spec.name +
                                     ".discordBotName in the spec");
  }
  return passed(info, in.spec.name + " logged in to Discord as " + who + " since its last start" + fallbackNote,
                std::move(ev));
}

template <Which W>
CheckResult launchdFn(const CheckInfo& i, const LiveSnapshot& s) { return launchdCheck(i, s, W); }
template <Which W>
CheckResult portsFn(const CheckInfo& i, const LiveSnapshot& s) { return portsCheck(i, s, W); }
template <Which W>
CheckResult healthFn(const CheckInfo& i, const LiveSnapshot& s) { return healthCheck(i, s, W); }
template <Which W>
CheckResult discordFn(const CheckInfo& i, const LiveSnapshot& s) { return discordCheck(i, s, W); }

std::vector<LiveCheck> buildLiveChecks() {
  const std::string mainArea = "Main gateway (live)";
  const std::string rescueArea = "Rescue gateway (live)";
  const std::string cliArea = "OpenClaw CLI (live)";
  return {
      {{"main.live.launchd", mainArea, {"G2", "R24"}}, &launchdFn<Which::Main>},
      {{"main.live.ports", mainArea, {"G3", "R4"}}, &portsFn<Which::Main>},
      {{"main.live.health", mainArea, {"G2"}}, &healthFn<Which::Main>},
      {{"main.live.discord", mainArea, {"G6"}}, &discordFn<Which::Main>, true},
      {{"rescue.live.launchd", rescueArea, {"R21", "G1"}}, &launchdFn<Which::Rescue>},
      {{"rescue.live.ports", rescueArea, {"G3", "R4", "R7"}}, &portsFn<Which::Rescue>},
      {{"rescue.live.health", rescueArea, {"G1"}}, &healthFn<Which::Rescue>},
      {{"rescue.live.discord", rescueArea, {"R23", "G6", "R6"}}, &discordFn<Which::Rescue>, true},
      {{"rescue.live.openclaw-status", rescueArea, {"R22", "R25"}}, &live::openclawStatusCheck, true},
      {{"live.config-validate", cliArea, {"R26"}}, &live::configValidateCheck, true},
      {{"live.security-audit", cliArea, {"S1", "S3", "S4"}}, &live::securityAuditCheck, true},
      {{"live.openclaw-version", cliArea, {"R22", "R26"}}, &live::versionCheck, true},
  };
}

CheckResult runGuarded(const LiveCheck& check, const LiveSnapshot& snapshot) {
  try {
    return check.run(check.info, snapshot);
  } catch (const std::exception& e) {
    return failed(check.info, std::string("internal error in this check: ") + e.what(), {}, "");
  }
}

}  // namespace

const std::vector<LiveCheck>& liveChecks() {
  static const std::vector<LiveCheck> checks = buildLiveChecks();
  return checks;
}

std::vector<CheckResult> runLiveChecks(const LiveSnapshot& snapshot) {
  std::vector<CheckResult> out;
  for (const auto& check : liveChecks()) out.push_back(runGuarded(check, snapshot));
  return out;
}

std::optional<CheckResult> runLiveCheck(const std::string& id, const LiveSnapshot& snapshot) {
  for (const auto& check : liveChecks()) {
    if (check.info.id == id) return runGuarded(check, snapshot);
  }
  return std::nullopt;
}

}  // namespace harness
