#include "fakes/launchd/supervisor.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>

namespace fakes::launchd {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSocketName = "launchd.sock";
constexpr std::chrono::milliseconds kWatchdogInterval{1000};
constexpr size_t kMaxRequestBytes = 1 << 20;

BaseEnvironment captureBaseEnvironment() {
  BaseEnvironment env;
  const passwd* pw = ::getpwuid(::getuid());
  auto pick = [&](const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    if (v && *v) env[name] = v;
    else if (fallback && *fallback) env[name] = fallback;
  };
  pick("HOME", pw ? pw->pw_dir : nullptr);
  pick("USER", pw ? pw->pw_name : nullptr);
  pick("LOGNAME", pw ? pw->pw_name : nullptr);
  pick("SHELL", pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh");
  pick("TMPDIR", nullptr);
  return env;
}

// ppid from /proc/<pid>/stat (the field after the parenthesised comm).
std::optional<pid_t> parentOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  auto close = line.rfind(')');
  if (close == std::string::npos || close + 4 > line.size()) return std::nullopt;
  // ") S PPID ..."
  const char* p = line.c_str() + close + 2;
  while (*p && *p != ' ') ++p;
  return static_cast<pid_t>(std::atoi(p));
}

std::vector<pid_t> childrenOf(pid_t parent) {
  std::vector<pid_t> out;
  DIR* dir = ::opendir("/proc");
  if (!dir) return out;
  while (dirent* e = ::readdir(dir)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (!end || *end != '\0' || pid <= 0) continue;
    if (parentOf(static_cast<pid_t>(pid)) == parent) out.push_back(static_cast<pid_t>(pid));
  }
  ::closedir(dir);
  return out;
}

}  // namespace

Supervisor::Supervisor(RootLayout layout) : layout_(std::move(layout)) {}

Supervisor::~Supervisor() {
  for (auto& [id, c] : connections_) ::close(c.fd);
  if (listenFd_ >= 0) ::close(listenFd_);
  if (signalFd_ >= 0) ::close(signalFd_);
  if (lockFd_ >= 0) ::close(lockFd_);
}

void Supervisor::log(const std::string& line) const {
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", std::gmtime(&now));
  std::string out = std::string(stamp) + " fake-launchd[" + std::to_string(::getpid()) + "]: " + line + "\n";
  ssize_t ignored = ::write(2, out.data(), out.size());
  (void)ignored;
}

bool Supervisor::setUp() {
  std::error_code ec;
  fs::create_directories(layout_.runDir(), ec);
  lockFd_ = ::open(layout_.lockPath().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lockFd_ < 0) {
    log("cannot open lock file: " + std::string(std::strerror(errno)));
    return false;
  }
  if (::flock(lockFd_, LOCK_EX | LOCK_NB) != 0) {
    return false;  // another supervisor owns this root
  }
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  ::signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, sig);
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
  signalFd_ = ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signalFd_ < 0) {
    log("signalfd failed");
    return false;
  }
  // Bind by a relative name from ROOT/run: no sun_path length limit on the root's path.
  if (::chdir(layout_.runDir().c_str()) != 0) {
    log("cannot chdir to run dir");
    return false;
  }
  ::unlink(kSocketName);
  listenFd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, kSocketName);
  if (listenFd_ < 0 || ::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listenFd_, 128) != 0) {
    log("cannot listen on socket: " + std::string(std::strerror(errno)));
    return false;
  }
  struct stat st{};
  if (::stat(kSocketName, &st) == 0) socketInode_ = st.st_ino;
  {
    std::ofstream pid(layout_.pidPath(), std::ios::trunc);
    pid << ::getpid() << "\n";
  }
  jobs_ = std::make_unique<JobTable>(captureBaseEnvironment());
  overrides_ = std::make_unique<OverridesStore>(layout_.overridesPath());
  dispatcher_ = std::make_unique<CommandDispatcher>(*jobs_, *overrides_, layout_);
  log("started for " + layout_.root().string());
  return true;
}

int Supervisor::run() {
  if (!setUp()) return 0;
  loop();
  if (socketStillOurs()) ::unlink(kSocketName);
  ::unlink(layout_.pidPath().c_str());
  log("exited");
  return 0;
}

bool Supervisor::socketStillOurs() const {
  struct stat st{};
  return ::stat(kSocketName, &st) == 0 && st.st_ino == socketInode_;
}

void Supervisor::loop() {
  auto nextWatchdog = Clock::now() + kWatchdogInterval;
  while (!exiting_) {
    auto now = Clock::now();
    auto wake = nextWatchdog;
    if (auto d = jobs_->nextDeadline(); d && *d < wake) wake = *d;
    int timeoutMs = 0;
    if (wake > now) {
      timeoutMs = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wake - now).count());
    }
    std::vector<pollfd> fds;
    std::vector<uint64_t> ids;
    fds.push_back({listenFd_, POLLIN, 0});
    fds.push_back({signalFd_, POLLIN, 0});
    for (const auto& [id, c] : connections_) {
      fds.push_back({c.fd, static_cast<short>(c.dispatched ? 0 : POLLIN), 0});
      ids.push_back(id);
    }
    int n = ::poll(fds.data(), fds.size(), timeoutMs);
    if (n < 0 && errno != EINTR) {
      log("poll failed: " + std::string(std::strerror(errno)));
      break;
    }
    if (n > 0) {
      if (fds[1].revents) handleSignals();
      if (fds[0].revents & POLLIN) acceptConnections();
      for (size_t i = 0; i < ids.size(); ++i) {
        const short ev = fds[i + 2].revents;
        if (!ev) continue;
        auto it = connections_.find(ids[i]);
        if (it == connections_.end()) continue;
        if (!it->second.dispatched && (ev & POLLIN)) {
          readConnection(ids[i]);
        } else if (ev & (POLLHUP | POLLERR)) {
          closeConnection(ids[i]);  // client went away while its reply was deferred
        }
      }
    }
    jobs_->onTimers(Clock::now());
    if (Clock::now() >= nextWatchdog) {
      nextWatchdog = Clock::now() + kWatchdogInterval;
      if (!shuttingDown_ && !socketStillOurs()) {
        log("socket vanished; shutting down");
        beginShutdown(std::nullopt);
      }
    }
  }
}

void Supervisor::acceptConnections() {
  while (true) {
    int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    connections_[nextConnectionId_++] = Connection{fd, {}, false};
  }
}

void Supervisor::readConnection(uint64_t id) {
  Connection& c = connections_.at(id);
  char buf[8192];
  ssize_t n = ::recv(c.fd, buf, sizeof(buf), MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) {
    closeConnection(id);
    return;
  }
  c.buffer.append(buf, static_cast<size_t>(n));
  auto nl = c.buffer.find('\n');
  if (nl == std::string::npos) {
    if (c.buffer.size() > kMaxRequestBytes) closeConnection(id);
    return;
  }
  c.dispatched = true;
  auto j = nlohmann::json::parse(c.buffer.substr(0, nl), nullptr, false);
  auto request = j.is_discarded() ? std::nullopt : requestFromJson(j);
  if (!request) {
    respond(id, Reply::failure(1, "fake-launchd: malformed request\n"));
    return;
  }
  handleRequest(id, *request);
}

void Supervisor::handleRequest(uint64_t id, const Request& request) {
  if (request.op == "status") return respond(id, Reply::success(statusJson()));
  if (request.op == "shutdown") return beginShutdown(id);
  if (shuttingDown_ || rebooting_) {
    return respond(id, Reply::failure(124, "Could not complete request: 124: Domain is tearing down\n"));
  }
  if (request.op == "reboot") return beginReboot(id, request.home, request.uid);
  if (request.op != "launchctl") return respond(id, Reply::failure(1, "fake-launchd: unknown op " + request.op + "\n"));
  dispatcher_->dispatch(request, [this, id](Reply reply) { respond(id, reply); });
}

void Supervisor::respond(uint64_t id, const Reply& reply) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  sendAll(it->second.fd, toJson(reply).dump() + "\n");
  // A job forked a moment ago still holds a copy of this fd until it execs; shutdown (not
  // just close) gives the client its EOF now.
  ::shutdown(it->second.fd, SHUT_RDWR);
  closeConnection(id);
}

void Supervisor::closeConnection(uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  ::close(it->second.fd);
  connections_.erase(it);
}

void Supervisor::handleSignals() {
  signalfd_siginfo info;
  bool child = false;
  bool terminate = false;
  while (::read(signalFd_, &info, sizeof(info)) == sizeof(info)) {
    if (info.ssi_signo == SIGCHLD) child = true;
    else terminate = true;
  }
  if (child) reapChildren();
  if (terminate && !shuttingDown_) {
    log("signalled; shutting down");
    beginShutdown(std::nullopt);
  }
}

void Supervisor::reapChildren() {
  while (true) {
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    jobs_->onChildExited(pid, status);
  }
}

void Supervisor::killAdoptedOrphans() {
  // Processes that left their job's group were reparented to us (child subreaper); a
  // shutdown or reboot ends them too. Repeat: killing one may orphan its own children.
  for (int round = 0; round < 20; ++round) {
    reapChildren();
    auto children = childrenOf(::getpid());
    if (children.empty()) return;
    for (pid_t pid : children) ::kill(pid, SIGKILL);
    for (pid_t pid : children) {
      int status = 0;
      if (::waitpid(pid, &status, 0) == pid) jobs_->onChildExited(pid, status);
    }
  }
}

void Supervisor::beginShutdown(std::optional<uint64_t> replyTo) {
  if (replyTo) shutdownWaiters_.push_back(*replyTo);
  if (shuttingDown_) return;
  shuttingDown_ = true;
  jobs_->removeAll([this] {
    killAdoptedOrphans();
    for (uint64_t id : shutdownWaiters_) respond(id, Reply::success());
    shutdownWaiters_.clear();
    exiting_ = true;
  });
}

void Supervisor::beginReboot(uint64_t replyTo, const std::string& home, unsigned uid) {
  rebooting_ = true;
  jobs_->removeAll([this, replyTo, home, uid] {
    killAdoptedOrphans();
    rebooting_ = false;
    std::string loaded;
    std::vector<fs::path> plists;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(home) / "Library" / "LaunchAgents", ec)) {
      if (entry.path().extension() == ".plist") plists.push_back(entry.path());
    }
    std::sort(plists.begin(), plists.end());
    for (const auto& p : plists) {
      if (dispatcher_->loadAtLogin(guiDomain(uid), p.string())) loaded += p.string() + "\n";
    }
    log("reboot: loaded " + std::to_string(std::count(loaded.begin(), loaded.end(), '\n')) + " agents");
    respond(replyTo, Reply::success(loaded));
  });
}

std::string Supervisor::statusJson() const {
  nlohmann::json jobs = nlohmann::json::array();
  for (const Job* j : jobs_->allJobs()) {
    nlohmann::json entry = {{"domain", j->domain}, {"label", j->label()}, {"state", j->status().state},
                            {"runs", j->runs}, {"plist", j->plistPath}};
    if (j->pid > 0) entry["pid"] = j->pid;
    jobs.push_back(entry);
  }
  nlohmann::json out = {{"pid", ::getpid()}, {"root", layout_.root().string()}, {"jobs", jobs}};
  return out.dump() + "\n";
}

int serveMain(const fs::path& root) {
  ::prctl(PR_SET_NAME, "fake-launchd");
  Supervisor supervisor{RootLayout(root)};
  return supervisor.run();
}

}  // namespace fakes::launchd
