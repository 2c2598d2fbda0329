#pragma once

// What the fake agent does with a Discord message: a DM whose trimmed content is "ping" gets
// "pong" from the bot, but only when the agent that answers Discord has model auth (R16);
// without it OpenClaw's embedded agent fails with `No API key found for provider "<p>"` and
// nothing is posted. Everything else is ignored: the fake has no model.

#include <filesystem>
#include <functional>
#include <string>

#include "fakes/gateway/discord_client.h"
#include "harness/config/openclaw_config.h"
#include "harness/core/result.h"

namespace fakes::gateway {

class Logger;

class DmResponder {
 public:
  using Poster = std::function<harness::Status(const std::string& channelId, const std::string& content)>;

  // `config` may be null and must outlive the responder.
  DmResponder(const harness::OpenClawConfig* config, std::filesystem::path stateDir, Logger& logger, Poster post)
      : config_(config), stateDir_(std::move(stateDir)), log_(logger), post_(std::move(post)) {}

  // What happened, for tests and the log.
  enum class Outcome { Ignored, Replied, NoAuth, PostFailed };
  Outcome onMessage(const DiscordMessage& message);

 private:
  const harness::OpenClawConfig* config_;
  std::filesystem::path stateDir_;
  Logger& log_;
  Poster post_;
};

}  // namespace fakes::gateway
