// fake-model: a local stand-in for the Anthropic Messages API. See README.md.
//
//   fake-model [--keys FILE] [--host 127.0.0.1] [--port 0] [--port-file F] [--default-reply TEXT]

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "harness/core/port_file.h"

#include "fakes/model/model_server.h"
#include "fakes/model/model_state.h"

namespace {

void logLine(const std::string& line) { std::cout << line << std::endl; }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fake-model: Anthropic Messages API fake for the OpenClaw rescue harness"};
  std::string keysFile, host = "127.0.0.1", portFile;
  std::string defaultReply = "fake-model: no scripted reply";
  uint16_t port = 0;
  app.add_option("--keys", keysFile, "JSON file {\"keys\":[{\"id\",\"key\"}]}; without it every request is 401");
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "port to listen on (0 = any free port)");
  app.add_option("--port-file", portFile, "write the bound port here once listening");
  app.add_option("--default-reply", defaultReply, "text answered when no scripted reply is queued");
  CLI11_PARSE(app, argc, argv);

  std::vector<fakes::model::ApiKey> keys;
  if (!keysFile.empty()) {
    auto loaded = fakes::model::loadKeysFile(keysFile);
    if (!loaded) {
      std::cerr << "fake-model: " << loaded.error().describe() << std::endl;
      return 2;
    }
    keys = std::move(*loaded);
  }
  // Signals are taken by sigwait on this thread; block them before any other thread exists.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const size_t keyCount = keys.size();
  fakes::model::ModelState state(std::move(keys), defaultReply);
  auto server = fakes::model::ModelServer::create(state, {host, port, logLine});
  if (!server) {
    std::cerr << "fake-model: " << server.error().describe() << std::endl;
    return 1;
  }
  const uint16_t bound = (*server)->port();
  std::thread serving([&] { (*server)->run(); });
  if (!(*server)->waitUntilRunning()) {
    std::cerr << "fake-model: the HTTP server did not start" << std::endl;
    (*server)->stop();
    serving.join();
    return 1;
  }
  logLine("fake-model listening on http://" + host + ":" + std::to_string(bound) + " (" + std::to_string(keyCount) +
          " key(s))");
  if (!portFile.empty() && !harness::writePortFile(portFile, bound)) {
    std::cerr << "fake-model: cannot write port file " << portFile << std::endl;
    (*server)->stop();
    serving.join();
    return 1;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  (*server)->stop();
  serving.join();
  logLine("fake-model stopped");
  return 0;
}
