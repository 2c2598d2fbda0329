#include "harness/probe/free_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

#include "harness/platform/platform.h"

namespace harness {
namespace {

bool canBind(uint16_t port) {
  int fd = platform::openStreamSocket(AF_INET);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

uint16_t pickFreePort() {
  int fd = platform::openStreamSocket(AF_INET);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("bind(127.0.0.1:0) failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

uint16_t pickFreePortRange(uint16_t span, const std::vector<uint16_t>& avoid) {
  // Stay below the Linux ephemeral range (32768+) so kernel-chosen client ports cannot land
  // inside a footprint between the probe and the gateway's bind.
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> dist(20000, 32000 - span);
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto base = static_cast<uint16_t>(dist(rng));
    bool clash = false;
    for (auto other : avoid) {
      if (base <= other + span && other <= base + span) clash = true;
    }
    if (clash) continue;
    bool free = true;
    for (uint32_t p = base; p <= static_cast<uint32_t>(base) + span && free; ++p) free = canBind(static_cast<uint16_t>(p));
    if (free) return base;
  }
  throw std::runtime_error("no free port range of span " + std::to_string(span));
}

}  // namespace harness
