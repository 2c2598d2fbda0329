#include "fakes/gateway/browser_control_server.h"

#include <httplib.h>

#include "fakes/gateway/http_listener.h"

namespace fakes::gateway {

BrowserControlServer::BrowserControlServer() : listener_(std::make_unique<HttpListener>()) {
  auto ok = [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(R"({"ok":true})", "application/json");
  };
  auto& server = listener_->server();
  server.Get(".*", ok);
  server.Post(".*", ok);
  server.Put(".*", ok);
  server.Delete(".*", ok);
}

BrowserControlServer::~BrowserControlServer() { stop(); }

harness::Status BrowserControlServer::bind(const std::string& host, uint16_t port) { return listener_->bind(host, port); }

harness::Status BrowserControlServer::start() { return listener_->start(); }

void BrowserControlServer::stop() { listener_->stop(); }

}  // namespace fakes::gateway
