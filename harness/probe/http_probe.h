#pragma once

// Plain HTTP/1.1 requests to loopback services: the gateways' health endpoints, the fake
// Discord's control API. cpp-httplib stays inside http_probe.cc.
//
//   auto r = httpGet(HttpTarget{.port = 19001}, "/readyz");
//   if (r && r->status == 200) ...
//
// Never throws; connection refused, timeouts and malformed answers are Errors naming the URL.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace harness {

struct HttpTarget {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::chrono::milliseconds timeout{2000};  // connect, read and write each
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string contentType;
};

// Errors: Io (refused, reset), Timeout, InvalidInput (bad answer). Context: "http://host:port/path".
Result<HttpResponse> httpGet(const HttpTarget& target, const std::string& path);

// What a gateway's /healthz and /readyz say (facts/openclaw-drift.md §5.1).
struct GatewayHealth {
  bool live = false;     // /healthz answered 200
  bool ready = false;    // /readyz answered 200 with ready:true
  std::vector<std::string> failing;  // readyz "failing" entries
  std::string error;     // why not live/ready, one line
};

GatewayHealth probeGatewayHealth(const HttpTarget& target);

}  // namespace harness
