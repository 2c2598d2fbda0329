#include "harness/probe/http_probe.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace harness {
namespace {

std::string url(const HttpTarget& t, const std::string& path) {
  return "http://" + t.host + ":" + std::to_string(t.port) + path;
}

Result<HttpResponse> finish(const HttpTarget& t, const std::string& path, const httplib::Result& r) {
  if (!r) {
    const auto err = r.error();
    const ErrorCode code = (err == httplib::Error::Read || err == httplib::Error::Write) ? ErrorCode::Timeout
                           : err == httplib::Error::Connection                          ? ErrorCode::Io
                                                                                        : ErrorCode::Io;
    return Error{code, httplib::to_string(err), url(t, path)};
  }
  return HttpResponse{r->status, r->body, r->get_header_value("Content-Type")};
}

httplib::Client client(const HttpTarget& t) {
  httplib::Client c(t.host, t.port);
  const auto sec = static_cast<time_t>(t.timeout.count() / 1000);
  const auto usec = static_cast<time_t>((t.timeout.count() % 1000) * 1000);
  c.set_connection_timeout(sec, usec);
  c.set_read_timeout(sec, usec);
  c.set_write_timeout(sec, usec);
  c.set_keep_alive(false);
  return c;
}

}  // namespace

Result<HttpResponse> httpGet(const HttpTarget& target, const std::string& path) {
  auto c = client(target);
  return finish(target, path, c.Get(path.c_str()));
}

GatewayHealth probeGatewayHealth(const HttpTarget& target) {
  GatewayHealth h;
  auto live = httpGet(target, "/healthz");
  if (!live) {
    h.error = live.error().describe();
    return h;
  }
  h.live = live->status == 200;
  if (!h.live) h.error = "/healthz answered " + std::to_string(live->status);
  auto ready = httpGet(target, "/readyz");
  if (!ready) {
    if (h.error.empty()) h.error = ready.error().describe();
    return h;
  }
  auto body = nlohmann::json::parse(ready->body, nullptr, false);
  if (body.is_object()) {
    if (auto it = body.find("failing"); it != body.end() && it->is_array()) {
      for (const auto& f : *it) {
        if (f.is_string()) h.failing.push_back(f.get<std::string>());
      }
    }
    auto flag = body.find("ready");
    h.ready = ready->status == 200 && flag != body.end() && flag->is_boolean() && flag->get<bool>();
  }
  if (!h.ready && h.error.empty()) {
    h.error = "/readyz answered " + std::to_string(ready->status);
    for (const auto& f : h.failing) h.error += (f == h.failing.front() ? ": failing " : ", ") + f;
  }
  return h;
}

}  // namespace harness
