#include "fakes/gateway/discord_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "fakes/gateway/logger.h"

namespace fakes::gateway {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;
using std::chrono::milliseconds;

constexpr const char* kSubsystem = "discord";
// Reconnect code for closes the client starts itself (zombie heartbeat, op 7, op 9): not 1000,
// so Discord would keep the session resumable.
constexpr std::uint16_t kReconnectCloseCode = 4000;

bool isFatalCloseCode(int code) { return code == 4004 || (code >= 4010 && code <= 4014); }

std::string stringField(const json& obj, const char* key) {
  if (obj.is_object() && obj.contains(key) && obj[key].is_string()) return obj[key].get<std::string>();
  return "";
}

// One WebSocket connection; handlers hold it by shared_ptr so a stale connection's callbacks
// never touch a freed stream after a reconnect.
struct Connection {
  explicit Connection(net::io_context& ioc) : ws(ioc) {}
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::deque<std::string> outbox;
  bool writing = false;
  bool open = false;     // handshake done
  bool closing = false;  // we sent a close
};

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
  net::steady_timer heartbeatTimer{ioc};
  net::steady_timer retryTimer{ioc};
  std::shared_ptr<Connection> conn;
  std::thread thread;
  std::atomic<bool> stopping{false};
  bool abandoned = false;  // stop() gave up on the thread: Impl must outlive it
  std::promise<void> done;
  std::future<void> doneFuture = done.get_future();

  // Owned by the io thread.
  bool restDone = false;
  std::string restUsername;
  std::optional<int64_t> seq;
  bool heartbeatAcked = true;
  milliseconds heartbeatInterval{41250};
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
    retryTimer.async_wait([this](beast::error_code ec) {
      if (ec || stopping) return;
      begin();
    });
  }

  void connect() {
    if (stopping) return;
    auto c = std::make_shared<Connection>(ioc);
    conn = c;
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(options.api.host, std::to_string(options.api.port), ec);
    if (ec) return onConnectFailed(c, ec);
    beast::get_lowest_layer(c->ws).expires_after(std::chrono::seconds(5));
    beast::get_lowest_layer(c->ws).async_connect(endpoints, [this, c](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return onConnectFailed(c, ec);
      beast::get_lowest_layer(c->ws).expires_never();
      c->ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(3), websocket::stream_base::none(), false});
      c->ws.async_handshake(options.api.host + ":" + std::to_string(options.api.port), "/?v=10&encoding=json",
                            [this, c](beast::error_code ec) {
                              if (ec) return onConnectFailed(c, ec);
                              c->open = true;
                              read(c);
                              if (stopping) close(c, websocket::close_code::normal);
                            });
    });
  }

  void onConnectFailed(const std::shared_ptr<Connection>& c, beast::error_code ec) {
    if (c != conn || stopping) return;
    setStatus([&](DiscordStatus& s) { s.lastError = "gateway connect failed: " + ec.message(); });
    log.error(kSubsystem, "gateway connect failed: " + ec.message() + "; reconnecting in " +
                              std::to_string(backoff.count()) + "ms");
    scheduleRetry();
  }

  void read(const std::shared_ptr<Connection>& c) {
    c->ws.async_read(c->buffer, [this, c](beast::error_code ec, std::size_t) {
      if (ec) return onClosed(c, ec);
      std::string text = beast::buffers_to_string(c->buffer.data());
      c->buffer.consume(c->buffer.size());
      onFrame(c, text);
      read(c);
    });
  }

  void onClosed(const std::shared_ptr<Connection>& c, beast::error_code ec) {
    if (c != conn) return;
    c->open = false;
    heartbeatTimer.cancel();
    setStatus([](DiscordStatus& s) { s.connected = false; });
    if (stopping) return;
    int code = 0;
    std::string reason;
    if (ec == websocket::error::closed) {
      code = c->ws.reason().code;
      reason.assign(c->ws.reason().reason.data(), c->ws.reason().reason.size());
    }
    const std::string what = code ? std::to_string(code) + (reason.empty() ? "" : " " + reason) : ec.message();
    if (isFatalCloseCode(code)) {
      setStatus([&](DiscordStatus& s) {
        s.fatal = true;
        s.lastError = what;
      });
      log.error(kSubsystem, "gateway closed: " + what);
      conn.reset();
      return;  // no reconnect: a bad token or intents do not heal by retrying
    }
    setStatus([&](DiscordStatus& s) { s.lastError = "gateway closed: " + what; });
    log.error(kSubsystem, "gateway closed: " + what + "; reconnecting in " + std::to_string(backoff.count()) + "ms");
    scheduleRetry();
  }

  void onFrame(const std::shared_ptr<Connection>& c, const std::string& text) {
    json msg = json::parse(text, nullptr, false);
    if (!msg.is_object()) {
      log.error(kSubsystem, "gateway sent a payload that is not a JSON object");
      return;
    }
    if (msg.contains("s") && msg["s"].is_number_integer()) seq = msg["s"].get<int64_t>();
    const int op = msg.value("op", -1);
    const json d = msg.contains("d") ? msg["d"] : json();
    switch (op) {
      case 10: {  // HELLO
        if (d.is_object() && d.contains("heartbeat_interval") && d["heartbeat_interval"].is_number()) {
          heartbeatInterval = milliseconds(std::max<int64_t>(1, d["heartbeat_interval"].get<int64_t>()));
        }
        heartbeatAcked = true;
        startHeartbeat(c);
        if (!sessionId.empty()) {
          send(c, json{{"op", 6}, {"d", {{"token", options.token}, {"session_id", sessionId}, {"seq", seq ? json(*seq) : json()}}}});
        } else {
          send(c, json{{"op", 2},
                       {"d",
                        {{"token", options.token},
                         {"intents", options.intents},
                         {"properties", {{"os", "darwin"}, {"browser", "openclaw"}, {"device", "openclaw"}}}}}});
        }
        break;
      }
      case 11:  // HEARTBEAT_ACK
        heartbeatAcked = true;
        break;
      case 1:  // the server asks for a heartbeat now
        sendHeartbeat(c);
        break;
      case 7:  // RECONNECT
        log.info(kSubsystem, "gateway asked to reconnect");
        close(c, kReconnectCloseCode);
        break;
      case 9:  // INVALID_SESSION: d tells whether the session can be resumed
        if (!(d.is_boolean() && d.get<bool>())) {
          sessionId.clear();
          seq.reset();
        }
        log.info(kSubsystem, "gateway invalidated the session; reconnecting");
        close(c, kReconnectCloseCode);
        break;
      case 0:
        dispatch(c, msg.value("t", ""), d);
        break;
      default:
        break;
    }
  }

  void dispatch(const std::shared_ptr<Connection>& c, const std::string& type, const json& d) {
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
      send(c, json{{"op", 3}, {"d", {{"since", nullptr}, {"activities", json::array()}, {"status", "online"}, {"afk", false}}}});
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

  void startHeartbeat(const std::shared_ptr<Connection>& c) {
    heartbeatTimer.expires_after(heartbeatInterval);
    heartbeatTimer.async_wait([this, c](beast::error_code ec) {
      if (ec || c != conn || !c->open || stopping) return;
      if (!heartbeatAcked) {
        log.error(kSubsystem, "gateway heartbeat was not acknowledged; reconnecting");
        close(c, kReconnectCloseCode);
        return;
      }
      heartbeatAcked = false;
      sendHeartbeat(c);
      startHeartbeat(c);
    });
  }

  void sendHeartbeat(const std::shared_ptr<Connection>& c) { send(c, json{{"op", 1}, {"d", seq ? json(*seq) : json()}}); }

  void send(const std::shared_ptr<Connection>& c, const json& payload) {
    if (!c->open || c->closing) return;
    c->outbox.push_back(payload.dump());
    if (!c->writing) write(c);
  }

  void write(const std::shared_ptr<Connection>& c) {
    c->writing = true;
    c->ws.text(true);
    c->ws.async_write(net::buffer(c->outbox.front()), [this, c](beast::error_code ec, std::size_t) {
      c->outbox.pop_front();
      c->writing = false;
      if (ec) return;  // the read side notices the broken connection
      if (!c->outbox.empty() && c->open && !c->closing) write(c);
    });
  }

  void close(const std::shared_ptr<Connection>& c, std::uint16_t code) {
    if (!c->open || c->closing) return;
    c->closing = true;
    c->ws.async_close(websocket::close_reason(code), [c](beast::error_code) {});
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
    impl.heartbeatTimer.cancel();
    if (impl.conn) impl.close(impl.conn, websocket::close_code::normal);
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
