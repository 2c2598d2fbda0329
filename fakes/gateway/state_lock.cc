#include "fakes/gateway/state_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace fakes::gateway {

StateLock::~StateLock() { release(); }

StateLock::StateLock(StateLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

StateLock& StateLock::operator=(StateLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

void StateLock::release() {
  if (fd_ < 0) return;
  // Empty the pid first so a reader never sees a stale owner; closing drops the flock.
  (void)!::ftruncate(fd_, 0);
  ::close(fd_);
  fd_ = -1;
}

harness::Result<StateLock> StateLock::acquire(const std::filesystem::path& stateDir) {
  std::error_code ec;
  std::filesystem::create_directories(stateDir, ec);
  if (ec) return harness::Error{harness::ErrorCode::Io, "cannot create state dir: " + ec.message(), stateDir.string()};

  StateLock lock;
  lock.path_ = stateDir / "gateway.lock";
  lock.fd_ = ::open(lock.path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock.fd_ < 0) {
    const int err = errno;
    return harness::Error{err == EACCES ? harness::ErrorCode::PermissionDenied : harness::ErrorCode::Io,
                          std::string("cannot open lock: ") + std::strerror(err), lock.path_.string()};
  }
  if (::flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string owner = "unknown";
    char buf[32] = {};
    ssize_t n = ::pread(lock.fd_, buf, sizeof buf - 1, 0);
    if (n > 0) {
      std::string text(buf, static_cast<size_t>(n));
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      if (!text.empty()) owner = text;
    }
    ::close(lock.fd_);
    lock.fd_ = -1;
    if (err == EWOULDBLOCK) {
      return harness::Error{harness::ErrorCode::Io,
                            "gateway already running (lock " + lock.path_.string() + " held by pid " + owner + ")",
                            ""};
    }
    return harness::Error{harness::ErrorCode::Io, std::string("cannot lock: ") + std::strerror(err), lock.path_.string()};
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock.fd_, 0) != 0 || ::pwrite(lock.fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return harness::Error{harness::ErrorCode::Io, std::string("cannot write lock: ") + std::strerror(errno),
                          lock.path_.string()};
  }
  return lock;
}

}  // namespace fakes::gateway
