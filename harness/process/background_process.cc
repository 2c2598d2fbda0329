#include "harness/process/background_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/core/environment.h"
#include "harness/core/poll.h"
#include "harness/process/process_runner.h"

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;

ExitStatus decode(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) s.exitCode = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) s.termSignal = WTERMSIG(status);
  return s;
}

std::vector<char*> cStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<std::unique_ptr<BackgroundProcess>> BackgroundProcess::start(const BackgroundProcessSpec& spec) {
  const std::string commandLine = formatCommandLine(spec.executable, spec.args);
  std::map<std::string, std::string> env = spec.environment ? *spec.environment : currentEnvironment();

  std::filesystem::path executable = spec.executable;
  if (executable.string().find('/') == std::string::npos) {
    auto it = env.find("PATH");
    auto found = findExecutable(executable.string(), it == env.end() ? "/usr/bin:/bin" : it->second);
    if (!found) return Error{ErrorCode::NotFound, "executable not found in PATH", commandLine};
    executable = *found;
  } else if (::access(executable.c_str(), X_OK) != 0) {
    const int err = errno;
    return Error{err == ENOENT ? ErrorCode::NotFound : ErrorCode::PermissionDenied, std::strerror(err), commandLine};
  }

  const std::string logPath = spec.logFile.empty() ? std::string("/dev/null") : spec.logFile.string();
  const int logFd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (logFd < 0) return Error{ErrorCode::Io, std::string("cannot open log: ") + std::strerror(errno), logPath};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, logFd, 1);
  posix_spawn_file_actions_adddup2(&actions, logFd, 2);
  if (!spec.workingDirectory.empty()) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
    posix_spawn_file_actions_addchdir_np(&actions, spec.workingDirectory.c_str());
#endif
  }

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGHUP);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv{spec.executable.string()};
  argv.insert(argv.end(), spec.args.begin(), spec.args.end());
  std::vector<std::string> envp;
  envp.reserve(env.size());
  for (const auto& [k, v] : env) envp.push_back(k + "=" + v);
  auto argvC = cStrings(argv);
  auto envC = cStrings(envp);

  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, executable.c_str(), &actions, &attr, argvC.data(), envC.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(logFd);
  if (rc != 0) return Error{ErrorCode::ProcessFailed, std::string("posix_spawn: ") + std::strerror(rc), commandLine};
  return std::unique_ptr<BackgroundProcess>(new BackgroundProcess(spec, pid));
}

BackgroundProcess::~BackgroundProcess() { stop(); }

pid_t BackgroundProcess::detach() {
  const pid_t pid = pid_;
  pid_ = -1;
  return pid;
}

bool BackgroundProcess::reap(bool block) {
  if (exit_ || pid_ <= 0) return true;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    exit_ = decode(status);
    return true;
  }
  if (r < 0 && errno == ECHILD) {  // reaped elsewhere (a SIGCHLD handler): treat as gone
    exit_ = ExitStatus{};
    return true;
  }
  return false;
}

bool BackgroundProcess::running() { return !reap(false); }

void BackgroundProcess::signal(int sig) {
  if (exit_ || pid_ <= 0) return;
  // The group may outlive the leader briefly; signal it as long as the leader is unreaped.
  if (::kill(-pid_, sig) != 0) ::kill(pid_, sig);
}

std::optional<ExitStatus> BackgroundProcess::waitForExit(std::chrono::milliseconds timeout) {
  if (pollUntil(Clock::now() + timeout, [&] { return reap(false); }, {.interval = std::chrono::milliseconds(2)}) !=
      PollEnd::Done) {
    return std::nullopt;
  }
  return exit_;
}

ExitStatus BackgroundProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return exit_.value_or(ExitStatus{});
  if (!reap(false)) {
    signal(SIGTERM);
    if (!waitForExit(grace)) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }
  // Whatever else is left in the group (a helper that ignored SIGTERM) goes too.
  ::kill(-pid_, SIGKILL);
  return exit_.value_or(ExitStatus{});
}

}  // namespace harness
