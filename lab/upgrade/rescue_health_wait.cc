#include "lab/upgrade/rescue_health_wait.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include "harness/probe/http_probe.h"
#include "lab/fake_stack/fake_stack.h"
#include "harness/core/deadline_scale.h"
#include "lab/upgrade/drift_verdict.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kRescueLabel = "ai.openclaw.gateway.rescue";

struct ProcStat {
  pid_t ppid = 0;
  uint64_t ticks = 0;  // utime + stime + cutime + cstime
};

std::optional<ProcStat> readStat(const fs::path& file) {
  // A process may exit between listing /proc and reading its stat (ESRCH): plain read(2), no
  // stream that would throw.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buffer[1024];
  const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
  ::close(fd);
  if (n <= 0) return std::nullopt;
  const std::string text(buffer, static_cast<size_t>(n));
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so go by the last ')'.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  std::vector<std::string> f;
  for (std::string field; fields >> field && f.size() < 15;) f.push_back(field);
  if (f.size() < 15) return std::nullopt;
  try {
    ProcStat s;
    s.ppid = static_cast<pid_t>(std::stol(f[1]));
    for (size_t i = 11; i <= 14; ++i) s.ticks += std::stoull(f[i]);
    return s;
  } catch (...) {
    return std::nullopt;
  }
}

uintmax_t fileSize(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  return ec ? 0 : size;
}

uint64_t treeTicks(pid_t root) {
  std::map<pid_t, ProcStat> all;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    if (auto s = readStat(it->path() / "stat")) all.emplace(static_cast<pid_t>(std::stol(name)), *s);
  }
  if (!all.count(root)) return 0;
  uint64_t total = 0;
  for (const auto& [pid, stat] : all) {
    // Walk up the parent chain (bounded: a chain longer than the table is a cycle).
    pid_t p = pid;
    for (size_t hops = 0; p > 1 && hops <= all.size(); ++hops) {
      if (p == root) {
        total += stat.ticks;
        break;
      }
      const auto parent = all.find(p);
      if (parent == all.end()) break;
      p = parent->second.ppid;
    }
  }
  return total;
}

}  // namespace

HealthWaitLimits healthWaitLimits(std::optional<double> measuredStartSeconds) {
  HealthWaitLimits limits;
  if (measuredStartSeconds && *measuredStartSeconds > 0) {
    const auto measured = milliseconds(static_cast<long long>(*measuredStartSeconds * 1000));
    limits.expected = std::max(limits.expected, 3 * measured);
    limits.cap = std::max(limits.cap, 6 * measured);
  }
  limits.expected = scaled(limits.expected);
  limits.quiet = scaled(limits.quiet);
  limits.cap = scaled(limits.cap);
  return limits;
}

std::string HealthWaitOutcome::describe() const {
  const std::string after = " after " + std::to_string(static_cast<long>(seconds)) + " s";
  switch (kind) {
    case Kind::Healthy: return "serving" + after;
    case Kind::CrashLoop: return "the job exited and was restarted " + std::to_string(starts) + " times";
    case Kind::Stalled: return "the job stopped making progress (log and CPU idle), not serving" + after;
    case Kind::OutOfTime: return "still starting and making progress at the harness's limit" + after +
                                 " (machine too slow; HARNESS_TIMEOUT_SCALE stretches it)";
  }
  return {};
}

HealthWaitOutcome waitForHealthy(const HealthWaitProbes& probes, const HealthWaitLimits& limits) {
  const auto t0 = Clock::now();
  HealthWaitOutcome outcome;
  uint64_t lastProgress = probes.progress ? probes.progress() : 0;
  auto lastMove = t0;
  auto done = [&](HealthWaitOutcome::Kind kind) {
    outcome.kind = kind;
    outcome.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return outcome;
  };
  while (true) {
    if (probes.healthy()) return done(HealthWaitOutcome::Kind::Healthy);
    outcome.starts = probes.starts ? probes.starts() : 0;
    if (outcome.starts >= limits.crashLoopStarts) return done(HealthWaitOutcome::Kind::CrashLoop);
    const auto now = Clock::now();
    if (probes.progress) {
      const uint64_t progress = probes.progress();
      if (progress != lastProgress) {
        lastProgress = progress;
        lastMove = now;
      }
    }
    if (now - t0 >= limits.cap) return done(HealthWaitOutcome::Kind::OutOfTime);
    if (now - t0 >= limits.expected && now - lastMove >= limits.quiet) return done(HealthWaitOutcome::Kind::Stalled);
    std::this_thread::sleep_for(limits.poll);
  }
}

DriftStatus healthVerdict(const HealthWaitOutcome& outcome, const std::string& log, std::string& message) {
  using Kind = HealthWaitOutcome::Kind;
  if (outcome.kind == Kind::Healthy) {
    message.clear();
    return DriftStatus::Pass;
  }
  if (outcome.kind == Kind::OutOfTime) return DriftStatus::Environment;
  return behaviourOrEnvironment(DriftStatus::Fail, log, message);
}

uint64_t processTreeCpuTicks(pid_t root) {
  if (root <= 0) return 0;
  try {
    return treeTicks(root);
  } catch (...) {
    return 0;  // /proc changing under us is no reason to end a run
  }
}

HealthWaitProbes rescueProbes(FakeStack& stack) {
  HealthWaitProbes probes;
  const uint16_t port = stack.spec().rescue.port;
  probes.healthy = [port] {
    auto r = httpGet(HttpTarget{.port = port, .timeout = scaled(milliseconds(1000))}, "/healthz");
    return r && r->status == 200;
  };
  probes.starts = [&stack] {
    auto job = stack.launchd().print(kRescueLabel);
    return job ? job->runs : 0;
  };
  probes.progress = [&stack] {
    auto job = stack.launchd().print(kRescueLabel);
    const uint64_t ticks = job && job->pid ? processTreeCpuTicks(*job->pid) : 0;
    return ticks + fileSize(stack.spec().rescue.logPath) + fileSize(stack.spec().rescue.errLogPath);
  };
  return probes;
}

}  // namespace harness::upgrade
