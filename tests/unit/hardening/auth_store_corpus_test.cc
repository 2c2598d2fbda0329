// Bad input, measured: the rescue agent's auth stores. auth-profiles.json (the runtime store
// until 2026.7, a migration source after) and openclaw-agent.sqlite with its -wal/-shm
// sidecars (2026.7+) replaced by garbage, wrong shapes, special files and links out of the
// home, judged for the 2026.3.24 and 2026.9.6 rules. Every input must give findings naming the
// file or a clean error naming it; none may crash, hang or read outside the home.

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/testing/fixture_home.h"
#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/hardening/corpus_judge.h"
#include "tests/unit/hardening/hardening_support.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using namespace harness::testing;
using nlohmann::json;

class AuthStoreCorpus : public ::testing::Test {
 protected:
  AuthStoreCorpus() { home_.write(); }

  fs::path agentDir() const { return home_.path(".openclaw-rescue/agents/rescue/agent"); }
  fs::path profiles() const { return agentDir() / "auth-profiles.json"; }
  fs::path database() const { return agentDir() / "openclaw-agent.sqlite"; }

  std::vector<CheckResult> run(const std::string& name, const std::string& release) {
    ++count_;
    std::vector<CheckResult> results;
    runBounded(name, [&] {
      auto spec = home_.spec();
      spec.openclawVersion = release;
      auto snap = loadHostSnapshot(spec, home_.environment());
      results = runAllChecks(snap);
      expectSafeResults(results, snap.redactor, name);
    });
    return results;
  }

  void clean() {
    for (const auto& p : {profiles(), database(), fs::path(database().string() + "-wal"),
                          fs::path(database().string() + "-shm")}) {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
    writeFile(profiles(), home_.rescueAuthProfiles.dump(2), 0600);
  }

  FixtureHome home_;
  CorpusCount count_{"auth store"};
};

std::string deepArray(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_F(AuthStoreCorpus, GarbageAuthProfilesJsonIsNamed) {
  const std::string goodText = home_.rescueAuthProfiles.dump(2);
  std::vector<std::pair<std::string, std::string>> inputs = {
      {"empty", ""},
      {"not JSON", "anthropic=sk-ant-xyz"},
      {"JSON5 comments (not accepted in JSON)", "// c\n" + goodText},
      {"array root", "[]"},
      {"string root", "\"profiles\""},
      {"null root", "null"},
      {"profiles is an array", R"({"profiles": []})"},
      {"profiles is a string", R"({"profiles": "anthropic"})"},
      {"profile is a number", R"({"profiles": {"anthropic:default": 5}})"},
      {"provider is an object", R"({"profiles": {"anthropic:default": {"type": "api_key", "provider": {}, "key": 1}}})"},
      {"empty key and provider", R"({"profiles": {"": {"type": "", "provider": ""}}})"},
      {"invalid UTF-8", "{\"profiles\": {\"a\xff\": {}}}"},
      {"deep nesting 100000", deepArray(100000)},
      {"deep nesting inside profiles", "{\"profiles\": {\"x\": " + deepArray(50000) + "}}"},
      {"100000 profiles", [] {
         json j;
         for (int i = 0; i < 100000; ++i) j["profiles"]["p" + std::to_string(i)] = {{"provider", 7}};
         return j.dump();
       }()},
      {"NUL bytes", std::string("{\"profiles\"\0: {}}", 17)},
      {"above the 8 MiB limit", "{\"pad\": \"" + std::string(9 << 20, 'x') + "\"}"},
  };
  for (size_t i = 1; i < 12; ++i) {
    inputs.push_back({"truncated at " + std::to_string(goodText.size() * i / 12), goodText.substr(0, goodText.size() * i / 12)});
  }
  for (const auto& [name, text] : inputs) {
    clean();
    writeFile(profiles(), text, 0600);
    for (const char* release : {"2026.3.24", "2026.9.6"}) {
      auto results = run(name + " (" + release + ")", release);
      EXPECT_TRUE(findingNamesFile(results, profiles().string())) << name << " " << release << "\n"
                                                                  << describeResults(results);
    }
  }
  clean();
}

TEST_F(AuthStoreCorpus, GarbageAgentDatabasesAndSidecarsAreNamed) {
  const std::string wal = database().string() + "-wal";
  struct Case {
    std::string name;
    std::function<void()> plant;
    fs::path named;  // the file a finding must name
  };
  const std::vector<Case> cases = {
      {"random bytes", [&] { writeFile(database(), std::string("\x13\x37garbage\xff\x00\x01", 12), 0644); }, database()},
      {"empty database", [&] { writeFile(database(), "", 0644); }, database()},
      {"SQLite header then garbage", [&] { writeFile(database(), "SQLite format 3\0" + std::string(4096, '\xee'), 0640); },
       database()},
      {"database is a directory", [&] { fs::create_directories(database()); }, database()},
      {"database is a named pipe", [&] { ASSERT_EQ(::mkfifo(database().c_str(), 0600), 0); }, database()},
      {"database is a dangling symlink", [&] { fs::create_symlink(agentDir() / "nowhere.sqlite", database()); },
       database()},
      {"database is a symlink loop", [&] {
         fs::create_symlink(database().string() + ".b", database());
         fs::create_symlink(database(), database().string() + ".b");
       },
       database()},
      {"world-readable -wal sidecar", [&] {
         writeFile(database(), "SQLite format 3", 0600);
         writeFile(wal, std::string(100, '\0'), 0644);
       },
       wal},
      {"-shm sidecar is a named pipe", [&] {
         writeFile(database(), "SQLite format 3", 0600);
         ASSERT_EQ(::mkfifo((database().string() + "-shm").c_str(), 0600), 0);
       },
       database().string() + "-shm"},
      {"sparse 2 GiB database", [&] {
         writeFile(database(), "", 0644);
         fs::resize_file(database(), 2ull << 30);
       },
       database()},
  };
  for (const auto& c : cases) {
    clean();
    std::error_code ec;
    fs::remove(database().string() + ".b", ec);
    c.plant();
    // 2026.3.24 never reads the database: there only the run's safety is judged.
    run(c.name + " (2026.3.24)", "2026.3.24");
    auto results = run(c.name + " (2026.9.6)", "2026.9.6");
    EXPECT_TRUE(findingNamesFile(results, c.named.string())) << c.name << "\n" << describeResults(results);
    fs::remove(database().string() + ".b", ec);
  }
  clean();
}

TEST_F(AuthStoreCorpus, StoresLinkedOutOfTheHomeAreNotRead) {
  ScopedTempDir outside{"outside-home"};
  const fs::path target = outside.path() / "auth-profiles.json";
  writeFile(target, R"({"profiles": {"anthropic:default": {"provider": "anthropic", "key": "OUTSIDE-SECRET-42"}}})", 0600);
  writeFile(outside.path() / "agent.sqlite", "SQLite format 3", 0600);
  OpenWatch watch;
  ASSERT_TRUE(watch.ok());
  watch.watch(target);
  watch.watch(outside.path() / "agent.sqlite");
  watch.watch(outside.path());

  clean();
  fs::remove(profiles());
  fs::create_symlink(target, profiles());
  fs::create_symlink(outside.path() / "agent.sqlite", database());
  watch.touched();
  auto results = run("auth stores symlinked outside the home", "2026.3.24");
  EXPECT_TRUE(findingNamesFile(results, profiles().string())) << describeResults(results);
  EXPECT_EQ(describeResults(results, false).find("OUTSIDE-SECRET"), std::string::npos);
  const auto touched = watch.touched();
  EXPECT_TRUE(touched.empty()) << "read outside the home: " << (touched.empty() ? "" : touched.front());

  // The whole agent dir a link out of the home: not even listed.
  fs::remove(profiles());
  fs::remove(database());
  const fs::path moved = home_.path("agent-moved");
  fs::rename(agentDir(), moved);
  fs::create_directory_symlink(outside.path(), agentDir());
  watch.touched();
  results = run("agent dir symlinked outside the home", "2026.9.6");
  EXPECT_EQ(describeResults(results, false).find("OUTSIDE-SECRET"), std::string::npos);
  const auto touched2 = watch.touched();
  EXPECT_TRUE(touched2.empty()) << "read outside the home: " << (touched2.empty() ? "" : touched2.front());
  fs::remove(agentDir());
  fs::rename(moved, agentDir());
  clean();
}

}  // namespace
}  // namespace harness
