#include "harness/core/release_traits.h"

#include "harness/core/release_version.h"

namespace harness {

ReleaseTraits releaseTraits(std::string_view version) {
  ReleaseTraits t;
  t.version = std::string(version);
  if (version.empty()) return t;  // the defaults are the unknown-release answers
  auto since = [&](std::string_view first) { return versionAtLeast(version, first); };
  t.extensionRelayPort = since("2026.7.1");
  t.discordIsExternalPlugin = since("2026.5.2");
  t.acpxIsExternalPlugin = since("2026.5.2");
  t.missingAcpxRefusesStart = since("2026.7.1") && !since("2026.8.0");
  t.authStoreIsSqlite = since("2026.7");
  t.execModeKey = since("2026.7.1");
  t.agentsEntries = since("2026.8.1");
  t.refusesLabelOverride = since("2026.8.1");
  t.stopNeedsForce = since("2026.8.1");
  t.profileDefaultPort = since("2026.8.1");
  t.agentCliPinsProfile = since("2026.8.1");
  t.discordApiUrl = since("2026.9.5");
  return t;
}

}  // namespace harness
