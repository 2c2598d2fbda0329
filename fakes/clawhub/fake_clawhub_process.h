#pragma once

// FakeClawHubProcess: a fake-clawhub child for the lab's stacks and tests. Starts it with
// --port 0 and a --port-file, waits (with a deadline) for the port, and offers the URL that
// OPENCLAW_CLAWHUB_URL points a real release at. The destructor stops and reaps the child.
//
//   auto clawhub = FakeClawHubProcess::start(FAKE_CLAWHUB_BIN, dir);
//   env["OPENCLAW_CLAWHUB_URL"] = (*clawhub)->baseUrl();

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness/core/result.h"
#include "harness/process/background_process.h"

namespace fakes::clawhub {

class FakeClawHubProcess {
 public:
  // fake-clawhub.log and the port file go into `dir`.
  static harness::Result<std::unique_ptr<FakeClawHubProcess>> start(
      const std::filesystem::path& executable, const std::filesystem::path& dir,
      std::chrono::milliseconds startTimeout = std::chrono::seconds(10));
  ~FakeClawHubProcess();

  uint16_t port() const { return port_; }
  std::string baseUrl() const;  // http://127.0.0.1:PORT
  const std::filesystem::path& logFile() const { return logFile_; }
  // "METHOD /path" of every lookup so far (the path percent-decoded), oldest first.
  harness::Result<std::vector<std::string>> lookups() const;
  harness::BackgroundProcess& process() { return *process_; }

 private:
  FakeClawHubProcess(harness::BackgroundProcessPtr process, uint16_t port, std::filesystem::path logFile);
  harness::BackgroundProcessPtr process_;
  uint16_t port_;
  std::filesystem::path logFile_;
};

}  // namespace fakes::clawhub
