#include "fakes/gateway/discord_rest.h"

#include <httplib.h>

#include <charconv>

namespace fakes::gateway {
namespace {

harness::Error badUrl(const std::string& why) {
  return harness::Error{harness::ErrorCode::InvalidInput, "DISCORD_API_URL " + why, "DISCORD_API_URL"};
}

bool isLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

void configure(httplib::Client& client, std::chrono::milliseconds timeout) {
  const auto sec = static_cast<time_t>(timeout.count() / 1000);
  const auto usec = static_cast<time_t>((timeout.count() % 1000) * 1000);
  client.set_connection_timeout(sec, usec);
  client.set_read_timeout(sec, usec);
  client.set_write_timeout(sec, usec);
}

harness::Result<RestResponse> finish(const httplib::Result& result, const std::string& what) {
  if (!result) {
    const auto err = result.error();
    return harness::Error{err == httplib::Error::Read ? harness::ErrorCode::Timeout : harness::ErrorCode::Io,
                          httplib::to_string(err), what};
  }
  RestResponse out;
  out.status = result->status;
  out.body = nlohmann::json::parse(result->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

}  // namespace

harness::Result<DiscordApiUrl> parseDiscordApiUrl(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind("https://", 0) == 0) return badUrl("uses https; the fake gateway only talks to a loopback http fake");
  if (url.rfind(scheme, 0) != 0) return badUrl("must start with http://");
  if (url.find_first_of("?#") != std::string::npos) return badUrl("must not contain a query or fragment");
  std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string::npos) return badUrl("must not contain credentials");

  DiscordApiUrl out;
  std::string portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return badUrl("has a malformed host");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') portText = authority.substr(close + 2);
  } else {
    const auto colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) portText = authority.substr(colon + 1);
  }
  if (out.host.empty()) return badUrl("has no host");
  if (!isLoopbackHost(out.host)) return badUrl("must point at a loopback host");
  if (!portText.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (ec != std::errc() || end != portText.data() + portText.size() || port == 0 || port > 65535)
      return badUrl("has an invalid port");
    out.port = static_cast<uint16_t>(port);
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  out.basePath = path;
  return out;
}

harness::Result<RestResponse> DiscordRest::get(const std::string& path) const {
  httplib::Client client(base_.host, base_.port);
  configure(client, timeout_);
  const std::string full = base_.basePath + "/" + path;
  return finish(client.Get(full.c_str(), httplib::Headers{{"Authorization", "Bot " + token_}}), "GET " + full);
}

harness::Result<RestResponse> DiscordRest::post(const std::string& path, const nlohmann::json& body) const {
  httplib::Client client(base_.host, base_.port);
  configure(client, timeout_);
  const std::string full = base_.basePath + "/" + path;
  return finish(client.Post(full.c_str(), httplib::Headers{{"Authorization", "Bot " + token_}}, body.dump(),
                            "application/json"),
                "POST " + full);
}

std::string describeRestError(const RestResponse& response) {
  if (response.body.is_object() && response.body.contains("message") && response.body["message"].is_string()) {
    return response.body["message"].get<std::string>();
  }
  return "HTTP " + std::to_string(response.status);
}

}  // namespace fakes::gateway
