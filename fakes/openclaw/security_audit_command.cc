// `openclaw security audit [--json]`: a handful of the real checks, with the real check ids,
// severities and layout (facts openclaw-drift §8.2). Exit 0 even with critical findings, as the
// real CLI does: callers must read summary.critical.

#include <sys/stat.h>

#include <chrono>
#include <ostream>

#include "fakes/openclaw/commands.h"

namespace fakes::openclaw {

int runSecurityAudit(const CliContext& ctx, const std::vector<std::string>& args) {
  bool json = false;
  for (const auto& arg : args) {
    if (arg == "--json") json = true;
    else if (arg == "--deep") continue;
    else return unknownOption(ctx, arg);
  }
  auto inst = ctx.instance();
  if (!inst) {
    ctx.err() << inst.error().describe() << "\n";
    return 1;
  }
  nlohmann::json findings = nlohmann::json::array();
  auto add = [&](const std::string& id, const std::string& severity, const std::string& title, const std::string& detail,
                 const std::string& remediation) {
    nlohmann::json f{{"checkId", id}, {"severity", severity}, {"title", title}, {"detail", detail}};
    if (!remediation.empty()) f["remediation"] = remediation;
    findings.push_back(f);
  };

  const fakes::config::FakeOpenClawConfig none;
  const fakes::config::FakeOpenClawConfig& config = inst->config ? *inst->config : none;
  const std::string dmPolicy = config.discord.dmPolicy.value_or(config.discord.legacyDmPolicy.value_or(""));
  const std::string groupPolicy = config.discord.groupPolicy.value_or("");
  const bool openChannel = dmPolicy == "open" || groupPolicy == "open";
  const std::string bind = config.gateway.bind.value_or("loopback");

  std::string attack = "groups: open=" + std::string(groupPolicy == "open" ? "1" : "0") +
                       ", allowlist=" + (groupPolicy == "allowlist" ? "1" : "0") +
                       "\ntools.elevated: enabled\nhooks.webhooks: disabled\nhooks.internal: disabled\nbrowser control: enabled";
  add("summary.attack_surface", "info", "Attack surface summary", attack, "");

  if (config.exec.security == "full" || config.exec.mode == "full") {
    add("tools.exec.security_full_configured", openChannel ? "critical" : "warn", "Exec security=full is configured",
        "Full exec trust is enabled for: " + (inst->profile.empty() ? std::string("main") : inst->profile),
        ctx.serviceRules() ? "Prefer tools.exec.mode=\"ask\" or \"allowlist\"."
                           : "Prefer tools.exec.security=\"allowlist\" with ask prompts.");
  }
  if (dmPolicy == "open") {
    add("channels.discord.dm.open", "critical", "Discord DMs are open",
        "channels.discord.dmPolicy=\"open\" lets anyone DM the bot.", "Set channels.discord.dmPolicy=\"allowlist\".");
  }
  if (bind != "loopback") {
    add("gateway.bind_not_loopback", "critical", "Gateway binds beyond loopback",
        "gateway.bind=\"" + bind + "\" exposes the gateway to the network.", "Set gateway.bind=\"loopback\".");
  }
  struct stat st{};
  if (::stat(inst->configPath.c_str(), &st) == 0 && (st.st_mode & 004)) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%o", st.st_mode & 0777);
    add("fs.config.perms_world_readable", "critical", "Config file is world-readable",
        inst->configPath.string() + " mode=" + mode + "; config can contain tokens and private settings.",
        "chmod 600 " + inst->configPath.string());
  }
  if (::stat(inst->stateDir.c_str(), &st) == 0 && (st.st_mode & 077)) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%o", st.st_mode & 0777);
    add("fs.state_dir.perms_readable", "warn", "State dir is readable by others",
        inst->stateDir.string() + " mode=" + mode + "; consider restricting to 700.", "chmod 700 " + inst->stateDir.string());
  }

  int critical = 0, warn = 0, info = 0;
  for (const auto& f : findings) {
    const std::string s = f["severity"];
    (s == "critical" ? critical : s == "warn" ? warn : info)++;
  }
  const auto ts = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  if (json) {
    printJson(ctx, nlohmann::json{{"ts", ts},
                                  {"summary", {{"critical", critical}, {"warn", warn}, {"info", info}}},
                                  {"findings", findings},
                                  {"secretDiagnostics", nlohmann::json::array()}});
  } else {
    ctx.out() << "OpenClaw security audit\nSummary: " << critical << " critical · " << warn << " warn · " << info
              << " info\n";
    for (const auto& f : findings) {
      ctx.out() << "\n" << f["severity"].get<std::string>() << " " << f["checkId"].get<std::string>() << " "
                << f["title"].get<std::string>() << "\n  " << f["detail"].get<std::string>() << "\n";
    }
  }
  return 0;
}

}  // namespace fakes::openclaw
