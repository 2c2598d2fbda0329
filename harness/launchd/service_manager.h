#pragma once

// ServiceManager: the harness's view of launchd for one domain (gui/<uid> by default).
//
// Implementations: LaunchctlServiceManager (runs a launchctl executable: the real
// /bin/launchctl on a Mac, or the fake launchctl from fakes/launchd on Linux). All methods are
// synchronous, bounded by the implementation's per-call timeout, and never throw.
//
// Error mapping shared by every implementation (asserted by the backend test suite in
// tests/unit/launchd/service_manager_suite.h):
//   ErrorCode::NotFound          the label (or plist) is not loaded in the domain
//                                (launchctl 113 "Could not find service", 3 "No such process",
//                                bootout-by-plist 5 "Input/output error").
//   ErrorCode::ProcessFailed     bootstrap of an already loaded label (37 / 5), and any other
//                                non-zero launchctl exit; the message starts with
//                                "already loaded" in the first case.
//   ErrorCode::PermissionDenied  bootstrap of a disabled label (119 "Service is disabled").
//   ErrorCode::Unsupported       the domain does not support the action (125) or does not
//                                exist (112).
//   ErrorCode::InvalidInput      launchctl rejected the arguments (64), or its output could not
//                                be parsed.
//   ErrorCode::Timeout           launchctl did not finish within the per-call timeout (it can
//                                hang on a real Mac); it was killed.
// Messages quote launchctl's own text (stderr, or stdout when stderr is empty); the error
// context is the command line.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/core/result.h"
#include "harness/launchd/job_state.h"

namespace harness {

class ServiceManager {
 public:
  virtual ~ServiceManager() = default;

  /// The domain target every call uses, e.g. "gui/501".
  virtual std::string domain() const = 0;

  /**
   * Loads the job described by a plist file (`launchctl bootstrap DOMAIN PLIST`).
   * @return ok once launchd accepted the job (RunAtLoad/KeepAlive jobs are then started).
   *   ProcessFailed "already loaded ..." when the label is loaded (or still tearing down);
   *   PermissionDenied when the label is disabled; NotFound/InvalidInput for a missing or
   *   malformed plist (launchctl's text is in the message).
   */
  virtual Status bootstrap(const std::filesystem::path& plistPath) = 0;

  /**
   * Unloads a job by label (`launchctl bootout DOMAIN/LABEL`): SIGTERM, SIGKILL after the job's
   * ExitTimeOut, then the label is removed. A real Mac may return before the label is gone.
   * @return NotFound when the label is not loaded.
   */
  virtual Status bootout(const std::string& label) = 0;

  /**
   * Unloads the job defined by a plist (`launchctl bootout DOMAIN PLIST`).
   * @return NotFound when that plist's label is not loaded.
   */
  virtual Status bootoutPlist(const std::filesystem::path& plistPath) = 0;

  /**
   * Clears (enable) or sets (disable) the persistent disabled override for a label
   * (`launchctl enable|disable DOMAIN/LABEL`). Works for unknown labels too; disable does
   * not stop a loaded job, it only blocks later bootstraps.
   * @return ok; ProcessFailed only when launchctl itself fails.
   */
  virtual Status enable(const std::string& label) = 0;
  virtual Status disable(const std::string& label) = 0;

  /**
   * Starts a loaded job now (`launchctl kickstart [-k] DOMAIN/LABEL`). Without kill, a running
   * job is left alone; with kill, the running instance is stopped and a new one started.
   * @return NotFound when the label is not loaded.
   */
  virtual Status kickstart(const std::string& label, bool kill) = 0;

  /**
   * Sends a signal to the job's process (`launchctl kill SIGNUM DOMAIN/LABEL`).
   * @return NotFound when the label is not loaded; ProcessFailed when it is not running.
   */
  virtual Status kill(const std::string& label, int signal) = 0;

  /**
   * Reads one job (`launchctl print DOMAIN/LABEL`).
   * @return JobState with loaded = true and the parsed fields; a JobState with loaded = false
   *   (not an error) when the label is not loaded. InvalidInput when print exited 0 but its
   *   output is not in launchd's layout.
   */
  virtual Result<JobState> print(const std::string& label) = 0;

  /**
   * Persistent overrides of the domain (`launchctl print-disabled DOMAIN`):
   * label -> true (disabled) / false (enabled). Labels without an override are absent.
   */
  virtual Result<std::map<std::string, bool>> printDisabled() = 0;

  /// Jobs of the caller's domain (`launchctl list`), one entry per label.
  virtual Result<std::vector<JobListEntry>> list() = 0;
};

using ServiceManagerPtr = std::unique_ptr<ServiceManager>;

}  // namespace harness
