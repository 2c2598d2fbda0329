#pragma once

// Supervisor: the fake launchd daemon. Single-threaded poll() loop over
//   - the listening socket ROOT/run/launchd.sock (one request per connection, protocol.h),
//   - a signalfd for SIGCHLD (children are reaped at once: OpenClaw treats a zombie as
//     alive) and SIGTERM/SIGINT/SIGHUP (orderly shutdown),
//   - the JobTable's timers (KeepAlive respawns, ExitTimeOut escalation).
// It is a child subreaper, so orphans of its jobs are reparented to it and reaped too.
// It holds an flock on ROOT/run/launchd.lock for its lifetime (one supervisor per root),
// runs with cwd ROOT/run, and shuts itself down when its socket disappears (the root was
// deleted) so an abandoned test root never leaks processes.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/launchd/command_dispatcher.h"
#include "fakes/launchd/job_table.h"
#include "fakes/launchd/launchd_root.h"
#include "fakes/launchd/overrides_store.h"
#include "fakes/launchd/protocol.h"

namespace fakes::launchd {

class Supervisor {
 public:
  explicit Supervisor(RootLayout layout);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Runs until shutdown. Returns 0, also when another supervisor already owns the root.
  int run();

 private:
  struct Connection {
    int fd = -1;
    std::string buffer;
    bool dispatched = false;
  };

  bool setUp();
  void loop();
  void acceptConnections();
  void readConnection(uint64_t id);
  void handleRequest(uint64_t id, const Request& request);
  void respond(uint64_t id, const Reply& reply);
  void closeConnection(uint64_t id);
  void handleSignals();
  void reapChildren();
  void beginShutdown(std::optional<uint64_t> replyTo);
  void beginReboot(uint64_t replyTo, const std::string& home, unsigned uid);
  void killAdoptedOrphans();
  bool socketStillOurs() const;
  std::string statusJson() const;
  void log(const std::string& line) const;

  RootLayout layout_;
  std::unique_ptr<JobTable> jobs_;
  std::unique_ptr<OverridesStore> overrides_;
  std::unique_ptr<CommandDispatcher> dispatcher_;
  int lockFd_ = -1;
  int listenFd_ = -1;
  int signalFd_ = -1;
  unsigned long socketInode_ = 0;
  std::map<uint64_t, Connection> connections_;
  uint64_t nextConnectionId_ = 1;
  bool shuttingDown_ = false;
  bool rebooting_ = false;
  bool exiting_ = false;
  std::vector<uint64_t> shutdownWaiters_;
};

// Entry point of `fake-launchd serve ROOT` and of the hidden verb the client daemonises.
int serveMain(const std::filesystem::path& root);

}  // namespace fakes::launchd
