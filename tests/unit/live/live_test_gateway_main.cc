// live-test-gateway: a stand-in for `openclaw gateway` under the fake launchd, for the
// end-to-end tests of `verify-host live`. Accepts OpenClaw's gateway command line (anything,
// plus `--port N`) and reads what to do from $OPENCLAW_STATE_DIR/live-test-gateway.json:
//
//   {"botId": "2222…", "botName": "OpenClaw Rescue Bot",  // the Discord login it logs
//    "ready": true,                                        // /readyz 200, else 503 failing ["discord"]
//    "extraPorts": [19003],                                // also listen here (a port thief)
//    "exitCode": 1}                                        // exit at once with this code
//
// Binds 127.0.0.1:N (HTTP: /healthz, /readyz) and N+2 (plain listener, skipped when taken),
// logs OpenClaw's start and login lines on stdout, exits 0 on SIGTERM/SIGINT.

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

int listenOn(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

void logLine(const std::string& text) {
  std::printf("%s %s\n", now().c_str(), text.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--port") port = std::atoi(argv[i + 1]);
  }
  nlohmann::json control = nlohmann::json::object();
  if (const char* state = std::getenv("OPENCLAW_STATE_DIR")) {
    std::ifstream in(std::string(state) + "/live-test-gateway.json");
    if (in) control = nlohmann::json::parse(in, nullptr, false);
    if (control.is_discarded()) control = nlohmann::json::object();
  }
  if (control.contains("exitCode")) {
    std::fprintf(stderr, "%s [gateway] live-test-gateway told to exit\n", now().c_str());
    return control["exitCode"].get<int>();
  }
  if (port <= 0 || port > 65533) {
    std::fprintf(stderr, "live-test-gateway: no --port\n");
    return 2;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const bool ready = control.value("ready", true);
  httplib::Server server;
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok":true,"status":"live"})", "application/json");
  });
  server.Get("/readyz", [ready](const httplib::Request&, httplib::Response& res) {
    res.status = ready ? 200 : 503;
    res.set_content(ready ? R"({"ready":true,"failing":[],"uptimeMs":1})" : R"({"ready":false,"failing":["discord"],"uptimeMs":1})",
                    "application/json");
  });
  std::vector<int> extra;
  for (const auto& p : control.value("extraPorts", nlohmann::json::array())) extra.push_back(listenOn(p.get<uint16_t>()));
  if (!server.bind_to_port("127.0.0.1", port)) {
    std::fprintf(stderr, "%s [gateway] Gateway failed to start: port %d is already in use\n", now().c_str(), port);
    return 1;
  }
  const int browser = listenOn(static_cast<uint16_t>(port + 2));
  std::thread http([&] { server.listen_after_bind(); });
  logLine("[gateway] listening on ws://127.0.0.1:" + std::to_string(port) + " (PID " + std::to_string(::getpid()) + ")");
  if (browser >= 0) {
    logLine("[browser/control] Browser control listening on http://127.0.0.1:" + std::to_string(port + 2) +
            "/ (auth=token)");
  }
  if (control.contains("botId")) {
    logLine("[discord] logged in to discord as " + control["botId"].get<std::string>() + " (" +
            control.value("botName", std::string("Bot")) + ")");
  }
  int sig = 0;
  sigwait(&signals, &sig);
  logLine("[gateway] received SIGTERM; shutting down");
  server.stop();
  http.join();
  return 0;
}
