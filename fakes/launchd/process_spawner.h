#pragma once

// Starting a job's process the way launchd does: its own session and process group
// (setsid), umask, working directory, stdin/stdout/stderr files (append, create), a
// constructed environment, execve of a pre-resolved path. Everything that can be decided
// before fork is, so the child only makes async-signal-safe calls.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/result.h"

namespace fakes::launchd {

struct SpawnRequest {
  std::string executable;               // absolute or relative to workingDirectory, already resolved
  std::vector<std::string> argv;
  std::map<std::string, std::string> environment;
  std::string workingDirectory = "/";
  std::optional<std::string> stdinPath;   // default /dev/null
  std::optional<std::string> stdoutPath;  // default /dev/null
  std::optional<std::string> stderrPath;  // default /dev/null
  std::optional<mode_t> umask;            // default 022
};

// execvp-style lookup: a name with a slash is used as is; otherwise the first executable
// regular file in `searchPath` (colon-separated). nullopt if there is none.
std::optional<std::string> resolveExecutable(const std::string& name, const std::string& searchPath);

// fork + exec. The child exits 78 (EX_CONFIG) if chdir, opening a std file or exec fails.
harness::Result<pid_t> spawnProcess(const SpawnRequest& request);

}  // namespace fakes::launchd
