#include "lab/upgrade/contract_runner.h"
#include "lab/upgrade/contract_support.h"
#include "lab/upgrade/maintenance_contracts.h"
#include "lab/upgrade/rescue_contracts.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "harness/checks/port_footprint.h"
#include "harness/core/file_reader.h"
#include "harness/core/release_version.h"
#include "harness/live/port_owner.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/probe/http_probe.h"
#include "harness/process/process_runner.h"
#include "harness/sandbox/runbook_layout.h"
#include "harness/core/deadline_scale.h"
#include "lab/upgrade/drift_verdict.h"
#include "lab/upgrade/rescue_health_wait.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kRescueLabel = "ai.openclaw.gateway.rescue";
constexpr const char* kMainLabel = "ai.openclaw.gateway";
// The first Discord plugin that honours DISCORD_API_URL (facts openclaw-drift.md §6.1).
constexpr const char* kDiscordApiUrlRelease = "2026.9.5";
// One CLI call of a real release (a cold Node start-up, a schema of a few MB): far above what
// any call needs idle, scaled with HARNESS_TIMEOUT_SCALE; running out is the machine's doing.
constexpr std::chrono::milliseconds kCliTimeout{std::chrono::minutes(3)};


std::string firstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// The last line of `text` containing `needle`, without its leading timestamp.
std::string lineWith(const std::string& text, const std::string& needle) {
  size_t at = text.rfind(needle);
  if (at == std::string::npos) return {};
  size_t begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  size_t end = text.find('\n', at);
  std::string line = text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (auto bracket = line.find('['); bracket != std::string::npos && bracket < 40) line = line.substr(bracket);
  return line;
}

class ContractSession {
 public:
  ContractSession(const ContractRunOptions& options, ContractRun& run) : o_(options), run_(run) {}

  void runAll() {
    if (!startStack()) return;
    configContracts();
    const bool serving = gatewayContracts();
    if (serving) labelContracts();
    // G9 (maintenance_contracts.cc): minutes per release (doctor, installs); opt-in like G8.
    if (maintenanceContractsOn()) {
      if (serving)
        runMaintenanceContracts({.stack = *stack_,
                               .release = o_.release.version,
                               .installed = o_.release,
                               .cacheDir = o_.compileCacheDir,
                               .upgradeTo = o_.upgradeTo,
                               .gatewayTimeout = o_.gatewayTimeout,
                               .cliTimeout = scaled(kCliTimeout),
                               .add = [this](auto... a) { add(std::move(a)...); },
                               .openclawSeconds = &run_.openclawSeconds});
    } else {
      run_.groupsNotRun.push_back("contract.maintenance.");
    }
    // G8 (rescue_contracts.cc) stays last: its no-auth contract leaves the rescue running
    // without its auth store (the files are put back, the gateway not restarted onto them).
    // It costs minutes per release (agent turns, and doctor --fix where
    // the auth store is SQLite): opt-in, run by hand and recorded; CI leaves the group out.
    if (rescueContractsOn()) {
      const RescueContractContext rescue{*stack_, o_.release.version, o_.gatewayTimeout,
                                         [this](auto... a) { add(std::move(a)...); }, &run_.openclawSeconds};
      if (serving) {
        runRescueContracts(rescue);
      } else {
        // Said, not left out: on a release whose rescue does not start as the runbook lays it
        // out (2026.8.1: plugin verification), none of G8 can be measured.
        skipRescueContracts(rescue,
                            "the rescue gateway does not serve on this release as the runbook lays it out: see "
                            "contract.gateway.rescue.healthy");
      }
    } else {
      run_.groupsNotRun.push_back("contract.rescue.");
    }
  }

 private:
  void add(std::string id, std::string title, std::vector<std::string> requirements, DriftStatus status,
           std::string message, double seconds = 0) {
    if (stack_) message = stack_->redactor().redact(message);
    if (o_.progress) {
      char elapsed[32];
      std::snprintf(elapsed, sizeof elapsed, "[%6.1fs] ", secondsSince(started_));
      o_.progress(elapsed + std::string(toString(status)) + "  " + id + (message.empty() ? "" : ": " + firstLine(message)));
    }
    run_.results.push_back(DriftResult{std::move(id), std::move(title), std::move(requirements), status,
                                       std::move(message), seconds});
  }

  // Time spent waiting for OpenClaw (its CLI or its gateway starting) is not the harness's.
  template <typename F>
  auto inOpenClaw(F&& f) {
    const auto t0 = Clock::now();
    auto result = f();
    run_.openclawSeconds += secondsSince(t0);
    return result;
  }

  std::string log(const fs::path& file) {
    auto text = readFileLimited(file, 64 << 20);
    return text ? *text : std::string();
  }
  std::string rescueLog() { return log(stack_->spec().rescue.logPath) + log(stack_->spec().rescue.errLogPath); }
  std::string rescueLogTail() {
    std::string t = rescueLog();
    if (t.size() > 1500) t = "..." + t.substr(t.size() - 1500);
    return t;
  }

  std::optional<int> jobPid(const std::string& label) { return upgrade::jobPid(stack_->launchd(), label); }

  bool rescueHealthy() {
    auto r = httpGet(HttpTarget{.port = stack_->spec().rescue.port, .timeout = std::chrono::milliseconds(1000)}, "/healthz");
    return r && r->status == 200;
  }

  bool startStack() {
    const auto t0 = Clock::now();
    FakeStackOptions options{.dir = o_.workDir, .release = o_.release.version};
    // Only the rescue runs the release's gateway: the contracts are about it, and one real
    // gateway instead of two halves the run on a 2-core machine.
    auto environment = o_.registryEnvironment;
    for (const auto& [k, v] : compileCacheEnvironment(o_.compileCacheDir, o_.release)) environment[k] = v;
    options.installation = std::make_shared<RealReleaseInstallation>(
        RealOpenClawOptions{o_.release.node, o_.release.openclaw, RealGateways::Rescue, std::move(environment)});
    auto stack = inOpenClaw([&] { return FakeStack::start(o_.binaries, options); });
    if (!stack) {
      add("contract.stack.start", "main installed by the release, the runbook's rescue plist loaded",
          {"R17", "R18", "R21"}, statusForError(stack.error()), stack.error().describe(), secondsSince(t0));
      return false;
    }
    stack_ = std::move(*stack);
    ProcessOpenClawCliOptions cli;
    cli.executable = stack_->openclawCommand();
    cli.environment = stack_->environment();
    cli.release = o_.release.version;
    cli.timeout = scaled(kCliTimeout);
    cli.secrets = stack_->secrets();
    cli_ = makeProcessOpenClawCli(cli);
    add("contract.stack.start", "main installed by the release, the runbook's rescue plist loaded",
        {"R17", "R18", "R21"}, DriftStatus::Pass, "", secondsSince(t0));
    const std::string& refusal = stack_->mainInstallRefusal();
    add("contract.install.main-as-laid-out",
        "`gateway install` takes main as the runbook leaves it (auth-profiles.json), without `doctor --fix`",
        {"R15", "R16"}, refusal.empty() ? DriftStatus::Pass : DriftStatus::Refused, refusal);
    return true;
  }

  void configContracts() {
    for (const auto& [name, which] : {std::pair<std::string, OpenClawTarget>{"main", OpenClawTarget{}},
                                      std::pair<std::string, OpenClawTarget>{"rescue", OpenClawTarget{"rescue", {}}}}) {
      const OpenClawTarget target = which;  // clang 14 cannot capture a structured binding
      const auto t0 = Clock::now();
      auto v = inOpenClaw([&] { return cli_->validateConfig(target); });
      const std::string id = "contract.config.validate." + name;
      const std::string title = "`config validate` accepts the runbook's " + name + " config";
      if (!v) {
        add(id, title, {"R26"}, statusForError(v.error()), v.error().describe(), secondsSince(t0));
        continue;
      }
      std::string issues;
      for (const auto& [path, message] : v->issues) issues += path + ": " + message + "; ";
      add(id, title, {"R26"}, v->valid ? DriftStatus::Pass : DriftStatus::Fail, v->valid ? "" : issues + v->error,
          secondsSince(t0));
      if (name == "rescue" && v->valid) {
        std::string warnings;
        for (const auto& [path, message] : v->warnings) warnings += path + ": " + message + "; ";
        add("contract.config.warnings.rescue", "`config validate` has no warnings for the runbook's rescue config",
            {"R26"}, warnings.empty() ? DriftStatus::Pass : DriftStatus::Fail, warnings);
      }
    }
    schemaContracts();
  }

  void schemaContracts() {
    const auto t0 = Clock::now();
    auto r = inOpenClaw([&] {
      return runProcess(ProcessSpec{.executable = stack_->openclawCommand(),
                                    .args = {"--profile", "rescue", "config", "schema"},
                                    .environment = stack_->environment(),
                                    .timeout = scaled(kCliTimeout)});
    });
    const auto keys = configKeyPaths(RunbookLayout(stack_->home()).rescueConfig);
    std::optional<json> schema;
    if (!r) {
      add("contract.config.schema", "`config schema` prints the config's JSON Schema", {"R26"},
          statusForError(r.error()), r.error().describe(), secondsSince(t0));
    } else if (r->timedOut) {
      add("contract.config.schema", "`config schema` prints the config's JSON Schema", {"R26"},
          DriftStatus::Environment, "did not finish within " + std::to_string(scaled(kCliTimeout).count() / 1000) + " s",
          secondsSince(t0));
    } else if (!r->succeeded()) {
      std::string message = firstLine(r->stderrText.empty() ? r->stdoutText : r->stderrText);
      const DriftStatus status = behaviourOrEnvironment(DriftStatus::Refused, r->stderrText + r->stdoutText, message);
      add("contract.config.schema", "`config schema` prints the config's JSON Schema", {"R26"}, status, message,
          secondsSince(t0));
    } else {
      // Some releases print notices before the document.
      const auto brace = r->stdoutText.find('{');
      json parsed = json::parse(brace == std::string::npos ? std::string() : r->stdoutText.substr(brace), nullptr, false);
      if (parsed.is_discarded()) {
        add("contract.config.schema", "`config schema` prints the config's JSON Schema", {"R26"}, DriftStatus::Fail,
            "output is not JSON", secondsSince(t0));
      } else {
        add("contract.config.schema", "`config schema` prints the config's JSON Schema", {"R26"}, DriftStatus::Pass, "",
            secondsSince(t0));
        schema = std::move(parsed);
      }
    }
    const bool schemaEnvironment = run_.results.back().status == DriftStatus::Environment;
    for (const auto& key : keys) {
      const std::string id = "contract.config.schema." + key;
      const std::string title = "the schema has the runbook's key " + key;
      if (!schema && schemaEnvironment) {
        add(id, title, {"R6", "R14"}, DriftStatus::Environment, "no config schema on this machine (see contract.config.schema)");
      } else if (!schema) add(id, title, {"R6", "R14"}, DriftStatus::Skipped, "no config schema from this release");
      else if (schemaHasKeyPath(*schema, key)) add(id, title, {"R6", "R14"}, DriftStatus::Pass, "");
      else add(id, title, {"R6", "R14"}, DriftStatus::Fail, "not in the schema (legacy or removed)");
    }
  }

  bool gatewayContracts() {
    const auto t0 = Clock::now();
    // Deadlines from what the release needs (rescue_health_wait.h): its measured start-up, a
    // crash loop, and whether it still makes progress.
    const auto limits = healthWaitLimits(measuredStartSeconds(o_.release));
    const HealthWaitOutcome outcome = inOpenClaw([&] { return waitForHealthy(rescueProbes(*stack_), limits); });
    std::string message = outcome.kind == HealthWaitOutcome::Kind::Healthy
                              ? ""
                              : "no /healthz: " + outcome.describe() + "; log: " + rescueLogTail();
    const DriftStatus status = healthVerdict(outcome, rescueLog(), message);
    if (status == DriftStatus::Pass) recordStartSeconds(o_.release, outcome.seconds);
    add("contract.gateway.rescue.healthy", "the runbook's rescue job serves /healthz", {"R21", "G1"}, status, message,
        secondsSince(t0));
    if (status != DriftStatus::Pass) return false;
    healthContracts();
    discordContracts();
    portContract();
    logPathContracts();
    authStoreContract();
    return true;
  }

  void healthContracts() {
    for (const char* path : {"/health", "/healthz", "/ready", "/readyz"}) {
      const bool ready = std::string(path).find("ready") != std::string::npos;
      std::string message;
      bool good = false;
      std::optional<Error> unanswered;
      // /readyz turns ready once start-up is done: a 503 before that is not a difference.
      // A loaded 2-core machine can take seconds to answer the detailed /ready.
      auto answered = [&] {
        auto r = httpGet(HttpTarget{.port = stack_->spec().rescue.port, .timeout = scaled(std::chrono::seconds(10))}, path);
        if (!r) {
          message = r.error().describe();
          unanswered = r.error();
          return false;
        }
        unanswered.reset();
        json body = json::parse(r->body, nullptr, false);
        good = r->status == 200 && body.is_object() &&
               (ready ? body.value("ready", false) : body.value("ok", false) && body.value("status", "") == "live");
        message = good ? "" : "HTTP " + std::to_string(r->status) + " " + firstLine(r->body).substr(0, 120);
        return good;
      };
      // Waiting for the gateway's answer is OpenClaw's time.
      inOpenClaw([&] { return waitUntil(scaled(std::chrono::seconds(30)), answered); });
      // No answer in time from a gateway that served /healthz moments ago is the machine's load;
      // a wrong answer, or a refused connection, is the release's.
      const DriftStatus status = good ? DriftStatus::Pass : unanswered ? statusForError(*unanswered) : DriftStatus::Fail;
      add(std::string("contract.health.") + (path + 1), std::string("GET ") + path + " answers 200 in the known shape", {"R21"},
          status, message);
    }
  }

  void discordContracts() {
    const std::string marker = std::string("[discord] logged in to discord as ") + kRescueBotId + " (" + kRescueBotName + ")";
    if (!versionAtLeast(o_.release.version, kDiscordApiUrlRelease)) {
      const std::string why = std::string("the release's Discord cannot be pointed at a fake before ") +
                              kDiscordApiUrlRelease + " (no DISCORD_API_URL)";
      add("contract.logs.discord-marker", "the rescue log has the runbook's success marker", {"R23", "G6"},
          DriftStatus::Skipped, why);
      add("contract.discord.connected", "`channels status --json`: the rescue's Discord account is connected",
          {"R23", "G6"}, DriftStatus::Skipped, why);
      return;
    }
    const auto t0 = Clock::now();
    // Whichever comes first: the marker, the newer "initialized" line, or a refusal to start Discord.
    const std::vector<std::string> outcomes = {marker, "client initialized as", "explicit trust", "discord"};
    std::string seen;
    inOpenClaw([&] {
      return waitUntil(scaled(o_.gatewayTimeout), [&] {
        const std::string text = rescueLog();
        for (size_t i = 0; i + 1 < outcomes.size(); ++i) {
          if (text.find(outcomes[i]) != std::string::npos) {
            seen = lineWith(text, outcomes[i]);
            return true;
          }
        }
        return false;
      });
    });
    if (seen.empty()) seen = lineWith(rescueLog(), "discord");
    const bool markerSeen = seen.find(marker) != std::string::npos;
    add("contract.logs.discord-marker", "the rescue log has the runbook's success marker", {"R23", "G6"},
        markerSeen ? DriftStatus::Pass : DriftStatus::Fail,
        markerSeen ? "" : (seen.empty() ? "no Discord line in the rescue log" : seen), secondsSince(t0));

    const auto t1 = Clock::now();
    std::string why;
    std::optional<Error> failedCall;
    const bool connected = inOpenClaw([&] {
      return waitUntil(scaled(std::chrono::seconds(60)), [&] {
        auto status = cli_->channelsStatus(OpenClawTarget{"rescue", {}});
        failedCall.reset();
        if (!status) {
          why = status.error().describe();
          failedCall = status.error();
          return false;
        }
        if (status->discord.empty()) {
          why = "no Discord account in `channels status`";
          return false;
        }
        why = status->discord.front().lastError.empty() ? "not connected" : status->discord.front().lastError;
        return status->discord.front().connected && status->discord.front().botId == kRescueBotId;
      });
    });
    const DriftStatus status = connected ? DriftStatus::Pass : failedCall ? statusForError(*failedCall) : DriftStatus::Fail;
    add("contract.discord.connected", "`channels status --json`: the rescue's Discord account is connected",
        {"R23", "G6"}, status, connected ? "" : why, secondsSince(t1));
  }

  void portContract() {
    const uint16_t base = stack_->spec().rescue.port;
    auto pid = jobPid(kRescueLabel);
    const auto footprint = portFootprint(base, o_.release.version);
    std::vector<uint16_t> window;
    for (int p = std::max(1, base - 20); p <= std::min(65535, base + 200); ++p) window.push_back(static_cast<uint16_t>(p));
    auto owners = makeDefaultPortOwnerLookup()->listenersOf(window);
    if (!pid || !owners) {
      add("contract.ports.footprint", "the ports the rescue gateway binds are inside its modelled footprint", {"R4", "G3"},
          DriftStatus::Fail, !pid ? "the rescue job has no pid" : owners.error().describe());
      return;
    }
    std::vector<std::string> inside, outside;
    for (const auto& [listening, pids] : *owners) {
      const uint16_t port = listening;  // clang 14 cannot capture a structured binding
      if (std::none_of(pids.begin(), pids.end(), [&](pid_t p) { return isSameOrDescendant(p, *pid); })) continue;
      const std::string offset = "B+" + std::to_string(port - base);
      const bool modelled = std::any_of(footprint.ranges.begin(), footprint.ranges.end(),
                                        [&](const PortRange& r) { return port >= r.first && port <= r.last; });
      (modelled ? inside : outside).push_back(offset);
    }
    auto joined = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
      return s;
    };
    add("contract.ports.footprint", "the ports the rescue gateway binds are inside its modelled footprint", {"R4", "G3"},
        outside.empty() && !inside.empty() ? DriftStatus::Pass : DriftStatus::Fail,
        outside.empty() ? (inside.empty() ? "binds no port of its own" : "binds " + joined(inside))
                        : "binds " + joined(outside) + " outside the footprint (B.." + "B+" +
                              std::to_string(footprint.highest() - base) + ")");
  }

  void logPathContracts() {
    const auto& rescue = stack_->spec().rescue;
    const bool written = !log(rescue.logPath).empty();
    add("contract.logs.runbook-path", "the gateway writes to the runbook plist's StandardOutPath", {"R23"},
        written ? DriftStatus::Pass : DriftStatus::Fail, written ? "" : "nothing written to " + rescue.logPath.string());
    const fs::path runbookMainLog = stack_->home() / ".openclaw/logs/gateway.log";
    const fs::path installed = stack_->spec().main.logPath;
    std::string shown = installed.string();
    if (shown.rfind(stack_->home().string(), 0) == 0) shown = "~" + shown.substr(stack_->home().string().size());
    add("contract.logs.install-path", "`gateway install` logs to ~/.openclaw/logs/gateway.log as the runbook says",
        {"R23"}, installed == runbookMainLog ? DriftStatus::Pass : DriftStatus::Fail,
        installed == runbookMainLog ? "" : "gateway install logs to " + shown);
  }

  void authStoreContract() {
    const std::string text = rescueLog();
    const fs::path sqlite = stack_->home() / ".openclaw-rescue/agents/rescue/agent/openclaw-agent.sqlite";
    std::string why;
    if (text.find("AUTH_PROFILE_MIGRATION_REQUIRED") != std::string::npos) {
      why = "auth-profiles.json is no longer the runtime store: " + lineWith(text, "AUTH_PROFILE_MIGRATION_REQUIRED");
    } else if (fs::exists(sqlite)) {
      why = "the rescue agent's auth store is openclaw-agent.sqlite";
    }
    add("contract.auth.store", "the copied auth-profiles.json is the rescue agent's model auth store", {"R16", "G4"},
        why.empty() ? DriftStatus::Pass : DriftStatus::Fail, why.substr(0, 300));
  }

  // The runbook's daily commands for rescue (R22, R25): which job they act on, or a refusal.
  void labelContracts() {
    const OpenClawTarget runbook{"rescue", std::string(kRescueLabel)};
    {
      const auto t0 = Clock::now();
      auto status = inOpenClaw([&] { return cli_->gatewayStatus(runbook); });
      auto pid = jobPid(kRescueLabel);
      std::string message;
      bool good = false;
      DriftStatus failed = DriftStatus::Fail;
      if (!status) {
        message = status.error().describe();
        failed = statusForError(status.error());
      } else {
        good = status->running && status->pid && pid && *status->pid == *pid;
        if (!good) {
          message = "reports " + (status->label.empty() ? std::string("no job") : status->label) +
                    (status->running ? " running" : " not running") +
                    (status->pid && pid && *status->pid != *pid ? " with another pid" : "");
        }
      }
      add("contract.label.status", "the runbook's rescue `gateway status` reports the rescue job", {"R22", "R25"},
          good ? DriftStatus::Pass : failed, message, secondsSince(t0));
    }
    {
      const auto t0 = Clock::now();
      auto status = inOpenClaw([&] { return cli_->gatewayStatus(OpenClawTarget{}); });
      auto pid = jobPid(kMainLabel);
      const bool good = status && status->running && status->pid && pid && *status->pid == *pid;
      add("contract.label.main-status", "plain `gateway status` reports main's job", {"R24"},
          good ? DriftStatus::Pass : !status ? statusForError(status.error()) : DriftStatus::Fail,
          good ? "" : (status ? "reports " + status->label + (status->running ? " running" : " not running")
                              : status.error().describe()),
          secondsSince(t0));
    }
    // After a restart or a start, the same release-aware wait as the first start.
    auto servingAgain = [&](auto jobChanged) {
      if (!waitUntil(scaled(std::chrono::seconds(60)), jobChanged)) {
        return std::pair{DriftStatus::Fail, std::string("the rescue job (") + kRescueLabel + ") did not start again"};
      }
      const auto outcome = waitForHealthy(rescueProbes(*stack_), healthWaitLimits(measuredStartSeconds(o_.release)));
      std::string message = outcome.kind == HealthWaitOutcome::Kind::Healthy ? "" : "no /healthz: " + outcome.describe();
      const DriftStatus status = healthVerdict(outcome, rescueLog(), message);
      return std::pair{status, message};
    };
    lifecycle(GatewayAction::Restart, runbook, [&](int before) {
      return servingAgain([&] {
        auto now = jobPid(kRescueLabel);
        return now && *now != before;
      });
    });
    lifecycle(GatewayAction::Stop, runbook, [&](int) {
      const bool stopped = waitUntil(scaled(std::chrono::seconds(60)), [&] { return !jobPid(kRescueLabel); });
      return stopped ? std::pair{DriftStatus::Pass, std::string()}
                     : std::pair{DriftStatus::Fail, std::string("the rescue job (") + kRescueLabel + ") did not stop"};
    });
    lifecycle(GatewayAction::Start, runbook, [&](int) { return servingAgain([&] { return jobPid(kRescueLabel).has_value(); }); });
  }

  template <typename Done>
  void lifecycle(GatewayAction action, const OpenClawTarget& target, Done done) {
    const std::string name = toString(action);
    const std::string id = "contract.label." + name;
    const std::string title = "the runbook's rescue `gateway " + name + "` acts on the rescue job";
    const auto t0 = Clock::now();
    const int before = jobPid(kRescueLabel).value_or(0);
    auto outcome = inOpenClaw([&] { return cli_->gateway(action, target); });
    if (!outcome) {
      add(id, title, {"R25"}, statusForError(outcome.error()), outcome.error().describe(), secondsSince(t0));
      return;
    }
    if (outcome->refused) {
      add(id, title, {"R25"}, DriftStatus::Refused, outcome->message, secondsSince(t0));
      return;
    }
    if (!outcome->ok) {
      add(id, title, {"R25"}, DriftStatus::Fail, outcome->message, secondsSince(t0));
      return;
    }
    const auto [status, why] = inOpenClaw([&] { return done(before); });
    add(id, title, {"R25"}, status, status == DriftStatus::Pass ? "" : "succeeded, but " + why, secondsSince(t0));
  }

  const ContractRunOptions& o_;
  ContractRun& run_;
  const Clock::time_point started_ = Clock::now();
  std::unique_ptr<FakeStack> stack_;
  OpenClawCliPtr cli_;
};

void collectKeyPaths(const json& node, const std::string& prefix, std::vector<std::string>& out) {
  if (node.is_object() && !node.empty()) {
    for (const auto& [k, v] : node.items()) collectKeyPaths(v, prefix.empty() ? k : prefix + "." + k, out);
  } else if (node.is_array() && !node.empty() && node.front().is_object()) {
    for (const auto& item : node) collectKeyPaths(item, prefix + "[]", out);
  } else if (!prefix.empty()) {
    out.push_back(prefix);
  }
}

// The sub-schemas `schema` allows for member `key` (object) or for items (key "[]").
void childSchemas(const json& schema, const std::string& key, std::vector<const json*>& out, int depth = 0) {
  if (!schema.is_object() || depth > 8) return;
  for (const char* combinator : {"anyOf", "oneOf", "allOf"}) {
    if (auto it = schema.find(combinator); it != schema.end() && it->is_array()) {
      for (const auto& s : *it) childSchemas(s, key, out, depth + 1);
    }
  }
  if (key == "[]") {
    if (auto it = schema.find("items"); it != schema.end()) {
      if (it->is_array()) for (const auto& s : *it) out.push_back(&s);
      else out.push_back(&*it);
    }
    return;
  }
  if (auto props = schema.find("properties"); props != schema.end() && props->is_object()) {
    if (auto it = props->find(key); it != props->end()) out.push_back(&*it);
  }
  if (auto patterns = schema.find("patternProperties"); patterns != schema.end() && patterns->is_object()) {
    for (const auto& [pattern, s] : patterns->items()) {
      (void)pattern;
      out.push_back(&s);  // the runbook's keys under a pattern are ids (agent ids): any matches
    }
  }
  if (auto extra = schema.find("additionalProperties"); extra != schema.end() && extra->is_object()) {
    out.push_back(&*extra);
  }
}

}  // namespace

std::vector<std::string> configKeyPaths(const json& config) {
  std::vector<std::string> out;
  collectKeyPaths(config, "", out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool schemaHasKeyPath(const json& schema, const std::string& keyPath) {
  std::vector<std::string> parts;
  std::string part;
  for (size_t i = 0; i <= keyPath.size(); ++i) {
    if (i == keyPath.size() || keyPath[i] == '.') {
      if (!part.empty()) parts.push_back(part);
      part.clear();
    } else if (keyPath.compare(i, 2, "[]") == 0) {
      if (!part.empty()) parts.push_back(part);
      parts.push_back("[]");
      part.clear();
      ++i;
    } else {
      part += keyPath[i];
    }
  }
  std::vector<const json*> level = {&schema};
  for (const auto& key : parts) {
    std::vector<const json*> next;
    for (const json* s : level) childSchemas(*s, key, next);
    if (next.empty()) return false;
    level = std::move(next);
  }
  return true;
}

namespace {
bool switchedOn(const char* name) {
  const char* on = std::getenv(name);
  return on && std::string(on) == "1";
}
}  // namespace

bool maintenanceContractsOn() { return switchedOn("HARNESS_MAINTENANCE_CONTRACTS"); }
bool rescueContractsOn() { return switchedOn("HARNESS_RESCUE_CONTRACTS"); }

ContractRun runContracts(const ContractRunOptions& options) {
  ContractRun run;
  ContractSession(options, run).runAll();
  return run;
}

}  // namespace harness::upgrade
