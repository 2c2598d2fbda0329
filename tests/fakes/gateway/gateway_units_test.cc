// The fake gateway's pure parts: options, settings refusals, agent auth, DISCORD_API_URL,
// the state-dir lock, the ping responder.

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "fakes/gateway/agent_auth.h"
#include "fakes/gateway/agent_cli_shim.h"
#include "fakes/gateway/exec_tool.h"
#include "fakes/gateway/discord_rest.h"
#include "fakes/gateway/dm_responder.h"
#include "fakes/gateway/gateway_options.h"
#include "fakes/gateway/gateway_settings.h"
#include "fakes/gateway/logger.h"
#include "fakes/gateway/state_lock.h"
#include "harness/testing/scoped_temp_dir.h"

#include <gtest/gtest.h>

namespace fakes::gateway {
namespace {

namespace fs = std::filesystem;
using harness::testing::ScopedTempDir;
using harness::testing::writeFile;
using nlohmann::json;

config::FakeOpenClawConfig parse(const json& doc, const fs::path& home) {
  auto read = config::parseFakeOpenClawConfig(doc.dump(), home / "openclaw.json", {{{"HOME", home.string()}}, home});
  EXPECT_TRUE(read.config) << read.error->describe();
  return read.config ? *read.config : config::FakeOpenClawConfig{};
}

TEST(FakeGatewayGatewayOptionsTest, ParsesFlagsInBothSpellings) {
  auto o = parseGatewayOptions({"gateway", "--profile=rescue", "--port", "19001", "--allow-unconfigured", "--verbose", "--force"});
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_EQ(o->profile, "rescue");
  EXPECT_EQ(o->port, 19001);
  EXPECT_TRUE(o->allowUnconfigured);
  EXPECT_EQ(parseGatewayOptions({"--dev"})->profile, "dev");
}

TEST(FakeGatewayGatewayOptionsTest, RejectsBadInput) {
  EXPECT_FALSE(parseGatewayOptions({"--port", "0"}));
  EXPECT_FALSE(parseGatewayOptions({"--port", "70000"}));
  EXPECT_FALSE(parseGatewayOptions({"--port"}));
  EXPECT_FALSE(parseGatewayOptions({"--what"}));
}

TEST(FakeGatewayGatewaySettingsTest, ResolvesBindAuthAndDiscord) {
  ScopedTempDir home;
  writeFile(home.path() / ".openclaw/openclaw.json",
            R"({gateway:{mode:"local",bind:"lan",auth:{mode:"token",token:"gw-token-123"}},
                channels:{discord:{token:"discord-token-456"}}})");
  writeFile(home.path() / ".openclaw/.env", "DISCORD_API_URL=http://127.0.0.1:1234/api/v10\n");
  auto s = resolveGatewaySettings({}, {{"HOME", home.path().string()}});
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->bindHost, "0.0.0.0");
  EXPECT_TRUE(s->discord.enabled);
  EXPECT_TRUE(s->discord.configured);
  EXPECT_EQ(s->discord.apiUrl, "http://127.0.0.1:1234/api/v10");
  EXPECT_NE(std::find(s->secrets.begin(), s->secrets.end(), "gw-token-123"), s->secrets.end());
  EXPECT_NE(std::find(s->secrets.begin(), s->secrets.end(), "discord-token-456"), s->secrets.end());
}

TEST(FakeGatewayGatewaySettingsTest, RefusalsCarryOpenClawTexts) {
  ScopedTempDir home;
  const std::map<std::string, std::string> env{{"HOME", home.path().string()}};
  auto missing = resolveGatewaySettings({}, env);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "Invalid config at " + (home.path() / ".openclaw/openclaw.json").string() + ": file not found");
  GatewayOptions allow;
  allow.allowUnconfigured = true;
  // Unconfigured still means token auth without a token.
  EXPECT_EQ(resolveGatewaySettings(allow, env).error().message, "Gateway auth is set to token, but no token is configured");

  writeFile(home.path() / ".openclaw/openclaw.json", R"({gateway:{auth:{mode:"none"}}})");
  EXPECT_EQ(resolveGatewaySettings({}, env).error().message,
            "Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured.");
  EXPECT_TRUE(resolveGatewaySettings(allow, env));
}

TEST(FakeGatewayAgentAuthTest, BindingPicksTheAgentAndItsAuthStore) {
  ScopedTempDir home;
  const fs::path agentDir = home.path() / "agents/rescue/agent";
  auto config = parse({{"agents", {{"list", json::array({{{"id", "main"}}, {{"id", "rescue"}, {"agentDir", agentDir.string()},
                                                                           {"model", "openai/gpt-5"}}})}}},
                       {"bindings", json::array({{{"agentId", "rescue"}, {"match", {{"channel", "discord"}}}}})}},
                      home.path());
  auto auth = resolveDiscordAgentAuth(&config, home.path() / ".openclaw");
  EXPECT_EQ(auth.agentId, "rescue");
  EXPECT_EQ(auth.agentDir, agentDir);
  EXPECT_EQ(auth.provider, "openai");
  EXPECT_FALSE(auth.hasAuth);

  writeFile(agentDir / "auth-profiles.json", R"({"profiles":{"a":{"provider":"anthropic","key":"k"}}})");
  EXPECT_FALSE(resolveDiscordAgentAuth(&config, home.path()).hasAuth);  // wrong provider
  writeFile(agentDir / "auth-profiles.json", R"({"profiles":{"o":{"provider":"openai","key":"k"}}})");
  EXPECT_TRUE(resolveDiscordAgentAuth(&config, home.path()).hasAuth);
}

TEST(FakeGatewayAgentAuthTest, DefaultsToFirstAgentThenMainAndSqliteCounts) {
  ScopedTempDir home;
  const fs::path state = home.path() / ".openclaw";
  auto config = parse({{"agents", {{"defaults", {{"model", {{"primary", "google/gemini"}}}}},
                                   {"entries", {{"ops", json::object()}}}}}},
                      home.path());
  auto auth = resolveDiscordAgentAuth(&config, state);
  EXPECT_EQ(auth.agentId, "ops");
  EXPECT_EQ(auth.agentDir, state / "agents/ops/agent");
  EXPECT_EQ(auth.provider, "google");
  EXPECT_FALSE(auth.hasAuth);
  writeFile(state / "agents/ops/agent/openclaw-agent.sqlite", "");
  EXPECT_TRUE(resolveDiscordAgentAuth(&config, state).hasAuth);

  auto none = resolveDiscordAgentAuth(nullptr, state);
  EXPECT_EQ(none.agentId, "main");
  EXPECT_EQ(none.provider, "anthropic");
}

TEST(FakeGatewayAgentCliShimTest, PinsTheProfileAndGoesFirstOnTheExecPath) {
  harness::testing::ScopedTempDir dir;
  const auto fakeCli = dir.path() / "cli" / "openclaw";
  std::filesystem::create_directories(fakeCli.parent_path());
  {
    std::ofstream out(fakeCli);
    out << "#!/bin/sh\necho \"real cli: $*\"\n";
  }
  std::filesystem::permissions(fakeCli, std::filesystem::perms::owner_all);
  auto bin = fakes::gateway::writeAgentCliShim(dir.path() / "state", "rescue", fakeCli);
  ASSERT_TRUE(bin) << bin.error().describe();
  EXPECT_EQ(*bin, dir.path() / "state/tmp/agent-cli");
  EXPECT_EQ(std::filesystem::status(*bin / "openclaw").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_all);
  // Whatever the environment says, the agent's `openclaw` is the gateway's own, with its profile.
  const auto ran = fakes::gateway::runExecTool("env -u OPENCLAW_PROFILE openclaw gateway start", dir.path(), *bin);
  EXPECT_EQ(ran.exitCode, 0) << ran.output;
  EXPECT_EQ(ran.output, "real cli: --profile rescue gateway start\n");
}

TEST(FakeGatewayAgentCliShimTest, AnUnwritableStateDirIsAnErrorNamingIt) {
  harness::testing::ScopedTempDir dir;
  const auto file = dir.path() / "not-a-dir";
  std::ofstream(file) << "x";
  auto bin = fakes::gateway::writeAgentCliShim(file, "rescue", "/bin/true");
  ASSERT_FALSE(bin);
  EXPECT_NE(bin.error().describe().find("not-a-dir"), std::string::npos) << bin.error().describe();
}

TEST(FakeGatewayDiscordApiUrlTest, AcceptsOnlyLoopbackHttp) {
  auto url = parseDiscordApiUrl("http://127.0.0.1:19390/api/v10/");
  ASSERT_TRUE(url) << url.error().describe();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 19390);
  EXPECT_EQ(url->basePath, "/api/v10");
  EXPECT_EQ(url->wsOrigin(), "ws://127.0.0.1:19390");
  EXPECT_TRUE(parseDiscordApiUrl("http://localhost/api"));
  EXPECT_FALSE(parseDiscordApiUrl("https://discord.com/api/v10"));
  EXPECT_FALSE(parseDiscordApiUrl("http://discord.com/api/v10"));
  EXPECT_FALSE(parseDiscordApiUrl("http://u:p@127.0.0.1:1/api"));
  EXPECT_FALSE(parseDiscordApiUrl("http://127.0.0.1:1/api?x=1"));
  EXPECT_FALSE(parseDiscordApiUrl("http://127.0.0.1:99999/api"));
}

TEST(FakeGatewayStateLockTest, SecondAcquireFailsNamingThePid) {
  ScopedTempDir dir;
  auto first = StateLock::acquire(dir.path() / "state");
  ASSERT_TRUE(first) << first.error().describe();
  auto second = StateLock::acquire(dir.path() / "state");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, "gateway already running (lock " + (dir.path() / "state/gateway.lock").string() +
                                        " held by pid " + std::to_string(::getpid()) + ")");
  first->release();
  EXPECT_TRUE(StateLock::acquire(dir.path() / "state"));
}

TEST(FakeGatewayDmResponderTest, PongOnlyForPingWithAuth) {
  ScopedTempDir home;
  const fs::path state = home.path() / ".openclaw";
  std::FILE* sink = std::tmpfile();
  Logger logger(sink, sink);
  std::vector<std::pair<std::string, std::string>> posted;
  DmResponder responder(nullptr, state, logger, [&](const std::string& channel, const std::string& content) {
    posted.emplace_back(channel, content);
    return harness::ok();
  });
  DiscordMessage ping{.channelId = "c1", .authorId = "u1", .content = "  ping\n"};
  EXPECT_EQ(responder.onMessage(ping), DmResponder::Outcome::NoAuth);
  EXPECT_TRUE(posted.empty());

  writeFile(state / "agents/main/agent/auth-profiles.json", R"({"profiles":{"a":{"provider":"anthropic"}}})");
  EXPECT_EQ(responder.onMessage(ping), DmResponder::Outcome::Replied);
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0], std::make_pair(std::string("c1"), std::string("pong")));

  DiscordMessage other = ping;
  other.content = "hello";
  EXPECT_EQ(responder.onMessage(other), DmResponder::Outcome::Ignored);
  DiscordMessage self = ping;
  self.fromSelf = true;
  EXPECT_EQ(responder.onMessage(self), DmResponder::Outcome::Ignored);
  EXPECT_EQ(posted.size(), 1u);
  std::fclose(sink);
}

TEST(FakeGatewayLoggerTest, WritesTimestampedLinesAndMasksSecrets) {
  std::FILE* sink = std::tmpfile();
  Logger logger(sink, sink);
  logger.addSecret("super-secret-token");
  logger.info("discord", "token is super-secret-token");
  std::rewind(sink);
  char buf[256] = {};
  ASSERT_NE(std::fgets(buf, sizeof buf, sink), nullptr);
  std::string line(buf);
  EXPECT_EQ(line.find("super-secret-token"), std::string::npos);
  EXPECT_NE(line.find(" [discord] token is [redacted]"), std::string::npos) << line;
  EXPECT_EQ(line.size(), std::string("2026-11-29T22:50:03.123Z").size() + line.substr(24).size());
  EXPECT_EQ(line[10], 'T');
  EXPECT_EQ(line[23], 'Z');
  std::fclose(sink);
}

}  // namespace
}  // namespace fakes::gateway
