#pragma once

// Wire protocol between launchctl / fake-launchd (clients) and the supervisor, over the
// Unix stream socket ROOT/run/launchd.sock. One request per connection:
//
//   client -> supervisor: one JSON object + "\n"
//     {"op":"launchctl","argv":["print","gui/0/L"],"uid":0,"cwd":"/","home":"/h"}
//     {"op":"shutdown"} | {"op":"reboot","home":"/h","uid":0} | {"op":"status"}
//   supervisor -> client: one JSON object + "\n", then the supervisor closes
//     {"stdout":"...","stderr":"...","exitCode":0}
//
// The supervisor may hold the reply back (bootout, kickstart -k, shutdown, reboot) until
// the operation finished.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace fakes::launchd {

struct Request {
  std::string op = "launchctl";
  std::vector<std::string> argv;  // launchctl arguments without argv[0]
  unsigned uid = 0;
  std::string cwd = "/";
  std::string home;
};

struct Reply {
  std::string out;
  std::string err;
  int exitCode = 0;

  static Reply success(std::string out = {}) { return {std::move(out), {}, 0}; }
  static Reply failure(int code, std::string err) { return {{}, std::move(err), code}; }
};

nlohmann::json toJson(const Request& r);
std::optional<Request> requestFromJson(const nlohmann::json& j);
nlohmann::json toJson(const Reply& r);
std::optional<Reply> replyFromJson(const nlohmann::json& j);

// Connects to a Unix socket; works for paths longer than sun_path through /proc/self/fd.
// Returns -1 (errno set) on failure. The fd is CLOEXEC.
int connectUnix(const std::filesystem::path& socketPath);
// Writes everything (MSG_NOSIGNAL). False on error.
bool sendAll(int fd, const std::string& data);
// Reads until EOF. nullopt on error.
std::optional<std::string> receiveAll(int fd);

// One round trip on a connected socket: send request, read the reply until EOF.
std::optional<Reply> roundTrip(int fd, const Request& request);

}  // namespace fakes::launchd
