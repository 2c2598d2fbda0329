// Bad input, measured: a sample of the corpus through the verify-host binary itself, as a
// user runs it. Each broken home must end with exit 1 (findings) or 2 (usage/environment
// error) within the deadline, never a signal; the JSON report must parse and name the broken
// file, and no canary may appear on stdout or stderr.

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/plist/plist_reader.h"
#include "harness/process/process_runner.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/timeouts.h"
#include "tests/unit/hardening/hardening_support.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using namespace harness::testing;
using nlohmann::json;

struct BrokenHome {
  std::string name;
  std::function<void(FixtureHome&)> breakIt;
  std::string namedFile;  // relative to the home
};

TEST(VerifyHostCorpus, BrokenHomesEndInFindingsNeverInACrash) {
  CorpusCount count("verify-host subprocess");
  const std::string rescueConfig = ".openclaw-rescue/openclaw.json";
  const std::string rescuePlist = "Library/LaunchAgents/ai.openclaw.gateway.rescue.plist";
  const std::string rescueAuth = ".openclaw-rescue/agents/rescue/agent/auth-profiles.json";
  const std::vector<BrokenHome> homes = {
      {"truncated rescue config", [&](FixtureHome& h) {
         const auto text = h.rescueConfig.dump(2);
         writeFile(h.path(rescueConfig), text.substr(0, text.size() / 2), 0600);
       },
       rescueConfig},
      {"invalid UTF-8 in the main config", [](FixtureHome& h) {
         writeFile(h.path(".openclaw/openclaw.json"), "{\"gateway\": {\"bind\": \"\xff\"}}", 0600);
       },
       ".openclaw/openclaw.json"},
      {"deeply nested rescue config", [&](FixtureHome& h) { writeFile(h.path(rescueConfig), std::string(200000, '['), 0600); },
       rescueConfig},
      {"rescue config a named pipe", [&](FixtureHome& h) {
         fs::remove(h.path(rescueConfig));
         ASSERT_EQ(::mkfifo(h.path(rescueConfig).c_str(), 0600), 0);
       },
       rescueConfig},
      {"wrong types everywhere in the rescue config", [&](FixtureHome& h) {
         writeFile(h.path(rescueConfig),
                   R"({"gateway": [1], "channels": {"discord": 5}, "agents": "x", "tools": {"exec": []}, "bindings": {}})",
                   0600);
       },
       rescueConfig},
      {"truncated binary rescue plist", [&](FixtureHome& h) {
         const auto bin = toBinaryPlist(h.rescuePlist);
         writeFile(h.path(rescuePlist), bin.substr(0, bin.size() - 20), 0644);
       },
       rescuePlist},
      {"XXE in the rescue plist", [&](FixtureHome& h) {
         writeFile(h.path(rescuePlist),
                   "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                   "<plist version=\"1.0\"><dict><key>Label</key><string>&x;</string></dict></plist>",
                   0644);
       },
       rescuePlist},
      {"auth-profiles.json garbage", [&](FixtureHome& h) { writeFile(h.path(rescueAuth), "\x00\x01garbage", 0644); },
       rescueAuth},
      {"rescue config symlinked to /etc/passwd", [&](FixtureHome& h) {
         fs::remove(h.path(rescueConfig));
         fs::create_symlink("/etc/passwd", h.path(rescueConfig));
       },
       rescueConfig},
      {"everything empty", [&](FixtureHome& h) {
         for (const auto& f : {rescueConfig, std::string(".openclaw/openclaw.json"), rescuePlist, rescueAuth}) {
           writeFile(h.path(f), "", 0600);
         }
       },
       rescueConfig},
  };
  for (const auto& home : homes) {
    for (const char* format : {"json", "human"}) {
      ++count;
      FixtureHome fixture;
      fixture.write();
      home.breakIt(fixture);
      const std::string named = fixture.path(home.namedFile).string();
      auto r = runProcess(ProcessSpec{.executable = VERIFY_HOST_BINARY,
                                      .args = {"--home", fixture.home().string(), "--format", format},
                                      .environment = std::map<std::string, std::string>{{"HOME", fixture.home().string()},
                                                                                        {"PATH", "/usr/bin:/bin"}},
                                      .timeout = actionTimeout()});
      ASSERT_TRUE(r) << home.name << ": " << r.error().describe();
      EXPECT_FALSE(r->timedOut) << home.name << " (" << format << ") hung";
      EXPECT_EQ(r->termSignal, 0) << home.name << " (" << format << ") died of signal " << r->termSignal << "\n"
                                  << r->stderrText;
      EXPECT_TRUE(r->exitCode == 1 || r->exitCode == 2) << home.name << " exit " << r->exitCode << "\n"
                                                        << r->stdoutText << r->stderrText;
      EXPECT_NE((r->stdoutText + r->stderrText).find(named), std::string::npos)
          << home.name << " (" << format << "): the report does not name " << named << "\n"
          << r->stdoutText;
      if (std::string(format) == "json" && r->exitCode == 1) {
        EXPECT_FALSE(json::parse(r->stdoutText, nullptr, false).is_discarded()) << home.name << "\n" << r->stdoutText;
      }
      EXPECT_EQ(r->stdoutText.find("root:x:0:0"), std::string::npos) << home.name << ": /etc/passwd was read";
      for (const char* canary : {kCanaryMainDiscordToken, kCanaryRescueDiscordToken, kCanaryMainGatewayToken,
                                 kCanaryRescueGatewayToken, kCanaryAnthropicKey}) {
        EXPECT_EQ((r->stdoutText + r->stderrText).find(canary), std::string::npos) << home.name << " leaks " << canary;
      }
    }
  }
}

}  // namespace
}  // namespace harness
