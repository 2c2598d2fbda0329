#pragma once

// The announcing side of a fake server's start-up handshake (harness/process/port_file_wait.h
// is the waiting side): a server that bound port 0 writes the port it got to a file, under a
// temporary name renamed into place, so a reader never sees a half-written port.

#include <cstdint>
#include <filesystem>

namespace harness {

[[nodiscard]] bool writePortFile(const std::filesystem::path& path, uint16_t port);

}  // namespace harness
