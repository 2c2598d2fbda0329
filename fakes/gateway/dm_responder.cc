#include "fakes/gateway/dm_responder.h"

#include "fakes/gateway/agent_auth.h"
#include "fakes/gateway/logger.h"

namespace fakes::gateway {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

DmResponder::Outcome DmResponder::onMessage(const DiscordMessage& message) {
  if (message.fromSelf || message.authorIsBot || trim(message.content) != "ping") return Outcome::Ignored;
  const AgentAuth agent = resolveDiscordAgentAuth(config_, stateDir_);
  if (!agent.hasAuth) {
    log_.error("agent/embedded", "No API key found for provider \"" + agent.provider +
                                     "\". Auth store: " + agent.authStore().string());
    return Outcome::NoAuth;
  }
  auto posted = post_(message.channelId, "pong");
  if (!posted) {
    log_.error("discord", "[default] reply failed: " + posted.error().describe());
    return Outcome::PostFailed;
  }
  log_.info("discord", "[default] agent " + agent.agentId + " replied in channel " + message.channelId);
  return Outcome::Replied;
}

}  // namespace fakes::gateway
