#pragma once

// Reading the user's files without trusting them: size limits, symlink awareness, and a
// Result that names the path on every failure. Nothing here ever writes.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "harness/core/result.h"

namespace harness {

enum class FileKind { Missing, Regular, Directory, Symlink, Other };

struct FileInfo {
  std::filesystem::path path;
  FileKind kind = FileKind::Missing;     // of the path itself (lstat): a symlink stays Symlink
  FileKind targetKind = FileKind::Missing;  // after following links (stat); Missing for a dangling link or loop
  mode_t mode = 0;        // permission bits of the target (07777), 0 when missing
  uid_t owner = 0;
  uintmax_t size = 0;
  std::optional<std::filesystem::path> linkTarget;  // what the symlink points to, as written
  std::string error;      // why stat failed (ELOOP, EACCES, ...), empty otherwise

  bool exists() const { return targetKind != FileKind::Missing; }
  bool isRegularFile() const { return targetKind == FileKind::Regular; }
  bool isDirectory() const { return targetKind == FileKind::Directory; }
  bool isSymlink() const { return kind == FileKind::Symlink; }
};

// Never fails: what could not be learned is recorded in FileInfo::error.
FileInfo inspectPath(const std::filesystem::path& path);

// Limit above which a config or plist is refused rather than parsed: real ones are a few KiB,
// and OpenClaw's own schema dump is 2.4 MB, so 8 MiB leaves room without inviting a memory blow-up.
inline constexpr uintmax_t kMaxInputFileBytes = 8u * 1024u * 1024u;

// Reads a regular file (following symlinks) up to maxBytes. Errors name the path:
// NotFound, PermissionDenied, InvalidInput (a directory or device), TooLarge, Io (ELOOP, ...).
Result<std::string> readFileLimited(const std::filesystem::path& path,
                                    uintmax_t maxBytes = kMaxInputFileBytes);

std::string formatMode(mode_t mode);  // "0600"

}  // namespace harness
