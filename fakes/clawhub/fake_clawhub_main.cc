// fake-clawhub: a ClawHub that has no packages. See README.md.
//
//   fake-clawhub [--host 127.0.0.1] [--port 0] [--port-file F]
//
// Every lookup answers 404, at once. Real releases look configured plugins up on ClawHub
// (2026.9.6: `clawhub:@openclaw/acpx` when npm has no @openclaw/acpx), and this lab has no
// network: without a ClawHub to answer, each lookup fails only after ClawHub's retries
// (1 s + 3 s + 10 s, its CLAWHUB_RETRY_DELAYS_MS), on every gateway start and several times per
// `doctor --fix`. A ClawHub that answers "not found" leaves the release on the same degraded
// path (the plugin is not installed) without the wait. GET /_fake/lookups lists what was asked.

#include <signal.h>

#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "harness/core/poll.h"
#include "harness/core/port_file.h"

namespace {

using nlohmann::json;

class LookupLog {
 public:
  void add(const std::string& method, const std::string& path) {
    std::lock_guard lock(mutex_);
    lookups_.push_back({{"method", method}, {"path", path}});
  }
  json all() const {
    std::lock_guard lock(mutex_);
    return json{{"lookups", lookups_}};
  }

 private:
  mutable std::mutex mutex_;
  json lookups_ = json::array();
};

void logLine(const std::string& line) { std::cout << line << std::endl; }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fake-clawhub: a ClawHub without packages, for the OpenClaw rescue harness"};
  std::string host = "127.0.0.1", portFile;
  uint16_t port = 0;
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "port to listen on (0 = any free port)");
  app.add_option("--port-file", portFile, "write the bound port here once listening");
  CLI11_PARSE(app, argc, argv);

  // Signals are taken by sigwait on this thread; block them before any other thread exists.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  LookupLog log;
  httplib::Server server;
  server.Get("/_fake/lookups", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(log.all().dump(), "application/json");
  });
  // Only the method and path are kept: a request may carry a ClawHub token.
  const auto notFound = [&](const httplib::Request& req, httplib::Response& res) {
    log.add(req.method, req.path);
    logLine("404 " + req.method + " " + req.path);
    res.status = 404;
    res.set_content(R"({"error":"not found"})", "application/json");
  };
  server.Get(".*", notFound);
  server.Post(".*", notFound);
  server.Put(".*", notFound);
  server.Delete(".*", notFound);

  const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    std::cerr << "fake-clawhub: cannot listen on " << host << ":" << port << std::endl;
    return 1;
  }
  std::thread serving([&] { server.listen_after_bind(); });
  // stop() before listen_after_bind() runs would not end it: wait until it accepts.
  const bool running = harness::pollFor(std::chrono::seconds(5), [&] { return server.is_running(); },
                                        {.interval = std::chrono::milliseconds(1)}) == harness::PollEnd::Done;
  if (!running) std::cerr << "fake-clawhub: the HTTP server did not start" << std::endl;
  logLine("fake-clawhub listening on http://" + host + ":" + std::to_string(bound));
  int status = 0;
  if (!running) {
    status = 1;
  } else if (!portFile.empty() && !harness::writePortFile(portFile, static_cast<uint16_t>(bound))) {
    std::cerr << "fake-clawhub: cannot write port file " << portFile << std::endl;
    status = 1;
  } else {
    int sig = 0;
    sigwait(&signals, &sig);
  }
  server.stop();
  serving.join();
  logLine("fake-clawhub stopped");
  return status;
}
