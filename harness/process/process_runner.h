#pragma once

// runProcess: run one child to completion with captured output and a hard deadline.
//
// The only unit that includes Boost.Process (see process_runner.cc); this header is plain
// std so callers compile without Boost. Nothing here throws: every failure to start a
// child is an Error, and a child that fails is a ProcessResult with its exit code/signal.
//
//   ProcessSpec spec{.executable = "/bin/launchctl", .args = {"print", "gui/0/x"}};
//   spec.timeout = std::chrono::seconds(5);
//   auto r = runProcess(spec);
//   if (!r) return r.error();            // could not start (NotFound, PermissionDenied, ...)
//   if (r->timedOut) ...;                // killed at the deadline (whole process group)
//   else if (r->exitCode == 0) ...;
//
// Semantics:
// * The child is started in its own process group (setpgid(0, 0)); at the deadline the whole
//   group gets SIGKILL, so helpers it started in the same group die too. Descendants that
//   moved to another group/session (daemons) are not touched.
// * stdout and stderr are read asynchronously on a private io_context while the child runs,
//   so large outputs on both streams never deadlock. stdin is a pipe carrying `stdinData`,
//   then EOF (with empty stdinData the child sees EOF at once; the caller's stdin is never
//   inherited).
// * After the child exits, output still buffered in the pipes is drained; if a descendant
//   keeps a pipe open, reading stops `kPipeDrainGrace` after the exit (the exit status is
//   still reported and timedOut stays false).
// * SIGPIPE: writing stdin to a child that exits early must not kill the caller, so the
//   first call sets SIGPIPE to SIG_IGN in this process (if it was SIG_DFL). Children get
//   SIGPIPE reset to SIG_DFL and an empty signal mask before exec; descriptors above 2 are
//   close-on-exec in the child, so concurrent runs never leak pipes into each other.
// * Thread safety: runProcess may be called concurrently from several threads.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"

namespace harness {

inline constexpr std::chrono::milliseconds kDefaultProcessTimeout{30'000};
inline constexpr std::chrono::milliseconds kPipeDrainGrace{500};
// Bytes kept per stream; the rest is read and dropped (truncated flags it).
inline constexpr std::size_t kMaxCapturedBytes = 64u << 20;

struct ProcessSpec {
  // Absolute or relative path; a bare name (no '/') is looked up in the child's PATH
  // (the effective environment below), like execvp.
  std::filesystem::path executable;
  // argv[1..]; argv[0] is the executable as given.
  std::vector<std::string> args;
  // Base environment: nullopt = inherit this process's environment; a map = exactly these
  // variables (an empty map gives an empty environment).
  std::optional<std::map<std::string, std::string>> environment;
  // Applied on top of the base: a value sets the variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> environmentOverrides;
  // Empty = inherit the caller's working directory.
  std::filesystem::path workingDirectory;
  std::string stdinData;
  std::chrono::milliseconds timeout = kDefaultProcessTimeout;
};

struct ProcessResult {
  int exitCode = -1;    // exit status when the child exited normally, else -1
  int termSignal = 0;   // signal number when the child was killed by a signal, else 0
  bool timedOut = false;  // the deadline passed and the harness killed the child's group
  bool outputTruncated = false;  // a stream went over kMaxCapturedBytes
  std::string stdoutText;
  std::string stderrText;
  std::chrono::microseconds elapsed{0};

  // Exited normally with status 0 and not timed out.
  bool succeeded() const { return !timedOut && termSignal == 0 && exitCode == 0; }
  // "stderr, or stdout when stderr is empty" (how OpenClaw reads launchctl failures).
  const std::string& diagnosticText() const { return stderrText.empty() ? stdoutText : stderrText; }
};

// Starts `spec` and waits for it (bounded by spec.timeout).
// Errors: NotFound (executable missing / not in PATH), PermissionDenied (not executable,
// working directory not accessible), ProcessFailed (fork/exec/pipe failures, with errno text).
// The error context is the command line.
Result<ProcessResult> runProcess(const ProcessSpec& spec);

// Locates `name` like execvp: a name containing '/' is checked as is; otherwise each entry of
// `pathVariable` (colon separated, empty entry = current directory) is tried in order.
// Returns the first regular file that is executable by this process. NotFound otherwise.
Result<std::filesystem::path> findExecutable(std::string_view name, std::string_view pathVariable);

// Same, with this process's $PATH.
Result<std::filesystem::path> findExecutable(std::string_view name);

// "exe arg1 'arg two'" for logs and error context (shell-quoted where needed).
std::string formatCommandLine(const std::filesystem::path& executable, const std::vector<std::string>& args);

}  // namespace harness
