#pragma once

// replaceCurrentProcess: exec in place, keeping this process's pid. For the hand-overs where
// the pid matters: a LaunchAgent's `openclaw gateway run` becomes the gateway (launchd keeps
// watching the pid it started), and `verify-host --sandbox` becomes `rescue-lab sandbox`.
// Flush any buffered output first; it is lost otherwise.
//
//   std::cout.flush();
//   auto error = replaceCurrentProcess(lab, {lab.string(), "sandbox"});
//   std::cerr << "cannot run " << lab << ": " << error.message;   // only on failure

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace harness {

// Returns only when exec failed: ProcessFailed with the errno text.
// `argv` is argv[0..] (empty = {executable}); `environment` nullopt = keep this process's.
Error replaceCurrentProcess(const std::filesystem::path& executable, const std::vector<std::string>& argv,
                            const std::optional<std::map<std::string, std::string>>& environment = std::nullopt);

}  // namespace harness
