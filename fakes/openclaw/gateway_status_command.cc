// `openclaw gateway status [--json] [--deep] [--no-probe] [--require-rpc]`: the LaunchAgent's
// launchd state plus an RPC probe of the instance's port. Text and JSON keep the stable subset
// of the real output (facts openclaw-drift §5.4; launchctl.md §5.1/§5.3).

#include <filesystem>
#include <ostream>

#include "fakes/openclaw/commands.h"
#include "harness/launchd/launchctl_print_parser.h"
#include "harness/plist/plist_reader.h"

namespace fakes::openclaw {
namespace {

namespace fs = std::filesystem;

}  // namespace

int runGatewayStatus(const CliContext& ctx, const std::vector<std::string>& args) {
  bool json = false;
  bool probeRpc = true;
  bool requireRpc = false;
  for (const auto& arg : args) {
    if (arg == "--json") json = true;
    else if (arg == "--deep") continue;
    else if (arg == "--no-probe") probeRpc = false;
    else if (arg == "--require-rpc") requireRpc = true;
    else return unknownOption(ctx, arg);
  }
  auto inst = ctx.instance();
  if (!inst) {
    ctx.err() << inst.error().describe() << "\n";
    return 1;
  }
  const std::string label = inst->effectiveLabel();
  const std::string target = CliContext::guiDomain() + "/" + label;
  // 2026.8.1+: a named profile with a foreign label only gets a diagnostic view of it.
  const bool diagnosticOnly =
      ctx.serviceRules() && !inst->profile.empty() && inst->labelOverride && *inst->labelOverride != inst->derivedLabel;

  LaunchctlRun print = ctx.launchctl({"print", target});
  const bool loaded = print.exitCode == 0;
  nlohmann::json runtime = nlohmann::json::object();
  std::optional<int> pid;
  if (loaded) {
    auto job = harness::parseLaunchctlPrint(print.out);
    if (job) {
      pid = job->pid;
      runtime["status"] = (job->pid || job->state == "running") ? "running" : "stopped";
      runtime["state"] = job->state;
      if (job->pid) runtime["pid"] = *job->pid;
      if (job->lastExitCode) runtime["lastExitStatus"] = *job->lastExitCode;
    } else {
      runtime["status"] = "unknown";
      runtime["detail"] = job.error().message;
    }
  } else {
    runtime["status"] = "unknown";
    runtime["detail"] = print.text();
    runtime["missingUnit"] = true;
  }

  const fs::path plist = inst->plistPath(label);
  nlohmann::json command = nullptr;
  if (!diagnosticOnly && fs::exists(plist)) {
    if (auto parsed = harness::readPlistFile(plist)) {
      command = nlohmann::json{{"programArguments", parsed->root.value("ProgramArguments", nlohmann::json::array())},
                               {"sourcePath", plist.string()}};
    }
  }

  const uint16_t port = inst->port;
  const std::string bindMode = inst->config ? inst->config->gateway.bind.value_or("loopback") : "loopback";
  const std::string probeUrl = "ws://127.0.0.1:" + std::to_string(port);
  const bool busy = portAcceptsConnections(port);
  nlohmann::json rpc{{"url", probeUrl}};
  bool rpcOk = false;
  if (probeRpc) {
    auto answer = httpGet(port, "/healthz");
    rpcOk = answer && answer->status == 200;
    rpc["ok"] = rpcOk;
    if (!rpcOk) rpc["error"] = answer ? "HTTP " + std::to_string(answer->status)
                           : std::string("gateway closed (1006 abnormal closure (no close frame)): no close reason");
  }

  const bool configExists = fs::exists(inst->configPath);
  nlohmann::json cliConfig{{"path", inst->configPath.string()},
                           {"exists", configExists},
                           {"valid", configExists && inst->config.has_value()}};
  nlohmann::json service{{"label", "LaunchAgent"},
                         {"loaded", loaded},
                         {"loadedText", "loaded"},
                         {"notLoadedText", "not loaded"},
                         {"command", command},
                         {"runtime", runtime}};
  if (ctx.serviceRules()) service["targetRole"] = diagnosticOnly ? "diagnostic-only" : "target";

  if (json) {
    nlohmann::json out{{"service", service},
                       {"config", {{"cli", cliConfig}}},
                       {"gateway",
                        {{"bindMode", bindMode},
                         {"bindHost", bindMode == "lan" ? "0.0.0.0" : "127.0.0.1"},
                         {"port", port},
                         {"portSource", inst->portSource},
                         {"probeUrl", probeUrl}}},
                       {"port", {{"port", port}, {"status", busy ? "busy" : "free"}, {"listeners", nlohmann::json::array()}}},
                       {"extraServices", nlohmann::json::array()}};
    if (probeRpc) out["rpc"] = rpc;
    printJson(ctx, out);
  } else {
    auto& o = ctx.out();
    if (diagnosticOnly) o << "Native service is not installed; diagnostic only, not the probe target.\n";
    o << "Service: LaunchAgent (" << (loaded ? "loaded" : "not loaded") << ")\n";
    o << "File logs: " << (inst->logDir() / "gateway.log").string() << "\n";
    if (command.is_object()) {
      std::string line;
      for (const auto& a : command["programArguments"]) line += (line.empty() ? "" : " ") + a.get<std::string>();
      o << "Command: " << line << "\n";
      o << "Service file: " << plist.string() << "\n";
    }
    o << "Config (cli): " << inst->configPath.string() << (configExists ? "" : " (missing)") << "\n";
    o << "Gateway: bind=" << bindMode << ", port=" << port << " (" << inst->portSource << ")\n";
    o << "Probe target: " << probeUrl << "\n";
    if (loaded) {
      if (pid) o << "Runtime: running (pid " << *pid << ")\n";
      else if (runtime["status"] == "stopped") o << "Runtime: stopped (state " << runtime.value("state", "") << ")\n";
      else o << "Runtime: unknown\n";
    } else {
      o << "Runtime: unknown (" << print.text().substr(0, print.text().find_last_not_of('\n') + 1) << ")\n";
      o << "Service unit not found.\n";
      o << "Service not installed. Run: " << ctx.cliCommand("gateway install") << "\n";
    }
    if (probeRpc) {
      o << "RPC probe: " << (rpcOk ? "ok" : "failed (" + rpc.value("error", std::string()) + ")") << "\n";
    }
  }
  return requireRpc && !rpcOk ? 1 : 0;
}

}  // namespace fakes::openclaw
