#pragma once

// Static checks: pure functions from a HostSnapshot to one CheckResult each. Every check has a
// stable id ("<instance|area>.<thing>"), the requirement ids it proves, and an area for the
// human report. Areas register their checks in their own file (topology_checks.cc,
// rescue_config_checks.cc, ...); staticChecks() lists them all in report order.

#include <string>
#include <vector>

#include "harness/checks/check_result.h"
#include "harness/checks/host_snapshot.h"

namespace harness {

using StaticCheckFn = CheckResult (*)(const CheckInfo&, const HostSnapshot&);

struct StaticCheck {
  CheckInfo info;
  StaticCheckFn run;
};

// All static checks, in report order. Ids are unique (a unit test holds that).
const std::vector<StaticCheck>& staticChecks();

// Runs every static check; a check that throws (a bug) becomes a failing result naming the
// exception rather than ending the run.
std::vector<CheckResult> runStaticChecks(const HostSnapshot& snapshot);

// Registration, one per area file.
void addTopologyChecks(std::vector<StaticCheck>& out);
void addRescueConfigChecks(std::vector<StaticCheck>& out);
void addAuthChecks(std::vector<StaticCheck>& out);
void addLaunchAgentChecks(std::vector<StaticCheck>& out);
void addInstallChecks(std::vector<StaticCheck>& out);
void addRescueAgentChecks(std::vector<StaticCheck>& out);
void addLegacyChecks(std::vector<StaticCheck>& out);
void addSecurityChecks(std::vector<StaticCheck>& out);
void addIsolationChecks(std::vector<StaticCheck>& out);

}  // namespace harness
