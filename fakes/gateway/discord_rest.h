#pragma once

// Discord REST as the fake gateway uses it: `Authorization: Bot <token>` against the base from
// DISCORD_API_URL (facts/openclaw-drift.md §6.1). Only plain http to a loopback host is
// accepted: the fake gateway never talks to the real Discord. httplib stays in the .cc.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

#include "harness/core/result.h"

namespace fakes::gateway {

struct DiscordApiUrl {
  std::string host;      // "127.0.0.1"
  uint16_t port = 80;
  std::string basePath;  // "/api/v10" (no trailing slash)
  // The gateway WebSocket must stay on this origin: "ws://host:port".
  std::string wsOrigin() const { return "ws://" + host + ":" + std::to_string(port); }
};

// Errors: InvalidInput for anything but http://<loopback>[:port][/path] without credentials,
// query or fragment (https is valid for OpenClaw but not served by any fake).
harness::Result<DiscordApiUrl> parseDiscordApiUrl(const std::string& url);

struct RestResponse {
  int status = 0;
  nlohmann::json body;  // null when the body is not JSON
};

class DiscordRest {
 public:
  DiscordRest(DiscordApiUrl base, std::string token, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000))
      : base_(std::move(base)), token_(std::move(token)), timeout_(timeout) {}

  // `path` is relative to the base: "users/@me". Errors only for transport failures (Io/Timeout);
  // HTTP errors come back as a RestResponse with their status.
  harness::Result<RestResponse> get(const std::string& path) const;
  harness::Result<RestResponse> post(const std::string& path, const nlohmann::json& body) const;

  const DiscordApiUrl& base() const { return base_; }

 private:
  DiscordApiUrl base_;
  std::string token_;
  std::chrono::milliseconds timeout_;
};

// "401: Unauthorized" from a Discord error body, else "HTTP <status>".
std::string describeRestError(const RestResponse& response);

}  // namespace fakes::gateway
