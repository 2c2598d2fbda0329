// Bad input, measured: openclaw.json. Every input is written over a good runbook home's config
// and goes through the real entry point (loadHostSnapshot + every static check). Each one must
// end in findings naming the file (and the key, for wrong types) or in a clean "cannot be used"
// error naming the file; none may crash, hang or leak a canary, and none may make the harness
// read a file outside the home.

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "harness/config/key_path.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/hardening/corpus_judge.h"
#include "tests/unit/hardening/hardening_support.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using namespace harness::testing;
using nlohmann::json;

enum class Instance { Main, Rescue };

class ConfigCorpus : public ::testing::Test {
 protected:
  ConfigCorpus() { home_.write(); }

  fs::path configPath(Instance which) const {
    return home_.path(which == Instance::Main ? ".openclaw/openclaw.json" : ".openclaw-rescue/openclaw.json");
  }
  std::string readableId(Instance which) const {
    return which == Instance::Main ? "main.config.readable" : "rescue.config.readable";
  }

  // Writes `text` as the config, runs everything within the deadline, and restores the good
  // config afterwards. Returns the results for further assertions.
  std::vector<CheckResult> run(const std::string& name, Instance which, const std::string& text) {
    ++count_;
    const fs::path path = configPath(which);
    writeFile(path, text, 0600);
    std::vector<CheckResult> results;
    runBounded(name, [&] {
      auto snap = load(home_);
      results = runAllChecks(snap);
      expectSafeResults(results, snap.redactor, name);
    });
    writeFile(path, (which == Instance::Main ? home_.mainConfig : home_.rescueConfig).dump(2), 0600);
    return results;
  }

  // A text that must not parse: the readable check fails and names the file.
  void expectCleanError(const std::string& name, Instance which, const std::string& text) {
    auto results = run(name, which, text);
    const auto readable = resultFor(results, readableId(which));
    EXPECT_EQ(readable.status, CheckStatus::Fail) << name << "\n" << describeResults(results);
    EXPECT_TRUE(findingNamesFile(results, configPath(which).string())) << name << "\n" << describeResults(results);
  }

  // A text that parses into something wrong: findings naming the file.
  void expectFindings(const std::string& name, Instance which, const std::string& text) {
    auto results = run(name, which, text);
    EXPECT_TRUE(findingNamesFile(results, configPath(which).string())) << name << "\n" << describeResults(results);
  }

  FixtureHome home_;
  CorpusCount count_{"config"};
};

std::string good(const FixtureHome& home) { return home.rescueConfig.dump(2); }

// A JSON pointer ("/agents/list/0/id") as the checks write key paths ("agents.list[0].id").
KeyPath keyPathOf(const json& root, const std::string& pointer) {
  KeyPath key;
  const json* cur = &root;
  size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    size_t end = pointer.find('/', start);
    if (end == std::string::npos) end = pointer.size();
    const std::string part = pointer.substr(start, end - start);
    if (cur->is_array()) {
      const size_t index = std::stoul(part);
      key = childKeyPath(key, index);
      cur = &(*cur)[index];
    } else {
      key = childKeyPath(key, part);
      cur = &(*cur)[part];
    }
    start = end + 1;
  }
  return key;
}

// ---------------------------------------------------------------------------------------------

TEST_F(ConfigCorpus, TruncatedAnywhereIsACleanErrorNamingTheFile) {
  for (Instance which : {Instance::Rescue, Instance::Main}) {
    const std::string text = (which == Instance::Main ? home_.mainConfig : home_.rescueConfig).dump(2);
    // 40 cut points spread over the file, plus the very first and last bytes.
    std::set<size_t> cuts{0, 1, text.size() - 1};
    for (size_t i = 1; i < 40; ++i) cuts.insert(text.size() * i / 40);
    for (size_t cut : cuts) {
      expectCleanError("truncated at " + std::to_string(cut), which, text.substr(0, cut));
    }
  }
}

TEST_F(ConfigCorpus, NotAnObjectOrNotJson5IsACleanError) {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"whitespace only", " \n\t "},
      {"comment only", "// nothing\n/* else */"},
      {"null root", "null"},
      {"array root", "[]"},
      {"number root", "42"},
      {"string root", "\"openclaw\""},
      {"boolean root", "true"},
      {"two roots", "{} {}"},
      {"trailing garbage", "{\"gateway\": {}} x"},
      {"unterminated block comment", "{/* no end"},
      {"NUL byte inside", std::string("{\"gateway\": \0 {}}", 17)},
      {"lone surrogate escape", R"({"gateway": {"bind": "\uD800"}})"},
      {"octal escape", R"({"gateway": {"bind": "\01"}})"},
      {"invalid UTF-8 in a string", "{\"gateway\": {\"bind\": \"lo\xff\xfeopback\"}}"},
      {"invalid UTF-8 in a key", "{\"gate\xc3\x28way\": {}}"},
      {"invalid UTF-8 in a comment", "{ // \xed\xa0\x80 surrogate in UTF-8\n}"},
      {"overlong UTF-8", "{\"gateway\": {\"bind\": \"\xc0\xaf\"}}"},
      {"truncated UTF-8 at end", "{\"a\": \"\xe2\x82"},
      {"unquoted token value", "{channels: {discord: {token: abcdef0123456789abcdef0123}}}"},
      {"single quote unterminated", "{gateway: {bind: 'loopback}}"},
      {"line break in string", "{gateway: {bind: \"loop\nback\"}}"},
      {"control character in string", "{gateway: {bind: \"loop\x01" "back\"}}"},
      {"hex without digits", "{gateway: {port: 0x}}"},
      {"leading zeros", "{gateway: {port: 019001}}"},
      {"double comma", "{gateway: {port: 19001,,}}"},
      {"missing colon", "{gateway {port: 19001}}"},
      {"missing value", "{gateway: }"},
      {"unclosed array", "{bindings: [1, 2"},
      {"mismatched brackets", "{bindings: [1, 2}]"},
      {"typographic quotes", "{gateway: {bind: \xe2\x80\x9cloopback\xe2\x80\x9d}}"},
      {"undefined literal", "{gateway: {port: undefined}}"},
      {"javascript expression", "{gateway: {port: 19000 + 1}}"},
      {"deep arrays beyond the limit", std::string(100000, '[')},
      {"deep objects beyond the limit", [] {
         std::string s;
         for (int i = 0; i < 5000; ++i) s += "{\"a\":";
         return s + "1" + std::string(5000, '}');
       }()},
      {"string above the 1 MiB limit", "{\"gateway\": {\"bind\": \"" + std::string((1 << 20) + 10, 'a') + "\"}}"},
      {"key above the 1 MiB limit", "{\"" + std::string((1 << 20) + 10, 'k') + "\": 1}"},
      {"file above the 8 MiB limit", "{\"pad\": \"" + std::string(600000, 'p') + "\", " +
                                          [] {
                                            std::string s;
                                            for (int i = 0; i < 15; ++i) {
                                              s += "\"pad" + std::to_string(i) + "\": \"" + std::string(600000, 'p') + "\", ";
                                            }
                                            return s;
                                          }() + "\"end\": 1}"},
  };
  for (const auto& [name, text] : inputs) expectCleanError(name, Instance::Rescue, text);
  // JSON5 counts U+FEFF as white space: a second BOM is read past, and the empty config left
  // is reported key by key.
  expectFindings("byte order mark twice", Instance::Rescue, "\xef\xbb\xbf\xef\xbb\xbf{}");
}

// The unquoted token is the dangerous one: the file does not parse, so no redactor knows it.
TEST_F(ConfigCorpus, AnUnquotedSecretIsNotEchoedInTheError) {
  const std::string token = "deadbeefcafe0123456789abcdef0123456789";
  auto results = run("unquoted gateway token", Instance::Rescue, "{gateway: {auth: {token: " + token + "}}}");
  EXPECT_EQ(describeResults(results, false).find(token.substr(0, 12)), std::string::npos)
      << describeResults(results, false);
}

TEST_F(ConfigCorpus, DeepButLegalNestingAndHugeValuesGiveFindings) {
  json deep = 1;
  for (int i = 0; i < 200; ++i) deep = json::array({deep});
  json deepObject = "x";
  for (int i = 0; i < 200; ++i) deepObject = json{{"k", deepObject}};
  const std::vector<std::pair<std::string, std::pair<std::string, json>>> edits = {
      {"deep array at gateway.bind", {"/gateway/bind", deep}},
      {"deep object at channels.discord.allowFrom", {"/channels/discord/allowFrom", deepObject}},
      {"deep object at gateway.auth.token", {"/gateway/auth/token", deepObject}},
      {"deep array as the whole tools", {"/tools", deep}},
      {"900 KiB string at gateway.bind", {"/gateway/bind", std::string(900 << 10, 'b')}},
      {"900 KiB string at agents.defaults.workspace", {"/agents/defaults/workspace", std::string(900 << 10, '/')}},
      {"100000 allowFrom entries", {"/channels/discord/allowFrom", json(std::vector<std::string>(100000, "*"))}},
      {"100000 bindings", {"/bindings", json(std::vector<json>(100000, json::object()))}},
      {"10000 agents", {"/agents/list", json(std::vector<json>(10000, json{{"id", "rescue"}}))}},
      {"10000 guilds without users", {"/channels/discord/guilds", [] {
                          json g = json::object();
                          for (int i = 0; i < 10000; ++i) g[std::to_string(i)] = json::object();
                          return g;
                        }()}},
      {"port 2^64", {"/gateway/port", json::parse("18446744073709551616")}},
      {"port -1", {"/gateway/port", -1}},
      {"port 1e308", {"/gateway/port", 1e308}},
      {"port 19001.5", {"/gateway/port", 19001.5}},
      {"port 65536", {"/gateway/port", 65536}},
      {"port 0", {"/gateway/port", 0}},
      {"port as string", {"/gateway/port", "19001"}},
      {"NUL in bind", {"/gateway/bind", std::string("loop\0back", 9)}},
      {"NUL in workspace path", {"/agents/defaults/workspace", std::string("/tmp/\0x", 7)}},
      {"control characters in dmPolicy", {"/channels/discord/dmPolicy", "allow\x1b[31mlist"}},
      {"RTL override in a label", {"/agents/list/0/id", "res\xe2\x80\xae" "eucs"}},
      {"workspace is ~ only", {"/agents/defaults/workspace", "~"}},
      {"workspace is ../ traversal", {"/agents/defaults/workspace", "~/../../../etc"}},
      {"workspace is the root", {"/agents/defaults/workspace", "/"}},
      {"agentDir outside the home", {"/agents/list/0/agentDir", "/etc"}},
      {"${VAR} that is unset", {"/gateway/auth/token", "${HARNESS_UNSET_VARIABLE_FOR_TEST}"}},
      {"${ unterminated", {"/gateway/auth/token", "${OPENCLAW"}},
      {"${} empty name", {"/gateway/bind", "${}"}},
      {"nested ${A${B}}", {"/gateway/bind", "${A${B}}"}},
      {"escaped $${HOME}", {"/gateway/bind", "$${HOME}"}},
      {"${HOME} as the bind", {"/gateway/bind", "${HOME}"}},
      {"10000 ${VAR}s", {"/gateway/bind", [] {
                           std::string s;
                           for (int i = 0; i < 10000; ++i) s += "${V" + std::to_string(i) + "}";
                           return s;
                         }()}},
      {"SecretRef at the Discord token with a bad provider", {"/channels/discord/token",
                                                              json{{"source", "exec"}, {"provider", 5}, {"id", json::array()}}}},
      {"SecretRef at the gateway token", {"/gateway/auth/token", json{{"source", "env"}, {"provider", "default"}, {"id", "X"}}}},
  };
  for (const auto& [name, edit] : edits) {
    json config = home_.rescueConfig;
    if (name.find("guilds") != std::string::npos) config["channels"]["discord"]["groupPolicy"] = "allowlist";
    config[json::json_pointer(edit.first)] = edit.second;
    auto results = run(name, Instance::Rescue, config.dump());
    EXPECT_TRUE(findingNamesFile(results, configPath(Instance::Rescue).string())) << name << "\n"
                                                                                  << describeResults(results);
  }
}

TEST_F(ConfigCorpus, DuplicateKeysAreReportedAndTheLastOneWins) {
  const std::string file = configPath(Instance::Rescue).string();
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"duplicate gateway.port", R"({"gateway": {"port": 19001, "port": 18789}})"},
      {"duplicate gateway with different types", R"({"gateway": {"port": 19001}, "gateway": "x"})"},
      {"duplicate token", R"({"channels": {"discord": {"token": "a", "token": "b"}}})"},
      {"10000 duplicates of one key", [] {
         std::string s = "{";
         for (int i = 0; i < 10000; ++i) s += "\"k\": " + std::to_string(i) + ",";
         return s + "\"k\": 0}";
       }()},
      {"duplicate via escape", R"({"gateway": {"bind": "lan", "bin\u0064": "loopback"}})"},
      {"duplicate quoted and unquoted", "{gateway: {bind: 'lan', \"bind\": 'loopback'}}"},
  };
  for (const auto& [name, text] : inputs) {
    auto results = run(name, Instance::Rescue, text);
    const auto readable = resultFor(results, "rescue.config.readable");
    EXPECT_EQ(readable.status, CheckStatus::Warn) << name << "\n" << describeResults(results);
    EXPECT_TRUE(findingNamesFile(results, file)) << name;
  }
}

// Valid JSON5 written every unusual way the format allows: the harness must read it exactly as
// the plain JSON, so every check gives the good home's result.
TEST_F(ConfigCorpus, LegalJson5EdgeCasesReadLikeThePlainConfig) {
  const auto baseline = [&] {
    auto snap = load(home_);
    return runAllChecks(snap);
  }();
  auto statuses = [](const std::vector<CheckResult>& r) {
    std::string s;
    for (const auto& c : r) s += c.id + "=" + toString(c.status) + " ";
    return s;
  };
  std::string plain = good(home_);
  auto replaceAll = [](std::string s, const std::string& from, const std::string& to) {
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
    return s;
  };
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"byte order mark", "\xef\xbb\xbf" + plain},
      {"CRLF line ends", replaceAll(plain, "\n", "\r\n")},
      {"line comments after every line", replaceAll(plain, "\n", " // note: \"quoted\" /* not a block */\n")},
      {"block comments between tokens", replaceAll(plain, ": ", ": /* c */ ")},
      {"trailing commas", replaceAll(replaceAll(plain, "\n}", ",\n}"), "\n  }", ",\n  }")},
      {"single-quoted strings", replaceAll(replaceAll(plain, "\"loopback\"", "'loopback'"), "\"local\"", "'local'")},
      {"unquoted keys", replaceAll(replaceAll(plain, "\"gateway\":", "gateway:"), "\"port\":", "port:")},
      {"hex port", replaceAll(plain, "19001", "0x4A39")},
      {"port with + sign and exponent", replaceAll(plain, "19001", "+1.9001e4")},
      {"unicode escapes in keys and values", replaceAll(plain, "\"loopback\"", "\"\\u006coopback\"")},
      {"line continuation in a string", replaceAll(plain, "\"loopback\"", "\"loop\\\nback\"")},
      {"form feed and NBSP whitespace", replaceAll(plain, "\n", "\n\f\xc2\xa0")},
      {"unicode line separators as whitespace", replaceAll(plain, "\n", "\xe2\x80\xa8")},
      {"a comment at the end without a newline", plain + "\n// end"},
      // Keys OpenClaw does not know: its own `config validate` reports them (live mode); the
      // static checks must read the known keys exactly as before.
      {"empty keys", [&] {
         json c = home_.rescueConfig;
         c["gateway"][""] = json{{"", 1}};
         c[""] = json::array();
         return c.dump();
       }()},
      {"dotted and bracketed keys", [&] {
         json c = home_.rescueConfig;
         c["plugins"]["entries"]["a.b[0]"] = json{{"enabled", "x.y[1]"}};
         c["gateway.port"] = 1;
         c["channels"]["discord.token"] = "x";
         return c.dump();
       }()},
  };
  for (const auto& [name, text] : inputs) {
    auto results = run(name, Instance::Rescue, text);
    EXPECT_EQ(statuses(results), statuses(baseline)) << name << "\n" << describeResults(results);
  }
}

// Every key of both good configs (objects and leaves) replaced by each value of another type.
// Keys the checks read must then be named in a finding; keys no check reads are listed below
// and must still not crash anything.
TEST_F(ConfigCorpus, WrongTypeAtEveryKeyIsAFindingNamingTheKey) {
  // Keys that hold data the static checks deliberately do not judge (provider wiring is
  // checked live, by `openclaw config validate`), and containers whose only judged members are
  // reported under their own keys.
  const std::set<std::string> notRead = {
      "models.providers.anthropic.api",
      "models.providers.anthropic.baseUrl",
      "agents.defaults.model.primary",
  };
  // Main's own settings that no static check judges (S1 and R6–R15 are about the rescue; the
  // schema of main's config is `openclaw config validate`'s, run by --live as
  // live.config-validate). main's gateway.port: the plist's --port overrides it, and
  // topology.ports judges the port that wins.
  const std::set<std::string> mainNotRead = {
      "agents", "agents.defaults", "agents.defaults.model", "agents.defaults.workspace", "agents.list",
      "agents.list[0]", "agents.list[0].id", "agents.list[0].workspace", "channels", "channels.discord",
      "channels.discord.allowFrom", "channels.discord.allowFrom[0]", "channels.discord.dmPolicy",
      "channels.discord.enabled", "channels.discord.groupPolicy", "channels.discord.token", "commands",
      "commands.ownerAllowFrom", "commands.ownerAllowFrom[0]", "gateway.mode", "gateway.port", "models",
      "models.providers", "models.providers.anthropic", "models.providers.anthropic.models"};
  const std::vector<json> wrong = {nullptr, true, 7, -1, 1.5, "x", json::array(), json::object(), json::array({1})};
  auto sameType = [](const json& a, const json& b) {
    return a.type() == b.type() || (a.is_number() && b.is_number() && !(a.is_number_float() || b.is_number_float()));
  };
  std::vector<std::string> unnamed;
  for (Instance which : {Instance::Rescue, Instance::Main}) {
    const json original = which == Instance::Main ? home_.mainConfig : home_.rescueConfig;
    const std::string file = configPath(which).string();
    const json flat = original.flatten();
    std::set<std::string> pointers;
    for (auto it = flat.begin(); it != flat.end(); ++it) {
      // Every prefix of every leaf pointer: containers get wrong types too.
      std::string p = it.key();
      while (!p.empty()) {
        pointers.insert(p);
        p = p.substr(0, p.rfind('/'));
      }
    }
    for (const auto& pointer : pointers) {
      const json::json_pointer ptr(pointer);
      const KeyPath key = keyPathOf(original, pointer);
      for (const json& value : wrong) {
        if (sameType(original[ptr], value)) continue;
        json config = original;
        config[ptr] = value;
        const std::string name = std::string(which == Instance::Main ? "main " : "rescue ") + key + " = " + value.dump();
        auto results = run(name, which, config.dump(2));
        if (notRead.count(key) || (which == Instance::Main && mainNotRead.count(key))) continue;
        if (!findingNamesKey(results, file, key)) unnamed.push_back(name);
      }
    }
  }
  EXPECT_TRUE(unnamed.empty()) << unnamed.size() << " wrong types not named in any finding:\n" << [&] {
    std::string s;
    for (const auto& u : unnamed) s += "  " + u + "\n";
    return s;
  }();
}

// A config that is a symlink out of the home, or $include of a file outside it: not read.
TEST_F(ConfigCorpus, NothingOutsideTheHomeIsRead) {
  ScopedTempDir outside{"outside-home"};
  const fs::path secretFile = outside.path() / "someone-elses.json";
  writeFile(secretFile, R"({"gateway": {"auth": {"token": "OUTSIDE-SECRET-0123456789"}}})", 0600);
  const fs::path outsideDir = outside.path() / "state";
  fs::create_directories(outsideDir / "service-env");
  writeFile(outsideDir / ".env", "OPENCLAW_GATEWAY_TOKEN=OUTSIDE-SECRET-0123456789\n", 0600);
  writeFile(outsideDir / "service-env" / "x.env", "A=OUTSIDE-SECRET-0123456789\n", 0600);
  OpenWatch watch;
  ASSERT_TRUE(watch.ok());
  watch.watch(secretFile);
  watch.watch(outsideDir / ".env");
  watch.watch(outsideDir / "service-env");
  watch.touched();

  const fs::path config = configPath(Instance::Rescue);
  const fs::path state = home_.path(".openclaw-rescue");
  // The config itself a symlink to a file outside the home.
  fs::remove(config);
  fs::create_symlink(secretFile, config);
  {
    ++count_;
    std::vector<CheckResult> results;
    runBounded("config symlinked outside the home", [&] {
      auto snap = load(home_);
      results = runAllChecks(snap);
      expectSafeResults(results, snap.redactor, "config symlink");
    });
    const auto readable = resultFor(results, "rescue.config.readable");
    EXPECT_EQ(readable.status, CheckStatus::Fail) << describeResults(results);
    EXPECT_NE(readable.message.find("outside the home"), std::string::npos) << readable.message;
    EXPECT_TRUE(findingNamesFile(results, config.string()));
    EXPECT_EQ(describeResults(results, false).find("OUTSIDE-SECRET"), std::string::npos);
    EXPECT_TRUE(watch.touched().empty()) << "the config's target outside the home was read";
  }
  fs::remove(config);

  // The whole state dir a symlink out of the home.
  fs::rename(state, home_.path("state-moved"));
  fs::create_directory_symlink(outsideDir, state);
  writeFile(outsideDir / "openclaw.json", home_.rescueConfig.dump(), 0600);
  watch.watch(outsideDir / "openclaw.json");
  watch.touched();
  {
    ++count_;
    std::vector<CheckResult> results;
    runBounded("state dir symlinked outside the home", [&] {
      auto snap = load(home_);
      results = runAllChecks(snap);
      expectSafeResults(results, snap.redactor, "state dir symlink");
    });
    EXPECT_EQ(resultFor(results, "rescue.config.readable").status, CheckStatus::Fail) << describeResults(results);
    const auto touched = watch.touched();
    EXPECT_TRUE(touched.empty()) << "read outside the home: " << (touched.empty() ? "" : touched.front());
  }
  fs::remove(state);
  fs::rename(home_.path("state-moved"), state);

  // .env and service-env symlinked out of the home.
  fs::create_symlink(outsideDir / ".env", state / ".env");
  fs::create_directory_symlink(outsideDir / "service-env", state / "service-env");
  {
    auto results = run("state .env and service-env symlinked outside the home", Instance::Rescue, good(home_));
    EXPECT_EQ(describeResults(results, false).find("OUTSIDE-SECRET"), std::string::npos);
    const auto touched = watch.touched();
    EXPECT_TRUE(touched.empty()) << "read outside the home: " << (touched.empty() ? "" : touched.front());
  }
  fs::remove(state / ".env");
  fs::remove(state / "service-env");

  // $include of outside files, absolute and by ../ traversal.
  for (const std::string& target :
       {secretFile.string(), "../../../../../../../../../.." + secretFile.string(), "file://" + secretFile.string()}) {
    json config2 = home_.rescueConfig;
    config2["$include"] = target;
    config2["gateway"]["$include"] = json::array({target, target});
    auto results = run("$include " + target, Instance::Rescue, config2.dump());
    EXPECT_EQ(resultFor(results, "rescue.config.readable").status, CheckStatus::Warn) << describeResults(results);
    EXPECT_TRUE(findingNamesKey(results, config.string(), "$include")) << describeResults(results);
    const auto touched = watch.touched();
    EXPECT_TRUE(touched.empty()) << "$include was followed: " << (touched.empty() ? "" : touched.front());
  }
}

// Named pipes, directories, loops and dangling links where the config and .env should be.
TEST_F(ConfigCorpus, SpecialFilesAreACleanErrorAndNeverBlock) {
  const fs::path config = configPath(Instance::Rescue);
  const std::string file = config.string();
  auto runHere = [&](const std::string& name) {
    ++count_;
    std::vector<CheckResult> results;
    runBounded(name, [&] {
      auto snap = load(home_);
      results = runAllChecks(snap);
      expectSafeResults(results, snap.redactor, name);
    });
    return results;
  };
  struct Case {
    std::string name;
    std::function<void()> plant;
  };
  const std::vector<Case> cases = {
      {"named pipe", [&] { ASSERT_EQ(::mkfifo(config.c_str(), 0600), 0); }},
      {"directory", [&] { fs::create_directory(config); }},
      {"symlink loop", [&] {
         fs::create_symlink(config.string() + ".b", config);
         fs::create_symlink(config, config.string() + ".b");
       }},
      {"symlink to itself", [&] { fs::create_symlink(config, config); }},
      {"unreadable (mode 000)", [&] { writeFile(config, good(home_), 0000); }},
      {"empty file", [&] { writeFile(config, "", 0600); }},
  };
  for (const auto& c : cases) {
    fs::remove(config);
    fs::remove(config.string() + ".b");
    c.plant();
    auto results = runHere(c.name);
    const auto readable = resultFor(results, "rescue.config.readable");
    if (c.name == "unreadable (mode 000)" && ::geteuid() == 0) {
      // root reads any mode, and 000 is more private than 600: nothing to report, nothing broke.
    } else {
      EXPECT_EQ(readable.status, CheckStatus::Fail) << c.name << "\n" << describeResults(results);
      EXPECT_TRUE(findingNamesFile(results, file)) << c.name << "\n" << describeResults(results);
    }
    fs::remove(config);
    fs::remove(config.string() + ".b");
  }
  writeFile(config, good(home_), 0600);

  // A named pipe as the state dir's .env (read for ${VAR}) must not block either.
  const fs::path dotenv = home_.path(".openclaw-rescue/.env");
  ASSERT_EQ(::mkfifo(dotenv.c_str(), 0600), 0);
  auto results = runHere("named pipe as .env");
  EXPECT_TRUE(findingNamesFile(results, dotenv.string())) << describeResults(results);
  fs::remove(dotenv);
}

}  // namespace
}  // namespace harness
