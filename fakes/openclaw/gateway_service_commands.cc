// `openclaw gateway install|start|stop|restart|uninstall`: the LaunchAgent lifecycle with the
// launchctl call sequences of the emulated release (facts/launchctl.md §5.1 for 2026.9.6,
// §5.3 for 2026.3.24) and the 2026.8.1 service rules (label override refusal, stop --force).
//
// Deliberate simplifications (README.md): no health wait after start/restart, no lsof-based
// stale-gateway kill before a 3.24 restart, no `print system/<label>` probes.

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <thread>

#include "fakes/openclaw/commands.h"
#include "harness/core/poll.h"
#include "harness/launchd/launchctl_print_parser.h"
#include "harness/plist/plist_reader.h"

namespace fakes::openclaw {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNonInteractiveStop =
    "This stops the operator's running gateway service. Use an isolated dev gateway (openclaw gateway run --dev, or "
    "--profile <name> with a free port) for testing, or re-run with --force if you really mean it.";

struct ServiceArgs {
  bool json = false;
  bool force = false;
  bool disable = false;
  std::optional<uint16_t> port;
};

struct ActionResult {
  bool ok = true;
  std::string result;                 // "installed", "started", "stopped", "restarted", "not-loaded", ...
  std::vector<std::string> messages;  // human lines (stdout)
  std::string error;                  // failure text (stderr)
  std::vector<std::string> hints;
  int rc = 0;
};

std::optional<uint16_t> parsePortValue(const std::string& text) {
  unsigned v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0 || v > 65535) return std::nullopt;
  return static_cast<uint16_t>(v);
}

bool isInteractive() { return ::isatty(0) == 1 && ::isatty(1) == 1; }

void emit(const CliContext& ctx, const std::string& action, bool json, const ActionResult& r) {
  if (json) {
    nlohmann::json j{{"action", action}, {"ok", r.ok}};
    if (!r.result.empty()) j["result"] = r.result;
    if (!r.messages.empty()) j["message"] = r.messages.front();
    if (!r.error.empty()) j["error"] = r.error;
    if (!r.hints.empty()) j["hints"] = r.hints;
    printJson(ctx, j);
    return;
  }
  for (const auto& line : r.messages) ctx.out() << line << "\n";
  if (!r.error.empty()) ctx.err() << r.error << "\n";
  for (const auto& hint : r.hints) ctx.out() << "Start with: " << hint << "\n";
}

// The 2026.8.1+ refusal of a named profile with a custom OPENCLAW_LAUNCHD_LABEL
// (gateway-supervision: assertGatewayServiceMutationAllowed). Real texts, recorded from 9.6.
std::string labelConflictReason(const std::string& action) {
  return "service management skipped: named profiles cannot override OPENCLAW_LAUNCHD_LABEL for macOS service "
         "management. Unset OPENCLAW_LAUNCHD_LABEL so OpenClaw derives the native service identity from "
         "OPENCLAW_PROFILE to " +
         action + ", or keep this profile runtime-only without a native service.";
}

bool labelConflict(const CliContext& ctx, const Instance& inst) {
  return ctx.serviceRules() && !inst.profile.empty() && inst.labelOverride && *inst.labelOverride != inst.derivedLabel;
}

// start/stop/uninstall report the conflict through the generic CLI failure block.
int refuseWithCliFailure(const CliContext& ctx, const std::string& action, bool json) {
  const std::string reason = labelConflictReason(action);
  if (json) {
    printJson(ctx, nlohmann::json{{"ok", false}, {"error", {{"type", "cli_error"}, {"message", reason}}}});
  }
  ctx.err() << "[openclaw] The CLI command failed.\n"
            << "[openclaw] Reason: " << reason << "\n"
            << "[openclaw] Debug: set OPENCLAW_DEBUG=1 to include the stack trace.\n"
            << "[openclaw] Try: " << ctx.cliCommand("doctor") << "\n"
            << "[openclaw] Help: " << ctx.cliCommand("--help") << "\n";
  return 1;
}

struct Probe {
  bool loaded = false;
  bool running = false;
  std::optional<int> pid;
  std::string text;
};

Probe probe(const CliContext& ctx, const std::string& label) {
  Probe p;
  LaunchctlRun r = ctx.launchctl({"print", CliContext::guiDomain() + "/" + label});
  p.text = r.text();
  if (r.exitCode != 0) return p;
  p.loaded = true;
  if (auto job = harness::parseLaunchctlPrint(r.out)) {
    p.pid = job->pid;
    p.running = job->pid.has_value() || job->state == "running";
  }
  return p;
}

bool notLoadedText(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("no such process") != std::string::npos || lower.find("could not find service") != std::string::npos ||
         lower.find("not found") != std::string::npos;
}

std::string oneLine(std::string text) {
  for (auto& c : text) {
    if (c == '\n') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string stdoutLogPath(const Instance& inst) { return (inst.logDir() / "gateway.log").string(); }
std::string stderrLogPath(const Instance& inst) { return (inst.logDir() / "gateway.err.log").string(); }

nlohmann::json buildPlist(const CliContext& ctx, const Instance& inst, const std::string& label, uint16_t port) {
  nlohmann::json args = nlohmann::json::array({CliContext::selfExecutable().string()});
  if (!inst.profile.empty()) {
    args.push_back("--profile");
    args.push_back(inst.profile);
  }
  args.push_back("gateway");
  args.push_back("--port");
  args.push_back(std::to_string(port));

  nlohmann::json env = nlohmann::json::object();
  env["HOME"] = inst.home.string();
  env["PATH"] = ctx.envOr("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
  env["TMPDIR"] = ctx.envOr("TMPDIR", "/tmp");
  if (!inst.profile.empty()) env["OPENCLAW_PROFILE"] = inst.profile;
  env["OPENCLAW_STATE_DIR"] = inst.stateDir.string();
  env["OPENCLAW_CONFIG_PATH"] = inst.configPath.string();
  env["OPENCLAW_GATEWAY_PORT"] = std::to_string(port);
  // Real 3.24 (and 5.28/7.1) record the profile's derived label here even when the env
  // override chose the plist's label (facts openclaw-drift §3.2).
  env["OPENCLAW_LAUNCHD_LABEL"] = inst.derivedLabel;
  env["OPENCLAW_SERVICE_MARKER"] = "openclaw";
  env["OPENCLAW_SERVICE_KIND"] = "gateway";
  if (!ctx.serviceRules()) env["OPENCLAW_SERVICE_VERSION"] = ctx.release();
  for (const char* passThrough : {"DISCORD_API_URL", "OPENCLAW_FAKE_RELEASE", "OPENCLAW_FAKE_GATEWAY"}) {
    if (auto v = ctx.envOr(passThrough); !v.empty()) env[passThrough] = v;
  }

  std::string comment = "OpenClaw Gateway (profile: " + (inst.profile.empty() ? std::string("default") : inst.profile);
  comment += ctx.serviceRules() ? ")" : ", v" + ctx.release() + ")";
  return nlohmann::json{{"Label", label},
                        {"Comment", comment},
                        {"RunAtLoad", true},
                        {"KeepAlive", true},
                        {"ThrottleInterval", 1},
                        {"Umask", 63},
                        {"ProgramArguments", args},
                        {"StandardOutPath", stdoutLogPath(inst)},
                        {"StandardErrorPath", stderrLogPath(inst)},
                        {"EnvironmentVariables", env}};
}

ActionResult install(const CliContext& ctx, const Instance& inst, const ServiceArgs& a) {
  ActionResult r;
  const std::string label = inst.effectiveLabel();
  const std::string domain = CliContext::guiDomain();
  const fs::path plist = inst.plistPath(label);
  Probe before = probe(ctx, label);

  std::error_code ec;
  fs::create_directories(plist.parent_path(), ec);
  fs::create_directories(inst.logDir(), ec);
  const std::string xml = harness::toXmlPlist(buildPlist(ctx, inst, label, inst.port));
  {
    fs::path tmp = plist;
    tmp += ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f || std::fwrite(xml.data(), 1, xml.size(), f) != xml.size()) {
      if (f) std::fclose(f);
      r.ok = false;
      r.rc = 1;
      r.error = "Gateway install failed: cannot write " + plist.string();
      return r;
    }
    std::fclose(f);
    fs::permissions(tmp, fs::perms(0644), ec);
    fs::rename(tmp, plist, ec);
  }

  // 3.24 always boots out and unloads first (results ignored); 9.6 only when loaded.
  if (!ctx.serviceRules() || before.loaded) {
    ctx.launchctl({"bootout", domain, plist.string()});
    ctx.launchctl({"unload", plist.string()});
  }
  ctx.launchctl({"enable", domain + "/" + label});
  LaunchctlRun boot = ctx.launchctl({"bootstrap", domain, plist.string()});
  if (boot.exitCode != 0) {
    r.ok = false;
    r.rc = 1;
    r.error = "Gateway install failed: Error: launchctl bootstrap failed: " + oneLine(boot.text());
    return r;
  }
  Probe after = probe(ctx, label);
  if (ctx.serviceRules() && !after.loaded) {
    r.ok = false;
    r.rc = 1;
    r.error = "Gateway install verification failed: service is not loaded.";
    return r;
  }
  r.result = "installed";
  r.messages.push_back("Installed LaunchAgent: " + plist.string());
  r.messages.push_back("Logs: " + stdoutLogPath(inst));
  if (ctx.serviceRules()) {
    if (!inst.config || !inst.config->gateway.mode) {
      r.messages.push_back("No gateway.mode found. Set gateway.mode=local for managed gateway install.");
    }
    r.messages.push_back("Gateway service installed. Runtime readiness has not been checked; run `" +
                         ctx.cliCommand("gateway status --deep") + "` to verify.");
  }
  (void)a;
  return r;
}

ActionResult notLoaded(const CliContext& ctx, const Instance& inst, bool withStartHints) {
  ActionResult r;
  r.result = "not-loaded";
  r.messages.push_back("Gateway service not loaded.");
  if (withStartHints) {
    r.hints.push_back(ctx.cliCommand("gateway install"));
    r.hints.push_back(ctx.cliCommand("gateway"));
    r.hints.push_back("launchctl bootstrap gui/$UID ~/Library/LaunchAgents/" + inst.effectiveLabel() + ".plist");
  }
  return r;
}

ActionResult failure(std::string error) {
  ActionResult r;
  r.ok = false;
  r.rc = 1;
  r.error = std::move(error);
  return r;
}

ActionResult failed(const std::string& what, const LaunchctlRun& run) { return failure(what + ": " + oneLine(run.text())); }

ActionResult start(const CliContext& ctx, const Instance& inst) {
  const std::string label = inst.effectiveLabel();
  const std::string domain = CliContext::guiDomain();
  const std::string target = domain + "/" + label;
  const fs::path plist = inst.plistPath(label);
  Probe p = probe(ctx, label);
  ActionResult r;
  if (!ctx.serviceRules()) {
    // 3.24 always kickstarts with -k and reports a restart.
    if (!p.loaded) {
      if (!fs::exists(plist)) return notLoaded(ctx, inst, true);
      ctx.launchctl({"kickstart", "-k", target});
      ctx.launchctl({"enable", target});
      LaunchctlRun boot = ctx.launchctl({"bootstrap", domain, plist.string()});
      if (boot.exitCode != 0) return failed("Gateway start failed: launchctl bootstrap failed", boot);
    }
    LaunchctlRun kick = ctx.launchctl({"kickstart", "-k", target});
    if (kick.exitCode != 0) return failed("Gateway start failed: launchctl kickstart failed", kick);
    probe(ctx, label);
    r.result = "started";
    r.messages.push_back("Restarted LaunchAgent: " + target);
    return r;
  }
  if (p.loaded && p.running) {
    r.result = "already-running";
    r.messages.push_back("Gateway service already running (pid " + std::to_string(p.pid.value_or(0)) + ").");
    return r;
  }
  if (p.loaded) {
    ctx.launchctl({"enable", target});
    LaunchctlRun kick = ctx.launchctl({"kickstart", target});
    if (kick.exitCode != 0) return failed("Gateway start failed: launchctl kickstart failed", kick);
    r.result = "started";
    r.messages.push_back("Started LaunchAgent: " + target);
    return r;
  }
  if (!fs::exists(plist)) return notLoaded(ctx, inst, true);
  ctx.launchctl({"enable", target});
  LaunchctlRun boot = ctx.launchctl({"bootstrap", domain, plist.string()});
  if (boot.exitCode != 0) return failed("Gateway start failed: launchctl bootstrap failed", boot);
  r.result = "started";
  r.messages.push_back("Gateway LaunchAgent was installed but not loaded; re-bootstrapped launchd service.");
  return r;
}

ActionResult stop(const CliContext& ctx, const Instance& inst, const ServiceArgs& a) {
  const std::string label = inst.effectiveLabel();
  const std::string target = CliContext::guiDomain() + "/" + label;
  Probe p = probe(ctx, label);
  if (!p.loaded) return notLoaded(ctx, inst, false);
  if (a.disable) ctx.launchctl({"disable", target});
  LaunchctlRun out = ctx.launchctl({"bootout", target});
  if (out.exitCode != 0 && !notLoadedText(out.text())) return failed("Gateway stop failed: launchctl bootout failed", out);
  if (ctx.serviceRules()) {
    // 9.6 polls print every ~100 ms until the label is gone (bounded at 30 s).
    const auto gone = harness::pollFor(std::chrono::seconds(30), [&] { return !probe(ctx, label).loaded; },
                                       {.interval = std::chrono::milliseconds(100)});
    if (gone != harness::PollEnd::Done) {
      return failure("LaunchAgent stop did not complete: " + target + " is still loaded");
    }
  } else {
    probe(ctx, label);
  }
  ActionResult r;
  r.result = "stopped";
  r.messages.push_back("Stopped LaunchAgent: " + target);
  return r;
}

ActionResult restart(const CliContext& ctx, const Instance& inst) {
  const std::string label = inst.effectiveLabel();
  const std::string domain = CliContext::guiDomain();
  const std::string target = domain + "/" + label;
  const fs::path plist = inst.plistPath(label);
  Probe p = probe(ctx, label);
  ActionResult r;
  if (!p.loaded) {
    if (!ctx.serviceRules() || !fs::exists(plist)) return notLoaded(ctx, inst, true);
    ctx.launchctl({"enable", target});
    ctx.launchctl({"kickstart", "-k", target});  // 113: not loaded, then bootstrap (as 9.6 does)
    ctx.launchctl({"enable", target});
    LaunchctlRun boot = ctx.launchctl({"bootstrap", domain, plist.string()});
    if (boot.exitCode != 0) return failed("Gateway restart failed: launchctl bootstrap failed", boot);
  } else {
    if (ctx.serviceRules()) ctx.launchctl({"enable", target});
    LaunchctlRun kick = ctx.launchctl({"kickstart", "-k", target});
    if (kick.exitCode != 0) return failed("Gateway restart failed: launchctl kickstart failed", kick);
  }
  probe(ctx, label);
  r.result = "restarted";
  r.messages.push_back("Restarted LaunchAgent: " + target);
  return r;
}

ActionResult uninstall(const CliContext& ctx, const Instance& inst) {
  const std::string label = inst.effectiveLabel();
  const std::string target = CliContext::guiDomain() + "/" + label;
  const fs::path plist = inst.plistPath(label);
  Probe p = probe(ctx, label);
  if (p.loaded) {
    LaunchctlRun out = ctx.launchctl({"bootout", target});
    if (out.exitCode != 0 && !notLoadedText(out.text())) {
      return failed("Gateway uninstall failed: launchctl bootout failed", out);
    }
  }
  ActionResult r;
  r.result = "uninstalled";
  if (!fs::exists(plist)) {
    r.messages.push_back("Gateway service not installed.");
    return r;
  }
  std::error_code ec;
  fs::path trash = inst.home / ".Trash" / plist.filename();
  fs::create_directories(trash.parent_path(), ec);
  fs::rename(plist, trash, ec);
  if (ec) {
    r.ok = false;
    r.rc = 1;
    r.error = "Gateway uninstall failed: cannot move " + plist.string() + ": " + ec.message();
    return r;
  }
  r.messages.push_back("Moved LaunchAgent to Trash: " + trash.string());
  return r;
}

}  // namespace

int runGatewayServiceCommand(const CliContext& ctx, const std::string& verb, const std::vector<std::string>& args) {
  ServiceArgs a;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--json") {
      a.json = true;
    } else if (arg == "--force" && (verb == "install" || ctx.serviceRules()) && verb != "uninstall") {
      // 3.24 has no --force on stop/restart/start ("error: unknown option '--force'").
      a.force = true;
    } else if (arg == "--disable" && verb == "stop" && ctx.serviceRules()) {
      a.disable = true;
    } else if (verb == "install" && (arg == "--port" || arg.rfind("--port=", 0) == 0)) {
      std::string value = arg == "--port" ? (i + 1 < args.size() ? args[++i] : "") : arg.substr(7);
      a.port = parsePortValue(value);
      if (!a.port) {
        ctx.err() << "error: option '--port <port>' argument '" << value << "' is invalid.\n";
        return 1;
      }
    } else if (verb == "install" && (arg == "--runtime" || arg == "--token")) {
      ++i;  // accepted and ignored: the fake has one runtime, and tokens come from the config
    } else {
      return unknownOption(ctx, arg);
    }
  }

  auto inst = ctx.instance(a.port);
  if (!inst) {
    ctx.err() << inst.error().describe() << "\n";
    return 1;
  }

  if (verb == "stop" && ctx.serviceRules() && !a.force && !isInteractive()) {
    const ActionResult r = failure(std::string(kNonInteractiveStop));
    emit(ctx, "stop", a.json, r);
    return 1;
  }

  if (labelConflict(ctx, *inst)) {
    if (verb == "install") {
      const std::string text = "Gateway install blocked: Error: " +
                               labelConflictReason("install or rewrite the gateway service");
      if (a.json) printJson(ctx, nlohmann::json{{"action", "install"}, {"ok", false}, {"error", text}});
      else ctx.err() << text << "\n";
      return 1;
    }
    if (verb == "restart") {
      const std::string text = "Gateway restart failed: Error: " + labelConflictReason("restart the gateway");
      if (a.json) printJson(ctx, nlohmann::json{{"action", "restart"}, {"ok", false}, {"error", text}});
      else ctx.err() << text << "\n";
      return 1;
    }
    return refuseWithCliFailure(ctx, verb + " the gateway", a.json);
  }

  ActionResult r;
  if (verb == "install") r = install(ctx, *inst, a);
  else if (verb == "start") r = start(ctx, *inst);
  else if (verb == "stop") r = stop(ctx, *inst, a);
  else if (verb == "restart") r = restart(ctx, *inst);
  else r = uninstall(ctx, *inst);
  emit(ctx, verb, a.json, r);
  return r.rc;
}

}  // namespace fakes::openclaw
