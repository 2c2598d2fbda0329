#include "lab/upgrade/maintenance_contracts.h"

#include <filesystem>
#include <map>
#include <optional>

#include "harness/core/file_reader.h"
#include "harness/probe/http_probe.h"
#include "harness/process/process_runner.h"
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
    c_.add("contract.maintenance.upgrade", "an upgrade of the install main runs leaves the rescue running", {"G9", "G10"},
           DriftStatus::Skipped,
           "not run on the fake Mac: main and the rescue run one install here (the harness cache's), so an upgrade of "
           "it is G10's shared-install case (rescue.launchagent.own-install, UpgradeSafetyScenario)",
           0);
  }

 private:
  bool healthy(uint16_t port) { return healthzOk(port); }

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

  Result<ProcessResult> openclaw(const std::vector<std::string>& args) {
    const auto t0 = Clock::now();
    auto r = runProcess(ProcessSpec{.executable = s_.openclawCommand(),
                                    .args = args,
                                    .environment = s_.environment(),
                                    .timeout = c_.cliTimeout});
    if (c_.openclawSeconds) *c_.openclawSeconds += secondsSince(t0);
    return r;
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
    // A change the command caused to the rescue's job shows within seconds (launchd acts at once).
    RescueState after = observe();
    waitUntil(std::chrono::seconds(5), [&] {
      after = observe();
      return after.pid != before.pid || !after.healthy;
    });
    std::string changed;
    if (!after.loaded) changed += "the rescue's job is no longer loaded; ";
    else if (after.pid != before.pid)
      changed += "the rescue's pid changed (" + std::to_string(before.pid.value_or(0)) + " -> " +
                 (after.pid ? std::to_string(*after.pid) : std::string("none")) + "); ";
    if (!after.healthy) changed += "the rescue is not healthy; ";
    for (const auto& [file, text] : before.files) {
      if (after.files[file] != text) changed += fs::path(file).filename().string() + " changed; ";
    }
    if (!changed.empty()) {
      // Leave the rescue as the runbook has it for what follows.
      if (!after.loaded) (void)s_.launchd().bootstrap(s_.spec().rescue.plistPath);
      waitUntil(c_.gatewayTimeout, [&] { return healthy(s_.spec().rescue.port); });
    }
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
