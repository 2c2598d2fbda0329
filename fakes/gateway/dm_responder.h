#pragma once

// What the fake agent does with a Discord message.
//
// With a fake model configured (models.providers.<provider>.baseUrl plain http on a loopback
// host, agent_turn.h): a DM from an allowed user (channels.discord.dmPolicy "allowlist" →
// allowFrom) runs one agent turn on the responder's own thread (so the Discord connection keeps
// its heartbeats while a command runs) and the model's final text is posted. Without model auth
// (R16) the `No API key found` line is logged and the error is posted as the reply, as OpenClaw
// answers; a DM from someone not allowed is dropped before any agent run (S1).
//
// Without a fake model (the runbook's https provider): a DM whose trimmed content is "ping" gets
// "pong", only when the agent has model auth; otherwise the `No API key found` line and no post.

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "fakes/gateway/discord_client.h"
#include "fakes/common/fake_openclaw_config.h"
#include "harness/core/result.h"

namespace fakes::gateway {

class Logger;

class DmResponder {
 public:
  using Poster = std::function<harness::Status(const std::string& channelId, const std::string& content)>;

  // `config` may be null and must outlive the responder.
  // `execPathPrefix`: what the exec tool puts first on PATH (empty: nothing; agent_cli_shim.h).
  DmResponder(const config::FakeOpenClawConfig* config, std::filesystem::path stateDir, Logger& logger, Poster post,
              std::filesystem::path execPathPrefix = {});
  ~DmResponder();  // stop()

  // What happened, for tests and the log. Queued: handed to the agent thread (model path).
  enum class Outcome { Ignored, Replied, NoAuth, PostFailed, Queued, Blocked };
  Outcome onMessage(const DiscordMessage& message);
  // Ends the agent thread after the turn in progress. Idempotent.
  void stop();

 private:
  void agentLoop();
  void answerWithModel(const DiscordMessage& message);
  bool allowedToDm(const std::string& authorId) const;

  const config::FakeOpenClawConfig* config_;
  std::filesystem::path stateDir_;
  std::filesystem::path execPathPrefix_;
  Logger& log_;
  Poster post_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<DiscordMessage> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace fakes::gateway
