#include "fakes/gateway/http_listener.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "harness/core/poll.h"

namespace fakes::gateway {

struct HttpListener::Impl {
  httplib::Server server;
  std::thread thread;
  bool bound = false;
};

HttpListener::HttpListener() : impl_(std::make_unique<Impl>()) {
  impl_->server.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Short keep-alive: an idle client must not hold the shutdown (SIGTERM → exit within 1 s).
  impl_->server.set_keep_alive_max_count(1);
  impl_->server.set_keep_alive_timeout(1);
  impl_->server.set_read_timeout(1, 0);
  impl_->server.set_write_timeout(1, 0);
}

HttpListener::~HttpListener() { stop(); }

httplib::Server& HttpListener::server() { return impl_->server; }

harness::Status HttpListener::bind(const std::string& host, uint16_t port) {
  if (!impl_->server.bind_to_port(host, port)) {
    return harness::Error{harness::ErrorCode::Io, "port " + std::to_string(port) + " is already in use",
                          host + ":" + std::to_string(port)};
  }
  impl_->bound = true;
  return harness::ok();
}

harness::Status HttpListener::start() {
  if (!impl_->bound) return harness::Error{harness::ErrorCode::Io, "not bound", ""};
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  // httplib 0.11 has no wait_until_ready: stop() before the loop runs would be lost.
  const auto running = harness::pollFor(std::chrono::seconds(5), [&] { return impl_->server.is_running(); },
                                        {.interval = std::chrono::milliseconds(1)});
  if (running != harness::PollEnd::Done) {
    return harness::Error{harness::ErrorCode::Timeout, "HTTP server did not start", ""};
  }
  return harness::ok();
}

void HttpListener::stop() {
  if (impl_->thread.joinable()) {
    impl_->server.stop();
    impl_->thread.join();
  }
  impl_->bound = false;
}

}  // namespace fakes::gateway
