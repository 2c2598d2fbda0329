#pragma once

// The two spawns that runProcess (Boost.Process) and BackgroundProcess (posix_spawn) cannot
// express, done by hand with fork + exec in this one place. Both start the program as the
// leader of a new session (setsid), as launchd starts a job:
//
//   * spawnInNewSession: the fake launchd's jobs. posix_spawn cannot set a umask or open
//     three different files onto stdin/stdout/stderr before exec while keeping a failure
//     inside the child: launchd reports a job whose chdir, redirection or exec fails as having
//     exited with EX_CONFIG (78), not as an error of the caller. The caller reaps the pid.
//   * spawnDaemon: the fake launchd's supervisor, double-forked so that it is nobody's child
//     (reparented to init or a subreaper) and outlives the launchctl that started it.
//
// In the child only async-signal-safe calls run (the callers are multi-threaded): everything
// is laid out before fork. The child gets default signal dispositions, an empty signal mask,
// and no descriptors above 2.
//
//   SessionSpawnSpec spec{.executable = "/bin/sleep", .argv = {"sleep", "100"}};
//   spec.stdoutPath = dir / "out.log";
//   auto pid = spawnInNewSession(spec);    // then waitpid(*pid, ...)

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace harness {

struct SessionSpawnSpec {
  std::filesystem::path executable;  // exec'd as is (no PATH lookup: see findExecutable)
  std::vector<std::string> argv;     // argv[0..]; empty = {executable}
  // nullopt = inherit this process's environment; a map = exactly these variables.
  std::optional<std::map<std::string, std::string>> environment;
  std::filesystem::path workingDirectory = "/";
  // Empty = /dev/null. stdout and stderr are appended to (created 0644); the same path for
  // both shares one descriptor.
  std::filesystem::path stdinPath;
  std::filesystem::path stdoutPath;
  std::filesystem::path stderrPath;
  std::optional<mode_t> umask;  // nullopt = inherit
  // The child's exit status when chdir, a redirection or exec fails.
  int setupFailureExitCode = 127;
};

// The new session leader's pid; ProcessFailed when fork fails.
Result<pid_t> spawnInNewSession(const SessionSpawnSpec& spec);

// Double fork: returns once the intermediate child has exited, the program running on in its
// own session with no parent to report to. ProcessFailed when a fork fails.
Status spawnDaemon(const SessionSpawnSpec& spec);

}  // namespace harness
