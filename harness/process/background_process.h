#pragma once

// BackgroundProcess: a long-running child the harness owns (a fake Discord, a fake gateway
// started by hand, the sandbox's services), as opposed to runProcess's run-to-completion.
//
//   BackgroundProcessSpec spec{.executable = fakeDiscordPath, .args = {"--bots", botsFile}};
//   spec.logFile = dir / "fake-discord.log";
//   auto child = BackgroundProcess::start(spec);
//   if (!child) return child.error();
//   ...
//   child->stop();   // SIGTERM to its process group, SIGKILL after the grace; reaped
//
// The child runs in its own process group; stop() and the destructor signal the whole group,
// so helpers it started die with it. The destructor always stops and reaps: a test that fails
// half-way leaves no process behind. Plain POSIX (posix_spawn), no Boost.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace harness {

struct BackgroundProcessSpec {
  std::filesystem::path executable;  // absolute, or a bare name looked up in the child's PATH
  std::vector<std::string> args;     // argv[1..]
  // nullopt = inherit this process's environment; a map = exactly these variables.
  std::optional<std::map<std::string, std::string>> environment;
  // stdout and stderr are appended here; empty = /dev/null. stdin is always /dev/null.
  std::filesystem::path logFile;
  std::filesystem::path workingDirectory;  // empty = inherit
};

struct ExitStatus {
  int exitCode = -1;   // when it exited normally
  int termSignal = 0;  // when a signal ended it
  bool succeeded() const { return termSignal == 0 && exitCode == 0; }
};

class BackgroundProcess {
 public:
  // Errors: NotFound (executable), PermissionDenied, Io (log file), ProcessFailed (spawn).
  static Result<std::unique_ptr<BackgroundProcess>> start(const BackgroundProcessSpec& spec);

  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  const BackgroundProcessSpec& spec() const { return spec_; }

  // Not yet exited (reaps it if it has). Cheap: one waitpid(WNOHANG).
  bool running();
  // The exit status once it has exited and been reaped.
  std::optional<ExitStatus> exitStatus() const { return exit_; }

  // Sends `signal` to the child's process group (no-op once exited).
  void signal(int signal);
  // SIGTERM to the group, SIGKILL to the group after `grace`, then reaps. Idempotent.
  ExitStatus stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  // Gives up ownership: the child keeps running after this object is gone (verify-host
  // --sandbox --keep). Returns its pid; afterwards running() is false and stop() does nothing.
  pid_t detach();
  // Waits for the child to exit by itself, up to `timeout`.
  std::optional<ExitStatus> waitForExit(std::chrono::milliseconds timeout);

 private:
  BackgroundProcess(BackgroundProcessSpec spec, pid_t pid) : spec_(std::move(spec)), pid_(pid) {}
  bool reap(bool block);

  BackgroundProcessSpec spec_;
  pid_t pid_ = -1;
  std::optional<ExitStatus> exit_;
};

using BackgroundProcessPtr = std::unique_ptr<BackgroundProcess>;

}  // namespace harness
