#pragma once

// What each OpenClaw release changed that the runbook depends on, in one table. Checks, the
// OpenClaw backend, the contracts and the fakes ask releaseTraits(version) instead of comparing
// release numbers themselves, so a rule moves in one place when a release moves it. Measured
// facts behind each row: ../shared/facts/openclaw-drift.md and launchctl.md.
//
//   const ReleaseTraits t = releaseTraits(snap.spec.openclawVersion);
//   if (t.refusesLabelOverride) ...            // 2026.8.1+
//
// An empty version means "unknown": every trait then says what keeps a check honest for any
// supported release (documented per field), and known() is false.

#include <string>
#include <string_view>

namespace harness {

struct ReleaseTraits {
  std::string version;  // as given; empty = unknown
  bool known() const { return !version.empty(); }

  // Port footprint: the Chrome extension relay at B+10 (2026.7.1+; unknown: counted).
  bool extensionRelayPort = true;
  // Discord left the core (2026.5.2+): the rescue needs plugins.entries.discord.enabled (unknown: yes).
  bool discordIsExternalPlugin = true;
  // acpx left the core (2026.5.2+; unknown: no, its settings are accepted by every release).
  bool acpxIsExternalPlugin = false;
  // ... and the gateway refuses to start while it is configured but not installed (2026.7.x).
  bool missingAcpxRefusesStart = false;
  // Model auth's runtime store is the per-agent SQLite DB, auth-profiles.json only a migration
  // source (2026.7+; unknown: judged by either store).
  bool authStoreIsSqlite = false;
  // tools.exec.mode is a config key (2026.7.1+).
  bool execModeKey = false;
  // agents.entries.<id> is a config key and agents.list legacy (2026.8.1+).
  bool agentsEntries = false;
  // `--profile P` with OPENCLAW_LAUNCHD_LABEL is refused, non-interactive gateway stop/restart
  // need --force, a named profile's default port is derived from its name (2026.8.1+).
  bool refusesLabelOverride = false;
  bool stopNeedsForce = false;
  bool profileDefaultPort = false;
  // The `openclaw` first on the agent exec's PATH is a shim the gateway writes
  // (<stateDir>/tmp/agent-cli/openclaw) that runs its own CLI with its own --profile, whatever
  // the environment says (2026.8.1+: in 8.1's and 9.6's dist, not in 3.24's or 7.35's; unknown:
  // yes, so only launchd's own commands count as a way for the rescue to start main).
  bool agentCliPinsProfile = true;
  // The Discord plugin honours DISCORD_API_URL (plugin 2026.9.5+).
  bool discordApiUrl = false;
};

ReleaseTraits releaseTraits(std::string_view version);

// The newest release the harness has facts about, and in one line what it changes for the
// runbook (for the sandbox's summary).
inline constexpr std::string_view kNewestKnownRelease = "2026.9.6";
inline constexpr std::string_view kNewestKnownReleaseChanges =
    "refuses the runbook's rescue commands (R22/R25: OPENCLAW_LAUNCHD_LABEL with --profile) and reads model auth "
    "from SQLite, not the copied auth-profiles.json (R16/G4)";

}  // namespace harness
