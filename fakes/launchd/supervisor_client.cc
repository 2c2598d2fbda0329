#include "fakes/launchd/supervisor_client.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

#include "fakes/launchd/command_dispatcher.h"
#include "fakes/launchd/supervisor.h"
#include "harness/core/poll.h"
#include "harness/process/session_spawn.h"

namespace fakes::launchd {
namespace {

namespace fs = std::filesystem;
using harness::Error;
using harness::ErrorCode;

// pollUntil works in whole milliseconds; the supervisor is usually up within a few.
constexpr std::chrono::milliseconds kConnectRetry{1};

// The binary to exec as supervisor: this process if it is launchctl or fake-launchd (both
// understand kServeVerb), else ROOT/bin/launchctl (a library caller such as a benchmark).
std::string supervisorExecutable(const RootLayout& layout) {
  std::error_code ec;
  const std::string self = fs::read_symlink("/proc/self/exe", ec).filename().string();
  if (!ec && (self == "launchctl" || self == "fake-launchd")) return "/proc/self/exe";
  return layout.launchctlPath().string();
}

// Daemonises the supervisor (its stdout and stderr go to the root's log). Returns once the
// intermediate child has exited.
bool spawnSupervisorDaemon(const RootLayout& layout) {
  harness::SessionSpawnSpec spec;
  spec.executable = supervisorExecutable(layout);
  spec.argv = {"fake-launchd", kServeVerb, layout.root().string()};
  spec.stdoutPath = layout.logPath();
  spec.stderrPath = layout.logPath();
  spec.setupFailureExitCode = 1;
  return static_cast<bool>(harness::spawnDaemon(spec));
}

bool notRunning(int err) { return err == ENOENT || err == ECONNREFUSED; }

void writeAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    done += static_cast<size_t>(n);
  }
}

int printReply(const Reply& r) {
  writeAll(1, r.out);
  writeAll(2, r.err);
  return r.exitCode;
}

// True once `pid` is gone or a zombie.
bool processGone(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return true;
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

fs::path selfDir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

int toolUsage() {
  std::cerr << "Usage: fake-launchd <command> ROOT [options]\n"
               "  init ROOT [--throttle-override SECONDS] [--copy|--hardlink|--symlink] [--launchctl PATH] [--start]\n"
               "  start ROOT                      start the supervisor if needed, print its pid\n"
               "  shutdown ROOT [--timeout SEC]   stop every job and the supervisor (no-op if not running)\n"
               "  reboot ROOT --home HOME [--uid UID]\n"
               "                                  stop every job, then load HOME/Library/LaunchAgents/*.plist\n"
               "  status ROOT                     JSON: supervisor pid and jobs\n"
               "  serve ROOT                      run the supervisor in the foreground\n";
  return 64;
}

}  // namespace

int connectSupervisor(const RootLayout& layout) { return connectUnix(layout.socketPath()); }

harness::Result<int> connectOrStartSupervisor(const RootLayout& layout, std::chrono::milliseconds timeout) {
  int fd = connectSupervisor(layout);
  if (fd >= 0) return fd;
  if (!notRunning(errno)) {
    return Error{ErrorCode::Io, std::strerror(errno), layout.socketPath().string()};
  }
  // Serialise starters so only one daemon is forked.
  const fs::path startLock = layout.runDir() / "launchd.start.lock";
  int lockFd = ::open(startLock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lockFd >= 0) ::flock(lockFd, LOCK_EX);
  fd = connectSupervisor(layout);
  if (fd < 0 && notRunning(errno)) {
    spawnSupervisorDaemon(layout);
    harness::pollFor(timeout, [&] { return (fd = connectSupervisor(layout)) >= 0; }, {.interval = kConnectRetry});
  }
  if (lockFd >= 0) ::close(lockFd);
  if (fd < 0) {
    return Error{ErrorCode::Timeout, "fake launchd supervisor did not start (see " + layout.logPath().string() + ")",
                 layout.root().string()};
  }
  return fd;
}

harness::Result<Reply> callSupervisor(const RootLayout& layout, const Request& request, bool start) {
  int fd = -1;
  if (start) {
    auto connected = connectOrStartSupervisor(layout);
    if (!connected) return connected.error();
    fd = *connected;
  } else {
    fd = connectSupervisor(layout);
    if (fd < 0) return Error{ErrorCode::NotFound, "supervisor not running", layout.root().string()};
  }
  auto reply = roundTrip(fd, request);
  ::close(fd);
  if (!reply) return Error{ErrorCode::Io, "lost connection to the fake launchd supervisor", layout.root().string()};
  return *reply;
}

int launchctlMain(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (auto stateless = CommandDispatcher::handleStateless(args)) return printReply(*stateless);
  auto root = findRoot(argc > 0 ? argv[0] : nullptr);
  if (!root) {
    std::cerr << "launchctl (fake): no fake launchd root found (expected ROOT/bin/launchctl with ROOT/etc/fake-launchd-root)\n";
    return 1;
  }
  Request request;
  request.argv = std::move(args);
  request.uid = ::getuid();
  std::error_code ec;
  request.cwd = fs::current_path(ec).string();
  if (const char* home = std::getenv("HOME")) request.home = home;
  auto reply = callSupervisor(RootLayout(*root), request, true);
  if (!reply) {
    std::cerr << "launchctl (fake): " << reply.error().describe() << "\n";
    return 1;
  }
  return printReply(*reply);
}

int fakeLaunchdMain(int argc, char** argv) {
  if (argc < 3) return toolUsage();
  const std::string command = argv[1];
  std::error_code ec;
  const fs::path root = fs::absolute(argv[2], ec).lexically_normal();
  std::vector<std::string> opts(argv + 3, argv + argc);
  RootLayout layout(root);

  if (command == "serve") return serveMain(root);

  if (command == "init") {
    InitOptions options;
    options.launchctlSource = selfDir() / "launchctl";
    bool start = false;
    for (size_t i = 0; i < opts.size(); ++i) {
      if (opts[i] == "--copy") options.linkMode = LinkMode::Copy;
      else if (opts[i] == "--hardlink") options.linkMode = LinkMode::Hardlink;
      else if (opts[i] == "--symlink") options.linkMode = LinkMode::Symlink;
      else if (opts[i] == "--start") start = true;
      else if (opts[i] == "--launchctl" && i + 1 < opts.size()) options.launchctlSource = opts[++i];
      else if (opts[i] == "--throttle-override" && i + 1 < opts.size()) options.throttleOverride = std::atoi(opts[++i].c_str());
      else return toolUsage();
    }
    auto status = initRoot(root, options);
    if (!status) {
      std::cerr << "fake-launchd init: " << status.error().describe() << "\n";
      return 1;
    }
    if (start) {
      auto fd = connectOrStartSupervisor(layout);
      if (!fd) {
        std::cerr << "fake-launchd init: " << fd.error().describe() << "\n";
        return 1;
      }
      ::close(*fd);
    }
    std::cout << root.string() << "\n";
    return 0;
  }

  if (!RootLayout::isRoot(root)) {
    std::cerr << "fake-launchd " << command << ": " << root.string() << " is not a fake launchd root\n";
    return 1;
  }

  if (command == "start") {
    auto fd = connectOrStartSupervisor(layout);
    if (!fd) {
      std::cerr << "fake-launchd start: " << fd.error().describe() << "\n";
      return 1;
    }
    ::close(*fd);
    std::cout << layout.supervisorPid().value_or(0) << "\n";
    return 0;
  }

  if (command == "shutdown") {
    int timeoutSec = 30;
    for (size_t i = 0; i < opts.size(); ++i) {
      if (opts[i] == "--timeout" && i + 1 < opts.size()) timeoutSec = std::atoi(opts[++i].c_str());
      else return toolUsage();
    }
    auto pid = layout.supervisorPid();
    Request request;
    request.op = "shutdown";
    auto reply = callSupervisor(layout, request, false);
    if (!reply) return 0;  // not running: nothing to stop
    if (pid) {
      const auto gone = harness::pollFor(std::chrono::seconds(timeoutSec), [&] { return processGone(*pid); },
                                         {.interval = std::chrono::milliseconds(1)});
      if (gone != harness::PollEnd::Done) {
        std::cerr << "fake-launchd shutdown: supervisor " << *pid << " still running\n";
        return 1;
      }
    }
    return 0;
  }

  if (command == "reboot") {
    Request request;
    request.op = "reboot";
    request.uid = ::getuid();
    for (size_t i = 0; i < opts.size(); ++i) {
      if (opts[i] == "--home" && i + 1 < opts.size()) request.home = opts[++i];
      else if (opts[i] == "--uid" && i + 1 < opts.size()) request.uid = static_cast<unsigned>(std::atoi(opts[++i].c_str()));
      else return toolUsage();
    }
    if (request.home.empty()) return toolUsage();
    auto reply = callSupervisor(layout, request, true);
    if (!reply) {
      std::cerr << "fake-launchd reboot: " << reply.error().describe() << "\n";
      return 1;
    }
    return printReply(*reply);
  }

  if (command == "status") {
    Request request;
    request.op = "status";
    auto reply = callSupervisor(layout, request, false);
    if (!reply) {
      std::cout << "{\"running\":false}\n";
      return 3;
    }
    return printReply(*reply);
  }
  return toolUsage();
}

}  // namespace fakes::launchd
