#include "fakes/gateway/dm_responder.h"

#include "fakes/gateway/agent_auth.h"
#include "fakes/gateway/agent_turn.h"
#include "fakes/gateway/exec_tool.h"
#include "fakes/gateway/logger.h"

namespace fakes::gateway {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string noApiKeyLine(const AgentAuth& agent) {
  return "No API key found for provider \"" + agent.provider + "\". Auth store: " + agent.authStore().string();
}

}  // namespace

DmResponder::DmResponder(const config::FakeOpenClawConfig* config, std::filesystem::path stateDir, Logger& logger, Poster post,
                         std::filesystem::path execPathPrefix)
    : config_(config),
      stateDir_(std::move(stateDir)),
      execPathPrefix_(std::move(execPathPrefix)),
      log_(logger),
      post_(std::move(post)) {}

DmResponder::~DmResponder() { stop(); }

void DmResponder::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

bool DmResponder::allowedToDm(const std::string& authorId) const {
  if (!config_) return true;
  if (config_->discord.dmPolicy.value_or("") != "allowlist") return true;
  if (!config_->discord.allowFrom) return false;
  for (std::string id : *config_->discord.allowFrom) {
    for (const char* prefix : {"discord:", "user:"}) {
      if (id.rfind(prefix, 0) == 0) id = id.substr(std::char_traits<char>::length(prefix));
    }
    if (id == authorId || id == "*") return true;
  }
  return false;
}

DmResponder::Outcome DmResponder::onMessage(const DiscordMessage& message) {
  if (message.fromSelf || message.authorIsBot) return Outcome::Ignored;
  const AgentAuth agent = resolveDiscordAgentAuth(config_, stateDir_);
  if (resolveModelEndpoint(config_, agent.provider)) {
    if (!allowedToDm(message.authorId)) {
      log_.info("discord", "[default] dropped DM from " + message.authorId +
                               ": not in channels.discord.allowFrom (dmPolicy allowlist)");
      return Outcome::Blocked;
    }
    std::lock_guard lock(mu_);
    if (stopping_) return Outcome::Ignored;
    queue_.push_back(message);
    if (!worker_.joinable()) worker_ = std::thread([this] { agentLoop(); });
    cv_.notify_one();
    return Outcome::Queued;
  }

  if (trim(message.content) != "ping") return Outcome::Ignored;
  if (!agent.hasAuth) {
    log_.error("agent/embedded", noApiKeyLine(agent));
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

void DmResponder::agentLoop() {
  while (true) {
    DiscordMessage message;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      message = std::move(queue_.front());
      queue_.pop_front();
    }
    answerWithModel(message);
  }
}

void DmResponder::answerWithModel(const DiscordMessage& message) {
  // Auth and endpoint are read per message: copying the store while it runs counts at once.
  const AgentAuth agent = resolveDiscordAgentAuth(config_, stateDir_);
  const auto endpoint = resolveModelEndpoint(config_, agent.provider);
  if (!endpoint) return;
  std::string reply;
  if (!agent.hasAuth || agent.apiKey.empty()) {
    log_.error("agent/embedded", noApiKeyLine(agent));
    reply = "⚠️ Agent failed before reply: " + noApiKeyLine(agent);
  } else {
    std::filesystem::path workspace = stateDir_ / "workspace";
    if (const config::Agent* entry = config_ ? config_->agent(agent.agentId) : nullptr; entry && entry->workspace)
      workspace = *entry->workspace;
    const TurnResult turn = runAgentTurn(*endpoint, agent, message.content,
                                         [&](const std::string& command) { return runExecTool(command, workspace, execPathPrefix_); }, log_);
    if (!turn.ok) {
      log_.error("agent/embedded", "model request failed: " + turn.error);
      reply = "⚠️ Agent failed before reply: " + turn.error;
    } else {
      reply = turn.text;
    }
  }
  if (reply.empty()) return;
  auto posted = post_(message.channelId, reply);
  if (!posted) {
    log_.error("discord", "[default] reply failed: " + posted.error().describe());
    return;
  }
  log_.info("discord", "[default] agent " + agent.agentId + " replied in channel " + message.channelId);
}

}  // namespace fakes::gateway
