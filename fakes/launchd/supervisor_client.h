#pragma once

// Client side of the supervisor socket, shared by `launchctl` and `fake-launchd`:
// connecting, starting the supervisor on demand as a proper daemon, and the two mains.

#include <chrono>
#include <filesystem>

#include "fakes/launchd/launchd_root.h"
#include "fakes/launchd/protocol.h"
#include "harness/core/result.h"

namespace fakes::launchd {

// argv[1] of the daemonised supervisor: `<self> __fake_launchd_serve ROOT`.
inline constexpr const char* kServeVerb = "__fake_launchd_serve";
inline constexpr std::chrono::milliseconds kSupervisorStartTimeout{10000};

// A connected socket to the root's supervisor, or -1 if none answers (no start).
int connectSupervisor(const RootLayout& layout);

// Connects, starting the supervisor first when none answers: double fork + setsid, fds 0-2
// on /dev/null and ROOT/log/launchd.log (no inherited pipes), exec of /proc/self/exe with
// kServeVerb. Concurrent starters serialise on ROOT/run/launchd.start.lock. Waits (bounded)
// until the socket accepts.
harness::Result<int> connectOrStartSupervisor(const RootLayout& layout,
                                             std::chrono::milliseconds timeout = kSupervisorStartTimeout);

// Sends one request and returns the reply (connecting/starting as above when start is true).
harness::Result<Reply> callSupervisor(const RootLayout& layout, const Request& request, bool start);

int launchctlMain(int argc, char** argv);
int fakeLaunchdMain(int argc, char** argv);

}  // namespace fakes::launchd
