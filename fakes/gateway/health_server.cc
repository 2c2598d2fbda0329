#include "fakes/gateway/health_server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "fakes/gateway/http_listener.h"

namespace fakes::gateway {

HealthServer::HealthServer(HealthCallbacks callbacks)
    : callbacks_(std::move(callbacks)), listener_(std::make_unique<HttpListener>()) {
  auto& server = listener_->server();
  auto live = [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok":true,"status":"live"})", "application/json");
  };
  auto ready = [this](const httplib::Request&, httplib::Response& res) {
    const Readiness r = callbacks_.readiness ? callbacks_.readiness() : Readiness{true, {}};
    const auto uptime =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_).count();
    nlohmann::json body{{"ready", r.ready}, {"failing", r.failing}, {"uptimeMs", uptime}};
    res.status = r.ready ? 200 : 503;
    res.set_content(body.dump(), "application/json");
  };
  // httplib answers HEAD from the GET handlers.
  for (const char* path : {"/health", "/healthz"}) server.Get(path, live);
  for (const char* path : {"/ready", "/readyz"}) server.Get(path, ready);
  server.Get("/__fake/status", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content((callbacks_.statusJson ? callbacks_.statusJson() : nlohmann::json::object()).dump(),
                    "application/json");
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 404) res.set_content(R"({"error":"not found"})", "application/json");
  });
}

HealthServer::~HealthServer() { stop(); }

harness::Status HealthServer::bind(const std::string& host, uint16_t port) { return listener_->bind(host, port); }

harness::Status HealthServer::start() {
  started_ = std::chrono::steady_clock::now();
  return listener_->start();
}

void HealthServer::stop() { listener_->stop(); }

}  // namespace fakes::gateway
