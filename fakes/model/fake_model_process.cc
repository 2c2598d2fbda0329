#include "fakes/model/fake_model_process.h"

#include <sys/stat.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "harness/process/port_file_wait.h"

namespace fakes::model {

namespace fs = std::filesystem;
using harness::Error;
using harness::ErrorCode;

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

  auto port = harness::waitForPortFile(**process, portFile, options.startTimeout, "fake-model");
  if (!port) return port.error();
  return std::unique_ptr<FakeModelProcess>(new FakeModelProcess(std::move(*process), options.host, *port, logFile));
}

std::string FakeModelProcess::baseUrl() const { return "http://" + host_ + ":" + std::to_string(port_); }

harness::ExitStatus FakeModelProcess::stop(std::chrono::milliseconds grace) { return process_->stop(grace); }

}  // namespace fakes::model
