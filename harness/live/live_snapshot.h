#pragma once

// LiveSnapshot: what the running system looks like right now, for both gateways. Collection
// does all the I/O (launchctl, /proc or lsof, HTTP probes, the launchd log, the openclaw CLI);
// the live checks (live_checks.h) are pure functions over it, so unit tests build snapshots by
// hand and --wait simply collects again.
//
//   LiveProbes probes{services, portOwners, openclaw /* may be null */};
//   auto expected = liveExpectations(hostSnapshot);       // bots from the configs' tokens
//   LiveSnapshot live = collectLiveSnapshot(spec, probes, expected);
//   auto results = runLiveChecks(live);

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/checks/host_snapshot.h"
#include "harness/core/result.h"
#include "harness/launchd/job_state.h"
#include "harness/launchd/service_manager.h"
#include "harness/live/discord_log_marker.h"
#include "harness/live/port_owner.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/probe/http_probe.h"
#include "harness/spec/rescue_spec.h"

namespace harness {

// The Discord bot a gateway should be logged in as, from its config (never the token itself).
struct ExpectedBot {
  bool expected = false;  // Discord enabled with a token: a login is expected
  std::string id;         // decoded from the token's first segment; empty when it cannot be
  std::string name;       // the spec's discordBotName; empty = not checked
  std::string whyNot;     // when !expected: "channels.discord.token is not set", ...
};

struct LiveExpectations {
  ExpectedBot main;
  ExpectedBot rescue;
  std::string openclawVersion;  // release the spec names (--openclaw-version); empty = unknown
};

// What the configs in a static snapshot say about the bots.
LiveExpectations liveExpectations(const HostSnapshot& snapshot);

// The bot id a Discord token names (its first segment, base64 of the decimal id), if any.
std::optional<std::string> discordBotIdFromToken(const std::string& token);

struct PortObservation {
  uint16_t port = 0;
  std::string role;                       // "gateway", "browser control"
  bool accepting = false;                 // a TCP connect to 127.0.0.1:port succeeded
  std::vector<pid_t> pids;                // visible listening processes
  std::map<pid_t, std::string> names;     // their command names
  std::map<pid_t, bool> ownTree;          // pid -> is the job's process or a descendant
  std::map<pid_t, bool> otherTree;        // pid -> belongs to the other gateway's job
  std::optional<Error> error;             // the owner lookup failed
};

struct LiveInstance {
  InstanceSpec spec;
  ExpectedBot expectedBot;
  std::string domain;                     // "gui/501", for remediations

  std::optional<JobState> job;            // `launchctl print`; loaded=false when not loaded
  std::optional<Error> jobError;          // launchctl could not tell
  std::optional<bool> disabledOverride;   // print-disabled: true = disabled, absent = no override
  std::optional<Error> disabledError;

  bool healthProbed = false;
  GatewayHealth health;

  std::vector<PortObservation> ports;     // B, B+2

  std::filesystem::path logPath;          // launchd's stdout path (print), else the spec's
  std::optional<DiscordLogMarker> logMarker;
  std::optional<Error> logError;

  // Only with an openclaw CLI.
  std::optional<Result<ChannelsStatus>> channels;
  std::optional<Result<ConfigValidation>> validation;
  std::optional<Result<SecurityAudit>> audit;

  std::optional<pid_t> pid() const {
    if (job && job->pid) return static_cast<pid_t>(*job->pid);
    return std::nullopt;
  }
};

struct LiveSnapshot {
  LiveInstance main;
  LiveInstance rescue;
  std::string specOpenclawVersion;  // what --openclaw-version said

  // The openclaw CLI, when there is one.
  bool openclawAvailable = false;
  std::string openclawUnavailable;  // why not (for skip messages)
  std::string openclawPath;         // which binary
  std::optional<Result<std::string>> openclawVersion;
  // R22: the runbook's status command (label override), and, when a release refuses that, the
  // command that works for it (no override).
  std::optional<Result<GatewayServiceStatus>> rescueStatus;
  std::optional<Result<GatewayServiceStatus>> rescueStatusDerived;
  std::string rescueStatusCommand;         // as the user would type it
  std::string rescueStatusDerivedCommand;

  std::chrono::microseconds elapsed{0};    // how long collection took
};

struct LiveProbes {
  ServiceManager& services;
  PortOwnerLookup& portOwners;
  OpenClawCli* openclaw = nullptr;   // null: no openclaw binary
  std::string openclawUnavailable;   // why openclaw is null, e.g. "no openclaw in PATH"
  std::string openclawPath;
  std::chrono::milliseconds httpTimeout{1000};
};

// What to collect; --wait re-collects only what failing checks need.
struct LiveCollectOptions {
  bool openclaw = true;  // the (slow) openclaw CLI calls
};

// Collects both gateways (in parallel; each part bounded by its probe's timeout). Never fails:
// what could not be learned is an Error inside the snapshot.
LiveSnapshot collectLiveSnapshot(const RescueSpec& spec, LiveProbes& probes, const LiveExpectations& expected,
                                 const LiveCollectOptions& options = {});

// True when the release refuses OPENCLAW_LAUNCHD_LABEL with a named profile (2026.8.1+).
bool releaseRefusesLabelOverride(std::string_view openclawVersion);

// "Invalid ... named profiles cannot override OPENCLAW_LAUNCHD_LABEL ..." and the other texts by
// which an OpenClaw release refuses a service command itself, or a status that says it only
// diagnosed (9.6 `targetRole: "diagnostic-only"`).
bool isLabelOverrideRefusal(const Error& error);
bool isDiagnosticOnlyStatus(const GatewayServiceStatus& status);

// "2026.9.6" from `openclaw --version` output ("OpenClaw 2026.9.6 (abc123)", "2026.3.24"); empty if none.
std::string extractOpenClawVersion(const std::string& text);

}  // namespace harness
