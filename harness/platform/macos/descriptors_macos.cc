// macOS has no SOCK_CLOEXEC/SOCK_NONBLOCK type flags and no close_range: set the flags with
// fcntl right after socket(). The window between the two calls is why the process runner also
// marks every descriptor close-on-exec in each child it forks.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "harness/platform/platform.h"

namespace harness::platform {

int openStreamSocket(int domain, SocketMode mode) {
  const int fd = ::socket(domain, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  bool ok = ::fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
  if (ok && mode == SocketMode::NonBlocking) {
    const int flags = ::fcntl(fd, F_GETFL);
    ok = flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
  }
  // A socket opened with SIGPIPE on would kill the harness when a peer goes away mid-write.
  const int on = 1;
  ok = ok && ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) == 0;
  if (!ok) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

void markDescriptorsCloseOnExecFrom(int first) noexcept {
  long maxFd = ::sysconf(_SC_OPEN_MAX);
  if (maxFd < 0 || maxFd > 4096) maxFd = 4096;
  for (int fd = first; fd < maxFd; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

}  // namespace harness::platform
