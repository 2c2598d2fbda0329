// Latency of the fake launchd, measured from outside like OpenClaw sees it:
//   BM_JobStartViaLaunchctl: `launchctl bootstrap` (client exec + supervisor) until the job
//                            has written its pid into a FIFO (includes /bin/sh startup).
//   BM_JobStartViaSocket:    the same with the request sent on the socket directly.
//   BM_KeepAliveRespawn:     SIGKILL of a KeepAlive job (ThrottleInterval 0) until the new
//                            instance has written its pid.
// Each reports per-iteration median and p90 in microseconds as counters.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "fakes/launchd/launchd_root.h"
#include "fakes/launchd/supervisor_client.h"
#include "harness/testing/scoped_temp_dir.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using fakes::launchd::RootLayout;
using Clock = std::chrono::steady_clock;

int run(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  std::vector<char*> a;
  for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
  a.push_back(nullptr);
  std::vector<char*> e;
  for (const auto& s : env) e.push_back(const_cast<char*>(s.c_str()));
  e.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, a[0], &actions, nullptr, a.data(), e.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class BenchRoot {
 public:
  BenchRoot() : tmp_("fake-launchd-bench") {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);  // the supervisor is reparented here and reaped below
    root_ = tmp_.path() / "root";
    fifo_ = tmp_.path() / "pid.fifo";
    run({FAKE_LAUNCHD_BIN, "init", root_.string(), "--throttle-override", "0"}, {"PATH=/usr/bin:/bin"});
    ::mkfifo(fifo_.c_str(), 0600);
    fifoFd_ = ::open(fifo_.c_str(), O_RDWR);
    env_ = {"HOME=" + tmp_.path().string(), "PATH=" + (root_ / "bin").string() + ":/usr/bin:/bin", "LANG=C"};
  }
  ~BenchRoot() {
    auto supervisor = RootLayout(root_).supervisorPid();
    run({FAKE_LAUNCHD_BIN, "shutdown", root_.string()}, {"PATH=/usr/bin:/bin"});
    ::close(fifoFd_);
    int status = 0;
    if (supervisor) ::waitpid(*supervisor, &status, 0);
    while (::waitpid(-1, &status, WNOHANG) > 0) {
    }
  }

  fs::path plist(const std::string& label, bool keepAlive) const {
    fs::path p = tmp_.path() / (label + ".plist");
    std::ofstream out(p);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>"
        << "<key>Label</key><string>" << label << "</string>"
        << "<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>echo $$ > "
        << fifo_.string() << "; exec /bin/sleep 1000</string></array>"
        << "<key>RunAtLoad</key><true/>" << (keepAlive ? "<key>KeepAlive</key><true/>" : "") << "</dict></plist>\n";
    return p;
  }

  // Blocks until a job wrote its pid line.
  pid_t readPid() const {
    std::string line;
    char c;
    pollfd pfd{fifoFd_, POLLIN, 0};
    if (::poll(&pfd, 1, 10000) != 1) return -1;
    while (::read(fifoFd_, &c, 1) == 1) {
      if (c == '\n') break;
      line += c;
    }
    return line.empty() ? -1 : static_cast<pid_t>(std::stol(line));
  }

  int launchctl(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{(root_ / "bin" / "launchctl").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, env_);
  }

  fakes::launchd::Reply call(const std::vector<std::string>& args) const {
    fakes::launchd::Request r;
    r.argv = args;
    r.uid = ::getuid();
    auto reply = fakes::launchd::callSupervisor(RootLayout(root_), r, true);
    return reply ? *reply : fakes::launchd::Reply::failure(1, "no supervisor");
  }

  std::string gui() const { return "gui/" + std::to_string(::getuid()); }

 private:
  harness::testing::ScopedTempDir tmp_;
  fs::path root_;
  fs::path fifo_;
  int fifoFd_ = -1;
  std::vector<std::string> env_;
};

void report(benchmark::State& state, std::vector<double>& micros) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  state.counters["median_us"] = micros[micros.size() / 2];
  state.counters["p90_us"] = micros[micros.size() * 9 / 10];
}

void BM_JobStartViaLaunchctl(benchmark::State& state) {
  BenchRoot root;
  auto plist = root.plist("bench.start", false).string();
  std::vector<double> micros;
  std::vector<double> clientMicros;
  for (auto _ : state) {
    auto t0 = Clock::now();
    if (root.launchctl({"bootstrap", root.gui(), plist}) != 0) state.SkipWithError("bootstrap failed");
    clientMicros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    root.readPid();
    auto dt = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    state.SetIterationTime(dt / 1e6);
    micros.push_back(dt);
    root.launchctl({"bootout", root.gui() + "/bench.start"});
  }
  report(state, micros);
  std::sort(clientMicros.begin(), clientMicros.end());
  if (!clientMicros.empty()) state.counters["launchctl_median_us"] = clientMicros[clientMicros.size() / 2];
}
BENCHMARK(BM_JobStartViaLaunchctl)->UseManualTime()->Iterations(200)->Unit(benchmark::kMicrosecond);

void BM_JobStartViaSocket(benchmark::State& state) {
  BenchRoot root;
  auto plist = root.plist("bench.socket", false).string();
  root.call({"list"});
  std::vector<double> micros;
  for (auto _ : state) {
    auto t0 = Clock::now();
    if (root.call({"bootstrap", root.gui(), plist}).exitCode != 0) state.SkipWithError("bootstrap failed");
    root.readPid();
    auto dt = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    state.SetIterationTime(dt / 1e6);
    micros.push_back(dt);
    root.call({"bootout", root.gui() + "/bench.socket"});
  }
  report(state, micros);
}
BENCHMARK(BM_JobStartViaSocket)->UseManualTime()->Iterations(200)->Unit(benchmark::kMicrosecond);

void BM_KeepAliveRespawn(benchmark::State& state) {
  BenchRoot root;
  auto plist = root.plist("bench.respawn", true).string();
  root.call({"bootstrap", root.gui(), plist});
  pid_t pid = root.readPid();
  std::vector<double> micros;
  for (auto _ : state) {
    auto t0 = Clock::now();
    ::kill(pid, SIGKILL);
    pid = root.readPid();
    auto dt = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    state.SetIterationTime(dt / 1e6);
    micros.push_back(dt);
  }
  root.call({"bootout", root.gui() + "/bench.respawn"});
  report(state, micros);
}
BENCHMARK(BM_KeepAliveRespawn)->UseManualTime()->Iterations(200)->Unit(benchmark::kMicrosecond);

void BM_PrintViaLaunchctl(benchmark::State& state) {
  BenchRoot root;
  auto plist = root.plist("bench.print", false).string();
  root.call({"bootstrap", root.gui(), plist});
  root.readPid();
  std::vector<double> micros;
  for (auto _ : state) {
    auto t0 = Clock::now();
    root.launchctl({"print", root.gui() + "/bench.print"});
    auto dt = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    state.SetIterationTime(dt / 1e6);
    micros.push_back(dt);
  }
  report(state, micros);
}
BENCHMARK(BM_PrintViaLaunchctl)->UseManualTime()->Iterations(200)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
