#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness/platform/platform.h"

namespace harness::platform {

int openStreamSocket(int domain, SocketMode mode) {
  const int flags = SOCK_CLOEXEC | (mode == SocketMode::NonBlocking ? SOCK_NONBLOCK : 0);
  return ::socket(domain, SOCK_STREAM | flags, 0);
}

void markDescriptorsCloseOnExecFrom(int first) noexcept {
#ifdef SYS_close_range  // kernel 5.11+; older kernels answer ENOSYS and take the loop
  constexpr unsigned kCloseRangeCloexec = 1u << 2;  // CLOSE_RANGE_CLOEXEC
  if (::syscall(SYS_close_range, static_cast<unsigned>(first), ~0u, kCloseRangeCloexec) == 0) return;
#endif
  long maxFd = ::sysconf(_SC_OPEN_MAX);
  if (maxFd < 0 || maxFd > 4096) maxFd = 4096;
  for (int fd = first; fd < maxFd; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

}  // namespace harness::platform
