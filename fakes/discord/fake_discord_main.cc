// fake-discord: a local stand-in for Discord's REST API and Gateway. See README.md.
//
//   fake-discord --bots FILE [--host 127.0.0.1] [--port 0] [--port-file F]
//                [--users-me-delay-ms N] [--heartbeat-interval-ms N]

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "harness/core/port_file.h"

#include "fakes/discord/bot_config.h"
#include "fakes/discord/fake_discord_server.h"

namespace {

void logLine(const std::string& line) {
  std::cout << line << std::endl;  // flushed per line: tests and scenarios tail the log
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fake-discord: Discord REST + Gateway fake for the OpenClaw rescue harness"};
  std::string botsFile;
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string portFile;
  long usersMeDelayMs = 0;
  long heartbeatIntervalMs = 41250;
  app.add_option("--bots", botsFile, "JSON file {\"bots\":[{token,id,username,applicationId?,allowMessageContent?}]}")
      ->required();
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "port to listen on (0 = any free port)");
  app.add_option("--port-file", portFile, "write the bound port here once listening");
  app.add_option("--users-me-delay-ms", usersMeDelayMs, "delay GET users/@me by this many ms")
      ->check(CLI::Range(0L, 600000L));
  app.add_option("--heartbeat-interval-ms", heartbeatIntervalMs, "heartbeat_interval sent in HELLO")
      ->check(CLI::Range(1L, 3600000L));
  CLI11_PARSE(app, argc, argv);

  auto bots = fakes::discord::loadBotsFile(botsFile);
  if (!bots) {
    std::cerr << "fake-discord: " << bots.error().describe() << std::endl;
    return 2;
  }
  fakes::discord::FakeDiscordServerOptions options;
  options.host = host;
  options.port = port;
  options.settings.usersMeDelay = std::chrono::milliseconds(usersMeDelayMs);
  options.settings.heartbeatInterval = std::chrono::milliseconds(heartbeatIntervalMs);
  options.handleSignals = true;
  options.logger = logLine;
  const size_t botCount = bots->size();
  auto server = fakes::discord::FakeDiscordServer::create(std::move(*bots), options);
  if (!server) {
    std::cerr << "fake-discord: " << server.error().describe() << std::endl;
    return 1;
  }
  const uint16_t bound = (*server)->port();
  logLine("fake-discord listening on http://" + host + ":" + std::to_string(bound) + " (" +
          std::to_string(botCount) + " bot(s))");
  if (!portFile.empty() && !harness::writePortFile(portFile, bound)) {
    std::cerr << "fake-discord: cannot write port file " << portFile << std::endl;
    return 1;
  }
  (*server)->run();
  logLine("fake-discord stopped");
  return 0;
}
