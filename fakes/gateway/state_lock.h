#pragma once

// `<stateDir>/gateway.lock`: an flock held for the gateway's lifetime, so a second gateway on
// the same state dir refuses to start even when it was given another port. The file holds the
// owner's pid for the refusal message; the kernel drops the lock when the process dies, so a
// crashed gateway never leaves a stale lock behind.

#include <sys/types.h>

#include <filesystem>

#include "harness/core/result.h"

namespace fakes::gateway {

class StateLock {
 public:
  StateLock() = default;
  ~StateLock();
  StateLock(StateLock&& other) noexcept;
  StateLock& operator=(StateLock&& other) noexcept;
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

  // Creates the state dir if needed, then takes the lock without waiting.
  // Errors: Io with message `gateway already running (lock <path> held by pid N)` when another
  // process holds it; Io/PermissionDenied for file-system failures.
  static harness::Result<StateLock> acquire(const std::filesystem::path& stateDir);

  const std::filesystem::path& path() const { return path_; }
  bool held() const { return fd_ >= 0; }
  void release();

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace fakes::gateway
