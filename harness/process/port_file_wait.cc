#include "harness/process/port_file_wait.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "harness/core/poll.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::optional<uint16_t> readPort(const fs::path& path) {
  std::ifstream in(path);
  long value = 0;
  if (!(in >> value) || value <= 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

std::string logTail(const fs::path& path, size_t maxBytes = 2000) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > maxBytes) text = "..." + text.substr(text.size() - maxBytes);
  return text;
}

}  // namespace

Result<uint16_t> waitForPortFile(BackgroundProcess& child, const fs::path& portFile, std::chrono::milliseconds timeout,
                                 const std::string& name) {
  std::error_code ec;
  bool announced = false;
  pollFor(timeout, [&] { return (announced = fs::exists(portFile, ec)) || !child.running(); },
          {.interval = std::chrono::milliseconds(5)});
  const fs::path& logFile = child.spec().logFile;
  if (announced) {
    auto port = readPort(portFile);
    if (!port) return Error{ErrorCode::InvalidInput, "port file has no port", portFile.string()};
    return *port;
  }
  if (!child.running()) {
    const auto status = child.exitStatus();
    return Error{ErrorCode::ProcessFailed,
                 name + " exited (code " + std::to_string(status ? status->exitCode : -1) + ") before listening; log:\n" +
                     logTail(logFile),
                 child.spec().executable.string()};
  }
  return Error{ErrorCode::Timeout, "no port file after " + std::to_string(timeout.count()) + " ms; log:\n" + logTail(logFile),
               portFile.string()};
}

}  // namespace harness
