#pragma once

// Who listens on a TCP port, and whether one process descends from another: what the live
// checks need to say "port 19001 is held by the rescue's gateway" rather than "something
// answers on 19001".
//
//   auto lookup = makeDefaultPortOwnerLookup();   // /proc on Linux, lsof on macOS
//   auto pids = lookup->listeners(19001);
//   if (pids && !pids->empty() && isSameOrDescendant(pids->front(), jobPid)) ...
//
// A listener owned by another user may be invisible (no permission to read its /proc/<pid>/fd,
// or lsof without root): the result is then empty although the port accepts connections, so
// callers combine it with tcpPortAccepting().

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"

namespace harness {

class PortOwnerLookup {
 public:
  virtual ~PortOwnerLookup() = default;

  /**
   * Processes with a TCP socket in LISTEN state on `port` (any local address, IPv4 or IPv6).
   * @return the pids, sorted and unique; empty when nobody (visible) listens. Errors only when
   *   the lookup itself could not run (no /proc, lsof missing or timing out).
   */
  virtual Result<std::vector<pid_t>> listeners(uint16_t port) = 0;

  /**
   * The same for several ports at once (the /proc lookup scans the process table once).
   * @return port -> pids for every port asked; the default asks listeners() per port and fails
   *   when any of them fails.
   */
  virtual Result<std::map<uint16_t, std::vector<pid_t>>> listenersOf(const std::vector<uint16_t>& ports);
};

using PortOwnerLookupPtr = std::unique_ptr<PortOwnerLookup>;

// Linux: LISTEN sockets on the port from /proc/net/tcp and /proc/net/tcp6 give socket inodes;
// /proc/*/fd links "socket:[inode]" give the pids. `procRoot` is for tests.
PortOwnerLookupPtr makeProcPortOwnerLookup(std::filesystem::path procRoot = "/proc");

// macOS (and anywhere lsof exists): `lsof -nP -iTCP:PORT -sTCP:LISTEN -Fp`.
PortOwnerLookupPtr makeLsofPortOwnerLookup(std::filesystem::path lsof = "/usr/sbin/lsof");

// The system's own source (platform::nativePortOwnerSource): /proc on Linux, lsof on macOS.
PortOwnerLookupPtr makeDefaultPortOwnerLookup();

// Socket inodes in LISTEN state on `port` in one /proc/net/tcp{,6} text (pure; for tests).
std::vector<unsigned long> parseProcNetTcpListeners(std::string_view text, uint16_t port);

// Pids in `lsof -Fp` output ("p1234" lines; pure; for tests).
std::vector<pid_t> parseLsofPids(std::string_view text);

// True when `child` is `ancestor` or one of its descendants (the parent chain from
// platform::parentProcessId). False for pids <= 0 or when the chain cannot be read.
bool isSameOrDescendant(pid_t child, pid_t ancestor);

}  // namespace harness
