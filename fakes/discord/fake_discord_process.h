#pragma once

// FakeDiscordProcess: a fake-discord child for tests and scenarios. Starts the executable with
// --port 0 and a --port-file, waits (with a deadline) for the port file, and offers the URLs
// OpenClaw and the fake gateway are pointed at plus a control-API client.
//
//   auto discord = FakeDiscordProcess::start(FAKE_DISCORD_BIN, botsFile, dir / "discord.log");
//   ASSERT_TRUE(discord) << discord.error().describe();
//   env["DISCORD_API_URL"] = (*discord)->apiUrl();   // http://127.0.0.1:PORT/api/v10
//   (*discord)->client().sendDm(botId, "ping");
//
// The destructor stops the child (SIGTERM, then SIGKILL) and reaps it.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/discord/fake_discord_client.h"
#include "harness/core/result.h"
#include "harness/process/background_process.h"

namespace fakes::discord {

struct FakeDiscordOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;                                 // 0 = let the fake pick
  std::optional<long> usersMeDelayMs;                // --users-me-delay-ms
  std::optional<long> heartbeatIntervalMs;           // --heartbeat-interval-ms
  std::filesystem::path portFile;                    // empty = "<logFile>.port"
  std::chrono::milliseconds startTimeout{10000};     // deadline for the port file
  std::vector<std::string> extraArgs;
};
using FakeDiscordProcessOptions = FakeDiscordOptions;

class FakeDiscordProcess {
 public:
  // Errors: whatever BackgroundProcess::start reports; ProcessFailed when the child exits
  // before listening (the message carries the end of its log); Timeout.
  static harness::Result<std::unique_ptr<FakeDiscordProcess>> start(const std::filesystem::path& executable,
                                                                     const std::filesystem::path& botsFile,
                                                                     const std::filesystem::path& logFile,
                                                                     const FakeDiscordOptions& options = {});
  ~FakeDiscordProcess();

  uint16_t port() const { return port_; }
  std::string origin() const;      // http://127.0.0.1:PORT
  std::string apiUrl() const;      // http://127.0.0.1:PORT/api/v10 (the DISCORD_API_URL value)
  std::string gatewayUrl() const;  // ws://127.0.0.1:PORT
  const std::filesystem::path& logFile() const { return logFile_; }
  FakeDiscordClient& client() { return client_; }
  harness::BackgroundProcess& process() { return *process_; }
  // SIGTERM and wait; returns how it ended.
  harness::ExitStatus stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  FakeDiscordProcess(harness::BackgroundProcessPtr process, std::string host, uint16_t port,
                     std::filesystem::path logFile);

  harness::BackgroundProcessPtr process_;
  std::string host_;
  uint16_t port_;
  std::filesystem::path logFile_;
  FakeDiscordClient client_;
};

}  // namespace fakes::discord
