// libFuzzer target: the openclaw.json reader (harness/config). The bytes are read as JSON5, then
// as a whole OpenClaw config with the lookups the checks make, then as a dotenv body; the first
// line also serves as a key path, so the key-path parser gets hostile paths too. Only crashes,
// sanitizer reports, leaks and hangs count: parse errors are the expected answer to most inputs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/config/json5.h"
#include "harness/config/openclaw_config.h"

namespace {

// Key paths the static checks read (a sample of each shape: nested, indexed, quoted).
constexpr std::string_view kKeyPaths[] = {
    "channels.discord.token",  "channels.discord.enabled", "gateway.port",
    "gateway.bind",            "gateway.auth.token",       "agents.list[0].agentDir",
    "agents.entries.rescue",   "agents.defaults.workspace", "plugins.entries[\"my.plugin\"].enabled",
    "env.vars",                "tools.exec.security",       "commands.ownerAllowFrom",
};

void exerciseConfig(const harness::OpenClawConfig& config, std::string_view firstLine) {
  for (const auto path : kKeyPaths) {
    (void)config.find(path);
    (void)config.findString(path);
    (void)config.findBool(path);
    (void)config.findInteger(path);
    (void)config.findObject(path);
    (void)config.findArray(path);
    (void)config.string(path);
    (void)config.boolean(path);
    (void)config.integer(path);
  }
  (void)config.find(firstLine);
  (void)config.string(firstLine);
  for (const auto id : {"main", "rescue", ""}) {
    if (const auto* agent = config.agent(id); agent && agent->raw) (void)agent->raw->dump();
  }
  (void)config.hasIssue(harness::ConfigIssueKind::DuplicateKey);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string_view firstLine = text.substr(0, text.find('\n'));

  // Small limits as well as the defaults, so the depth and size guards are reached quickly.
  (void)harness::parseJson5(text);
  (void)harness::parseJson5(text, harness::Json5Options{.maxDepth = 4, .maxStringBytes = 16});

  const harness::ConfigEnvironment env{
      .vars = {{"HOME", "/home/fuzz"}, {"DISCORD_TOKEN", "fuzz-token"}, {"EMPTY", ""}},
      .home = "/home/fuzz"};
  auto config = harness::parseOpenClawConfig(text, "/home/fuzz/.openclaw/openclaw.json", env);
  if (config) {
    exerciseConfig(*config, firstLine);
    // Copies and moves re-point the agents' raw pointers: a wrong one shows up under ASan.
    harness::OpenClawConfig copy = *config;
    harness::OpenClawConfig moved = std::move(*config);
    exerciseConfig(copy, firstLine);
    exerciseConfig(moved, firstLine);
  }

  (void)harness::parseDotenv(text);
  (void)harness::expandHome(firstLine, "/home/fuzz");
  (void)harness::isSecretKeyName(firstLine);
  return 0;
}
