#pragma once

// The runbook's contracts with one real OpenClaw release: what the runbook relies on, checked by
// running the release on the fake Mac (harness/sandbox FakeStack with the release's CLI and
// gateway, fake launchd, fake Discord), never by a table kept by hand:
//
//   contract.stack.start            main installed by the release's own `gateway install`, the
//                                   runbook's rescue plist loaded (R17, R18, R21)
//   contract.config.validate.*      `config validate --json` accepts the runbook configs (R26)
//   contract.config.warnings.rescue ... without warnings
//   contract.config.schema.<key>    every key the runbook's rescue config sets is in
//                                   `config schema` (R6–R14)
//   contract.gateway.rescue.healthy the runbook's rescue job serves /healthz
//   contract.health.<endpoint>      /health, /healthz, /ready, /readyz answer in the known shapes
//   contract.ports.footprint        the ports the running gateway binds are inside the footprint
//                                   the port checks assume for the release (R4)
//   contract.logs.*                 the runbook's log paths and success marker (R23)
//   contract.discord.connected      `channels status --json` says connected (R23)
//   contract.auth.store             auth-profiles.json is still the runtime store (R16)
//   contract.label.<action>         the runbook's OPENCLAW_LAUNCHD_LABEL commands act on the
//                                   rescue job, or are refused (R22, R25)
//
// Each becomes a DriftResult: pass, fail, refused (with the release's own message) or skipped,
// or environment when the machine, not the release, decided it (drift_verdict.h).
// runAll() is the list of steps; a new group of contracts is one more step in it.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"
#include "lab/fake_stack/fake_stack.h"
#include "lab/upgrade/drift.h"
#include "lab/upgrade/release_cache.h"

namespace harness::upgrade {

struct ContractRunOptions {
  InstalledRelease release;
  FakeStackBinaries binaries;
  std::filesystem::path workDir;  // the fake Mac lives here (created; the caller removes it)
  std::map<std::string, std::string> registryEnvironment;
  // Where Node's compile cache for the release lives (compileCacheEnvironment); empty: none.
  std::filesystem::path compileCacheDir;
  // How long the rescue's Discord may take to log in (scaled by HARNESS_TIMEOUT_SCALE). The
  // gateway's own start has release-aware deadlines (rescue_health_wait.h).
  std::chrono::milliseconds gatewayTimeout{std::chrono::minutes(3)};
  std::function<void(const std::string&)> progress;  // one line per step, for humans
  // The release contract.maintenance.upgrade upgrades main's install to; none: a reinstall.
  std::optional<std::string> upgradeTo;
};

struct ContractRun {
  std::vector<DriftResult> results;
  double openclawSeconds = 0;  // inside OpenClaw's CLI and gateway start-up
  std::vector<std::string> groupsNotRun;  // opt-in groups left out (DriftRun::groupsNotRun)
};

ContractRun runContracts(const ContractRunOptions& options);

// The opt-in groups, minutes each per release: HARNESS_MAINTENANCE_CONTRACTS=1 (G9,
// maintenance_contracts.h) and HARNESS_RESCUE_CONTRACTS=1 (G8, rescue_contracts.h).
bool maintenanceContractsOn();
bool rescueContractsOn();

// Every leaf key path of a config ("gateway.auth.token", "agents.list[].agentDir"); arrays of
// objects contribute their members' paths under "[]".
std::vector<std::string> configKeyPaths(const nlohmann::json& config);

// Whether a draft-07 JSON Schema (as `openclaw config schema` prints it) admits `keyPath`
// through properties, patternProperties, additionalProperties, items and anyOf/oneOf/allOf.
bool schemaHasKeyPath(const nlohmann::json& schema, const std::string& keyPath);

}  // namespace harness::upgrade
