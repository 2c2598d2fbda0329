#include "fakes/gateway/gateway.h"

#include <unistd.h>

#include <filesystem>

#include "fakes/gateway/agent_auth.h"
#include "fakes/gateway/agent_cli_shim.h"
#include "fakes/gateway/browser_control_server.h"
#include "fakes/gateway/discord_client.h"
#include "fakes/gateway/dm_responder.h"
#include "fakes/gateway/logger.h"
#include "fakes/gateway/state_lock.h"
#include "harness/core/release_traits.h"

namespace fakes::gateway {

// The emulated release's pinned agent CLI (agent_cli_shim.h): the fake `openclaw` beside this
// binary with this gateway's profile, first on the exec tool's PATH. Empty when the release
// has none, or when it cannot be written (logged: the agent then runs what PATH finds).
std::filesystem::path Gateway::agentCliShim(const openclaw::Instance& inst) {
  const harness::ReleaseTraits traits = harness::releaseTraits(inst.release);
  if (!traits.known() || !traits.agentCliPinsProfile) return {};
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    log_.error("agent/exec", "no pinned agent CLI: cannot find this binary (" + ec.message() + ")");
    return {};
  }
  auto bin = writeAgentCliShim(inst.stateDir, inst.profile, self.parent_path() / "openclaw");
  if (!bin) {
    log_.error("agent/exec", "no pinned agent CLI: " + bin.error().describe());
    return {};
  }
  log_.info("agent/exec", "agent CLI pinned to " + (inst.profile.empty() ? std::string("the default profile") : "--profile " + inst.profile) +
                              ": " + (*bin / "openclaw").string());
  return *bin;
}

Gateway::Gateway(GatewaySettings settings, Logger& logger)
    : settings_(std::move(settings)), log_(logger), lock_(std::make_unique<StateLock>()) {}

Gateway::~Gateway() { shutdown(std::chrono::milliseconds(500)); }

harness::Status Gateway::start() {
  const auto& inst = settings_.instance;
  auto lock = StateLock::acquire(inst.stateDir);
  if (!lock) return lock.error();
  *lock_ = std::move(*lock);

  const std::string host = settings_.bindHost;
  const uint16_t port = inst.port;
  const uint16_t browserPort = static_cast<uint16_t>(port + 2);

  health_ = std::make_unique<HealthServer>(
      HealthCallbacks{[this] { return readiness(); }, [this] { return statusJson(); }});
  if (!health_->bind(host, port)) {
    return harness::Error{harness::ErrorCode::Io,
                          "another gateway instance is already listening on ws://" + host + ":" + std::to_string(port),
                          ""};
  }
  browser_ = std::make_unique<BrowserControlServer>();
  if (!browser_->bind(host, browserPort)) {
    return harness::Error{harness::ErrorCode::Io, "port " + std::to_string(browserPort) + " is already in use", ""};
  }
  if (auto s = health_->start(); !s) return s.error();
  if (auto s = browser_->start(); !s) return s.error();

  log_.info("gateway", "listening on ws://" + host + ":" + std::to_string(port) + " (PID " +
                           std::to_string(::getpid()) + ")");
  log_.info("browser/control", "Browser control listening on http://" + host + ":" + std::to_string(browserPort) +
                                   "/ (auth=" + settings_.authMode + ")");

  const DiscordSettings& discord = settings_.discord;
  if (!discord.enabled) {
    log_.info("discord", "channels.discord.enabled is false; Discord disabled");
  } else if (!discord.configured) {
    log_.info("discord", "channels.discord.token is not set; Discord disabled");
  } else if (discord.apiUrl.empty()) {
    log_.info("discord", "DISCORD_API_URL is not set; the fake gateway only talks to a fake Discord");
  } else if (auto api = parseDiscordApiUrl(discord.apiUrl); !api) {
    log_.error("discord", api.error().message + "; Discord disabled");
  } else {
    const config::FakeOpenClawConfig* config = inst.config ? &*inst.config : nullptr;
    const std::filesystem::path execPathPrefix = agentCliShim(inst);
    // Both callbacks run on the Discord thread, which starts only after both members exist.
    responder_ = std::make_unique<DmResponder>(config, inst.stateDir, log_,
                                               [this](const std::string& channel, const std::string& content) {
                                                 return discord_->postMessage(channel, content);
                                               },
                                               execPathPrefix);
    discord_ = std::make_unique<DiscordClient>(DiscordClient::Options{discord.token, *api}, log_,
                                               [this](const DiscordMessage& m) { responder_->onMessage(m); });
    discord_->start();
  }
  started_ = true;
  return harness::ok();
}

bool Gateway::shutdown(std::chrono::milliseconds grace) {
  // Listeners first: their handlers read discord_, which goes away next.
  if (health_) health_->stop();
  if (browser_) browser_->stop();
  bool clean = true;
  // The agent thread posts through discord_: end it first.
  if (responder_) responder_->stop();
  if (discord_) {
    clean = discord_->stop(grace);
    if (!clean) (void)discord_.release();  // its thread still runs; see DiscordClient::stop
    discord_.reset();
  }
  if (lock_) lock_->release();
  started_ = false;
  return clean;
}

Readiness Gateway::readiness() const {
  if (!started_) return Readiness{false, {"startup"}};
  if (discord_ && discord_->status().fatal) return Readiness{false, {"discord"}};
  return Readiness{true, {}};
}

nlohmann::json Gateway::statusJson() const {
  const auto& inst = settings_.instance;
  nlohmann::json discord{{"enabled", settings_.discord.enabled},
                         {"configured", settings_.discord.configured},
                         {"connected", false},
                         {"bot", nullptr},
                         {"lastError", nullptr}};
  if (discord_) {
    const DiscordStatus s = discord_->status();
    discord["connected"] = s.connected;
    if (s.bot) discord["bot"] = {{"id", s.bot->id}, {"username", s.bot->username}};
    if (s.lastError) discord["lastError"] = *s.lastError;
  }
  const AgentAuth agent = resolveDiscordAgentAuth(inst.config ? &*inst.config : nullptr, inst.stateDir);
  return nlohmann::json{{"pid", ::getpid()},
                        {"profile", inst.profile.empty() ? "default" : inst.profile},
                        {"port", inst.port},
                        {"stateDir", inst.stateDir.string()},
                        {"discord", discord},
                        {"agent", {{"id", agent.agentId}, {"provider", agent.provider}, {"hasAuth", agent.hasAuth}}}};
}

}  // namespace fakes::gateway
