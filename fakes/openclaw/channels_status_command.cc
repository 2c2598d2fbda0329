// `openclaw channels status [--json]`: asks the instance's running gateway. The fake gateway
// serves GET /__fake/status (design contract) and this command reshapes it into the real
// `channelAccounts.discord[]` layout (facts openclaw-drift §5.3).

#include <ostream>

#include "fakes/openclaw/commands.h"

namespace fakes::openclaw {

int runChannelsStatus(const CliContext& ctx, const std::vector<std::string>& args) {
  bool json = false;
  for (const auto& arg : args) {
    if (arg == "--json") json = true;
    else if (arg == "--probe" || arg == "--deep") continue;
    else return unknownOption(ctx, arg);
  }
  auto inst = ctx.instance();
  if (!inst) {
    ctx.err() << inst.error().describe() << "\n";
    return 1;
  }
  const std::string url = "ws://127.0.0.1:" + std::to_string(inst->port);
  auto answer = httpGet(inst->port, "/__fake/status", 3000);
  nlohmann::json status = answer && answer->status == 200 ? nlohmann::json::parse(answer->body, nullptr, false)
                                                          : nlohmann::json(nlohmann::json::value_t::discarded);
  if (!answer || status.is_discarded() || !status.is_object()) {
    const std::string reason = !answer ? "gateway closed (1006 abnormal closure (no close frame)): no close reason"
                                       : "gateway answered HTTP " + std::to_string(answer->status);
    if (json) {
      printJson(ctx, nlohmann::json{{"ok", false}, {"error", {{"type", "cli_error"}, {"message", reason}}}});
    }
    ctx.err() << "Gateway not reachable: " << reason << "\nGateway target: " << url << "\n";
    return 1;
  }

  const nlohmann::json discord = status.value("discord", nlohmann::json::object());
  nlohmann::json account{{"accountId", "default"},
                         {"enabled", discord.value("enabled", false)},
                         {"configured", discord.value("configured", false)},
                         {"running", discord.value("enabled", false) && discord.value("configured", false)},
                         {"connected", discord.value("connected", false)},
                         {"bot", discord.contains("bot") ? discord["bot"] : nlohmann::json(nullptr)},
                         {"lastError", discord.contains("lastError") ? discord["lastError"] : nlohmann::json(nullptr)}};
  nlohmann::json out{{"ts", 0}, {"channelAccounts", {{"discord", nlohmann::json::array({account})}}}};
  if (json) {
    printJson(ctx, out);
  } else {
    ctx.out() << "Gateway reachable.\n";
    ctx.out() << "- Discord default: " << (account["enabled"].get<bool>() ? "enabled" : "disabled") << ", "
              << (account["configured"].get<bool>() ? "configured" : "not configured") << ", "
              << (account["connected"].get<bool>() ? "connected" : "disconnected");
    if (account["bot"].is_object()) ctx.out() << ", bot:@" << account["bot"].value("username", "");
    if (account["lastError"].is_string()) ctx.out() << ", error:" << account["lastError"].get<std::string>();
    ctx.out() << "\n";
  }
  return 0;
}

}  // namespace fakes::openclaw
