#include "fakes/discord/fake_discord_process.h"

#include <fstream>
#include <sstream>
#include <thread>

namespace fakes::discord {

namespace fs = std::filesystem;
using harness::Error;
using harness::ErrorCode;

namespace {

std::optional<uint16_t> readPort(const fs::path& path) {
  std::ifstream in(path);
  long value = 0;
  if (!(in >> value) || value <= 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

// The fake never logs tokens, so its log is safe to quote in an error.
std::string logTail(const fs::path& path, size_t maxBytes = 2000) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > maxBytes) text = "..." + text.substr(text.size() - maxBytes);
  return text;
}

}  // namespace

FakeDiscordProcess::FakeDiscordProcess(harness::BackgroundProcessPtr process, std::string host, uint16_t port,
                                       fs::path logFile)
    : process_(std::move(process)), host_(std::move(host)), port_(port), logFile_(std::move(logFile)),
      client_(port_, host_) {}

FakeDiscordProcess::~FakeDiscordProcess() {
  if (process_) process_->stop();
}

harness::Result<std::unique_ptr<FakeDiscordProcess>> FakeDiscordProcess::start(const fs::path& executable,
                                                                               const fs::path& botsFile,
                                                                               const fs::path& logFile,
                                                                               const FakeDiscordOptions& options) {
  const fs::path portFile = options.portFile.empty() ? fs::path(logFile.string() + ".port") : options.portFile;
  std::error_code ec;
  fs::remove(portFile, ec);  // a stale file would hand out a dead port

  harness::BackgroundProcessSpec spec;
  spec.executable = executable;
  spec.args = {"--bots", botsFile.string(), "--host", options.host, "--port", std::to_string(options.port),
               "--port-file", portFile.string()};
  if (options.usersMeDelayMs) {
    spec.args.push_back("--users-me-delay-ms");
    spec.args.push_back(std::to_string(*options.usersMeDelayMs));
  }
  if (options.heartbeatIntervalMs) {
    spec.args.push_back("--heartbeat-interval-ms");
    spec.args.push_back(std::to_string(*options.heartbeatIntervalMs));
  }
  spec.args.insert(spec.args.end(), options.extraArgs.begin(), options.extraArgs.end());
  spec.logFile = logFile;
  auto process = harness::BackgroundProcess::start(spec);
  if (!process) return process.error();

  const auto deadline = std::chrono::steady_clock::now() + options.startTimeout;
  while (true) {
    // The port file appears by rename, so its existence means its content is complete.
    if (fs::exists(portFile, ec)) {
      auto port = readPort(portFile);
      if (!port) return Error{ErrorCode::InvalidInput, "port file has no port", portFile.string()};
      return std::unique_ptr<FakeDiscordProcess>(
          new FakeDiscordProcess(std::move(*process), options.host, *port, logFile));
    }
    if (!(*process)->running()) {
      const auto status = (*process)->exitStatus();
      return Error{ErrorCode::ProcessFailed,
                   "fake-discord exited (code " + std::to_string(status ? status->exitCode : -1) +
                       ") before listening; log:\n" + logTail(logFile),
                   executable.string()};
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return Error{ErrorCode::Timeout,
                   "no port file after " + std::to_string(options.startTimeout.count()) + " ms; log:\n" +
                       logTail(logFile),
                   portFile.string()};
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string FakeDiscordProcess::origin() const { return "http://" + host_ + ":" + std::to_string(port_); }
std::string FakeDiscordProcess::apiUrl() const { return origin() + "/api/v10"; }
std::string FakeDiscordProcess::gatewayUrl() const { return "ws://" + host_ + ":" + std::to_string(port_); }

harness::ExitStatus FakeDiscordProcess::stop(std::chrono::milliseconds grace) { return process_->stop(grace); }

}  // namespace fakes::discord
