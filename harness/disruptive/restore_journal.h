#pragma once

// RestoreJournal: what the disruptive check has stopped and not yet brought back, on disk in
// the harness's own state directory, so that after a SIGKILL or a power cut the next run can
// restore first (recoverFromJournal in disruptive_check.h).
//
//   auto path = defaultRestoreJournalPath(currentEnvironment());
//   RestoreJournal j = newRestoreJournal(spec.home);
//   j.entries.push_back({...});                    // BEFORE stopping anything
//   if (auto s = writeRestoreJournal(path, j); !s) ...
//   ...                                            // stop, hold, start, healthy
//   (void)removeRestoreJournal(path);
//
// The file is written atomically (a temporary file in the same directory, fsync, rename, fsync
// of the directory), mode 0600; missing directories are created 0700. It holds no secret:
// labels, paths, ports and command lines only. Reading a malformed journal is an
// InvalidInput error naming the file, never a crash.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace harness {

inline constexpr int kRestoreJournalVersion = 1;

// One gateway the harness has stopped (or is about to stop).
struct JournalEntry {
  std::string gateway;                      // "main" or "rescue"
  std::string label;                        // LaunchAgent label
  std::filesystem::path plist;              // its plist, for `launchctl bootstrap`
  std::string profile;                      // OpenClaw profile ("" = default), for the runbook's start
  std::optional<std::string> launchdLabel;  // OPENCLAW_LAUNCHD_LABEL the runbook's commands set
  uint16_t port = 0;                        // gateway port, to wait for health after a restore
  std::string command;                      // the command that stopped it (or will), as run
  std::string reason;                       // "stopped by the disruptive check", ...
  std::string stoppedAt;                    // ISO 8601 UTC, e.g. "2026-11-29T23:59:01Z"
};

struct RestoreJournal {
  int version = kRestoreJournalVersion;
  long harnessPid = 0;          // the verify-host process that wrote it
  std::string home;             // the home it acted on
  std::string createdAt;        // ISO 8601 UTC
  std::vector<JournalEntry> entries;
};

// A journal for this process (pid, now) acting on `home`, with no entries.
RestoreJournal newRestoreJournal(const std::filesystem::path& home);

// The current time as ISO 8601 UTC with seconds ("2026-11-29T23:59:01Z").
std::string isoTimestampNow();

// $XDG_STATE_HOME/openclaw-rescue-harness/restore-journal.json when XDG_STATE_HOME is an
// absolute path, else $HOME/.local/state/openclaw-rescue-harness/restore-journal.json.
// InvalidInput when neither is usable.
Result<std::filesystem::path> defaultRestoreJournalPath(const std::map<std::string, std::string>& environment);

nlohmann::json toJson(const RestoreJournal& journal);
// InvalidInput naming the key for a wrong shape or version.
Result<RestoreJournal> restoreJournalFromJson(const nlohmann::json& json);

// Atomic replace (tmp + fsync + rename + fsync of the directory), mode 0600, parents 0700.
// Errors (Io, PermissionDenied) name the path.
Status writeRestoreJournal(const std::filesystem::path& path, const RestoreJournal& journal);

// nullopt when there is no journal. InvalidInput naming the file when it is not a journal
// (bad JSON, wrong shape, unknown version); Io / PermissionDenied when it cannot be read.
Result<std::optional<RestoreJournal>> readRestoreJournal(const std::filesystem::path& path);

// Removes the journal; ok when it is already gone.
Status removeRestoreJournal(const std::filesystem::path& path);

}  // namespace harness
