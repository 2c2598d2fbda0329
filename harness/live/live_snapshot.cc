#include "harness/live/live_snapshot.h"
#include "harness/core/release_traits.h"

#include <algorithm>
#include <cctype>
#include <future>

#include "harness/checks/port_footprint.h"
#include "harness/core/base64.h"
#include "harness/platform/platform.h"
#include "harness/probe/port_probe.h"

namespace harness {
namespace {

using Clock = std::chrono::steady_clock;

ExpectedBot expectedBot(const InstanceSnapshot& inst) {
  ExpectedBot bot;
  bot.name = inst.spec.discordBotName;
  if (!inst.config.config) {
    bot.whyNot = "its config could not be read (see " + inst.spec.name + ".config.readable)";
    return bot;
  }
  const auto& cfg = *inst.config.config;
  if (cfg.boolean("channels.discord.enabled") == false) {
    bot.whyNot = "channels.discord.enabled is false";
    return bot;
  }
  auto token = cfg.string("channels.discord.token");
  if (!token || token->empty()) {
    bot.whyNot = "channels.discord.token is not set";
    return bot;
  }
  bot.expected = true;
  if (auto id = discordBotIdFromToken(*token)) bot.id = *id;
  return bot;
}

uint16_t browserControlPort(uint16_t base, const std::string& version) {
  for (const auto& r : portFootprint(base, version).ranges) {
    if (r.role == "browser control" && r.first <= 65535) return static_cast<uint16_t>(r.first);
  }
  return base + 2 <= 65535 ? static_cast<uint16_t>(base + 2) : 0;
}

// B and B+2 of both gateways, with one owner lookup.
void observePorts(PortOwnerLookup& owners, LiveInstance& main, LiveInstance& rescue, const std::string& version) {
  std::vector<uint16_t> all;
  for (auto* inst : {&main, &rescue}) {
    inst->ports = {PortObservation{}, PortObservation{}};
    inst->ports[0].port = inst->spec.port;
    inst->ports[0].role = "gateway";
    inst->ports[1].port = browserControlPort(inst->spec.port, version);
    inst->ports[1].role = "browser control";
    for (const auto& p : inst->ports) {
      if (p.port != 0) all.push_back(p.port);
    }
  }
  auto found = owners.listenersOf(all);
  for (auto* inst : {&main, &rescue}) {
    for (auto& o : inst->ports) {
      if (o.port == 0) continue;
      if (found) {
        o.pids = (*found)[o.port];
        for (pid_t p : o.pids) o.names[p] = platform::processName(p);
      } else {
        o.error = found.error();
      }
      o.accepting = !o.pids.empty() || tcpPortAccepting("127.0.0.1", o.port, std::chrono::milliseconds(300));
    }
  }
}

void collectInstance(LiveInstance& inst, LiveProbes& probes) {
  inst.domain = probes.services.domain();
  auto job = probes.services.print(inst.spec.label);
  if (job) inst.job = std::move(*job);
  else inst.jobError = job.error();

  inst.healthProbed = true;
  inst.health = probeGatewayHealth(HttpTarget{"127.0.0.1", inst.spec.port, probes.httpTimeout});

  inst.logPath = inst.job && !inst.job->stdoutPath.empty() ? std::filesystem::path(inst.job->stdoutPath)
                                                            : inst.spec.logPath;
  auto marker = readDiscordLogin(inst.logPath);
  if (marker) inst.logMarker = std::move(*marker);
  else inst.logError = marker.error();
}

void markTrees(LiveInstance& inst, const LiveInstance& other) {
  for (auto& port : inst.ports) {
    for (pid_t p : port.pids) {
      port.ownTree[p] = inst.pid() && isSameOrDescendant(p, *inst.pid());
      port.otherTree[p] = other.pid() && isSameOrDescendant(p, *other.pid());
    }
  }
}

std::string statusCommand(const InstanceSpec& rescue, bool withLabel) {
  std::string cmd;
  if (withLabel) cmd += "OPENCLAW_LAUNCHD_LABEL=" + rescue.label + " ";
  cmd += "openclaw";
  if (!rescue.profile.empty()) cmd += " --profile " + rescue.profile;
  return cmd + " gateway status";
}

}  // namespace

std::optional<std::string> discordBotIdFromToken(const std::string& token) {
  auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  auto decoded = decodeBase64(std::string_view(token).substr(0, dot));
  if (!decoded || decoded->empty()) return std::nullopt;
  if (!std::all_of(decoded->begin(), decoded->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return *decoded;
}

std::string extractOpenClawVersion(const std::string& text) {
  // First token shaped like digits.digits[.digits...].
  for (size_t i = 0; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1])))) continue;
    size_t j = i;
    int dots = 0;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.' || text[j] == '-')) {
      if (text[j] == '.') ++dots;
      ++j;
    }
    if (dots >= 1) {
      std::string v = text.substr(i, j - i);
      while (!v.empty() && (v.back() == '.' || v.back() == '-')) v.pop_back();
      return v;
    }
    i = j;
  }
  return {};
}

LiveExpectations liveExpectations(const HostSnapshot& snapshot) {
  LiveExpectations e;
  e.main = expectedBot(snapshot.main);
  e.rescue = expectedBot(snapshot.rescue);
  e.openclawVersion = snapshot.spec.openclawVersion;
  return e;
}

bool releaseRefusesLabelOverride(std::string_view openclawVersion) {
  return releaseTraits(openclawVersion).refusesLabelOverride;
}

bool isLabelOverrideRefusal(const Error& error) {
  const std::string text = error.message + " " + error.context;
  return text.find("cannot override OPENCLAW_LAUNCHD_LABEL") != std::string::npos ||
         text.find("service management skipped") != std::string::npos;
}

bool isDiagnosticOnlyStatus(const GatewayServiceStatus& status) {
  if (!status.raw.is_object()) return false;
  auto service = status.raw.find("service");
  if (service == status.raw.end() || !service->is_object()) return false;
  auto role = service->find("targetRole");
  return role != service->end() && role->is_string() && role->get<std::string>() == "diagnostic-only";
}

LiveSnapshot collectLiveSnapshot(const RescueSpec& spec, LiveProbes& probes, const LiveExpectations& expected,
                                 const LiveCollectOptions& options) {
  const auto start = Clock::now();
  LiveSnapshot live;
  live.specOpenclawVersion = expected.openclawVersion;
  live.main.spec = spec.main;
  live.rescue.spec = spec.rescue;
  live.main.expectedBot = expected.main;
  live.rescue.expectedBot = expected.rescue;
  live.openclawAvailable = probes.openclaw != nullptr;
  live.openclawUnavailable = probes.openclawUnavailable;
  live.openclawPath = probes.openclawPath;
  live.rescueStatusCommand = statusCommand(spec.rescue, true);
  live.rescueStatusDerivedCommand = statusCommand(spec.rescue, false);

  const std::string version = expected.openclawVersion;
  auto mainTask = std::async(std::launch::async, [&] { collectInstance(live.main, probes); });
  auto rescueTask = std::async(std::launch::async, [&] { collectInstance(live.rescue, probes); });
  auto disabled = probes.services.printDisabled();
  observePorts(probes.portOwners, live.main, live.rescue, version);

  std::vector<std::future<void>> cliTasks;
  if (probes.openclaw && options.openclaw) {
    OpenClawCli& cli = *probes.openclaw;
    const OpenClawTarget mainTarget{spec.main.profile, std::nullopt};
    const OpenClawTarget rescueTarget{spec.rescue.profile, std::nullopt};
    cliTasks.push_back(std::async(std::launch::async, [&live, &cli] { live.openclawVersion = cli.version(); }));
    cliTasks.push_back(std::async(std::launch::async, [&live, &cli, &spec] {
      live.rescueStatus = cli.gatewayStatus(OpenClawTarget{spec.rescue.profile, spec.rescue.label});
    }));
    for (auto* inst : {&live.main, &live.rescue}) {
      const OpenClawTarget target = inst == &live.main ? mainTarget : rescueTarget;
      cliTasks.push_back(std::async(std::launch::async, [inst, &cli, target] {
        inst->channels = cli.channelsStatus(target);
      }));
      cliTasks.push_back(std::async(std::launch::async, [inst, &cli, target] {
        inst->validation = cli.validateConfig(target);
      }));
      cliTasks.push_back(std::async(std::launch::async, [inst, &cli, target] {
        inst->audit = cli.securityAudit(target);
      }));
    }
  }
  mainTask.get();
  rescueTask.get();
  for (auto& t : cliTasks) t.get();

  // The runbook's status command refused (or only diagnosing): ask the way this release works.
  if (live.rescueStatus) {
    const bool refused = (!*live.rescueStatus && isLabelOverrideRefusal(live.rescueStatus->error())) ||
                         (*live.rescueStatus && isDiagnosticOnlyStatus(**live.rescueStatus));
    if (refused && probes.openclaw) {
      live.rescueStatusDerived = probes.openclaw->gatewayStatus(OpenClawTarget{spec.rescue.profile, std::nullopt});
    }
  }

  for (auto* inst : {&live.main, &live.rescue}) {
    if (disabled) {
      if (auto it = disabled->find(inst->spec.label); it != disabled->end()) inst->disabledOverride = it->second;
    } else {
      inst->disabledError = disabled.error();
    }
  }
  markTrees(live.main, live.rescue);
  markTrees(live.rescue, live.main);
  live.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  return live;
}

}  // namespace harness
