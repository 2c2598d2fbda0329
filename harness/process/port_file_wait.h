#pragma once

// waitForPortFile: the start-up handshake of a spawned fake server that binds port 0 and
// announces the port it got by writing it to a file (by rename, so the file is complete once it
// exists). Waits until the file appears, the child exits, or the timeout passes.
//
//   auto child = BackgroundProcess::start(spec);            // spec.logFile set
//   auto port = waitForPortFile(**child, portFile, 10s, "fake-discord");
//
// Errors quote the tail of the child's log (spec().logFile), which the fakes keep free of
// secrets: ProcessFailed (exited before listening), Timeout, InvalidInput (no port in the file).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "harness/core/result.h"
#include "harness/process/background_process.h"

namespace harness {

Result<uint16_t> waitForPortFile(BackgroundProcess& child, const std::filesystem::path& portFile,
                                 std::chrono::milliseconds timeout, const std::string& name);

}  // namespace harness
