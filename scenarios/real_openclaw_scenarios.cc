// The isolation scenarios on real OpenClaw releases: the release's own CLI under fake-macos,
// main installed by its own `gateway install`, rescue from the runbook's plist, the fake
// launchd and the fake Discord (makeRealOpenClawBackend). Label `contract`.
//
//   HARNESS_OPENCLAW_RELEASES  comma-separated releases (default: the ones CI installs)
//   HARNESS_OPENCLAW_GATEWAY   "fake" (default: the fake gateway in both jobs, so a scenario
//                              takes seconds) or "real" (the release's gateway; slow, and its
//                              Discord reaches the fake only from 2026.9.5: set
//                              HARNESS_TIMEOUT_SCALE=10)
// A release that is not in the harness cache skips with the command that installs it.

#include <cstdlib>
#include <sstream>

#include "lab/upgrade/release_cache.h"
#include "scenarios/fake_stack_backend.h"
#include "scenarios/isolation_scenario.h"

namespace harness::scenarios {
namespace {

constexpr const char* kDefaultReleases = "2026.3.24,2026.8.1,2026.9.6";

std::string envOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::vector<BackendFactory> realReleases() {
  std::vector<BackendFactory> out;
  std::stringstream list(envOr("HARNESS_OPENCLAW_RELEASES", kDefaultReleases));
  const bool realGateway = envOr("HARNESS_OPENCLAW_GATEWAY", "fake") == "real";
  for (std::string version; std::getline(list, version, ',');) {
    if (version.empty()) continue;
    out.push_back(BackendFactory{"openclaw@" + version, [version, realGateway] {
                                   upgrade::ReleaseCache cache;
                                   auto release = cache.find(version);
                                   RealOpenClawOptions real;
                                   real.realGateways = realGateway ? RealGateways::Both : RealGateways::None;
                                   real.registryEnvironment = cache.registryEnvironment();
                                   if (release) {
                                     real.node = release->node;
                                     real.openclaw = release->openclaw;
                                   }
                                   return makeRealOpenClawBackend(version, real,
                                                                  release ? "" : release.error().describe());
                                 }});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(RealOpenClaw, IsolationScenario, ::testing::ValuesIn(realReleases()), backendName);

}  // namespace
}  // namespace harness::scenarios
