#include "fakes/model/fake_model_process.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

namespace fakes::model {

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

// The fake redacts its keys from its log, so the log is safe to quote.
std::string logTail(const fs::path& path, size_t maxBytes = 2000) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > maxBytes) text = "..." + text.substr(text.size() - maxBytes);
  return text;
}

}  // namespace

FakeModelProcess::FakeModelProcess(harness::BackgroundProcessPtr process, std::string host, uint16_t port,
                                   fs::path logFile)
    : process_(std::move(process)), host_(std::move(host)), port_(port), logFile_(std::move(logFile)), client_(port_, host_) {}

FakeModelProcess::~FakeModelProcess() {
  if (process_) process_->stop();
}

harness::Result<std::unique_ptr<FakeModelProcess>> FakeModelProcess::start(
    const fs::path& executable, const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& keys,
    const FakeModelOptions& options) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error{ErrorCode::Io, ec.message(), dir.string()};
  const fs::path keysFile = dir / "keys.json";
  const fs::path portFile = dir / "fake-model.port";
  const fs::path logFile = dir / "fake-model.log";
  fs::remove(portFile, ec);  // a stale file would hand out a dead port
  {
    nlohmann::json doc{{"keys", nlohmann::json::array()}};
    for (const auto& [id, key] : keys) doc["keys"].push_back({{"id", id}, {"key", key}});
    std::ofstream out(keysFile, std::ios::trunc);
    if (!(out << doc.dump(2))) return Error{ErrorCode::Io, "cannot write", keysFile.string()};
  }
  ::chmod(keysFile.c_str(), 0600);

  harness::BackgroundProcessSpec spec;
  spec.executable = executable;
  spec.args = {"--keys", keysFile.string(), "--host", options.host, "--port", "0", "--port-file", portFile.string()};
  if (!options.defaultReply.empty()) {
    spec.args.push_back("--default-reply");
    spec.args.push_back(options.defaultReply);
  }
  spec.logFile = logFile;
  auto process = harness::BackgroundProcess::start(spec);
  if (!process) return process.error();

  const auto deadline = std::chrono::steady_clock::now() + options.startTimeout;
  while (true) {
    if (fs::exists(portFile, ec)) {  // written by rename: complete when it exists
      auto port = readPort(portFile);
      if (!port) return Error{ErrorCode::InvalidInput, "port file has no port", portFile.string()};
      return std::unique_ptr<FakeModelProcess>(new FakeModelProcess(std::move(*process), options.host, *port, logFile));
    }
    if (!(*process)->running()) {
      const auto status = (*process)->exitStatus();
      return Error{ErrorCode::ProcessFailed,
                   "fake-model exited (code " + std::to_string(status ? status->exitCode : -1) +
                       ") before listening; log:\n" + logTail(logFile),
                   executable.string()};
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return Error{ErrorCode::Timeout, "no port file after " + std::to_string(options.startTimeout.count()) +
                                           " ms; log:\n" + logTail(logFile),
                   portFile.string()};
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string FakeModelProcess::baseUrl() const { return "http://" + host_ + ":" + std::to_string(port_); }

harness::ExitStatus FakeModelProcess::stop(std::chrono::milliseconds grace) { return process_->stop(grace); }

}  // namespace fakes::model
