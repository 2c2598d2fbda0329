#pragma once

// How OpenClaw resolves one gateway instance from flags and the environment: profile, state
// dir, config path, port and LaunchAgent label. Shared by the fake CLI (`openclaw`) and the fake
// gateway (`fake-openclaw-gateway`), so both agree the way the real CLI and gateway do.
//
// Sources (facts/openclaw-drift.md §3.1, §4): a named profile P means state dir ~/.openclaw-P
// and label ai.openclaw.P; OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH win over that; the port
// comes from --port, then OPENCLAW_GATEWAY_PORT, then gateway.port, then (2026.8.1+, named
// profile) 20000 + FNV-1a-32(P) mod 40000, then 18789.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fakes/common/fake_openclaw_config.h"
#include "harness/core/result.h"

namespace fakes::openclaw {

inline constexpr std::string_view kDefaultRelease = "2026.3.24";
inline constexpr uint16_t kDefaultGatewayPort = 18789;

// OPENCLAW_FAKE_RELEASE, else kDefaultRelease.
std::string emulatedRelease(const std::map<std::string, std::string>& env);

struct InstanceOptions {
  std::optional<std::string> profileFlag;  // --profile P (--dev = "dev")
  std::optional<uint16_t> portFlag;        // --port N
  std::map<std::string, std::string> env;  // the process environment
};

struct Instance {
  std::string release;       // emulated OpenClaw release
  std::string profile;       // "" for the default profile
  std::filesystem::path home;
  std::filesystem::path stateDir;
  std::filesystem::path configPath;
  std::string derivedLabel;  // ai.openclaw.gateway or ai.openclaw.<profile>
  std::optional<std::string> labelOverride;  // OPENCLAW_LAUNCHD_LABEL, when set
  uint16_t port = kDefaultGatewayPort;
  std::string portSource;    // "flag", "env", "config", "profile-default", "default"
  // The config as OpenClaw reads it (env + <stateDir>/.env), by the fakes' own reader
  // (fakes/common); configError when missing, unreadable, malformed or of the wrong type.
  std::optional<config::FakeOpenClawConfig> config;
  std::optional<config::ConfigReadError> configError;
  // Process env overlaid with <stateDir>/.env (process wins), as the gateway sees variables.
  std::map<std::string, std::string> effectiveEnv;

  std::string effectiveLabel() const { return labelOverride.value_or(derivedLabel); }
  std::filesystem::path plistPath(const std::string& label) const {
    return home / "Library/LaunchAgents" / (label + ".plist");
  }
  std::filesystem::path logDir() const { return stateDir / "logs"; }
};

// 20000 + FNV-1a-32(profile) % 40000 (2026.8.1+ default port of a named profile without one).
uint16_t profileDefaultPort(std::string_view profile);

// Errors: InvalidInput for a profile name OpenClaw rejects (^[a-z0-9][a-z0-9_-]{0,63}$, any case);
// NotFound when HOME is unset. A missing or malformed config is not an error (configError).
harness::Result<Instance> resolveInstance(const InstanceOptions& options);

}  // namespace fakes::openclaw
