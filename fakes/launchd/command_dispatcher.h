#pragma once

// CommandDispatcher: launchctl's verbs, argument forms, output texts and exit codes, on top
// of a JobTable and an OverridesStore. Replies go through a callback so a verb can finish
// later (bootout and kickstart -k answer once the job has exited).
//
// Stateless verbs (error, help, no arguments, unknown verbs) are also answered by
// handleStateless(), which the launchctl client calls first so they need no supervisor.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fakes/launchd/job_table.h"
#include "fakes/launchd/launchd_root.h"
#include "fakes/launchd/overrides_store.h"
#include "fakes/launchd/protocol.h"
#include "fakes/launchd/service_target.h"

namespace fakes::launchd {

class CommandDispatcher {
 public:
  using Respond = std::function<void(Reply)>;

  CommandDispatcher(JobTable& jobs, OverridesStore& overrides, RootLayout layout);

  // Runs one launchctl invocation (request.argv without argv[0]); calls respond exactly once.
  void dispatch(const Request& request, Respond respond);

  // Loads a plist into a domain the way login does (reboot): skipped when disabled or
  // invalid or already loaded. True if loaded.
  bool loadAtLogin(const std::string& domain, const std::string& plistPath);

  static std::optional<Reply> handleStateless(const std::vector<std::string>& argv);

 private:
  void bootstrap(const Request& r, Respond respond);
  void bootout(const Request& r, Respond respond);
  void setEnabled(const Request& r, bool enabled, Respond respond);
  void kickstart(const Request& r, Respond respond);
  void print(const Request& r, Respond respond);
  void printDisabled(const Request& r, Respond respond);
  void list(const Request& r, Respond respond);
  void kill(const Request& r, Respond respond);
  void load(const Request& r, Respond respond);
  void unload(const Request& r, Respond respond);
  void startOrStop(const Request& r, bool start, Respond respond);
  void remove(const Request& r, Respond respond);
  void environment(const Request& r, Respond respond);

  // A label (legacy verbs) or a service target, resolved in the caller's gui domain.
  std::optional<ServiceTarget> legacyTarget(const std::string& text, unsigned uid) const;
  int throttleFor(const JobSpec& spec) const;

  JobTable& jobs_;
  OverridesStore& overrides_;
  RootLayout layout_;
};

// Shared texts, also used by tests.
std::string couldNotFindService(const ServiceTarget& target);

}  // namespace fakes::launchd
