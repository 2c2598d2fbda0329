#include "fakes/openclaw/instance.h"

#include <cctype>
#include <charconv>
#include <vector>

#include "fakes/common/dotenv.h"
#include "harness/core/file_reader.h"
#include "harness/core/release_traits.h"

namespace fakes::openclaw {
namespace {

namespace fs = std::filesystem;

bool validProfileName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (!alnum(name[0])) return false;
  for (char c : name) {
    if (!alnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

std::optional<uint16_t> parsePort(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

std::string envOr(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? std::string() : it->second;
}

}  // namespace

std::string emulatedRelease(const std::map<std::string, std::string>& env) {
  std::string r = envOr(env, "OPENCLAW_FAKE_RELEASE");
  return r.empty() ? std::string(kDefaultRelease) : r;
}

uint16_t profileDefaultPort(std::string_view profile) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : profile) {
    hash ^= c;
    hash *= 16777619u;
  }
  return static_cast<uint16_t>(20000 + hash % 40000);
}

harness::Result<Instance> resolveInstance(const InstanceOptions& options) {
  Instance out;
  out.release = emulatedRelease(options.env);
  std::string profile = options.profileFlag.value_or(envOr(options.env, "OPENCLAW_PROFILE"));
  if (profile == "default") profile.clear();
  if (!profile.empty() && !validProfileName(profile)) {
    return harness::Error{harness::ErrorCode::InvalidInput,
                          "Invalid --profile (use letters, numbers, \"_\", \"-\" only)", profile};
  }
  out.profile = profile;

  const std::string home = envOr(options.env, "HOME");
  if (home.empty()) return harness::Error{harness::ErrorCode::NotFound, "HOME is not set", "HOME"};
  out.home = home;

  const std::string stateEnv = envOr(options.env, "OPENCLAW_STATE_DIR");
  out.stateDir = !stateEnv.empty() ? fs::path(config::expandUserPath(stateEnv, out.home))
                 : profile.empty() ? out.home / ".openclaw"
                                   : out.home / (".openclaw-" + profile);
  const std::string configEnv = envOr(options.env, "OPENCLAW_CONFIG_PATH");
  out.configPath = !configEnv.empty() ? fs::path(config::expandUserPath(configEnv, out.home)) : out.stateDir / "openclaw.json";

  out.derivedLabel = profile.empty() ? std::string("ai.openclaw.gateway") : "ai.openclaw." + profile;
  if (std::string label = envOr(options.env, "OPENCLAW_LAUNCHD_LABEL"); !label.empty()) out.labelOverride = label;

  out.effectiveEnv = options.env;
  if (auto dotenv = harness::readFileLimited(out.stateDir / ".env", 1 << 20)) {
    for (auto& [k, v] : config::parseDotenv(*dotenv)) out.effectiveEnv.emplace(k, v);
  }

  auto read = config::readFakeOpenClawConfig(out.configPath, config::ConfigEnvironment{out.effectiveEnv, out.home});
  out.config = std::move(read.config);
  out.configError = std::move(read.error);

  if (options.portFlag) {
    out.port = *options.portFlag;
    out.portSource = "flag";
  } else if (auto p = parsePort(envOr(options.env, "OPENCLAW_GATEWAY_PORT"))) {
    out.port = *p;
    out.portSource = "env";
  } else if (auto configPort = out.config ? out.config->gateway.port : std::nullopt;
             configPort && *configPort > 0 && *configPort <= 65535) {
    out.port = static_cast<uint16_t>(*configPort);
    out.portSource = "config";
  } else if (!profile.empty() && harness::releaseTraits(out.release).profileDefaultPort) {
    out.port = profileDefaultPort(profile);
    out.portSource = "profile-default";
  } else {
    out.port = kDefaultGatewayPort;
    out.portSource = "default";
  }
  return out;
}

}  // namespace fakes::openclaw
