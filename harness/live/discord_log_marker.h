#pragma once

// The Discord login as a gateway's launchd log shows it (R23), in each release's wording
// (shared/facts/openclaw-drift.md §5.3):
//
//   3.24 (runbook):        [discord] logged in to discord as 111122223333444455 (OpenClaw Rescue Bot)
//   6.11+ plugin, 9.6:     [discord] client initialized as 111122223333444455; awaiting gateway readiness
//
// The first proves the Discord gateway said READY; the second only that the client was
// created (9.6 logs nothing on READY), so callers treat it as a weaker signal. The identity is
// "<id> (<name>)", or just one of them when only one is known. ANSI colour codes are stripped
// before matching, and only lines after the gateway's last start (`listening on ws://`, logged
// by every release at startup) count, so a login from before a restart is not taken as current.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "harness/core/result.h"

namespace harness {

enum class DiscordLoginKind {
  None,               // no login line since the last start
  ClientInitialized,  // "discord client initialized as …; awaiting gateway readiness"
  LoggedIn,           // "logged in to discord as …"
};

const char* toString(DiscordLoginKind kind);

struct DiscordLogMarker {
  DiscordLoginKind kind = DiscordLoginKind::None;
  std::string botId;      // digits, when the line names one
  std::string botName;    // when the line names one
  std::string line;       // the matched line, colour stripped
  bool startSeen = false; // a gateway start line was found (otherwise the whole text was searched)
  std::string startLine;  // the last start line, colour stripped
};

// The last login line after the last start line of `logText` (pure). A LoggedIn line wins
// over a later ClientInitialized one of the same start (3.24 logs "initialized" first on some
// runs, then nothing; a reconnect may log "initialized" again after a READY).
DiscordLogMarker findDiscordLogin(std::string_view logText);

// Default bound on how much of a log is read: its last 4 MiB.
inline constexpr uintmax_t kDefaultLogTailBytes = 4u << 20;

// Reads at most the last `maxBytes` of a file (the first partial line of a cut tail is
// dropped). NotFound / PermissionDenied / Io name the path.
Result<std::string> readFileTail(const std::filesystem::path& path, uintmax_t maxBytes = kDefaultLogTailBytes);

// readFileTail + findDiscordLogin.
Result<DiscordLogMarker> readDiscordLogin(const std::filesystem::path& logPath,
                                          uintmax_t maxBytes = kDefaultLogTailBytes);

}  // namespace harness
