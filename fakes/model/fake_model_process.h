#pragma once

// FakeModelProcess: a fake-model child for tests, scenarios and contracts. Writes the keys file
// (0600) from the keys given, starts the executable with --port 0 and a --port-file, waits (with a
// deadline) for the port, and offers the baseUrl OpenClaw's provider is pointed at plus a
// control-API client. The destructor stops the child (SIGTERM, then SIGKILL) and reaps it.
//
//   auto model = FakeModelProcess::start(FAKE_MODEL_BIN, dir, {{"rescue", rescueKey}});
//   config["models"]["providers"]["anthropic"]["baseUrl"] = (*model)->baseUrl();
//   (*model)->client().script({ModelReply::exec("openclaw gateway start"), ModelReply::say("done")});

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fakes/model/fake_model_client.h"
#include "harness/core/result.h"
#include "harness/process/background_process.h"

namespace fakes::model {

struct FakeModelOptions {
  std::string host = "127.0.0.1";
  std::string defaultReply;  // empty: the fake's own default
  std::chrono::milliseconds startTimeout{10000};
};

class FakeModelProcess {
 public:
  // keys: (id, key) pairs the fake accepts. The files go into `dir` (keys.json, fake-model.log).
  static harness::Result<std::unique_ptr<FakeModelProcess>> start(
      const std::filesystem::path& executable, const std::filesystem::path& dir,
      const std::vector<std::pair<std::string, std::string>>& keys, const FakeModelOptions& options = {});
  ~FakeModelProcess();

  uint16_t port() const { return port_; }
  std::string baseUrl() const;  // http://127.0.0.1:PORT (the SDK appends /v1/messages)
  const std::filesystem::path& logFile() const { return logFile_; }
  FakeModelClient& client() { return client_; }
  harness::BackgroundProcess& process() { return *process_; }
  harness::ExitStatus stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  FakeModelProcess(harness::BackgroundProcessPtr process, std::string host, uint16_t port, std::filesystem::path logFile);
  harness::BackgroundProcessPtr process_;
  std::string host_;
  uint16_t port_;
  std::filesystem::path logFile_;
  FakeModelClient client_;
};

}  // namespace fakes::model
