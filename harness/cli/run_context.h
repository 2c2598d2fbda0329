#pragma once

// RunContext: everything one verify-host run knows about the host, built once and handed from
// the static checks to the live checks to the disruptive check (and to recover):
//
//   auto ctx = loadRunContext(options, env);          // home, spec, snapshot (read once)
//   if (!ctx) return usage error;
//   connectBackends(**ctx, options);                   // live, disruptive, recover: launchctl, openclaw
//   runStaticChecks((*ctx)->snapshot) ... (*ctx)->services() ... (*ctx)->openclaw.cli ...
//
// The host snapshot is read exactly once per run (by `sources.loadSnapshot`); the spec exists
// once, as snapshot.spec; every launchctl call of the run is bounded by kLaunchctlCallTimeout;
// the openclaw CLI is set up once, with HOME = the checked home and the snapshot's redactor.
// The sandbox builds its spec itself and hands it over as a value (runContextForSpec).
//
// A RunContext does not move (the openclaw CLI holds its redactor), so it lives behind a
// unique_ptr.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "harness/checks/host_snapshot.h"
#include "harness/cli/verify_host_options.h"
#include "harness/core/result.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/launchd/service_manager.h"
#include "harness/live/gateway_observation.h"
#include "harness/live/live_snapshot.h"
#include "harness/live/port_owner.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/spec/rescue_spec.h"

namespace harness {

using Environment = std::map<std::string, std::string>;

// One bound for every launchctl call of a run, live and disruptive alike: a `print` answers at
// once, and a bootout waits at most the job's ExitTimeOut (5 s unless the plist says more).
inline constexpr std::chrono::milliseconds kLaunchctlCallTimeout = kDefaultLaunchctlTimeout;
// One bound for every openclaw CLI call (its `--version` alone takes a few seconds on a Mac).
inline constexpr std::chrono::milliseconds kOpenClawCallTimeout{60'000};

using SnapshotLoader = std::function<HostSnapshot(const RescueSpec&, const Environment&)>;

// What a run reads the host through; each empty member means the real one. Tests (and the
// benchmark) put their own in.
struct RunContextSources {
  SnapshotLoader loadSnapshot;              // empty: loadHostSnapshot
  ServiceManager* services = nullptr;       // null: LaunchctlServiceManager on --launchctl
  PortOwnerLookup* portOwners = nullptr;    // null: makeDefaultPortOwnerLookup()
  std::optional<OpenClawCli*> openclaw;     // set: this CLI (null = none) instead of finding one
  GatewayProbe* gatewayProbe = nullptr;     // the disruptive check's; null: HTTP to 127.0.0.1
};

// The openclaw CLI of a run: --openclaw, else `openclaw` in PATH.
struct OpenClawSetup {
  OpenClawCliPtr owned;
  OpenClawCli* cli = nullptr;
  std::string unavailable;  // why cli is null
  std::string path;         // the executable, for the report
};

struct RunContext {
  RunContext() = default;
  RunContext(const RunContext&) = delete;
  RunContext& operator=(const RunContext&) = delete;

  std::filesystem::path home;
  Environment env;           // the process environment (HOME stays the caller's)
  HostSnapshot snapshot;     // snapshot.spec is the run's one spec; snapshot.redactor its redactor
  // From the configs as read, before the installed release is asked for its version.
  LiveExpectations expected;
  RunContextSources sources;

  // After connectBackends().
  ServiceManagerPtr ownedServices;
  ServiceManager* services = nullptr;
  PortOwnerLookupPtr ownedPortOwners;
  PortOwnerLookup* portOwners = nullptr;
  OpenClawSetup openclaw;

  const RescueSpec& spec() const { return snapshot.spec; }
  const Redactor& redactor() const { return snapshot.redactor; }
  // env with HOME = the checked home: what ${VAR} resolves against, and what the CLI sees.
  Environment checkedEnvironment() const;
  // For the report's "extra": openclawVersion, openclaw (the CLI used), waitSeconds.
  std::map<std::string, std::string> reportExtra(const VerifyHostOptions& options) const;
};
using RunContextPtr = std::unique_ptr<RunContext>;

// The home to check: --home, else $HOME from `env`, else the account's home; it must be a
// readable directory.
Result<std::filesystem::path> resolveHome(const VerifyHostOptions& options, const Environment& env);

// The spec: runbook defaults under `home`, then --spec, then each --set, then the typed flags
// (--main-port, --rescue-port, --openclaw-version), which win.
Result<RescueSpec> resolveSpec(const VerifyHostOptions& options, const std::filesystem::path& home);

// Home, spec and snapshot from the command line. Errors (exit 2) start with "home " or "spec ".
Result<RunContextPtr> loadRunContext(const VerifyHostOptions& options, const Environment& env,
                                     RunContextSources sources = {});

// Home and snapshot for a spec the caller built (the sandbox's).
RunContextPtr runContextForSpec(const std::filesystem::path& home, RescueSpec spec, const Environment& env,
                                RunContextSources sources = {});

// The backends for live, disruptive and recover: launchctl (--launchctl, kLaunchctlCallTimeout),
// the port-owner lookup and the openclaw CLI (--openclaw, else PATH).
void connectBackends(RunContext& ctx, const VerifyHostOptions& options);

// Without --openclaw-version, the spec takes the installed release's version (one
// `openclaw --version`), so release-dependent static rules follow it. Live and disruptive only.
void adoptInstalledRelease(RunContext& ctx);

}  // namespace harness
