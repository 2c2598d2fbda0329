#pragma once

// One vocabulary for "is this gateway serving?": what launchd says of its job (loaded, pid) and
// what its port says (/healthz live, /readyz ready), observed together, judged by one predicate.
// The disruptive check, the sandbox, the scenarios and the contracts all ask the same question;
// they ask it here so that "serving" means the same thing everywhere:
//
//   HttpGatewayProbe http;
//   GatewayObservation o = observeGateway(services, http, {.label = "ai.openclaw.gateway.rescue", .port = 19001});
//   if (!o.serving()) std::cerr << o.problem << "\n";   // "ai.openclaw.gateway.rescue is not loaded"
//
// The probe is an interface so that the disruptive state machine can be driven in memory
// (harness/testing/in_memory_mac.h); the real one speaks HTTP to loopback.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/launchd/service_manager.h"
#include "harness/probe/http_probe.h"

namespace harness {

// What a gateway's port answers. Implementations must answer within about the timeout given.
class GatewayProbe {
 public:
  virtual ~GatewayProbe() = default;
  /// /healthz and /readyz of the gateway on 127.0.0.1:port.
  virtual GatewayHealth health(uint16_t port, std::chrono::milliseconds timeout) = 0;
  /// Whether anything accepts a TCP connection on 127.0.0.1:port.
  virtual bool accepting(uint16_t port, std::chrono::milliseconds timeout) = 0;
};

// The real probe: HTTP for health, one non-blocking connect for accepting.
class HttpGatewayProbe : public GatewayProbe {
 public:
  GatewayHealth health(uint16_t port, std::chrono::milliseconds timeout) override;
  bool accepting(uint16_t port, std::chrono::milliseconds timeout) override;
};

struct GatewayAddress {
  std::string label;  // its LaunchAgent label
  uint16_t port = 0;  // its base port
};

struct GatewayObservation {
  bool loaded = false;    // launchd knows the label
  std::optional<int> pid; // launchd's pid for the job (present only while running)
  bool live = false;      // /healthz answered 200
  bool ready = false;     // /readyz answered ready
  std::string problem;    // why not serving, one line; empty when serving

  // The one serving predicate: a running job whose gateway says it is ready.
  bool serving() const { return pid.has_value() && ready; }
};

// Asks launchd first; probes health only for a running job (a stopped job's port may still be
// answering from a process launchd no longer owns, which is not this gateway serving).
GatewayObservation observeGateway(ServiceManager& services, GatewayProbe& probe, const GatewayAddress& gateway,
                                  std::chrono::milliseconds httpTimeout = std::chrono::milliseconds(1000));

// Down = launchd runs no process for it AND nothing accepts on its port any more. A launchctl
// that cannot answer is not evidence of down.
bool gatewayIsDown(ServiceManager& services, GatewayProbe& probe, const GatewayAddress& gateway);

}  // namespace harness
