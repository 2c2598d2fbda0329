#include "fakes/launchd/process_spawner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fakes::launchd {
namespace {

constexpr int kExConfig = 78;

bool isExecutableFile(const std::string& p) {
  struct stat st{};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

// Opens `path` (or /dev/null) onto `target`; async-signal-safe.
bool redirect(const char* path, int flags, int target) {
  int fd = ::open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  if (fd == target) {
    return ::fcntl(fd, F_SETFD, 0) == 0;
  }
  bool ok = ::dup2(fd, target) >= 0;  // dup2 clears FD_CLOEXEC on target
  ::close(fd);
  return ok;
}

}  // namespace

std::optional<std::string> resolveExecutable(const std::string& name, const std::string& searchPath) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    return isExecutableFile(name) ? std::optional<std::string>(name) : std::nullopt;
  }
  size_t start = 0;
  while (start <= searchPath.size()) {
    size_t end = searchPath.find(':', start);
    if (end == std::string::npos) end = searchPath.size();
    std::string dir = searchPath.substr(start, end - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (isExecutableFile(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

harness::Result<pid_t> spawnProcess(const SpawnRequest& request) {
  // Everything the child needs, laid out before fork.
  std::vector<std::string> envStrings;
  envStrings.reserve(request.environment.size());
  for (const auto& [k, v] : request.environment) envStrings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : envStrings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argvStrings = request.argv;
  if (argvStrings.empty()) argvStrings.push_back(request.executable);
  std::vector<char*> argv;
  for (auto& s : argvStrings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const std::string stdinPath = request.stdinPath.value_or("/dev/null");
  const std::string stdoutPath = request.stdoutPath.value_or("/dev/null");
  const std::string stderrPath = request.stderrPath.value_or("/dev/null");
  const mode_t mask = request.umask.value_or(022);

  pid_t pid = ::fork();
  if (pid < 0) {
    return harness::Error{harness::ErrorCode::ProcessFailed, std::strerror(errno), request.executable};
  }
  if (pid == 0) {
    // Child: undo the supervisor's signal setup (blocked mask, ignored SIGPIPE).
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig = 1; sig < NSIG; ++sig) {
      if (sig != SIGKILL && sig != SIGSTOP) ::signal(sig, SIG_DFL);
    }
    ::setsid();
    ::umask(mask);
    if (!redirect(stdinPath.c_str(), O_RDONLY, 0)) ::_exit(kExConfig);
    if (!redirect(stdoutPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 1)) ::_exit(kExConfig);
    if (stderrPath == stdoutPath) {
      if (::dup2(1, 2) < 0) ::_exit(kExConfig);
    } else if (!redirect(stderrPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 2)) {
      ::_exit(kExConfig);
    }
    ::close_range(3, ~0U, 0);
    if (::chdir(request.workingDirectory.c_str()) != 0) ::_exit(kExConfig);
    ::execve(request.executable.c_str(), argv.data(), envp.data());
    ::_exit(kExConfig);
  }
  return pid;
}

}  // namespace fakes::launchd
