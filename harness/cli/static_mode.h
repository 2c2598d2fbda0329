#pragma once

// The static mode of verify-host as a library call, so tests and the benchmark run exactly
// what the binary runs.

#include <filesystem>
#include <map>
#include <ostream>
#include <string>

#include "harness/checks/host_snapshot.h"
#include "harness/cli/report_output.h"
#include "harness/cli/verify_host_options.h"
#include "harness/core/result.h"
#include "harness/spec/rescue_spec.h"

namespace harness {

// The home to check: --home, else $HOME from `env`, else the account's home; it must be a
// readable directory. Shared by every mode.
Result<std::filesystem::path> resolveHome(const VerifyHostOptions& options,
                                          const std::map<std::string, std::string>& env);

// The spec: runbook defaults under `home`, then --spec, then each --set.
Result<RescueSpec> resolveSpec(const VerifyHostOptions& options, const std::filesystem::path& home);

// The host as every mode reads it: home, spec, and the snapshot read with HOME = that home
// (${VAR} resolves as OpenClaw would see it there). Errors start with "home " or "spec ".
struct CheckedHost {
  std::filesystem::path home;
  RescueSpec spec;
  HostSnapshot snapshot;
};
Result<CheckedHost> loadCheckedHost(const VerifyHostOptions& options, const std::map<std::string, std::string>& env);

// Runs static mode: builds the spec, reads the host, runs the checks and writes the report to
// `out` (or options.outputFile). `env` is the process environment (HOME, ${VAR} values).
int runStaticMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                  std::ostream& err, bool outIsTerminal);

}  // namespace harness
