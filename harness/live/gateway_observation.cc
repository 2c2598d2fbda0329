#include "harness/live/gateway_observation.h"

#include "harness/probe/port_probe.h"

namespace harness {
namespace {

constexpr size_t kMaxProblem = 300;

std::string oneLine(std::string text) {
  for (auto& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() > kMaxProblem) text = text.substr(0, kMaxProblem) + "...";
  return text;
}

}  // namespace

GatewayHealth HttpGatewayProbe::health(uint16_t port, std::chrono::milliseconds timeout) {
  return probeGatewayHealth(HttpTarget{.port = port, .timeout = timeout});
}

bool HttpGatewayProbe::accepting(uint16_t port, std::chrono::milliseconds timeout) {
  return tcpPortAccepting("127.0.0.1", port, timeout);
}

GatewayObservation observeGateway(ServiceManager& services, GatewayProbe& probe, const GatewayAddress& gateway,
                                  std::chrono::milliseconds httpTimeout) {
  GatewayObservation o;
  auto job = services.print(gateway.label);
  if (!job) {
    o.problem = "launchctl print failed: " + oneLine(job.error().describe());
    return o;
  }
  o.loaded = job->loaded;
  o.pid = job->pid;
  if (!o.loaded) {
    o.problem = gateway.label + " is not loaded";
    return o;
  }
  if (!o.pid) {
    o.problem = gateway.label + " is loaded but not running (state " + (job->state.empty() ? "?" : job->state) + ")";
    return o;
  }
  const GatewayHealth h = probe.health(gateway.port, httpTimeout);
  o.live = h.live;
  o.ready = h.ready;
  if (!o.ready) {
    o.problem = "pid " + std::to_string(*o.pid) + " not healthy on port " + std::to_string(gateway.port) + ": " +
                (h.error.empty() ? "not ready" : oneLine(h.error));
  }
  return o;
}

bool gatewayIsDown(ServiceManager& services, GatewayProbe& probe, const GatewayAddress& gateway) {
  auto job = services.print(gateway.label);
  if (!job) return false;
  if (job->loaded && job->pid) return false;
  return !probe.accepting(gateway.port, std::chrono::milliseconds(200));
}

}  // namespace harness
