#include "tests/fakes/gateway/gateway_test_support.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <sstream>

#include "harness/probe/http_probe.h"
#include "harness/testing/free_port.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/wait.h"

namespace fakes::gateway::testing {
namespace {

namespace fs = std::filesystem;

int bindLoopback(uint16_t port, bool listenToo) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || (listenToo && ::listen(fd, 4) != 0)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

PortHolder::PortHolder(uint16_t port) : fd_(bindLoopback(port, true)) {}

PortHolder::~PortHolder() {
  if (fd_ >= 0) ::close(fd_);
}

bool portIsFree(uint16_t port) {
  int fd = bindLoopback(port, false);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

GatewayTestBase::GatewayTestBase() : port_(harness::testing::pickFreePortRange(120)) {
  home_.rescueConfig["gateway"]["port"] = port_;
}

std::map<std::string, std::string> GatewayTestBase::environment(const std::map<std::string, std::string>& extra) const {
  std::map<std::string, std::string> env{{"HOME", home_.home().string()}, {"PATH", "/usr/bin:/bin"}};
  for (const auto& [k, v] : extra) env[k] = v;
  return env;
}

fs::path GatewayTestBase::newLogFile() { return home_.path("gateway-" + std::to_string(++logCounter_) + ".log"); }

harness::BackgroundProcessPtr GatewayTestBase::startGateway(const fs::path& logFile, const std::vector<std::string>& args,
                                                            const std::map<std::string, std::string>& extraEnv) {
  harness::BackgroundProcessSpec spec;
  spec.executable = FAKE_GATEWAY_BIN;
  spec.args = {"--profile", "rescue"};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.environment = environment(extraEnv);
  spec.logFile = logFile;
  auto child = harness::BackgroundProcess::start(spec);
  EXPECT_TRUE(child) << child.error().describe();
  return child ? std::move(*child) : nullptr;
}

harness::BackgroundProcessPtr GatewayTestBase::startListening(const fs::path& logFile, const std::vector<std::string>& args,
                                                              const std::map<std::string, std::string>& extraEnv) {
  auto child = startGateway(logFile, args, extraEnv);
  if (!child) return nullptr;
  EXPECT_TRUE(waitForLog(logFile, "[gateway] listening on ws://127.0.0.1:")) << readLog(logFile);
  return child;
}

int GatewayTestBase::runToExit(const fs::path& logFile, const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& extraEnv) {
  auto child = startGateway(logFile, args, extraEnv);
  if (!child) return -1;
  auto status = child->waitForExit(harness::testing::actionTimeout());
  if (!status) return -1;
  return status->termSignal ? 128 + status->termSignal : status->exitCode;
}

std::string GatewayTestBase::readLog(const fs::path& logFile) {
  std::error_code ec;
  if (!fs::exists(logFile, ec)) return "";
  return harness::testing::readFile(logFile);
}

::testing::AssertionResult GatewayTestBase::waitForLog(const fs::path& logFile, const std::string& needle) {
  auto result = harness::testing::waitFor("log line containing " + needle,
                                          [&] { return readLog(logFile).find(needle) != std::string::npos; });
  if (!result) result << "\n--- " << logFile.filename().string() << " ---\n" << readLog(logFile);
  return result;
}

::testing::AssertionResult GatewayTestBase::logIsWellFormedAndClean(const fs::path& logFile) {
  const std::string text = readLog(logFile);
  for (const char* secret : {harness::testing::kCanaryMainDiscordToken, harness::testing::kCanaryRescueDiscordToken,
                             harness::testing::kCanaryMainGatewayToken, harness::testing::kCanaryRescueGatewayToken,
                             harness::testing::kCanaryAnthropicKey}) {
    // Compared, never printed.
    if (text.find(secret) != std::string::npos) {
      return ::testing::AssertionFailure() << logFile.filename().string() << " contains a canary secret";
    }
  }
  static const std::regex line(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[[a-z/]+\] .+$)");
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (!std::regex_match(l, line)) return ::testing::AssertionFailure() << "malformed log line: " << l;
  }
  return ::testing::AssertionSuccess();
}

std::pair<int, nlohmann::json> GatewayTestBase::getJson(uint16_t port, const std::string& path) const {
  auto r = harness::httpGet(harness::HttpTarget{.port = port}, path);
  if (!r) return {0, nullptr};
  auto body = nlohmann::json::parse(r->body, nullptr, false);
  return {r->status, body.is_discarded() ? nlohmann::json() : body};
}

int GatewayTestBase::headStatus(uint16_t port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(2, 0);
  auto r = client.Head(path.c_str());
  return r ? r->status : 0;
}

}  // namespace fakes::gateway::testing
