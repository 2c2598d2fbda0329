#include "tests/unit/live/live_test_support.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

#include "harness/testing/wait.h"

namespace harness::testing {

ListeningSocket::ListeningSocket(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

ListeningSocket::~ListeningSocket() {
  if (fd_ >= 0) ::close(fd_);
}

struct GatewayStandIn::Impl {
  httplib::Server server;
  std::thread thread;
  std::optional<ListeningSocket> browser;
  bool bound = false;
};

GatewayStandIn::GatewayStandIn(uint16_t port, bool withBrowserControl) : impl_(std::make_unique<Impl>()) {
  impl_->server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    res.status = healthzStatus.load();
    res.set_content(R"({"ok":true,"status":"live"})", "application/json");
  });
  impl_->server.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    const bool r = ready.load();
    res.status = r ? 200 : 503;
    res.set_content(r ? R"({"ready":true,"failing":[],"uptimeMs":5})" : R"({"ready":false,"failing":["discord"],"uptimeMs":5})",
                    "application/json");
  });
  impl_->bound = impl_->server.bind_to_port("127.0.0.1", port);
  if (!impl_->bound) return;
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  EXPECT_TRUE(waitFor("stand-in gateway running", [this] { return impl_->server.is_running(); }));
  if (withBrowserControl) impl_->browser.emplace(static_cast<uint16_t>(port + 2));
}

GatewayStandIn::~GatewayStandIn() {
  if (impl_->thread.joinable()) {
    impl_->server.stop();
    impl_->thread.join();
  }
}

bool GatewayStandIn::ok() const { return impl_->bound && (!impl_->browser || impl_->browser->ok()); }

}  // namespace harness::testing
