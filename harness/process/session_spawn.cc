#include "harness/process/session_spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/platform/platform.h"

namespace harness {
namespace {

// Everything the child needs, as C strings, built before fork.
struct Prepared {
  std::vector<std::string> argvStrings;
  std::vector<std::string> envStrings;
  std::vector<char*> argv;
  std::vector<char*> envp;  // empty = inherit (execv)
  std::string executable, workingDirectory, stdinPath, stdoutPath, stderrPath;
  bool sharedOutput = false;
  bool setUmask = false;
  mode_t umask = 022;
  int failureCode = 127;
};

std::string orDevNull(const std::filesystem::path& p) { return p.empty() ? std::string("/dev/null") : p.string(); }

Prepared prepare(const SessionSpawnSpec& spec) {
  Prepared p;
  p.executable = spec.executable.string();
  p.argvStrings = spec.argv.empty() ? std::vector<std::string>{p.executable} : spec.argv;
  for (auto& s : p.argvStrings) p.argv.push_back(s.data());
  p.argv.push_back(nullptr);
  if (spec.environment) {
    for (const auto& [k, v] : *spec.environment) p.envStrings.push_back(k + "=" + v);
    for (auto& s : p.envStrings) p.envp.push_back(s.data());
    p.envp.push_back(nullptr);
  }
  p.workingDirectory = spec.workingDirectory.empty() ? std::string("/") : spec.workingDirectory.string();
  p.stdinPath = orDevNull(spec.stdinPath);
  p.stdoutPath = orDevNull(spec.stdoutPath);
  p.stderrPath = orDevNull(spec.stderrPath);
  p.sharedOutput = p.stderrPath == p.stdoutPath;
  p.setUmask = spec.umask.has_value();
  p.umask = spec.umask.value_or(022);
  p.failureCode = spec.setupFailureExitCode;
  return p;
}

// Opens `path` onto `target`; async-signal-safe.
bool redirect(const char* path, int flags, int target) {
  int fd = ::open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  if (fd == target) return ::fcntl(fd, F_SETFD, 0) == 0;
  const bool ok = ::dup2(fd, target) >= 0;  // dup2 clears FD_CLOEXEC on target
  ::close(fd);
  return ok;
}

// In the forked child: clean signal state, new session (unless the caller made one already),
// files, directory, exec. Never returns.
[[noreturn]] void becomeProgram(const Prepared& p, bool newSession) {
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::signal(sig, SIG_DFL);
  }
  if (newSession) ::setsid();
  if (p.setUmask) ::umask(p.umask);
  if (!redirect(p.stdinPath.c_str(), O_RDONLY, 0)) ::_exit(p.failureCode);
  if (!redirect(p.stdoutPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 1)) ::_exit(p.failureCode);
  if (p.sharedOutput) {
    if (::dup2(1, 2) < 0) ::_exit(p.failureCode);
  } else if (!redirect(p.stderrPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 2)) {
    ::_exit(p.failureCode);
  }
  platform::markDescriptorsCloseOnExecFrom(3);
  if (::chdir(p.workingDirectory.c_str()) != 0) ::_exit(p.failureCode);
  if (p.envp.empty()) {
    ::execv(p.executable.c_str(), p.argv.data());
  } else {
    ::execve(p.executable.c_str(), p.argv.data(), p.envp.data());
  }
  ::_exit(p.failureCode);
}

}  // namespace

Result<pid_t> spawnInNewSession(const SessionSpawnSpec& spec) {
  const Prepared prepared = prepare(spec);
  const pid_t pid = ::fork();
  if (pid < 0) return Error{ErrorCode::ProcessFailed, std::strerror(errno), prepared.executable};
  if (pid == 0) becomeProgram(prepared, true);
  return pid;
}

Status spawnDaemon(const SessionSpawnSpec& spec) {
  const Prepared prepared = prepare(spec);
  const pid_t child = ::fork();
  if (child < 0) return Error{ErrorCode::ProcessFailed, std::strerror(errno), prepared.executable};
  if (child == 0) {
    // The classic double fork: the intermediate child leads the new session and leaves at once,
    // so the daemon is reparented and, not being a session leader, never gets a controlling
    // terminal.
    ::setsid();
    const pid_t daemon = ::fork();
    if (daemon != 0) ::_exit(daemon < 0 ? 1 : 0);
    becomeProgram(prepared, false);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Error{ErrorCode::ProcessFailed, "fork of the daemon failed", prepared.executable};
  }
  return ok();
}

}  // namespace harness
