#include "fakes/gateway/discord_client.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "fakes/discord_gateway_client/gateway_payloads.h"
#include "fakes/discord_gateway_client/gateway_session.h"
#include "fakes/gateway/logger.h"

namespace fakes::gateway {
namespace {

namespace net = boost::asio;
namespace dg = fakes::discord_gateway;
using nlohmann::json;
using std::chrono::milliseconds;

constexpr const char* kSubsystem = "discord";
constexpr std::uint16_t kNormalClose = 1000;

bool isFatalCloseCode(int code) { return code == 4004 || (code >= 4010 && code <= 4014); }

std::string stringField(const json& obj, const char* key) {
  if (obj.is_object() && obj.contains(key) && obj[key].is_string()) return obj[key].get<std::string>();
  return "";
}

}  // namespace

struct DiscordClient::Impl {
  Impl(Options o, Logger& l, MessageHandler h)
      : options(std::move(o)), log(l), onMessage(std::move(h)), rest(options.api, options.token),
        backoff(options.initialBackoff) {}

  Options options;
  Logger& log;
  MessageHandler onMessage;
  DiscordRest rest;

  net::io_context ioc;
  net::steady_timer retryTimer{ioc};
  std::unique_ptr<dg::GatewaySession> conn;
  uint64_t generation = 0;  // of `conn`: callbacks of an earlier connection are ignored
  std::thread thread;
  std::atomic<bool> stopping{false};
  bool abandoned = false;  // stop() gave up on the thread: Impl must outlive it
  std::promise<void> done;
  std::future<void> doneFuture = done.get_future();

  // Owned by the io thread.
  bool restDone = false;
  std::string restUsername;
  std::optional<int64_t> seq;
  std::string sessionId;
  milliseconds backoff;

  mutable std::mutex mutex;
  DiscordStatus state;

  void setStatus(const std::function<void(DiscordStatus&)>& change) {
    std::lock_guard lock(mutex);
    change(state);
  }

  void run() {
    net::post(ioc, [this] { begin(); });
    try {
      ioc.run();
    } catch (const std::exception& e) {
      log.error(kSubsystem, std::string("client stopped after an internal error: ") + e.what());
    }
    setStatus([](DiscordStatus& s) { s.connected = false; });
    done.set_value();
  }

  // REST probes once, then the WebSocket (again on every reconnect).
  void begin() {
    if (stopping) return;
    if (!restDone && !probeRest()) return;
    connect();
  }

  // false when Discord was unreachable (a retry is scheduled) or the setup is unusable.
  bool probeRest() {
    auto me = rest.get("users/@me");
    if (!me) {
      const std::string why = me.error().message;
      setStatus([&](DiscordStatus& s) { s.lastError = why; });
      log.error(kSubsystem, "[default] Discord API unreachable (" + why + "); retrying in " +
                                std::to_string(backoff.count()) + "ms");
      scheduleRetry();
      return false;
    }
    if (me->status == 200) {
      DiscordBotIdentity identity{stringField(me->body, "id"), stringField(me->body, "username")};
      restUsername = identity.username;
      setStatus([&](DiscordStatus& s) { s.bot = identity; });
    } else {
      const std::string why = describeRestError(*me);
      setStatus([&](DiscordStatus& s) { s.lastError = why; });
      log.error(kSubsystem, "[default] Discord bot probe failed: " + why);
    }
    log.info(kSubsystem, restUsername.empty() ? std::string("[default] starting provider")
                                              : "[default] starting provider (@" + restUsername + ")");

    // The WebSocket must stay on the DISCORD_API_URL origin (§6.1): anything else is refused.
    auto gateway = rest.get("gateway/bot");
    if (gateway && gateway->status == 200) {
      std::string url = stringField(gateway->body, "url");
      while (!url.empty() && url.back() == '/') url.pop_back();
      if (url != options.api.wsOrigin()) {
        const std::string why = "gateway/bot returned a WebSocket URL off the DISCORD_API_URL origin";
        setStatus([&](DiscordStatus& s) {
          s.fatal = true;
          s.lastError = why;
        });
        log.error(kSubsystem, why);
        return false;
      }
    } else {
      log.error(kSubsystem, "[default] gateway metadata failed (" +
                                (gateway ? describeRestError(*gateway) : gateway.error().message) +
                                "); using " + options.api.wsOrigin());
    }
    (void)rest.get("oauth2/applications/@me");  // as OpenClaw does; only the traffic matters
    restDone = true;
    return true;
  }

  void scheduleRetry() {
    const milliseconds delay = backoff;
    backoff = std::min(backoff * 2, options.maxBackoff);
    retryTimer.expires_after(delay);
    retryTimer.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping) return;
      begin();
    });
  }

  void connect() {
    if (stopping) return;
    dg::GatewaySessionOptions o;
    o.socket.host = options.api.host;
    o.socket.port = options.api.port;
    o.socket.connectTimeout = std::chrono::seconds(5);
    o.socket.handshakeTimeout = std::chrono::seconds(3);
    o.identify = dg::identifyPayload(options.token, options.intents, {.os = "darwin"}).dump();
    if (!sessionId.empty()) o.resume = dg::resumePayload(options.token, sessionId, seq).dump();
    o.initialSequence = seq;
    o.reconnectOnMissedAck = true;

    const uint64_t gen = ++generation;
    const auto current = [this, gen] { return gen == generation; };
    dg::GatewaySessionHandlers h;
    h.onOpen = [this, current] {
      if (current() && stopping) conn->close(kNormalClose);
    };
    h.onDispatch = [this, current](const std::string& type, const json& d) {
      if (!current()) return;
      seq = conn->sequence();
      dispatch(type, d);
    };
    h.onMissedAck = [this, current] {
      if (current()) log.error(kSubsystem, "gateway heartbeat was not acknowledged; reconnecting");
    };
    h.onReconnectRequested = [this, current] {
      if (current()) log.info(kSubsystem, "gateway asked to reconnect");
    };
    h.onInvalidSession = [this, current](bool resumable) {
      if (!current()) return;
      if (!resumable) {
        sessionId.clear();
        seq.reset();
      }
      log.info(kSubsystem, "gateway invalidated the session; reconnecting");
    };
    h.onUnreadablePayload = [this, current] {
      if (current()) log.error(kSubsystem, "gateway sent a payload that is not a JSON object");
    };
    h.onClosed = [this, current](const dg::GatewayClose& close) {
      if (current()) onClosed(close);
    };
    conn = std::make_unique<dg::GatewaySession>(ioc, std::move(o), std::move(h));
    conn->start();
  }

  void onClosed(const dg::GatewayClose& close) {
    if (!close.opened()) return onConnectFailed(close.error);
    setStatus([](DiscordStatus& s) { s.connected = false; });
    if (stopping) return;
    const int code = close.clean ? close.code : 0;
    const std::string what =
        code ? std::to_string(code) + (close.reason.empty() ? "" : " " + close.reason) : close.error;
    if (isFatalCloseCode(code)) {
      setStatus([&](DiscordStatus& s) {
        s.fatal = true;
        s.lastError = what;
      });
      log.error(kSubsystem, "gateway closed: " + what);
      return;  // no reconnect: a bad token or intents do not heal by retrying
    }
    setStatus([&](DiscordStatus& s) { s.lastError = "gateway closed: " + what; });
    log.error(kSubsystem, "gateway closed: " + what + "; reconnecting in " + std::to_string(backoff.count()) + "ms");
    scheduleRetry();
  }

  void onConnectFailed(const std::string& error) {
    if (stopping) return;
    setStatus([&](DiscordStatus& s) { s.lastError = "gateway connect failed: " + error; });
    log.error(kSubsystem, "gateway connect failed: " + error + "; reconnecting in " + std::to_string(backoff.count()) + "ms");
    scheduleRetry();
  }

  void dispatch(const std::string& type, const json& d) {
    if (type == "READY") {
      sessionId = stringField(d, "session_id");
      const json user = d.is_object() && d.contains("user") ? d["user"] : json();
      DiscordBotIdentity identity{stringField(user, "id"), stringField(user, "username")};
      if (identity.username.empty()) identity.username = restUsername;
      backoff = options.initialBackoff;
      setStatus([&](DiscordStatus& s) {
        s.connected = true;
        s.bot = identity;
        s.lastError.reset();
      });
      log.info(kSubsystem, "logged in to discord as " + identity.id +
                               (identity.username.empty() ? "" : " (" + identity.username + ")"));
      conn->send(dg::onlinePresencePayload());
    } else if (type == "RESUMED") {
      backoff = options.initialBackoff;
      setStatus([](DiscordStatus& s) {
        s.connected = true;
        s.lastError.reset();
      });
      log.info(kSubsystem, "gateway resumed");
    } else if (type == "MESSAGE_CREATE" && onMessage) {
      const json author = d.is_object() && d.contains("author") ? d["author"] : json();
      DiscordMessage m;
      m.id = stringField(d, "id");
      m.channelId = stringField(d, "channel_id");
      m.content = stringField(d, "content");
      m.authorId = stringField(author, "id");
      m.authorName = stringField(author, "username");
      m.authorIsBot = author.is_object() && author.value("bot", false);
      {
        std::lock_guard lock(mutex);
        m.fromSelf = state.bot && state.bot->id == m.authorId;
      }
      onMessage(m);
    }
  }
};

DiscordClient::DiscordClient(Options options, Logger& logger, MessageHandler onMessage)
    : impl_(std::make_unique<Impl>(std::move(options), logger, std::move(onMessage))) {}

DiscordClient::~DiscordClient() {
  // A thread stuck in a REST call past the grace keeps using Impl: leak it rather than free it
  // under the thread (this only happens while the process exits).
  if (!stop(milliseconds(500)) || impl_->abandoned) (void)impl_.release();
}

void DiscordClient::start() {
  if (impl_->thread.joinable()) return;
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

bool DiscordClient::stop(milliseconds grace) {
  Impl& impl = *impl_;
  if (!impl.thread.joinable()) return true;
  impl.stopping = true;
  net::post(impl.ioc, [&impl] {
    impl.retryTimer.cancel();
    if (impl.conn) impl.conn->close(kNormalClose);
  });
  if (impl.doneFuture.wait_for(grace) != std::future_status::ready) impl.ioc.stop();
  if (impl.doneFuture.wait_for(milliseconds(100)) != std::future_status::ready) {
    impl.thread.detach();
    impl.abandoned = true;
    return false;
  }
  impl.thread.join();
  return true;
}

DiscordStatus DiscordClient::status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->state;
}

harness::Status DiscordClient::postMessage(const std::string& channelId, const std::string& content) {
  auto response = impl_->rest.post("channels/" + channelId + "/messages", json{{"content", content}});
  if (!response) return response.error();
  if (response->status / 100 != 2) {
    return harness::Error{harness::ErrorCode::ProcessFailed, describeRestError(*response), "POST channels/" + channelId + "/messages"};
  }
  return harness::ok();
}

}  // namespace fakes::gateway
