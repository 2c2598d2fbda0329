#include "fakes/launchd/protocol.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

namespace fakes::launchd {

nlohmann::json toJson(const Request& r) {
  return {{"op", r.op}, {"argv", r.argv}, {"uid", r.uid}, {"cwd", r.cwd}, {"home", r.home}};
}

std::optional<Request> requestFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  Request r;
  try {
    r.op = j.value("op", std::string("launchctl"));
    if (auto it = j.find("argv"); it != j.end()) r.argv = it->get<std::vector<std::string>>();
    r.uid = j.value("uid", 0u);
    r.cwd = j.value("cwd", std::string("/"));
    r.home = j.value("home", std::string());
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return r;
}

nlohmann::json toJson(const Reply& r) {
  return {{"stdout", r.out}, {"stderr", r.err}, {"exitCode", r.exitCode}};
}

std::optional<Reply> replyFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  Reply r;
  try {
    r.out = j.value("stdout", std::string());
    r.err = j.value("stderr", std::string());
    r.exitCode = j.value("exitCode", 1);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return r;
}

int connectUnix(const std::filesystem::path& socketPath) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string path = socketPath.string();
  int dirFd = -1;
  if (path.size() >= sizeof(addr.sun_path)) {
    // Too long for sun_path: go through an O_PATH fd of the directory.
    dirFd = ::open(socketPath.parent_path().c_str(), O_PATH | O_CLOEXEC);
    if (dirFd < 0) {
      int e = errno;
      ::close(fd);
      errno = e;
      return -1;
    }
    path = "/proc/self/fd/" + std::to_string(dirFd) + "/" + socketPath.filename().string();
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int rc;
  do {
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  } while (rc != 0 && errno == EINTR);
  int e = errno;
  if (dirFd >= 0) ::close(dirFd);
  if (rc != 0) {
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

bool sendAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::string> receiveAll(int fd) {
  std::string out;
  char buf[16384];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

std::optional<Reply> roundTrip(int fd, const Request& request) {
  if (!sendAll(fd, toJson(request).dump() + "\n")) return std::nullopt;
  auto data = receiveAll(fd);
  if (!data) return std::nullopt;
  auto j = nlohmann::json::parse(*data, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return replyFromJson(j);
}

}  // namespace fakes::launchd
