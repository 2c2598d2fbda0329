#include "fakes/discord/fake_discord_process.h"


#include "harness/process/port_file_wait.h"

namespace fakes::discord {

namespace fs = std::filesystem;
using harness::Error;
using harness::ErrorCode;

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

  auto port = harness::waitForPortFile(**process, portFile, options.startTimeout, "fake-discord");
  if (!port) return port.error();
  return std::unique_ptr<FakeDiscordProcess>(new FakeDiscordProcess(std::move(*process), options.host, *port, logFile));
}

std::string FakeDiscordProcess::origin() const { return "http://" + host_ + ":" + std::to_string(port_); }
std::string FakeDiscordProcess::apiUrl() const { return origin() + "/api/v10"; }
std::string FakeDiscordProcess::gatewayUrl() const { return "ws://" + host_ + ":" + std::to_string(port_); }

harness::ExitStatus FakeDiscordProcess::stop(std::chrono::milliseconds grace) { return process_->stop(grace); }

}  // namespace fakes::discord
