#pragma once

// The disruptive check (`verify-host disruptive`): proves the isolation guarantees on the
// running system by actually stopping main (G1, R24), then rescue (G2, R25), with the
// runbook's own commands, and bringing each back.
//
//   std::atomic<int> interrupted{0};               // a signal handler stores the signal number
//   DisruptiveDeps deps{.services = launchd, .openclaw = cli /* may be null */, .spec = spec,
//                       .rescueDiscordLogin = makeLogDiscordLoginProbe(launchd, spec.rescue, botId, botName),
//                       .progress = [](const std::string& line) { std::cerr << line << "\n"; },
//                       .interrupt = &interrupted};
//   DisruptiveOptions options{.journalPath = *defaultRestoreJournalPath(currentEnvironment())};
//   if (auto pending = recoverFromJournal(deps, options); ...)  // first restore what a killed run left
//   std::vector<CheckResult> results = runDisruptiveCheck(deps, options);
//
// Steps (each prints a progress line "[  3.2s] ..." with the time since the check began):
//   1. both gateways must be loaded, running and healthy (and rescue logged into Discord);
//      otherwise nothing is touched (disruptive.preconditions fails, the rest is skipped);
//   2. the restore journal records main BEFORE anything is stopped;
//   3. main is stopped with the runbook's `openclaw gateway stop` (launchctl bootout only when the
//      CLI is missing or the release refuses the command) and must go down;
//   4. for the hold period rescue must keep its pid, run, be healthy and logged in;
//   5. main is started with `openclaw gateway start` (fallback: R21's launchctl bootstrap, enable,
//      kickstart -k) and must become healthy; the journal is removed;
//   6. the same with the rescue's commands (`OPENCLAW_LAUNCHD_LABEL=<label> openclaw --profile
//      rescue gateway stop|start`); releases that refuse them (2026.8.1+) are reported and R21's
//      launchctl commands are used instead; main must keep its pid and health.
// Main is always restored: after a failed assertion, a timeout or an interrupt (the flag is
// read in every wait loop; restore waits themselves are not cut short by it). A gateway that
// went down with the other's stop is restored too. When a restore fails the journal is kept
// and the results say where it is and how to recover.
//
// It never edits OpenClaw's configs or plists: it runs only the runbook's commands and launchctl,
// and lists every command it ran in the results' evidence (key "command").
// Not thread-safe; runs on the caller's thread and blocks for about hold * 2 + restart times.
//
// Parts (harness/disruptive): disruptive_check.cc is the state machine; DisruptionController
// runs the runbook's commands with R21's fallback; holdWatching watches the other gateway;
// disruptive_results builds what each phase reports; journal_recovery.cc is --recover.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/launchd/service_manager.h"
#include "harness/live/gateway_observation.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/spec/rescue_spec.h"

namespace harness {

// Returns "" when the gateway is logged into Discord as its expected bot, else one line saying
// what is wrong ("logged in as bot 1111 (OpenClaw Main Bot), expected 2222"). Called once per
// poll during a hold, so it should answer within a second.
// A gateway logged in, but as another bot, answers starting with kDiscordWrongBot: that is a fact
// about its config, not a moment's state, and the preconditions report it first.
using DiscordLoginProbe = std::function<std::string()>;
inline constexpr std::string_view kDiscordWrongBot = "logged in as bot ";

// Receives one finished progress line, e.g. "[ 12.3s] holding: rescue pid 4242 healthy, logged in (8 s left)".
using ProgressSink = std::function<void(const std::string& line)>;

struct DisruptiveDeps {
  ServiceManager& services;
  OpenClawCli* openclaw = nullptr;  // the runbook's commands; null = no openclaw CLI (launchctl only)
  RescueSpec spec;                  // labels, plists, ports, profiles of both gateways
  DiscordLoginProbe rescueDiscordLogin;  // empty = not checked (said so in the results)
  ProgressSink progress;                 // empty = silent
  // Set by the caller's SIGINT/SIGTERM/SIGHUP handler to the signal number; null = never.
  const std::atomic<int>* interrupt = nullptr;
  // How health and open ports are read; null = HTTP to 127.0.0.1 (HttpGatewayProbe). The
  // in-memory Mac of the unit tests (harness/testing/in_memory_mac.h) gives its own.
  GatewayProbe* probe = nullptr;
};

struct DisruptiveOptions {
  std::filesystem::path journalPath;             // required (defaultRestoreJournalPath)
  std::chrono::milliseconds hold{20'000};        // each direction's hold
  std::chrono::milliseconds pollInterval{50};    // state polls during waits and holds (the notice latency)
  std::chrono::milliseconds preconditionWait{0}; // retry the preconditions this long (0 = once)
  std::chrono::milliseconds stopTimeout{30'000}; // stopped gateway must be down within
  std::chrono::milliseconds startTimeout{60'000};// restarted gateway must be healthy within
  std::chrono::milliseconds httpTimeout{1'000};  // per /healthz, /readyz request
  bool reverse = true;                           // also stop rescue and watch main (G2)
};

// Check ids, in report order.
inline constexpr const char* kDisruptivePreconditions = "disruptive.preconditions";
inline constexpr const char* kDisruptiveMainStop = "disruptive.main-stop";      // G1, R24
inline constexpr const char* kDisruptiveMainStart = "disruptive.main-start";    // R24, R21
inline constexpr const char* kDisruptiveRescueStop = "disruptive.rescue-stop";  // G2, R25
inline constexpr const char* kDisruptiveRescueStart = "disruptive.rescue-start";// R25, R21
inline constexpr const char* kDisruptiveRestore = "disruptive.restore";         // both back, journal gone
inline constexpr const char* kDisruptiveRecover = "disruptive.recover";         // recoverFromJournal

// Runs the whole check; never throws. One result per id above except kDisruptiveRecover. A
// result whose run was cut short by the interrupt flag says "interrupted by SIGINT" (etc.).
std::vector<CheckResult> runDisruptiveCheck(DisruptiveDeps& deps, const DisruptiveOptions& options);

// Restores whatever the journal at options.journalPath says is stopped (runbook start command,
// else R21's launchctl commands), waits until each is healthy, and removes the journal. Keeps
// the journal (and says so) when a restore fails. One result, kDisruptiveRecover: Pass when
// restored, Skip when there was no journal, Fail when the journal is malformed or a gateway
// did not come back. Uses options.startTimeout / pollInterval / httpTimeout; the journal's own
// labels, plists and ports (not deps.spec) say what to restore.
CheckResult recoverFromJournal(DisruptiveDeps& deps, const DisruptiveOptions& options);

// Discord login from a gateway's log (R23): the last login line since the job's last start,
// via harness/live's log marker; the log is launchd's stdout path for the label, else
// instance.logPath. Both "logged in to discord as" and 9.6's "client initialized as" count.
// An empty expectedBotId / expectedBotName is not compared.
DiscordLoginProbe makeLogDiscordLoginProbe(ServiceManager& services, InstanceSpec instance, std::string expectedBotId,
                                           std::string expectedBotName);

// "SIGINT", "SIGTERM", "SIGHUP", else "signal N".
std::string signalName(int signal);

}  // namespace harness
