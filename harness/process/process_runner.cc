// The one translation unit that includes Boost.Process.
//
// Boost.Process v1 moved: Boost 1.86 made v2 the default and kept v1 under
// <boost/process/v1/...> (namespace boost::process::v1); 1.88+ (Homebrew) only builds the v1
// API from that new location. Debian 12 ships 1.74, where v1 is <boost/process/...> in
// namespace boost::process. Only the v1 API is used here, through the `bp` alias.
//
// child::wait_for is deliberately not used (unreliable on 1.74: boostorg/process #69, #347).
// The deadline is enforced by io_context::run_until; output is read with async_pipe.

#include "harness/process/process_runner.h"

#include "harness/core/environment.h"

#include <boost/version.hpp>

#if BOOST_VERSION >= 108600
#include <boost/process/v1/args.hpp>
#include <boost/process/v1/async.hpp>
#include <boost/process/v1/async_pipe.hpp>
#include <boost/process/v1/child.hpp>
#include <boost/process/v1/exe.hpp>
#include <boost/process/v1/extend.hpp>
#include <boost/process/v1/io.hpp>
#include <boost/process/v1/start_dir.hpp>
namespace bp = boost::process::v1;
#else
#include <boost/process/args.hpp>
#include <boost/process/async.hpp>
#include <boost/process/async_pipe.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/start_dir.hpp>
namespace bp = boost::process;
#endif

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "harness/platform/platform.h"


namespace harness {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kDefaultPath = "/usr/local/bin:/usr/bin:/bin";
constexpr std::chrono::seconds kReapGrace{5};

void ignoreSigpipeOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      struct sigaction ignore {};
      ignore.sa_handler = SIG_IGN;
      sigemptyset(&ignore.sa_mask);
      ::sigaction(SIGPIPE, &ignore, nullptr);
    }
  });
}

// Runs in the forked child before exec: async-signal-safe calls only.
void prepareChild() {
  ::setpgid(0, 0);
  ::signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // Pipes of other runProcess calls running concurrently in other threads must not leak
  // into this child (they would keep those pipes open). Mark everything above stderr
  // close-on-exec; the stdio dup2s made by Boost create fresh descriptors 0-2.
  platform::markDescriptorsCloseOnExecFrom(3);
}


bool needsQuoting(const std::string& s) {
  if (s.empty()) return true;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-_./=:,+@%", c))) return true;
  }
  return false;
}

ErrorCode codeForErrno(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return ErrorCode::NotFound;
    case EACCES:
    case EPERM:
      return ErrorCode::PermissionDenied;
    default:
      return ErrorCode::ProcessFailed;
  }
}

bool isExecutableFile(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return false;
  return S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

// Reads one pipe to EOF into `out` (capped), re-arming itself.
class PipeReader {
 public:
  PipeReader(bp::async_pipe& pipe, std::string& out) : pipe_(pipe), out_(out) {}

  void start() {
    pipe_.async_read_some(boost::asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t n) {
      if (n > 0) {
        const std::size_t room = out_.size() < kMaxCapturedBytes ? kMaxCapturedBytes - out_.size() : 0;
        if (n > room) truncated_ = true;
        out_.append(buffer_.data(), std::min(n, room));
      }
      if (ec) {
        done_ = true;
        if (onDone_) onDone_();
        return;
      }
      start();
    });
  }

  bool done() const { return done_; }
  bool truncated() const { return truncated_; }
  void onDone(std::function<void()> f) { onDone_ = std::move(f); }

 private:
  bp::async_pipe& pipe_;
  std::string& out_;
  std::array<char, 64 * 1024> buffer_{};
  bool done_ = false;
  bool truncated_ = false;
  std::function<void()> onDone_;
};

}  // namespace

std::string formatCommandLine(const fs::path& executable, const std::vector<std::string>& args) {
  auto quote = [](const std::string& s) {
    if (!needsQuoting(s)) return s;
    std::string q = "'";
    for (char c : s) {
      if (c == '\'') q += "'\\''";
      else q += c;
    }
    return q + "'";
  };
  std::string line = quote(executable.string());
  for (const auto& a : args) line += " " + quote(a);
  return line;
}

Result<fs::path> findExecutable(std::string_view name, std::string_view pathVariable) {
  if (name.empty()) return Error{ErrorCode::InvalidInput, "empty executable name", ""};
  if (name.find('/') != std::string_view::npos) {
    fs::path p(name);
    if (isExecutableFile(p)) return p;
    return Error{ErrorCode::NotFound, "not an executable file", std::string(name)};
  }
  std::size_t begin = 0;
  while (begin <= pathVariable.size()) {
    std::size_t end = pathVariable.find(':', begin);
    if (end == std::string_view::npos) end = pathVariable.size();
    std::string_view dir = pathVariable.substr(begin, end - begin);
    fs::path candidate = (dir.empty() ? fs::path(".") : fs::path(dir)) / std::string(name);
    if (isExecutableFile(candidate)) return candidate;
    begin = end + 1;
  }
  return Error{ErrorCode::NotFound, "not found in PATH", std::string(name)};
}

Result<fs::path> findExecutable(std::string_view name) {
  const char* path = std::getenv("PATH");
  return findExecutable(name, path ? std::string_view(path) : kDefaultPath);
}

Result<ProcessResult> runProcess(const ProcessSpec& spec) {
  const std::string commandLine = formatCommandLine(spec.executable, spec.args);
  ignoreSigpipeOnce();

  // Effective environment.
  std::map<std::string, std::string> envMap = spec.environment ? *spec.environment : currentEnvironment();
  for (const auto& [key, value] : spec.environmentOverrides) {
    if (value) envMap[key] = *value;
    else envMap.erase(key);
  }

  // Resolve the executable like execvp, against the child's PATH.
  fs::path exePath = spec.executable;
  {
    const std::string exe = spec.executable.string();
    std::string_view pathVar = kDefaultPath;
    if (auto it = envMap.find("PATH"); it != envMap.end()) pathVar = it->second;
    auto found = findExecutable(exe, pathVar);
    if (!found) return Error{ErrorCode::NotFound, "executable not found: " + exe, commandLine};
    exePath = *found;
  }

  std::error_code fsEc;
  fs::path workDir = spec.workingDirectory.empty() ? fs::current_path(fsEc) : spec.workingDirectory;
  if (fsEc) return Error{ErrorCode::Io, "cannot read the current directory: " + fsEc.message(), commandLine};
  if (!fs::is_directory(workDir, fsEc)) {
    return Error{ErrorCode::NotFound, "working directory does not exist: " + workDir.string(), commandLine};
  }

  // The child's environment as a plain envp. Boost 1.74's bp::environment::find reads past
  // the end of shorter entries (an AddressSanitizer heap-buffer-overflow), so it is not used:
  // the executor's envp is set directly, before the fork, and execve receives it unchanged.
  std::vector<std::string> envStrings;
  envStrings.reserve(envMap.size());
  for (const auto& [key, value] : envMap) envStrings.push_back(key + "=" + value);
  std::vector<char*> envp;
  envp.reserve(envStrings.size() + 1);
  for (auto& entry : envStrings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  ProcessResult result;
  const auto start = Clock::now();
  const auto deadline = start + spec.timeout;

  boost::asio::io_context ios;
  bp::async_pipe outPipe(ios);
  bp::async_pipe errPipe(ios);
  bp::async_pipe inPipe(ios);
  boost::asio::steady_timer drainTimer(ios);

  bool exited = false;
  PipeReader outReader(outPipe, result.stdoutText);
  PipeReader errReader(errPipe, result.stderrText);
  auto maybeFinish = [&] {
    if (exited && outReader.done() && errReader.done()) drainTimer.cancel();
  };
  outReader.onDone(maybeFinish);
  errReader.onDone(maybeFinish);

  std::error_code ec;
  pid_t forkedPid = -1;  // Boost does not reap a child whose exec failed; we do
  bp::child child(
      bp::exe = exePath.string(), bp::args = spec.args, bp::start_dir = workDir.string(),
      bp::std_out > outPipe, bp::std_err > errPipe, bp::std_in < inPipe, ios,
      bp::on_exit([&](int, const std::error_code&) {
        exited = true;
        if (outReader.done() && errReader.done()) return;
        // A descendant may hold the pipes open: stop reading after a grace period.
        drainTimer.expires_after(kPipeDrainGrace);
        drainTimer.async_wait([&](const boost::system::error_code& timerEc) {
          if (timerEc) return;  // cancelled: both pipes reached EOF
          boost::system::error_code ignored;
          outPipe.close(ignored);
          errPipe.close(ignored);
        });
      }),
      bp::extend::on_setup([&envp](auto& exec) { exec.env = envp.data(); }),
      bp::extend::on_exec_setup([](auto&) { prepareChild(); }),
      bp::extend::on_error([&forkedPid](auto& exec, const std::error_code&) { forkedPid = exec.pid; }), ec);

  if (ec) {
    if (forkedPid > 0) {
      // Exec failed (the child _exit()s right after reporting) or a post-fork step failed:
      // the pid is ours and unreaped, so killing it cannot hit a stranger.
      ::kill(forkedPid, SIGKILL);
      ::waitpid(forkedPid, nullptr, 0);
    }
    return Error{codeForErrno(ec.value()), "cannot start process: " + ec.message(), commandLine};
  }
  const pid_t pid = child.id();

  if (spec.stdinData.empty()) {
    boost::system::error_code ignored;
    inPipe.close(ignored);
  } else {
    boost::asio::async_write(inPipe, boost::asio::buffer(spec.stdinData),
                             [&](const boost::system::error_code&, std::size_t) {
                               boost::system::error_code ignored;
                               inPipe.close(ignored);
                             });
  }
  outReader.start();
  errReader.start();

  ios.run_until(deadline);

  if (!exited) {
    result.timedOut = true;
    ::kill(-pid, SIGKILL);  // the child leads its own group (prepareChild)
    ::kill(pid, SIGKILL);
    ios.restart();
    ios.run_until(Clock::now() + kReapGrace);
  }
  {
    boost::system::error_code ignored;
    outPipe.close(ignored);
    errPipe.close(ignored);
    inPipe.close(ignored);
  }

  int status = 0;
  bool haveStatus = false;
  if (exited) {
    status = child.native_exit_code();
    haveStatus = status != -1 && (WIFEXITED(status) || WIFSIGNALED(status));
  } else {
    // Still not reaped after SIGKILL and the grace period: reap synchronously.
    if (::waitpid(pid, &status, 0) == pid) haveStatus = true;
  }
  child.detach();  // reaped above (or by the SIGCHLD service); ~child must not touch it

  if (haveStatus && WIFEXITED(status)) {
    result.exitCode = WEXITSTATUS(status);
  } else if (haveStatus && WIFSIGNALED(status)) {
    result.termSignal = WTERMSIG(status);
  }
  result.outputTruncated = outReader.truncated() || errReader.truncated();
  result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  return result;
}

}  // namespace harness
