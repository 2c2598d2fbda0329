#pragma once

// verify-host --disruptive and --recover.
//
// --disruptive: the static and live checks, then harness/disruptive's check: main is stopped
// with the runbook's command while rescue must stay up, then the reverse; main is always
// restored (signals included: SIGINT, SIGTERM and SIGHUP are caught for the run and end it
// after restoring, exit 128+signal). A restore journal in the harness's state directory records
// what was stopped, so after a SIGKILL or a power cut the next --live, --disruptive or
// --recover run restores first.
//
// It asks for confirmation on the terminal unless --yes; with stdin not a terminal and no
// --yes it refuses (exit 2) before touching anything.

#include <atomic>
#include <chrono>
#include <istream>
#include <optional>
#include <vector>
#include <map>
#include <ostream>
#include <string>

#include "harness/checks/check_result.h"
#include "harness/cli/live_mode.h"
#include "harness/launchd/service_manager.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/cli/verify_host_options.h"

namespace harness {

struct TerminalIo {
  std::istream& in;
  bool inIsTerminal = false;
  bool outIsTerminal = false;
};

int runDisruptiveMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env,
                      std::ostream& out, std::ostream& err, const TerminalIo& io);

int runRecoverMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                   std::ostream& err, bool outIsTerminal);

// What --live and --disruptive do first: when a restore journal exists, restore what it says
// is stopped (progress on `err`). Returns the recover result when there was a journal.
std::optional<CheckResult> restorePendingJournal(const VerifyHostOptions& options,
                                                 const std::map<std::string, std::string>& env, std::ostream& err);

// The disruptive phase on already resolved backends (shared with --sandbox). `interrupt` is
// the caller's signal flag.
std::vector<CheckResult> runDisruptivePhase(const VerifyHostOptions& options,
                                            const std::map<std::string, std::string>& env, const CheckRun& run,
                                            ServiceManager& services, OpenClawCli* openclaw,
                                            const std::atomic<int>* interrupt, std::ostream& err,
                                            std::chrono::milliseconds defaultHold);

// Catches SIGINT, SIGTERM and SIGHUP into a flag for the lifetime of the object (restoring the
// previous handlers after), so a disruptive run can restore main before it ends.
class ScopedSignalFlag {
 public:
  ScopedSignalFlag();
  ~ScopedSignalFlag();
  ScopedSignalFlag(const ScopedSignalFlag&) = delete;
  ScopedSignalFlag& operator=(const ScopedSignalFlag&) = delete;
  const std::atomic<int>* flag() const;
  int signal() const;
};

}  // namespace harness
