#include "harness/checks/static_check.h"

#include <chrono>
#include <exception>

namespace harness {

const std::vector<StaticCheck>& staticChecks() {
  static const std::vector<StaticCheck> checks = [] {
    std::vector<StaticCheck> all;
    addTopologyChecks(all);
    addRescueConfigChecks(all);
    addAuthChecks(all);
    addLaunchAgentChecks(all);
    addInstallChecks(all);
    addRescueAgentChecks(all);
    addLegacyChecks(all);
    addSecurityChecks(all);
    addIsolationChecks(all);
    return all;
  }();
  return checks;
}

std::vector<CheckResult> runStaticChecks(const HostSnapshot& snapshot) {
  std::vector<CheckResult> results;
  results.reserve(staticChecks().size());
  for (const auto& check : staticChecks()) {
    const auto start = std::chrono::steady_clock::now();
    CheckResult r;
    try {
      r = check.run(check.info, snapshot);
    } catch (const std::exception& e) {
      r = failed(check.info, std::string("internal error in check: ") + e.what(), {},
                 "report this as a harness bug, with the input that caused it");
    }
    r.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace harness
