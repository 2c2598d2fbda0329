#include "tests/stress/gateway_load.h"

// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "fakes/discord_gateway_client/gateway_payloads.h"
#include "fakes/discord_gateway_client/gateway_session.h"

namespace harness::testing {
namespace {

namespace net = boost::asio;
namespace dg = fakes::discord_gateway;

constexpr size_t kMaxErrors = 20;

// Figures shared by the sessions (io thread) and the test thread.
struct Shared {
  mutable std::mutex mutex;
  std::condition_variable changed;
  int ready = 0;
  int open = 0;
  int failed = 0;
  int64_t heartbeats = 0, acks = 0, dispatches = 0, maxUnacked = 0;
  std::vector<std::string> errors;

  void error(const std::string& what) {
    std::lock_guard lock(mutex);
    ++failed;
    if (errors.size() < kMaxErrors) errors.push_back(what);
    changed.notify_all();
  }
};

// One bot connection: the lab's GatewaySession, counting into Shared. Lives on the io thread.
class Session {
 public:
  Session(net::io_context& ioc, Shared& shared, int index, const std::string& token, const GatewayLoadOptions& options)
      : shared_(shared), index_(index) {
    dg::GatewaySessionOptions o;
    o.socket.host = options.host;
    o.socket.port = options.port;
    o.socket.connectTimeout = std::chrono::seconds(30);
    o.socket.handshakeTimeout = std::chrono::seconds(30);
    o.identify = dg::identifyPayload(token, dg::kOpenClawIntents, {.browser = "load", .device = "load"}).dump();
    o.heartbeatInterval = options.heartbeatInterval;
    o.reconnectOnMissedAck = false;  // a slow ACK is a figure here (maxUnacked), not a reason to leave
    dg::GatewaySessionHandlers h;
    h.onOpen = [this] {
      open_ = true;
      std::lock_guard lock(shared_.mutex);
      ++shared_.open;
    };
    h.onDispatch = [this](const std::string& type, const nlohmann::json&) {
      std::lock_guard lock(shared_.mutex);
      ++shared_.dispatches;
      if (type == "READY") {
        ++shared_.ready;
        shared_.changed.notify_all();
      }
    };
    h.onHeartbeat = [this](int64_t unacked) {
      std::lock_guard lock(shared_.mutex);
      ++shared_.heartbeats;
      shared_.maxUnacked = std::max(shared_.maxUnacked, unacked);
    };
    h.onHeartbeatAck = [this] {
      std::lock_guard lock(shared_.mutex);
      ++shared_.acks;
    };
    h.onClosed = [this](const dg::GatewayClose& close) { onClosed(close); };
    session_ = std::make_unique<dg::GatewaySession>(ioc, std::move(o), std::move(h));
  }

  void start() { session_->start(); }

  // Client-initiated close (1000); on the io thread.
  void close() {
    closing_ = true;
    session_->close(1000);
  }

 private:
  void onClosed(const dg::GatewayClose& close) {
    std::string error;
    if (close.stage == dg::GatewayClose::Stage::Connect) {
      error = "connect: " + close.error;
    } else if (close.stage == dg::GatewayClose::Stage::Handshake) {
      error = "handshake: " + close.error;
    } else if (!close.clean && !closing_) {
      error = "read: " + close.error + " (close " + std::to_string(close.code) + ")";
    }
    if (open_) {
      open_ = false;
      std::lock_guard lock(shared_.mutex);
      --shared_.open;
      shared_.changed.notify_all();
    }
    if (!error.empty()) shared_.error("session " + std::to_string(index_) + ": " + error);
  }

  Shared& shared_;
  const int index_;
  std::unique_ptr<dg::GatewaySession> session_;
  bool open_ = false;
  bool closing_ = false;
};

}  // namespace

struct GatewayLoad::Impl {
  GatewayLoadOptions options;
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
  Shared shared;
  std::vector<std::unique_ptr<Session>> sessions;
  std::thread thread;
  bool stopped = false;

  GatewayLoadStats snapshot() const {
    std::lock_guard lock(shared.mutex);
    GatewayLoadStats s;
    s.sessions = static_cast<int>(sessions.size());
    s.ready = shared.ready;
    s.open = shared.open;
    s.heartbeats = shared.heartbeats;
    s.acks = shared.acks;
    s.dispatches = shared.dispatches;
    s.maxUnacked = shared.maxUnacked;
    s.errors = shared.errors;
    return s;
  }
};

GatewayLoad::GatewayLoad(GatewayLoadOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  for (size_t i = 0; i < impl_->options.tokens.size(); ++i) {
    impl_->sessions.push_back(
        std::make_unique<Session>(impl_->ioc, impl_->shared, static_cast<int>(i), impl_->options.tokens[i], impl_->options));
  }
  for (auto& s : impl_->sessions) s->start();
  impl_->thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

GatewayLoad::~GatewayLoad() { stop(); }

bool GatewayLoad::waitAllReady(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->shared.mutex);
  const int want = static_cast<int>(impl_->sessions.size());
  return impl_->shared.changed.wait_for(lock, timeout, [&] {
    return impl_->shared.ready >= want || impl_->shared.failed > 0;
  }) && impl_->shared.ready >= want;
}

GatewayLoadStats GatewayLoad::stats() const { return impl_->snapshot(); }

GatewayLoadStats GatewayLoad::stop(std::chrono::milliseconds timeout) {
  if (impl_->stopped) return impl_->snapshot();
  impl_->stopped = true;
  net::post(impl_->ioc, [impl = impl_.get()] {
    for (auto& s : impl->sessions) s->close();
  });
  {
    std::unique_lock lock(impl_->shared.mutex);
    if (!impl_->shared.changed.wait_for(lock, timeout, [&] { return impl_->shared.open == 0; })) {
      if (impl_->shared.errors.size() < kMaxErrors) {
        impl_->shared.errors.push_back(std::to_string(impl_->shared.open) + " session(s) still open after close");
      }
    }
  }
  impl_->work.reset();
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  GatewayLoadStats s = impl_->snapshot();
  impl_->sessions.clear();
  return s;
}

}  // namespace harness::testing
