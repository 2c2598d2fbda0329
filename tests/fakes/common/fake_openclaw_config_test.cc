// The fakes' own openclaw.json reader: what it reads from a good config, that absent keys stay
// unset, and that a wrong type or a malformed file is an error naming the file and the key.

#include "fakes/common/fake_openclaw_config.h"

#include <string>

#include "harness/testing/scoped_temp_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fakes::config {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const fs::path kFile = "/home/u/.openclaw-rescue/openclaw.json";
const ConfigEnvironment kEnv{{{"HOME", "/home/u"}, {"RESCUE_TOKEN", "discord-from-env"}, {"EMPTY", ""}}, "/home/u"};

FakeOpenClawConfig parseOk(std::string_view text, const ConfigEnvironment& env = kEnv) {
  ConfigRead read = parseFakeOpenClawConfig(text, kFile, env);
  EXPECT_TRUE(read.config) << (read.error ? read.error->describe() : "");
  EXPECT_FALSE(read.error);
  return read.config.value_or(FakeOpenClawConfig{});
}

ConfigReadError parseError(std::string_view text) {
  ConfigRead read = parseFakeOpenClawConfig(text, kFile, kEnv);
  EXPECT_FALSE(read.config);
  EXPECT_TRUE(read.error);
  return read.error.value_or(ConfigReadError{});
}

TEST(FakeOpenClawConfigTest, ReadsWhatTheFakesUseFromTheRunbooksRescueConfig) {
  const auto config = parseOk(R"(// the runbook's rescue config, JSON5
    {
      gateway: { port: 19001, mode: 'local', bind: 'loopback', auth: { mode: 'token', token: 'gw-secret' } },
      channels: { discord: { enabled: true, token: '${RESCUE_TOKEN}', dmPolicy: 'allowlist',
                             allowFrom: ['discord:111', 222], groupPolicy: 'disabled' } },
      tools: { exec: { security: 'full' } },
      agents: {
        defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } },
        list: [ { id: 'rescue', workspace: '~/.openclaw/workspace-rescue', agentDir: '~/.openclaw-rescue/agents/rescue/agent' } ],
        entries: { rescue: { workspace: '/ignored' }, ops: { model: 'openai/gpt-5' } },
      },
      bindings: [ { agentId: 'ops', match: { channel: 'slack' } }, { agentId: 'rescue', match: { channel: 'discord' } } ],
      models: { providers: { anthropic: { baseUrl: 'http://127.0.0.1:4000', api: 'anthropic-messages', apiKey: 'sk-1' } } },
      plugins: { entries: { anything: { enabled: 'not read, not checked' } } },
    })");
  EXPECT_EQ(config.file, kFile);
  EXPECT_EQ(config.gateway.port, 19001);
  EXPECT_EQ(config.gateway.mode, "local");
  EXPECT_EQ(config.gateway.bind, "loopback");
  EXPECT_EQ(config.gateway.authMode, "token");
  EXPECT_EQ(config.gateway.authToken, "gw-secret");
  EXPECT_FALSE(config.gateway.authPassword);
  EXPECT_EQ(config.discord.enabled, true);
  EXPECT_EQ(config.discord.token, "discord-from-env");
  EXPECT_EQ(config.discord.dmPolicy, "allowlist");
  EXPECT_THAT(*config.discord.allowFrom, ElementsAre("discord:111", "222"));
  EXPECT_EQ(config.exec.security, "full");
  EXPECT_FALSE(config.exec.mode);
  ASSERT_EQ(config.agents.size(), 2u);  // the list wins over entries.rescue
  EXPECT_EQ(config.agents[0].id, "rescue");
  EXPECT_EQ(config.agents[0].workspace, fs::path("/home/u/.openclaw/workspace-rescue"));
  EXPECT_EQ(config.agents[0].agentDir, fs::path("/home/u/.openclaw-rescue/agents/rescue/agent"));
  EXPECT_EQ(config.agent("ops")->model, "openai/gpt-5");
  EXPECT_EQ(config.agent("nobody"), nullptr);
  EXPECT_EQ(config.discordAgentId, "rescue");
  EXPECT_EQ(config.defaultModel, "anthropic/claude-sonnet-4-5");
  EXPECT_EQ(config.modelProviders.at("anthropic").baseUrl, "http://127.0.0.1:4000");
  EXPECT_EQ(config.modelProviders.at("anthropic").apiKey, "sk-1");
  EXPECT_THAT(config.secrets, UnorderedElementsAre("gw-secret", "discord-from-env", "sk-1"));
  EXPECT_EQ(config.document["channels"]["discord"]["token"], "${RESCUE_TOKEN}");  // as written
}

TEST(FakeOpenClawConfigTest, SubstitutesEnvLikeOpenClaw) {
  const auto config = parseOk(R"({gateway: {mode: '$${RESCUE_TOKEN}', bind: '${EMPTY}', customBindHost: '${lower}/${UNSET}'}})");
  EXPECT_EQ(config.gateway.mode, "${RESCUE_TOKEN}");  // the escape
  EXPECT_EQ(config.gateway.bind, "${EMPTY}");         // empty: left as written
  EXPECT_EQ(config.gateway.customBindHost, "${lower}/${UNSET}");
}

TEST(FakeOpenClawConfigTest, SecretRefsResolveFromTheEnvironmentOnly) {
  const auto config = parseOk(R"({gateway: {auth: {token: {source: 'env', provider: 'default', id: 'RESCUE_TOKEN'},
                                                   password: {source: 'file', provider: 'vault', id: '/gw'}}}})");
  EXPECT_EQ(config.gateway.authToken, "discord-from-env");
  EXPECT_FALSE(config.gateway.authPassword);
  EXPECT_THAT(config.secrets, ElementsAre("discord-from-env"));
}

TEST(FakeOpenClawConfigTest, AbsentKeysStayUnset) {
  const auto config = parseOk("{}");
  EXPECT_FALSE(config.gateway.port);
  EXPECT_FALSE(config.gateway.mode);
  EXPECT_FALSE(config.discord.enabled);
  EXPECT_FALSE(config.discord.token);
  EXPECT_FALSE(config.discord.allowFrom);
  EXPECT_TRUE(config.agents.empty());
  EXPECT_TRUE(config.discordAgentId.empty());
  EXPECT_TRUE(config.modelProviders.empty());
  EXPECT_TRUE(config.secrets.empty());
}

TEST(FakeOpenClawConfigTest, MissingFileIsMissingAndNamesTheFile) {
  harness::testing::ScopedTempDir dir;
  const fs::path file = dir.path() / "openclaw.json";
  ConfigRead read = readFakeOpenClawConfig(file, kEnv);
  ASSERT_FALSE(read.config);
  ASSERT_TRUE(read.error);
  EXPECT_EQ(read.error->kind, ConfigReadError::Kind::Missing);
  EXPECT_EQ(read.error->describe(), file.string() + ": file not found");

  harness::testing::writeFile(file, "{gateway: {port: 18789}}");
  read = readFakeOpenClawConfig(file, kEnv);
  ASSERT_TRUE(read.config);
  EXPECT_EQ(read.config->gateway.port, 18789);
}

TEST(FakeOpenClawConfigTest, WrongTypeNamesTheFileAndTheKey) {
  auto error = parseError(R"({gateway: {port: "19001"}})");
  EXPECT_EQ(error.kind, ConfigReadError::Kind::WrongType);
  EXPECT_EQ(error.key, "gateway.port");
  EXPECT_EQ(error.message, "Expected integer, received string");
  EXPECT_EQ(error.describe(), kFile.string() + ": gateway.port: Expected integer, received string");

  EXPECT_EQ(parseError("{gateway: {port: 19001.5}}").message, "Expected integer, received float");
  EXPECT_EQ(parseOk("{gateway: {port: 19001.0}}").gateway.port, 19001);  // one number type, as in JavaScript
}

TEST(FakeOpenClawConfigTest, WrongTypeDeepInsideNamesTheWholePath) {
  EXPECT_EQ(parseError("{channels: {discord: {enabled: 'yes'}}}").key, "channels.discord.enabled");
  EXPECT_EQ(parseError("{channels: {discord: {token: 42}}}").message, "Expected string or SecretRef, received number");
  EXPECT_EQ(parseError("{channels: {discord: {allowFrom: ['1', true]}}}").key, "channels.discord.allowFrom[1]");
  EXPECT_EQ(parseError("{channels: []}").key, "channels");
  EXPECT_EQ(parseError("{agents: {list: [{id: 'a'}, {id: 'b', workspace: 7}]}}").key, "agents.list[1].workspace");
  EXPECT_EQ(parseError("{agents: {entries: {ops: {model: 3}}}}").key, "agents.entries.ops.model");
  EXPECT_EQ(parseError("{models: {providers: {anthropic: {baseUrl: null}}}}").message, "Expected string, received null");
  EXPECT_EQ(parseError("{bindings: [{match: {channel: 1}}]}").key, "bindings[0].match.channel");
  auto root = parseError("[1, 2]");
  EXPECT_EQ(root.key, "<root>");
  EXPECT_EQ(root.message, "Expected object, received array");
}

TEST(FakeOpenClawConfigTest, MalformedFileIsAnErrorWithItsPosition) {
  auto error = parseError("{\n  gateway: { port: 19001,, }\n}");
  EXPECT_EQ(error.kind, ConfigReadError::Kind::Malformed);
  EXPECT_TRUE(error.key.empty());
  EXPECT_THAT(error.message, HasSubstr("line 2"));
  EXPECT_THAT(error.describe(), HasSubstr(kFile.string() + ": line 2"));
}

TEST(FakeOpenClawConfigTest, HostileInputIsAnErrorNotACrash) {
  for (std::string text : {std::string(100000, '['), std::string("{a:\"\xff\xfe\"}"), std::string("\0\0\0", 3),
                           std::string(""), std::string("{gateway:{port:1e400}}")}) {
    ConfigRead read = parseFakeOpenClawConfig(text, kFile, kEnv);
    EXPECT_NE(read.config.has_value(), read.error.has_value());
  }
}

TEST(FakeOpenClawConfigTest, ExpandsOnlyTheUsersOwnTilde) {
  EXPECT_EQ(expandUserPath("~", "/home/u/"), "/home/u");
  EXPECT_EQ(expandUserPath("~/x", "/home/u"), "/home/u/x");
  EXPECT_EQ(expandUserPath("~bob/x", "/home/u"), "~bob/x");
  EXPECT_EQ(expandUserPath("/abs/~", "/home/u"), "/abs/~");
  EXPECT_EQ(expandUserPath("~/x", ""), "~/x");
}

}  // namespace
}  // namespace fakes::config
