#pragma once

// Is anything accepting TCP connections on a loopback port? One non-blocking connect() with a
// deadline; no HTTP. Used to notice a gateway's port closing quickly.

#include <chrono>
#include <cstdint>
#include <string>

namespace harness {

bool tcpPortAccepting(const std::string& host, uint16_t port,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(500));

}  // namespace harness
