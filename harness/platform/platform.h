#pragma once

// Every call whose Linux and macOS forms differ, behind one small interface. The linux/ and
// macos/ folders hold one implementation each (CMake compiles the host's); code elsewhere in
// the harness calls these and carries no #ifdef of its own. What differs and why:
//   - socket type flags: Linux has SOCK_CLOEXEC/SOCK_NONBLOCK, macOS needs fcntl after socket();
//   - process facts: /proc on Linux, sysctl/libproc on macOS;
//   - closing inherited descriptors: close_range on Linux, a loop elsewhere;
//   - a child subreaper: prctl on Linux, not offered by macOS (the lab's teardown falls back on
//     process groups there).
//
//   int fd = platform::openStreamSocket(AF_INET, platform::SocketMode::NonBlocking);
//   auto dir = platform::makeTempDir("verify-host-sandbox");

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "harness/core/result.h"

namespace harness::platform {

enum class SocketMode { Blocking, NonBlocking };

/**
 * A SOCK_STREAM socket in `domain` (AF_INET, AF_INET6, AF_UNIX) that is close-on-exec, so a
 * process the harness spawns never inherits it.
 * @return the descriptor, or -1 with errno set.
 */
int openStreamSocket(int domain, SocketMode mode = SocketMode::Blocking);

/**
 * Marks every descriptor from `first` up close-on-exec. Async-signal-safe: runs in a forked
 * child between fork and exec.
 */
void markDescriptorsCloseOnExecFrom(int first) noexcept;

/**
 * A new private (0700) directory `<parent>/<prefix>.XXXXXX`; `parent` defaults to $TMPDIR, else /tmp.
 * @return its path; Io when it cannot be created.
 */
Result<std::filesystem::path> makeTempDir(std::string_view prefix, const std::filesystem::path& parent = {});

// This process's executable, absolute; empty when the system cannot say.
std::filesystem::path currentExecutable();

// The parent of `pid`, or nullopt when it cannot be read (gone, another user's, pid <= 0).
std::optional<pid_t> parentProcessId(pid_t pid);

// A process's short command name ("node", "launchctl"), empty when it cannot be read.
std::string processName(pid_t pid);

/**
 * Makes this process the reaper of its orphaned descendants, so a lab that starts gateways can
 * find and stop every one of them. @return false where the system has no such thing (macOS).
 */
bool becomeChildSubreaper() noexcept;

// Where this system's port owners come from: /proc/net/tcp{,6} (Linux) or lsof (macOS).
enum class PortOwnerSource { ProcNetTcp, Lsof };
PortOwnerSource nativePortOwnerSource() noexcept;

}  // namespace harness::platform
