#include "harness/config/openclaw_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

using nlohmann::json;
using testing::ScopedTempDir;
using testing::writeFile;

// The "最小关键片段" (minimal key fragment) of the runbook, verbatim from
// /work/shared/seed/rescue-gateway-2.0.txt.
constexpr std::string_view kRunbookConfig = R"json({
"agents": {
"defaults": {
"elevatedDefault": "full",
"workspace": "/Users/YOUR_NAME/.openclaw-rescue/workspace"
},
"list": [
{
"id": "rescue",
"workspace": "/Users/YOUR_NAME/.openclaw-rescue/workspace",
"agentDir": "/Users/YOUR_NAME/.openclaw-rescue/agents/rescue/agent",
"subagents": { "allowAgents": ["*"] }
}
]
},
"bindings": [
{
"agentId": "rescue",
"match": { "channel": "discord" }
}
],
"tools": {
"profile": "full",
"exec": {
"security": "full",
"ask": "off"
}
},
"channels": {
"discord": {
"enabled": true,
"token": "YOUR_RESCUE_BOT_TOKEN"
}
},
"gateway": {
"port": 19001,
"mode": "local",
"bind": "loopback",
"auth": {
"mode": "token",
"token": "YOUR_RESCUE_GATEWAY_TOKEN"
}
},
"plugins": {
"entries": {
"acpx": {
"enabled": true,
"config": {
"permissionMode": "approve-all"
}
}
}
}
}
)json";

ConfigEnvironment testEnv() {
  ConfigEnvironment env;
  env.home = "/Users/alice";
  return env;
}

OpenClawConfig parseOk(std::string_view text, const ConfigEnvironment& env = testEnv()) {
  auto result = parseOpenClawConfig(text, "/cfg/openclaw.json", env);
  EXPECT_TRUE(result) << (result ? "" : result.error().describe());
  if (!result) return OpenClawConfig();
  return std::move(result).value();
}

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::vector<ConfigIssue> issuesOf(const OpenClawConfig& config, ConfigIssueKind kind) {
  std::vector<ConfigIssue> out;
  for (const ConfigIssue& issue : config.issues) {
    if (issue.kind == kind) out.push_back(issue);
  }
  return out;
}

// ---- The runbook's config ----------------------------------------------------------------

TEST(OpenClawConfig, RunbookConfigHasEveryKeyTheRunbookSets) {
  OpenClawConfig config = parseOk(kRunbookConfig);
  EXPECT_EQ(config.path, "/cfg/openclaw.json");
  EXPECT_TRUE(config.issues.empty());
  EXPECT_EQ(config.boolean("channels.discord.enabled"), true);                                  // R6
  EXPECT_EQ(config.string("channels.discord.token"), "YOUR_RESCUE_BOT_TOKEN");                   // R6
  EXPECT_EQ(config.integer("gateway.port"), 19001);                                              // R7
  EXPECT_EQ(config.string("agents.defaults.workspace"), "/Users/YOUR_NAME/.openclaw-rescue/workspace");  // R8
  EXPECT_EQ(config.string("agents.list[0].agentDir"), "/Users/YOUR_NAME/.openclaw-rescue/agents/rescue/agent");
  EXPECT_EQ(config.find("agents.list[0].subagents.allowAgents").value->dump(), R"(["*"])");     // R9
  EXPECT_EQ(config.string("tools.profile"), "full");                                             // R10
  EXPECT_EQ(config.string("tools.exec.security"), "full");
  EXPECT_EQ(config.string("tools.exec.ask"), "off");
  EXPECT_EQ(config.string("agents.defaults.elevatedDefault"), "full");                           // R11
  EXPECT_EQ(config.boolean("plugins.entries.acpx.enabled"), true);                               // R12
  EXPECT_EQ(config.string("plugins.entries.acpx.config.permissionMode"), "approve-all");
  EXPECT_EQ(config.string("bindings[0].agentId"), "rescue");                                     // R13
  EXPECT_EQ(config.string("bindings[0].match.channel"), "discord");
  EXPECT_EQ(config.string("gateway.mode"), "local");                                             // R14
  EXPECT_EQ(config.string("gateway.bind"), "loopback");
  EXPECT_EQ(config.string("gateway.auth.mode"), "token");
  EXPECT_EQ(config.string("gateway.auth.token"), "YOUR_RESCUE_GATEWAY_TOKEN");
}

TEST(OpenClawConfig, RunbookConfigUsesTheListLayout) {
  OpenClawConfig config = parseOk(kRunbookConfig);
  EXPECT_EQ(config.agentLayout, AgentLayout::List);
  ASSERT_EQ(config.agents.size(), 1u);
  const AgentEntry& rescue = config.agents[0];
  EXPECT_EQ(rescue.id, "rescue");
  EXPECT_EQ(rescue.keyPath, "agents.list[0]");
  EXPECT_EQ(rescue.workspace, "/Users/YOUR_NAME/.openclaw-rescue/workspace");
  EXPECT_EQ(rescue.agentDir, "/Users/YOUR_NAME/.openclaw-rescue/agents/rescue/agent");
  EXPECT_EQ(rescue.raw, &config.resolved["agents"]["list"][0]);
  EXPECT_EQ(config.agent("rescue"), &rescue);
  EXPECT_EQ(config.agent("main"), nullptr);
}

TEST(OpenClawConfig, RunbookSecretsAreTheTwoTokensOnly) {
  OpenClawConfig config = parseOk(kRunbookConfig);
  EXPECT_EQ(config.secretValues,
            (std::vector<std::string>{"YOUR_RESCUE_BOT_TOKEN", "YOUR_RESCUE_GATEWAY_TOKEN"}));
  EXPECT_FALSE(contains(config.secretValues, "token"));  // gateway.auth.mode = "token" is not a secret
  EXPECT_FALSE(contains(config.secretValues, "local"));
}

TEST(OpenClawConfig, RawAndResolvedAreEqualWithoutSubstitutions) {
  OpenClawConfig config = parseOk(kRunbookConfig);
  EXPECT_EQ(config.raw, config.resolved);
  EXPECT_EQ(config.raw, json::parse(kRunbookConfig));
}

// ---- Parse failures ----------------------------------------------------------------------

TEST(OpenClawConfig, RootMustBeAnObject) {
  auto result = parseOpenClawConfig("// a list, not a config\n[1, 2]", "/cfg/openclaw.json", testEnv());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(result.error().context, "/cfg/openclaw.json");
  EXPECT_EQ(result.error().message, "line 2, column 1: the root value is of type array, an OpenClaw config must be an object");
  EXPECT_NE(result.error().describe().find("/cfg/openclaw.json"), std::string::npos);

  auto scalar = parseOpenClawConfig("  'x'", "/p.json", testEnv());
  ASSERT_FALSE(scalar);
  EXPECT_EQ(scalar.error().message.rfind("line 1, column 3: the root value is of type string", 0), 0u)
      << scalar.error().message;
}

TEST(OpenClawConfig, Json5ErrorsCarryThePathAsContext) {
  auto result = parseOpenClawConfig("{\n  gateway: { port: 19001 \n  mode: 'local' } }", "/cfg/x.json", testEnv());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(result.error().context, "/cfg/x.json");
  EXPECT_EQ(result.error().message.rfind("line 3, column 3: expected ',' or '}'", 0), 0u) << result.error().message;
}

TEST(OpenClawConfig, DepthBombIsTooLarge) {
  auto result = parseOpenClawConfig("{a: " + std::string(100000, '['), "/p", testEnv());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::TooLarge);
}

// ---- ${VAR} substitution -----------------------------------------------------------------

TEST(EnvSubstitution, WholeInlineAndMultiple) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"PORT_BASE", "190"}, {"HOST", "127.0.0.1"}, {"USER_NAME", "alice"}};
  OpenClawConfig config = parseOk(R"({
    a: "${HOST}",
    b: "http://${HOST}:${PORT_BASE}01/x",
    c: ["/Users/${USER_NAME}/w", {d: "${USER_NAME}${USER_NAME}"}],
  })", env);
  EXPECT_EQ(config.string("a"), "127.0.0.1");
  EXPECT_EQ(config.string("b"), "http://127.0.0.1:19001/x");
  EXPECT_EQ(config.string("c[0]"), "/Users/alice/w");
  EXPECT_EQ(config.string("c[1].d"), "alicealice");
  EXPECT_EQ(config.raw["a"], "${HOST}");  // raw stays as written
  EXPECT_TRUE(config.issues.empty());
}

TEST(EnvSubstitution, DoubleDollarIsALiteral) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"X", "value"}};
  OpenClawConfig config = parseOk(R"({a: "$${X}", b: "pre $${X} and ${X}", c: "$$${X}"})", env);
  EXPECT_EQ(config.string("a"), "${X}");
  EXPECT_EQ(config.string("b"), "pre ${X} and value");
  EXPECT_EQ(config.string("c"), "$${X}");  // "$" then the escape "$${X}"
  EXPECT_TRUE(config.issues.empty());
}

TEST(EnvSubstitution, NotReferencesStayAsWritten) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"lower", "no"}, {"X", "yes"}};
  OpenClawConfig config = parseOk(R"({
    a: "${lower}", b: "$X", c: "${X", d: "cost: $5", e: "${}", f: "${1X}", g: "$", h: "${X-Y}",
  })", env);
  EXPECT_EQ(config.string("a"), "${lower}");
  EXPECT_EQ(config.string("b"), "$X");
  EXPECT_EQ(config.string("c"), "${X");
  EXPECT_EQ(config.string("d"), "cost: $5");
  EXPECT_EQ(config.string("e"), "${}");
  EXPECT_EQ(config.string("f"), "${1X}");
  EXPECT_EQ(config.string("g"), "$");
  EXPECT_EQ(config.string("h"), "${X-Y}");
  EXPECT_TRUE(config.issues.empty());
}

TEST(EnvSubstitution, MissingOrEmptyStaysUnresolvedWithAnIssue) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"EMPTY", ""}, {"SET", "s3cr3t-value"}};
  OpenClawConfig config = parseOk(R"({
    channels: { discord: { token: "${DISCORD_BOT_TOKEN}" } },
    list: ["x ${EMPTY} y ${SET}"],
  })", env);
  EXPECT_EQ(config.string("channels.discord.token"), "${DISCORD_BOT_TOKEN}");
  EXPECT_EQ(config.string("list[0]"), "x ${EMPTY} y s3cr3t-value");
  auto issues = issuesOf(config, ConfigIssueKind::UnresolvedEnvVar);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].keyPath, "channels.discord.token");
  EXPECT_NE(issues[0].message.find("DISCORD_BOT_TOKEN"), std::string::npos);
  EXPECT_EQ(issues[1].keyPath, "list[0]");
  EXPECT_NE(issues[1].message.find("EMPTY"), std::string::npos);
  EXPECT_EQ(issues[1].message.find("s3cr3t-value"), std::string::npos);
  // A placeholder that stayed unresolved is not a secret value.
  EXPECT_FALSE(contains(config.secretValues, "${DISCORD_BOT_TOKEN}"));
}

TEST(EnvSubstitution, KeysAreNotSubstituted) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"K", "key"}};
  OpenClawConfig config = parseOk(R"({"${K}": "${K}"})", env);
  EXPECT_EQ(config.resolved, json::parse(R"({"${K}": "key"})"));
}

TEST(EnvSubstitution, NonStringsAreUntouched) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"P", "1"}};
  OpenClawConfig config = parseOk("{port: 19001, on: true, n: null, f: 1.5}", env);
  EXPECT_EQ(config.raw, config.resolved);
}

// ---- Secrets -----------------------------------------------------------------------------

TEST(Secrets, DiscordAndGatewayTokensButNotOrdinaryValues) {
  OpenClawConfig config = parseOk(R"({
    channels: { discord: { enabled: true, token: "discord-bot-token-123", dmPolicy: "allowlist" } },
    gateway: { mode: "local", auth: { mode: "token", token: "gw-token-456", password: "pw-789" } },
    models: { providers: { anthropic: { apiKey: "sk-ant-xyz", baseUrl: "https://api.anthropic.com" } } },
    channels2: { slack: { botToken: "xoxb-1", appToken: "xapp-2", signingSecret: "sig-3" } },
    env: { vars: { OPENAI_API_KEY: "sk-openai", LOG_LEVEL: "debug" } },
    tokenFile: "/etc/token", maxTokens: 4096, contextTokens: "many",
  })");
  for (const char* secret : {"discord-bot-token-123", "gw-token-456", "pw-789", "sk-ant-xyz", "xoxb-1", "xapp-2",
                             "sig-3", "sk-openai"}) {
    EXPECT_TRUE(contains(config.secretValues, secret)) << secret;
  }
  for (const char* plain : {"local", "token", "allowlist", "https://api.anthropic.com", "debug", "/etc/token",
                            "many"}) {
    EXPECT_FALSE(contains(config.secretValues, plain)) << plain;
  }
}

TEST(Secrets, SubstitutedValuesAreSecretsToo) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"DISCORD_TOKEN", "abc.def.ghi"}, {"GW", "gateway-secret"}, {"MODE", "local"}};
  OpenClawConfig config = parseOk(R"({
    channels: { discord: { token: "${DISCORD_TOKEN}" } },
    gateway: { mode: "${MODE}", auth: { token: "Bearer ${GW}" } },
  })", env);
  EXPECT_EQ(config.string("channels.discord.token"), "abc.def.ghi");
  EXPECT_TRUE(contains(config.secretValues, "abc.def.ghi"));
  EXPECT_TRUE(contains(config.secretValues, "Bearer gateway-secret"));
  EXPECT_TRUE(contains(config.secretValues, "gateway-secret"));  // the variable's value on its own
  EXPECT_FALSE(contains(config.secretValues, "local"));          // substituted into a non-secret key
}

TEST(Secrets, EverythingUnderASecretKeyCountsAndDuplicatesAreDropped) {
  OpenClawConfig config = parseOk(R"({
    a: { token: ["t-one", "t-two", {nested: "t-three"}] },
    b: { token: "t-one", password: "" },
  })");
  EXPECT_EQ(config.secretValues, (std::vector<std::string>{"t-one", "t-two", "t-three"}));
}

TEST(Secrets, KeyNames) {
  for (const char* key : {"token", "Token", "TOKEN", "password", "passwd", "secret", "apiKey", "api_key", "API_KEY",
                          "apikey", "privateKey", "private_key", "clientSecret", "client-secret", "botToken",
                          "appToken", "accessToken", "refreshToken", "webhookSecret", "signingSecret",
                          "OPENAI_API_KEY", "DISCORD_BOT_TOKEN", "secretAccessKey", "passphrase", "authorization",
                          "dbPassword", "credentials", "apiKeys"}) {
    EXPECT_TRUE(isSecretKeyName(key)) << key;
  }
  for (const char* key : {"mode", "tokenFile", "tokenEnv", "passwordFile", "secretRef", "secrets", "apiKeyEnv",
                          "maxTokens", "maxToken", "contextTokens", "numTokens", "key", "publicKey", "keyId",
                          "auth", "enabled", "workspace", "agentDir", "tokenizer", "sortKey", "id", "",
                          "accessKeyId"}) {
    EXPECT_FALSE(isSecretKeyName(key)) << key;
  }
  EXPECT_TRUE(isSecretKeyName("minimaxApiKey"));  // "min" only excludes token counters
}

// ---- $include, SecretRef, duplicates -----------------------------------------------------

TEST(ConfigIssues, IncludeIsReportedNotFollowed) {
  OpenClawConfig config = parseOk(R"({
    $include: "./base.json5",
    agents: { "$include": ["./agents.json5"] },
    models: { providers: [ { "$include": "./p.json" } ] },
  })");
  auto issues = issuesOf(config, ConfigIssueKind::Include);
  ASSERT_EQ(issues.size(), 3u);
  std::vector<std::string> paths;
  for (const auto& issue : issues) paths.push_back(issue.keyPath);
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"$include", "agents.$include", "models.providers[0].$include"}));
  EXPECT_TRUE(config.hasIssue(ConfigIssueKind::Include));
  EXPECT_EQ(config.string("$include"), "./base.json5");  // kept as written
}

TEST(ConfigIssues, IncludeValuesAreNotSubstituted) {
  OpenClawConfig config = parseOk(R"({ $include: "${MISSING}/x.json" })");
  EXPECT_FALSE(config.hasIssue(ConfigIssueKind::UnresolvedEnvVar));
}

TEST(ConfigIssues, SecretRefUnderASecretKey) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"DISCORD_TOKEN", "should-not-matter"}};
  OpenClawConfig config = parseOk(R"({
    channels: { discord: { token: { source: "env", provider: "default", id: "DISCORD_TOKEN" } } },
    gateway: { auth: { token: { source: "file", id: "/gateway/token" } } },
    models: { providers: { openai: { apiKey: { source: "vault", provider: "op", id: "openai" } } } },
  })", env);
  auto issues = issuesOf(config, ConfigIssueKind::SecretRef);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].keyPath, "channels.discord.token");
  EXPECT_NE(issues[0].message.find("env"), std::string::npos);
  EXPECT_EQ(issues[1].keyPath, "gateway.auth.token");
  EXPECT_EQ(issues[2].keyPath, "models.providers.openai.apiKey");
  // The ref's fields are names, not secret values.
  EXPECT_TRUE(config.secretValues.empty());
  EXPECT_FALSE(config.findString("channels.discord.token").present());
  EXPECT_TRUE(config.findObject("channels.discord.token").present());
}

TEST(ConfigIssues, SecretRefShapeElsewhere) {
  OpenClawConfig config = parseOk(R"({
    a: { credential: { source: "exec", provider: "op", id: "item" } },
    b: { thing: { source: "env", provider: "default", id: "X" } },
    c: { thing: { source: "git", id: "y" } },
    d: { token: { source: "env", id: "X", extra: 1 } },
  })");
  auto issues = issuesOf(config, ConfigIssueKind::SecretRef);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].keyPath, "a.credential");
  EXPECT_EQ(issues[1].keyPath, "b.thing");  // exact OpenClaw shape, even under an ordinary key
}

TEST(ConfigIssues, SecretRefInsideAnArrayUnderASecretKey) {
  OpenClawConfig config = parseOk(R"({ p: { apiKeys: ["sk-literal", { source: "env", id: "KEY_2" }] } })");
  auto issues = issuesOf(config, ConfigIssueKind::SecretRef);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].keyPath, "p.apiKeys[1]");
  EXPECT_EQ(config.secretValues, std::vector<std::string>{"sk-literal"});
}

TEST(ConfigIssues, DuplicateKeys) {
  OpenClawConfig config = parseOk(R"({
    channels: { discord: { token: "old-token-1", token: "new-token-2" } },
  })");
  auto issues = issuesOf(config, ConfigIssueKind::DuplicateKey);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].keyPath, "channels.discord.token");
  EXPECT_EQ(issues[0].message.find("token-"), std::string::npos);
  EXPECT_EQ(config.string("channels.discord.token"), "new-token-2");
}

TEST(ConfigIssues, KindNames) {
  EXPECT_STREQ(toString(ConfigIssueKind::DuplicateKey), "duplicate-key");
  EXPECT_STREQ(toString(ConfigIssueKind::UnresolvedEnvVar), "unresolved-env-var");
  EXPECT_STREQ(toString(ConfigIssueKind::Include), "include");
  EXPECT_STREQ(toString(ConfigIssueKind::SecretRef), "secret-ref");
  EXPECT_STREQ(toString(AgentLayout::None), "none");
  EXPECT_STREQ(toString(AgentLayout::List), "list");
  EXPECT_STREQ(toString(AgentLayout::Entries), "entries");
  EXPECT_STREQ(toString(AgentLayout::Both), "both");
}

// ---- Agents ------------------------------------------------------------------------------

TEST(Agents, EntriesLayoutWithHomeExpansion) {
  OpenClawConfig config = parseOk(R"({
    agents: { entries: {
      rescue: { workspace: "~/.openclaw-rescue/workspace", agentDir: "~/.openclaw-rescue/agents/rescue/agent" },
      "my.agent": { workspace: "~" },
    } },
  })");
  EXPECT_EQ(config.agentLayout, AgentLayout::Entries);
  ASSERT_EQ(config.agents.size(), 2u);
  const AgentEntry* rescue = config.agent("rescue");
  ASSERT_NE(rescue, nullptr);
  EXPECT_EQ(rescue->keyPath, "agents.entries.rescue");
  EXPECT_EQ(rescue->workspace, "/Users/alice/.openclaw-rescue/workspace");
  EXPECT_EQ(rescue->agentDir, "/Users/alice/.openclaw-rescue/agents/rescue/agent");
  EXPECT_EQ(rescue->raw, &config.resolved["agents"]["entries"]["rescue"]);
  const AgentEntry* dotted = config.agent("my.agent");
  ASSERT_NE(dotted, nullptr);
  EXPECT_EQ(dotted->keyPath, "agents.entries[\"my.agent\"]");
  EXPECT_EQ(dotted->workspace, "/Users/alice");
  EXPECT_EQ(dotted->agentDir, std::nullopt);
  EXPECT_EQ(config.find(dotted->keyPath).value, dotted->raw);
}

TEST(Agents, BothLayoutsListFirstThenNewEntries) {
  OpenClawConfig config = parseOk(R"({
    agents: {
      list: [ { id: "rescue", agentDir: "~/from-list" }, { id: "main" } ],
      entries: { rescue: { agentDir: "~/from-entries" }, helper: { workspace: "/w" } },
    },
  })");
  EXPECT_EQ(config.agentLayout, AgentLayout::Both);
  ASSERT_EQ(config.agents.size(), 3u);
  EXPECT_EQ(config.agents[0].id, "rescue");
  EXPECT_EQ(config.agents[0].agentDir, "/Users/alice/from-list");
  EXPECT_EQ(config.agents[1].id, "main");
  EXPECT_EQ(config.agents[1].keyPath, "agents.list[1]");
  EXPECT_EQ(config.agents[2].id, "helper");
  EXPECT_EQ(config.agents[2].keyPath, "agents.entries.helper");
  EXPECT_EQ(config.agents[2].workspace, "/w");
}

TEST(Agents, NoAgentsIsNone) {
  EXPECT_EQ(parseOk("{}").agentLayout, AgentLayout::None);
  EXPECT_EQ(parseOk("{agents: {defaults: {workspace: '~/w'}}}").agentLayout, AgentLayout::None);
  EXPECT_EQ(parseOk("{agents: 'nope'}").agentLayout, AgentLayout::None);
  EXPECT_TRUE(parseOk("{agents: ['x']}").agents.empty());
}

TEST(Agents, WrongTypesAreSkippedNotFatal) {
  OpenClawConfig config = parseOk(R"({
    agents: {
      list: [ "rescue", 42, null, {}, { id: 7 }, { id: "" }, { id: ["a"] },
              { id: "ok", workspace: 5, agentDir: { path: "/x" } } ],
      entries: { a: "string", b: [], c: null, "": {}, d: { workspace: false } },
    },
  })");
  EXPECT_EQ(config.agentLayout, AgentLayout::Both);
  ASSERT_EQ(config.agents.size(), 2u);
  EXPECT_EQ(config.agents[0].id, "ok");
  EXPECT_EQ(config.agents[0].keyPath, "agents.list[7]");
  EXPECT_EQ(config.agents[0].workspace, std::nullopt);
  EXPECT_EQ(config.agents[0].agentDir, std::nullopt);
  EXPECT_EQ(config.agents[1].id, "d");
  EXPECT_EQ(config.agents[1].workspace, std::nullopt);
}

TEST(Agents, WrongContainerTypesDoNotCountAsALayout) {
  OpenClawConfig listIsObject = parseOk("{agents: {list: {rescue: {}}, entries: [{id: 'x'}]}}");
  EXPECT_EQ(listIsObject.agentLayout, AgentLayout::None);
  EXPECT_TRUE(listIsObject.agents.empty());
  // The wrong type stays visible to checks through the typed lookups.
  Lookup list = listIsObject.findArray("agents.list");
  EXPECT_EQ(list.state, Lookup::State::WrongType);
  EXPECT_EQ(list.actualType, "object");
}

TEST(Agents, DuplicateIdsInTheListAreKept) {
  OpenClawConfig config = parseOk("{agents: {list: [{id: 'a', workspace: '/1'}, {id: 'a', workspace: '/2'}]}}");
  ASSERT_EQ(config.agents.size(), 2u);
  EXPECT_EQ(config.agent("a")->workspace, "/1");
}

TEST(Agents, WorkspaceAfterSubstitution) {
  ConfigEnvironment env = testEnv();
  env.vars = {{"RESCUE_HOME", "/Users/alice/.openclaw-rescue"}};
  OpenClawConfig config = parseOk("{agents: {list: [{id: 'rescue', workspace: '${RESCUE_HOME}/workspace'}]}}", env);
  EXPECT_EQ(config.agent("rescue")->workspace, "/Users/alice/.openclaw-rescue/workspace");
}

// ---- Copy and move keep AgentEntry::raw valid --------------------------------------------

TEST(OpenClawConfigCopy, CopyRepointsRawIntoTheCopy) {
  auto original = std::make_unique<OpenClawConfig>(parseOk(kRunbookConfig));
  OpenClawConfig copy(*original);
  ASSERT_EQ(copy.agents.size(), 1u);
  EXPECT_EQ(copy.agents[0].raw, &copy.resolved["agents"]["list"][0]);
  EXPECT_NE(copy.agents[0].raw, original->agents[0].raw);
  original.reset();  // the copy must not point into freed memory
  EXPECT_EQ(copy.agents[0].raw->at("id"), "rescue");
}

TEST(OpenClawConfigCopy, CopyAssignmentRepointsRaw) {
  OpenClawConfig target = parseOk("{agents: {entries: {x: {}}}}");
  {
    OpenClawConfig source = parseOk(kRunbookConfig);
    target = source;
    EXPECT_NE(target.agents[0].raw, source.agents[0].raw);
  }
  ASSERT_EQ(target.agents.size(), 1u);
  EXPECT_EQ(target.agents[0].raw, &target.resolved["agents"]["list"][0]);
  EXPECT_EQ(target.agents[0].raw->at("agentDir"), "/Users/YOUR_NAME/.openclaw-rescue/agents/rescue/agent");
  const OpenClawConfig& self = target;
  target = self;  // self-assignment is harmless
  EXPECT_EQ(target.agents[0].raw, &target.resolved["agents"]["list"][0]);
}

TEST(OpenClawConfigCopy, MoveKeepsRawValid) {
  OpenClawConfig source = parseOk(kRunbookConfig);
  const json* before = source.agents[0].raw;
  OpenClawConfig moved(std::move(source));
  EXPECT_EQ(moved.agents[0].raw, &moved.resolved["agents"]["list"][0]);
  EXPECT_EQ(moved.agents[0].raw, before);
  OpenClawConfig assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.agents[0].raw, &assigned.resolved["agents"]["list"][0]);
  EXPECT_EQ(assigned.agents[0].raw->at("id"), "rescue");
}

TEST(OpenClawConfigCopy, CopiesInAVectorStayValid) {
  std::vector<OpenClawConfig> configs;
  for (int i = 0; i < 20; ++i) configs.push_back(parseOk(kRunbookConfig));  // reallocations move
  std::vector<OpenClawConfig> copies = configs;
  configs.clear();
  for (const auto& config : copies) {
    ASSERT_EQ(config.agents.size(), 1u);
    EXPECT_EQ(config.agents[0].raw, &config.resolved["agents"]["list"][0]);
  }
}

// ---- Lookups -----------------------------------------------------------------------------

class Lookups : public ::testing::Test {
 protected:
  OpenClawConfig config_ = parseOk(R"({
    gateway: { port: 19001, portF: 19001.0, half: 19001.5, big: 18446744073709551615, s: "19001",
               on: true, n: null, arr: [1, "two"], obj: {} },
    plugins: { entries: { "my.plugin": { enabled: true } } },
  })");
};

TEST_F(Lookups, PresentValues) {
  EXPECT_TRUE(config_.find("gateway").present());
  EXPECT_TRUE(config_.find("").present());  // the root
  EXPECT_EQ(config_.find("").value, &config_.resolved);
  EXPECT_EQ(config_.integer("gateway.port"), 19001);
  EXPECT_EQ(config_.integer("gateway.portF"), 19001);
  EXPECT_EQ(config_.boolean("gateway.on"), true);
  EXPECT_EQ(config_.string("gateway.s"), "19001");
  EXPECT_EQ(config_.integer("gateway.arr[0]"), 1);
  EXPECT_EQ(config_.string("gateway.arr[1]"), "two");
  EXPECT_TRUE(config_.findObject("gateway.obj").present());
  EXPECT_TRUE(config_.findArray("gateway.arr").present());
  EXPECT_TRUE(config_.find("gateway.n").present());
  EXPECT_EQ(config_.boolean("plugins.entries[\"my.plugin\"].enabled"), true);
}

TEST_F(Lookups, MissingValues) {
  for (const char* path : {"nope", "gateway.nope", "gateway.port.deeper", "gateway.arr[2]", "gateway[0]",
                           "gateway.arr.x", "plugins.entries.my.plugin.enabled", "gateway..port", "gateway.["}) {
    Lookup lookup = config_.find(path);
    EXPECT_EQ(lookup.state, Lookup::State::Missing) << path;
    EXPECT_EQ(lookup.value, nullptr) << path;
    EXPECT_EQ(config_.findString(path).state, Lookup::State::Missing) << path;
  }
  EXPECT_EQ(config_.string("nope"), std::nullopt);
  EXPECT_EQ(config_.integer("nope"), std::nullopt);
  EXPECT_EQ(config_.boolean("nope"), std::nullopt);
}

TEST_F(Lookups, WrongTypesNameTheActualType) {
  struct Case {
    Lookup lookup;
    const char* type;
  };
  const Case cases[] = {
      {config_.findInteger("gateway.half"), "number"},
      {config_.findInteger("gateway.big"), "number"},
      {config_.findInteger("gateway.s"), "string"},
      {config_.findInteger("gateway.on"), "boolean"},
      {config_.findString("gateway.port"), "number"},
      {config_.findString("gateway.n"), "null"},
      {config_.findString("gateway.obj"), "object"},
      {config_.findBool("gateway.s"), "string"},
      {config_.findBool("gateway.arr"), "array"},
      {config_.findObject("gateway.arr"), "array"},
      {config_.findArray("gateway.obj"), "object"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.lookup.state, Lookup::State::WrongType) << c.type;
    EXPECT_NE(c.lookup.value, nullptr);
    EXPECT_EQ(c.lookup.actualType, c.type);
    EXPECT_FALSE(c.lookup.present());
  }
  EXPECT_EQ(config_.integer("gateway.half"), std::nullopt);
  EXPECT_EQ(config_.string("gateway.port"), std::nullopt);
  EXPECT_EQ(config_.boolean("gateway.s"), std::nullopt);
}

TEST_F(Lookups, WrongTypeValuePointsAtTheValue) {
  Lookup lookup = config_.findString("gateway.port");
  ASSERT_NE(lookup.value, nullptr);
  EXPECT_EQ(*lookup.value, 19001);
}

// ---- expandHome, dotenv ------------------------------------------------------------------

TEST(ExpandHome, Cases) {
  EXPECT_EQ(expandHome("~", "/Users/alice"), "/Users/alice");
  EXPECT_EQ(expandHome("~/", "/Users/alice"), "/Users/alice/");
  EXPECT_EQ(expandHome("~/.openclaw-rescue/workspace", "/Users/alice"), "/Users/alice/.openclaw-rescue/workspace");
  EXPECT_EQ(expandHome("~/x", "/Users/alice/"), "/Users/alice/x");
  EXPECT_EQ(expandHome("~bob/x", "/Users/alice"), "~bob/x");
  EXPECT_EQ(expandHome("/abs/~/x", "/Users/alice"), "/abs/~/x");
  EXPECT_EQ(expandHome("rel/x", "/Users/alice"), "rel/x");
  EXPECT_EQ(expandHome("", "/Users/alice"), "");
  EXPECT_EQ(expandHome("~/x", ""), "~/x");  // no home known: leave it visible
  EXPECT_EQ(expandHome("~/x", "/"), "/x");
  EXPECT_EQ(expandHome("~", "/"), "/");
}

TEST(Dotenv, ParsesTheCommonForms) {
  auto vars = parseDotenv(
      "# comment\n"
      "\n"
      "PLAIN=value\n"
      "export EXPORTED=yes\n"
      "  SPACED = padded value  \n"
      "DQ=\"double # not a comment\"\n"
      "SQ='single $X \\n raw'\n"
      "ESC=\"a\\nb\\t\\\"c\\\"\"\n"
      "INLINE=abc # trailing comment\n"
      "HASH=abc#def\n"
      "EMPTY=\n"
      "EQUALS=a=b=c\n"
      "CRLF=windows\r\n"
      "DQ_TRAIL=\"q\" # after quote\n"
      "   # indented comment\n"
      "not an assignment\n"
      "=novalue\n"
      "DISCORD_BOT_TOKEN=abc.def.ghi\n");
  std::map<std::string, std::string> expected = {
      {"PLAIN", "value"},
      {"EXPORTED", "yes"},
      {"SPACED", "padded value"},
      {"DQ", "double # not a comment"},
      {"SQ", "single $X \\n raw"},
      {"ESC", "a\nb\t\"c\""},
      {"INLINE", "abc"},
      {"HASH", "abc#def"},
      {"EMPTY", ""},
      {"EQUALS", "a=b=c"},
      {"CRLF", "windows"},
      {"DQ_TRAIL", "q"},
      {"DISCORD_BOT_TOKEN", "abc.def.ghi"},
  };
  EXPECT_EQ(vars, expected);
}

TEST(Dotenv, MultilineQuotedValueAndLastWins) {
  auto vars = parseDotenv("KEY=\"line1\nline2\"\nNEXT=1\nNEXT=2\nexport=3\n");
  EXPECT_EQ(vars["KEY"], "line1\nline2");
  EXPECT_EQ(vars["NEXT"], "2");
  EXPECT_EQ(vars["export"], "3");  // a variable named "export"
}

TEST(Dotenv, UnterminatedQuoteIsTakenLiterally) {
  auto vars = parseDotenv("A=\"open\nB=2\n");
  EXPECT_EQ(vars["A"], "\"open");
  EXPECT_EQ(vars["B"], "2");
}

TEST(Dotenv, EmptyInput) {
  EXPECT_TRUE(parseDotenv("").empty());
  EXPECT_TRUE(parseDotenv("\n\n# x\n").empty());
}

// ---- Loading from disk -------------------------------------------------------------------

TEST(LoadOpenClawConfig, ReadsAFile) {
  ScopedTempDir home;
  const auto path = home.path() / ".openclaw-rescue" / "openclaw.json";
  writeFile(path, kRunbookConfig);
  ConfigEnvironment env;
  env.home = home.path();
  auto result = loadOpenClawConfig(path, env);
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->path, path);
  EXPECT_EQ(result->integer("gateway.port"), 19001);
  EXPECT_EQ(result->agents.size(), 1u);
}

TEST(LoadOpenClawConfig, MissingFileIsNotFoundWithThePath) {
  ScopedTempDir home;
  auto result = loadOpenClawConfig(home.path() / "missing.json", ConfigEnvironment{});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::NotFound);
  EXPECT_EQ(result.error().context, (home.path() / "missing.json").string());
}

TEST(LoadOpenClawConfig, ParseErrorHasThePathAndPosition) {
  ScopedTempDir home;
  const auto path = home.path() / "openclaw.json";
  writeFile(path, "{\n  gateway: { port: 19001,, }\n}\n");
  auto result = loadOpenClawConfig(path, ConfigEnvironment{});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(result.error().context, path.string());
  EXPECT_EQ(result.error().message.rfind("line 2, column 26: ", 0), 0u) << result.error().message;
}

TEST(LoadOpenClawConfig, HomeFromTheEnvironmentExpandsAgentPaths) {
  ScopedTempDir home;
  const auto path = home.path() / "openclaw.json";
  writeFile(path, "{agents: {entries: {rescue: {agentDir: '~/.openclaw-rescue/agents/rescue/agent'}}}}");
  ConfigEnvironment env;
  env.home = home.path();
  auto result = loadOpenClawConfig(path, env);
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->agent("rescue")->agentDir, (home.path() / ".openclaw-rescue/agents/rescue/agent").string());
}

}  // namespace
}  // namespace harness
