#include "fakes/clawhub/fake_clawhub_process.h"

#include <nlohmann/json.hpp>

#include "harness/probe/http_probe.h"
#include "harness/process/port_file_wait.h"

namespace fakes::clawhub {

namespace fs = std::filesystem;
using harness::Error;
using harness::ErrorCode;

FakeClawHubProcess::FakeClawHubProcess(harness::BackgroundProcessPtr process, uint16_t port, fs::path logFile)
    : process_(std::move(process)), port_(port), logFile_(std::move(logFile)) {}

FakeClawHubProcess::~FakeClawHubProcess() {
  if (process_) process_->stop();
}

harness::Result<std::unique_ptr<FakeClawHubProcess>> FakeClawHubProcess::start(const fs::path& executable,
                                                                                const fs::path& dir,
                                                                                std::chrono::milliseconds startTimeout) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error{ErrorCode::Io, ec.message(), dir.string()};
  const fs::path portFile = dir / "fake-clawhub.port";
  const fs::path logFile = dir / "fake-clawhub.log";
  fs::remove(portFile, ec);  // a stale file would hand out a dead port
  harness::BackgroundProcessSpec spec;
  spec.executable = executable;
  spec.args = {"--port", "0", "--port-file", portFile.string()};
  spec.logFile = logFile;
  auto process = harness::BackgroundProcess::start(spec);
  if (!process) return process.error();
  auto port = harness::waitForPortFile(**process, portFile, startTimeout, "fake-clawhub");
  if (!port) return port.error();
  return std::unique_ptr<FakeClawHubProcess>(new FakeClawHubProcess(std::move(*process), *port, logFile));
}

std::string FakeClawHubProcess::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

harness::Result<std::vector<std::string>> FakeClawHubProcess::lookups() const {
  auto r = harness::httpGet(harness::HttpTarget{.port = port_}, "/_fake/lookups");
  if (!r) return r.error();
  const std::string where = baseUrl() + "/_fake/lookups";
  if (r->status != 200) return Error{ErrorCode::InvalidInput, "answered " + std::to_string(r->status), where};
  const auto doc = nlohmann::json::parse(r->body, nullptr, false);
  if (!doc.is_object() || !doc.contains("lookups") || !doc["lookups"].is_array())
    return Error{ErrorCode::InvalidInput, "no lookups array in the answer", where};
  std::vector<std::string> out;
  for (const auto& l : doc["lookups"]) {
    if (l.is_object() && l.value("method", "").size() && l.value("path", "").size())
      out.push_back(l["method"].get<std::string>() + " " + l["path"].get<std::string>());
  }
  return out;
}

}  // namespace fakes::clawhub
