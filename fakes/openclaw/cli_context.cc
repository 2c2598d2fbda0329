#include "fakes/openclaw/cli_context.h"

#include "harness/core/release_traits.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ostream>

namespace fakes::openclaw {

namespace fs = std::filesystem;

CliContext::CliContext(GlobalOptions global, std::map<std::string, std::string> env, std::ostream& out,
                       std::ostream& err)
    : global_(std::move(global)), env_(std::move(env)), out_(out), err_(err) {
  // --dev is profile "dev" plus OPENCLAW_GATEWAY_PORT=19001 (3.24 and 9.6), unless set.
  if (global_.dev) {
    if (!global_.profile) global_.profile = "dev";
    env_.emplace("OPENCLAW_GATEWAY_PORT", "19001");
  }
  release_ = emulatedRelease(env_);
}

std::string CliContext::envOr(const std::string& name, const std::string& fallback) const {
  auto it = env_.find(name);
  return it == env_.end() || it->second.empty() ? fallback : it->second;
}

bool CliContext::serviceRules() const { return harness::releaseTraits(release_).refusesLabelOverride; }

harness::Result<Instance> CliContext::instance(std::optional<uint16_t> portFlag) const {
  InstanceOptions options;
  options.profileFlag = global_.profile;
  options.portFlag = portFlag;
  options.env = env_;
  return resolveInstance(options);
}

std::string CliContext::cliCommand(const std::string& rest) const {
  std::string profile = global_.profile.value_or(envOr("OPENCLAW_PROFILE"));
  if (profile.empty() || profile == "default") return "openclaw " + rest;
  return "openclaw --profile " + profile + " " + rest;
}

fs::path CliContext::selfExecutable() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path("openclaw") : self;
}

std::string CliContext::guiDomain() { return "gui/" + std::to_string(::getuid()); }

LaunchctlRun CliContext::launchctl(const std::vector<std::string>& args) const {
  harness::ProcessSpec spec;
  spec.executable = "launchctl";  // bare name, resolved through PATH like OpenClaw does
  spec.args = args;
  spec.timeout = std::chrono::seconds(30);
  if (serviceRules()) {
    // 2026.9.6 passes a whitelist, not the caller's environment (facts launchctl.md §1.1).
    std::map<std::string, std::string> env;
    for (const auto& [k, v] : env_) {
      if (k == "PATH" || k == "HOME" || k == "USER" || k == "LOGNAME" || k == "TMPDIR" || k == "LANG" ||
          k == "TERM" || k == "TZ" || k.rfind("LC_", 0) == 0 || k == "NO_COLOR") {
        env.emplace(k, v);
      }
    }
    env["OPENCLAW_CLI"] = "1";
    spec.environment = std::move(env);
    spec.workingDirectory = "/";
  } else {
    spec.environment = env_;
  }
  LaunchctlRun run;
  auto r = harness::runProcess(spec);
  if (!r) {
    run.err = r.error().describe();
    return run;
  }
  run.exitCode = r->timedOut || r->termSignal != 0 ? -1 : r->exitCode;
  run.out = std::move(r->stdoutText);
  run.err = std::move(r->stderrText);
  return run;
}

int unknownOption(const CliContext& ctx, const std::string& option) {
  ctx.err() << "error: unknown option '" << option << "'\n";
  return 1;
}

void printJson(const CliContext& ctx, const nlohmann::json& value) { ctx.out() << value.dump(2) << "\n"; }

bool portAcceptsConnections(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

std::optional<HttpAnswer> httpGet(uint16_t port, const std::string& path, int timeoutMs) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(timeoutMs / 1000, (timeoutMs % 1000) * 1000);
  client.set_read_timeout(timeoutMs / 1000, (timeoutMs % 1000) * 1000);
  auto res = client.Get(path.c_str());
  if (!res) return std::nullopt;
  return HttpAnswer{res->status, res->body};
}

}  // namespace fakes::openclaw
