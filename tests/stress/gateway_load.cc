#include "tests/stress/gateway_load.h"

// Boost 1.74 asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace harness::testing {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

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

// One bot connection. Lives on the io thread; kept alive by its pending operations.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(net::io_context& ioc, Shared& shared, int index, std::string token, const GatewayLoadOptions& options)
      : ws_(net::make_strand(ioc)),
        timer_(ws_.get_executor()),
        shared_(shared),
        index_(index),
        token_(std::move(token)),
        options_(options) {}

  void start() {
    beast::error_code ec;
    const tcp::endpoint endpoint(net::ip::make_address(options_.host, ec), options_.port);
    if (ec) return fail("bad host " + options_.host);
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(ws_).async_connect(endpoint, [self = shared_from_this()](beast::error_code e) {
      if (e) return self->fail("connect: " + e.message());
      beast::get_lowest_layer(self->ws_).expires_never();
      self->ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      self->ws_.async_handshake(self->options_.host + ":" + std::to_string(self->options_.port),
                                "/?v=10&encoding=json", [self](beast::error_code e2) {
                                  if (e2) return self->fail("handshake: " + e2.message());
                                  {
                                    std::lock_guard lock(self->shared_.mutex);
                                    ++self->shared_.open;
                                  }
                                  self->open_ = true;
                                  self->read();
                                });
    });
  }

  // Client-initiated close (1000); the read loop then ends with `closed`.
  void close() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      self->timer_.cancel();
      if (!self->open_) return;
      self->queue_.push_back({});  // empty = the close frame, sent in order after pending writes
      if (self->queue_.size() == 1) self->writeNext();
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code e, std::size_t) { self->onRead(e); });
  }

  void onRead(beast::error_code e) {
    if (e) {
      finish(e == websocket::error::closed || closing_
                 ? ""
                 : "read: " + e.message() + " (close " + std::to_string(ws_.reason().code) + ")");
      return;
    }
    const auto payload = nlohmann::json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
    buffer_.consume(buffer_.size());
    const int op = payload.is_object() ? payload.value("op", -1) : -1;
    if (op == 10) {
      send(nlohmann::json{{"op", 2},
                          {"d",
                           {{"token", token_},
                            {"intents", 46601},
                            {"properties", {{"os", "linux"}, {"browser", "load"}, {"device", "load"}}}}}}
               .dump());
      heartbeat();
    } else if (op == 0) {
      if (payload.contains("s") && payload["s"].is_number_integer()) seq_ = payload["s"].get<int64_t>();
      std::lock_guard lock(shared_.mutex);
      ++shared_.dispatches;
      if (payload.value("t", std::string()) == "READY") {
        ++shared_.ready;
        shared_.changed.notify_all();
      }
    } else if (op == 11) {
      unacked_ = 0;
      std::lock_guard lock(shared_.mutex);
      ++shared_.acks;
    }
    read();
  }

  void heartbeat() {
    timer_.expires_after(options_.heartbeatInterval);
    timer_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (e || self->closing_) return;
      self->send(seqPayload(self->seq_));
      ++self->unacked_;
      {
        std::lock_guard lock(self->shared_.mutex);
        ++self->shared_.heartbeats;
        self->shared_.maxUnacked = std::max(self->shared_.maxUnacked, self->unacked_);
      }
      self->heartbeat();
    });
  }

  static std::string seqPayload(int64_t seq) {
    return seq < 0 ? std::string(R"({"op":1,"d":null})") : R"({"op":1,"d":)" + std::to_string(seq) + "}";
  }

  // Beast allows one outstanding write per stream: frames queue here.
  void send(std::string text) {
    if (closing_ && !text.empty()) return;
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) writeNext();
  }

  void writeNext() {
    if (queue_.front().empty()) {
      ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {
        self->queue_.clear();
      });
      return;
    }
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()), [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (e) {
        self->queue_.clear();
        return;  // the read loop reports the broken connection
      }
      self->queue_.pop_front();
      if (!self->queue_.empty()) self->writeNext();
    });
  }

  void fail(const std::string& what) {
    shared_.error("session " + std::to_string(index_) + ": " + what);
  }

  void finish(const std::string& error) {
    timer_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (open_) {
      open_ = false;
      std::lock_guard lock(shared_.mutex);
      --shared_.open;
      shared_.changed.notify_all();
    }
    if (!error.empty()) fail(error);
  }

  websocket::stream<beast::tcp_stream> ws_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  Shared& shared_;
  const int index_;
  const std::string token_;
  const GatewayLoadOptions& options_;
  int64_t seq_ = -1;
  int64_t unacked_ = 0;
  bool open_ = false;
  bool closing_ = false;
};

}  // namespace

struct GatewayLoad::Impl {
  GatewayLoadOptions options;
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
  Shared shared;
  std::vector<std::shared_ptr<Session>> sessions;
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
        std::make_shared<Session>(impl_->ioc, impl_->shared, static_cast<int>(i), impl_->options.tokens[i], impl_->options));
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
  for (auto& s : impl_->sessions) s->close();
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
