#pragma once

// One HTTP request/response as the routers see it: plain strings, so the routers need no
// Beast and can be unit-tested directly. HttpSession converts to and from Beast messages.

#include <chrono>
#include <string>

namespace fakes::discord {

struct HttpExchange {
  std::string method;         // "GET", "POST", ...
  std::string target;         // as sent: path and query, still percent-encoded
  std::string host;           // Host header, else the local address:port; used for ws:// URLs
  std::string authorization;  // the Authorization header (a secret; never logged)
  std::string body;
};

struct HttpReply {
  int status = 200;
  std::string body;  // JSON, or empty for 204
  // Set by the router for routes the fake delays on purpose (--users-me-delay-ms).
  std::chrono::milliseconds delay{0};
};

// Splits a target into its path and query ("/a?b=c" -> "/a", "b=c").
std::string targetPath(const std::string& target);
std::string targetQuery(const std::string& target);
// %XX decoding; an invalid escape is kept as written. '+' stays '+' (it is a path, not a form).
std::string percentDecode(const std::string& text);
// The value of one query parameter, decoded; empty when absent.
std::string queryParam(const std::string& query, const std::string& name);

}  // namespace fakes::discord
