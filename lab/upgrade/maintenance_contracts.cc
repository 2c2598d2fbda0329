#include "lab/upgrade/maintenance_contracts.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include "harness/core/file_reader.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/probe/http_probe.h"
#include "harness/process/process_runner.h"
#include "lab/upgrade/booted_out_doctor.h"
#include "lab/upgrade/contract_support.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;


// What the rescue looks like from outside: its job and its files.
struct RescueState {
  std::optional<int> pid;
  bool loaded = false;
  bool healthy = false;
  std::map<std::string, std::string> files;  // path -> contents ("<missing>" when absent)
};

class MaintenanceSession {
 public:
  explicit MaintenanceSession(const MaintenanceContractContext& c) : c_(c), s_(c.stack) {}

  void run() {
    operation("contract.maintenance.doctor", "`openclaw doctor` on main leaves the rescue running and untouched",
              {"doctor", "--non-interactive"});
    operation("contract.maintenance.doctor-fix",
              "`openclaw doctor --fix` on main leaves the rescue running and untouched",
              {"doctor", "--fix", "--non-interactive"});
    operation("contract.maintenance.install-force",
              "`openclaw gateway install --force` on main leaves the rescue running and untouched",
              {"gateway", "install", "--force"});
    operation("contract.maintenance.uninstall",
              "`openclaw gateway uninstall` on main leaves the rescue running and untouched",
              {"gateway", "uninstall"}, /*reinstallMain=*/true);
    upgrade();
  }

 private:
  bool healthy(uint16_t port) { return healthzOk(port); }

  template <typename F>
  auto timedInOpenClaw(F&& f) {
    return countedInto(c_.openclawSeconds, std::forward<F>(f));
  }
  bool waitOpenClaw(const std::function<bool()>& done) {
    return timedInOpenClaw([&] { return waitUntil(c_.gatewayTimeout, done); });
  }

  RescueState observe() {
    RescueState st;
    const auto& rescue = s_.spec().rescue;
    if (auto job = s_.launchd().print(rescue.label)) {
      st.loaded = true;
      if (job->pid) st.pid = *job->pid;
    }
    st.healthy = healthy(rescue.port);
    for (const fs::path& file :
         {rescue.plistPath, rescue.configPath, rescue.stateDir / "agents/rescue/agent/auth-profiles.json"}) {
      auto text = readFileLimited(file);
      st.files[file.string()] = text ? *text : std::string("<missing>");
    }
    return st;
  }

  Result<ProcessResult> openclaw(const std::vector<std::string>& args) { return openclawAt(s_.openclawCommand(), args); }
  Result<ProcessResult> openclawAt(const fs::path& executable, const std::vector<std::string>& args) {
    return timedInOpenClaw([&] {
      return runProcess(ProcessSpec{.executable = executable,
                                    .args = args,
                                    .environment = s_.environment(),
                                    .timeout = c_.cliTimeout});
    });
  }

  // What happened to the rescue between two observations; empty when nothing did.
  static std::string changesBetween(const RescueState& before, RescueState after) {
    std::string changed;
    if (!after.loaded) changed += "the rescue's job is no longer loaded; ";
    else if (after.pid != before.pid)
      changed += "the rescue's pid changed (" + std::to_string(before.pid.value_or(0)) + " -> " +
                 (after.pid ? std::to_string(*after.pid) : std::string("none")) + "); ";
    if (!after.healthy) changed += "the rescue is not healthy; ";
    for (const auto& [file, text] : before.files) {
      if (after.files[file] != text) changed += fs::path(file).filename().string() + " changed; ";
    }
    return changed;
  }

  // Waits a few seconds for a change to show (launchd acts at once), then what changed.
  std::string rescueChangesSince(const RescueState& before) {
    RescueState after = observe();
    waitUntil(std::chrono::seconds(5), [&] {
      after = observe();
      return after.pid != before.pid || !after.healthy;
    });
    return changesBetween(before, after);
  }

  // contract.maintenance.upgrade (the header says how): main onto an install of its own, npm
  // installs the release upgraded to into it, main restarted; the rescue must not notice.
  void upgrade() {
    const std::string id = "contract.maintenance.upgrade";
    const std::string title = "an upgrade of the install main runs leaves the rescue running and untouched";
    const std::string to = c_.upgradeTo.value_or(c_.release);
    const auto t0 = Clock::now();
    if (c_.cacheDir.empty() || c_.installed.packageDir.empty()) {
      c_.add(id, title, {"G9", "G10"}, DriftStatus::Skipped, "no harness cache to give main an install of its own", 0);
      return;
    }
    const fs::path prefix = c_.cacheDir / "main-installs" / (c_.release + "-" + std::to_string(::getpid()));
    const fs::path wrapper = prefix / "bin/openclaw";
    std::string said = c_.release + " -> " + to + ": ";
    const auto report = [&](DriftStatus status, const std::string& why) {
      c_.add(id, title, {"G9", "G10"}, status, said + why, secondsSince(t0));
    };
    std::error_code ec;
    fs::remove_all(prefix, ec);
    fs::create_directories(prefix, ec);
    // releases/<version>: its node_modules (openclaw and its dependencies) and package files.
    const fs::path release = c_.installed.packageDir.parent_path().parent_path();
    auto copied = runProcess(ProcessSpec{.executable = "/bin/cp",
                                         .args = {"-a", (release / ".").string(), prefix.string()},
                                         .timeout = std::chrono::minutes(2)});
    if (!copied || !copied->succeeded()) {
      report(DriftStatus::Environment, "could not copy the release for main's own install: " +
                                         (copied ? oneLine(copied->diagnosticText(), 200) : copied.error().describe()));
      fs::remove_all(prefix, ec);
      return;
    }
    if (auto w = s_.writeOpenClawCommand(prefix / "node_modules/.bin/openclaw", wrapper); !w) {
      report(DriftStatus::Environment, w.error().describe());
      fs::remove_all(prefix, ec);
      return;
    }
    // Whether a gateway's plist runs main's own install.
    const auto runsMainsInstall = [&](const InstanceSpec& gateway) {
      auto plist = readFileLimited(gateway.plistPath);
      return plist && plist->find(prefix.string()) != std::string::npos;
    };

    RescueState before;
    std::string result;
    DriftStatus status = DriftStatus::Pass;
    auto install = openclawAt(wrapper, {"gateway", "install", "--force"});
    if (!install || install->exitCode != 0 || !runsMainsInstall(s_.spec().main)) {
      status = DriftStatus::Fail;
      result = "main could not be put on an install of its own (`gateway install --force` from it: " +
               (install ? "exit " + std::to_string(install->exitCode) + ", " +
                              oneLine(install->stdoutText + " " + install->stderrText, 200)
                        : install.error().describe()) +
               ")";
    } else {
      const bool mainOnFrom = waitOpenClaw([&] { return healthy(s_.spec().main.port); });
      before = observe();
      if (!before.pid || !before.healthy) {
        status = DriftStatus::Fail;
        result = "the rescue was not running and healthy before the upgrade";
      } else {
        // npm replaces the package directory on an upgrade; for a reinstall it would keep it.
        if (to == c_.release) fs::remove_all(prefix / "node_modules/openclaw", ec);
        const auto npmStart = Clock::now();
        ReleaseCache cache(ReleaseCacheOptions{.dir = c_.cacheDir});
        auto npm = timedInOpenClaw([&] { return cache.npmInstall(prefix, "openclaw@" + to, prefix / "upgrade.log"); });
        const double npmSeconds = secondsSince(npmStart);
        if (!npm) {
          status = DriftStatus::Environment;  // the registry or npm, not the release
          result = "npm install openclaw@" + to + " into main's prefix failed: " + npm.error().describe();
        } else {
          ProcessOpenClawCliOptions o;
          o.executable = wrapper;
          o.environment = s_.environment();
          o.release = to;
          o.timeout = c_.cliTimeout;
          o.secrets = s_.secrets();
          auto cli = makeProcessOpenClawCli(o);
          const auto mainPid = [&] { return jobPid(s_.launchd(), s_.spec().main.label).value_or(0); };
          const int pidBefore = mainPid();
          auto restart = timedInOpenClaw([&] { return cli->gateway(GatewayAction::Restart, OpenClawTarget{}); });
          std::string restartSaid =
              restart ? std::string(restart->ok ? "ok" : "failed: " + oneLine(restart->message, 200))
                      : restart.error().describe();
          // A restart that did not restart leaves main on the code it started with; launchd's
          // kickstart -k (R21) is then what gets main onto the upgrade.
          const bool restarted = timedInOpenClaw(
              [&] { return waitUntil(std::chrono::seconds(15), [&] { return mainPid() != pidBefore && mainPid() != 0; }); });
          if (!restarted) {
            (void)s_.launchd().kickstart(s_.spec().main.label, true);
            restartSaid += "; main's pid unchanged, so `launchctl kickstart -k` restarted it";
          }
          bool mainBack = waitOpenClaw([&] { return mainPid() != pidBefore && healthy(s_.spec().main.port); });
          if (!mainBack) {
            // What an owner tries next, and what the release itself names for a store or config
            // left by an older release (2026.9.6: "run openclaw doctor --fix").
            const std::string doctorSaid = doctorFixWithGatewayBootedOut(
                s_, s_.spec().main,
                {.openclaw = wrapper, .timeout = c_.cliTimeout, .openclawSeconds = c_.openclawSeconds});
            mainBack = waitOpenClaw([&] { return healthy(s_.spec().main.port); });
            restartSaid += "; main did not serve, then with main booted out `openclaw doctor --fix` (" + doctorSaid +
                           ") and a bootstrap: main " + (mainBack ? "serves" : "still does not serve");
          }
          auto version = openclawAt(wrapper, {"--version"});
          const bool onTo = version && version->stdoutText.find(to) != std::string::npos;
          const std::string changed = rescueChangesSince(before);
          if (!changed.empty()) putTheRescueBack();
          if (!changed.empty() || !mainBack || !onTo) status = DriftStatus::Fail;
          char npmTook[32];
          std::snprintf(npmTook, sizeof npmTook, "%.0f s", npmSeconds);
          result = (changed.empty() ? std::string("the rescue kept its pid, health and files") : changed) +
                   "; main " + (mainOnFrom ? "served" : "did not serve") + " on its own install before; npm install " +
                   npmTook + "; `gateway restart` " + restartSaid +
                   "; main " + (mainBack ? "serves again" : "does not serve again") + (onTo ? " on " + to : "") +
                   (onTo ? "" : " (its CLI says " + (version ? oneLine(version->stdoutText, 80) : std::string("nothing")) + ")");
        }
      }
    }
    if (runsMainsInstall(s_.spec().rescue)) result += "; the rescue's plist names main's install";
    // Main back onto the stack's install, whatever happened; then its prefix goes.
    const auto backStart = Clock::now();
    (void)openclaw({"gateway", "install", "--force"});
    const bool back = waitOpenClaw([&] { return healthy(s_.spec().main.port); });
    char took[96];
    std::snprintf(took, sizeof took, "; main %s on the stack's install again (%.0f s)", back ? "served" : "did not serve",
                  secondsSince(backStart));
    fs::remove_all(prefix, ec);
    report(status, result + took);
  }

  // Leaves the rescue as the runbook has it for what follows.
  void putTheRescueBack() {
    if (!s_.launchd().print(s_.spec().rescue.label)) (void)s_.launchd().bootstrap(s_.spec().rescue.plistPath);
    waitUntil(c_.gatewayTimeout, [&] { return healthy(s_.spec().rescue.port); });
  }

  // Lines of the command's output that are about the rescue.
  std::string aboutTheRescue(const std::string& output) {
    const auto& rescue = s_.spec().rescue;
    // Not a bare "rescue": paths such as the harness cache's name it too.
    const std::vector<std::string> needles = {rescue.label, rescue.stateDir.string(), rescue.plistPath.filename().string(),
                                              "profile rescue", "~/" + rescue.stateDir.filename().string()};
    std::string out;
    size_t pos = 0, lines = 0;
    while (pos < output.size() && lines < 4) {
      size_t end = output.find('\n', pos);
      if (end == std::string::npos) end = output.size();
      const std::string line = output.substr(pos, end - pos);
      pos = end + 1;
      for (const auto& n : needles) {
        if (!n.empty() && line.find(n) != std::string::npos) {
          out += (out.empty() ? "" : " | ") + oneLine(line, 200);
          ++lines;
          break;
        }
      }
    }
    return out.empty() ? "nothing about the rescue" : "about the rescue: " + out;
  }

  void operation(const std::string& id, const std::string& title, const std::vector<std::string>& args,
                 bool reinstallMain = false) {
    const auto t0 = Clock::now();
    const RescueState before = observe();
    if (!before.pid || !before.healthy) {
      c_.add(id, title, {"G9"}, DriftStatus::Fail, "the rescue was not running and healthy before the command",
             secondsSince(t0));
      return;
    }
    auto r = openclaw(args);
    std::string said;
    if (!r) {
      said = r.error().describe();
    } else {
      said = (r->timedOut ? std::string("timed out") : "exit " + std::to_string(r->exitCode)) + "; " +
             aboutTheRescue(r->stdoutText + "\n" + r->stderrText);
    }
    if (reinstallMain) {
      auto again = openclaw({"gateway", "install"});
      said += again && again->exitCode == 0 ? "; main installed again" : "; main could not be installed again";
    }
    const std::string changed = rescueChangesSince(before);
    if (!changed.empty()) putTheRescueBack();
    c_.add(id, title, {"G9"}, changed.empty() ? DriftStatus::Pass : DriftStatus::Fail,
           (changed.empty() ? std::string("the rescue kept its pid, health and files; ") : changed) + said,
           secondsSince(t0));
  }

  const MaintenanceContractContext& c_;
  FakeStack& s_;
};

}  // namespace

void runMaintenanceContracts(const MaintenanceContractContext& context) { MaintenanceSession(context).run(); }

}  // namespace harness::upgrade
