// Bad input, measured: LaunchAgent plists, XML and binary. Each input goes through the plist
// reader (parsePlist) and, written as the rescue plist of a good home, through every static
// check. A plist that cannot be parsed must be a clean error naming the file; one that parses
// into wrong types must give findings naming the file; nothing may crash, hang or make the
// reader fetch an external entity.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "harness/plist/plist_reader.h"
#include "harness/testing/fixture_home.h"
#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/hardening/corpus_judge.h"
#include "tests/unit/hardening/hardening_support.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using namespace harness::testing;
using nlohmann::json;

class PlistCorpus : public ::testing::Test {
 protected:
  PlistCorpus() { home_.write(); }

  fs::path plistPath() const { return home_.path("Library/LaunchAgents/ai.openclaw.gateway.rescue.plist"); }

  // Parses the bytes directly, then as the rescue plist of the home; restores the good plist.
  std::vector<CheckResult> run(const std::string& name, const std::string& bytes) {
    ++count_;
    std::vector<CheckResult> results;
    writeFile(plistPath(), bytes, 0644);
    runBounded(name, [&] {
      auto parsed = parsePlist(bytes);
      if (!parsed) {
        EXPECT_FALSE(parsed.error().message.empty()) << name;
      }
      auto snap = load(home_);
      results = runAllChecks(snap);
      expectSafeResults(results, snap.redactor, name);
    });
    writeFile(plistPath(), toXmlPlist(home_.rescuePlist), 0644);
    return results;
  }

  void expectCleanError(const std::string& name, const std::string& bytes) {
    auto results = run(name, bytes);
    EXPECT_EQ(resultFor(results, "rescue.plist.readable").status, CheckStatus::Fail)
        << name << "\n" << describeResults(results);
    EXPECT_TRUE(findingNamesFile(results, plistPath().string())) << name << "\n" << describeResults(results);
  }

  void expectFindings(const std::string& name, const std::string& bytes) {
    auto results = run(name, bytes);
    EXPECT_TRUE(findingNamesFile(results, plistPath().string())) << name << "\n" << describeResults(results);
  }

  FixtureHome home_;
  CorpusCount count_{"plist"};
};

const char* kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n";

std::string xmlPlist(const std::string& body) { return std::string(kHeader) + "<plist version=\"1.0\">" + body + "</plist>\n"; }

TEST_F(PlistCorpus, TruncatedXmlAndBinaryAreCleanErrors) {
  const std::string xml = toXmlPlist(home_.rescuePlist);
  std::set<size_t> cuts{0, 1, 7, xml.size() - 9};
  for (size_t i = 1; i < 30; ++i) cuts.insert(xml.size() * i / 30);
  for (size_t cut : cuts) expectCleanError("XML truncated at " + std::to_string(cut), xml.substr(0, cut));

  const std::string bin = toBinaryPlist(home_.rescuePlist);
  std::set<size_t> binCuts{0, 6, 8, 9, bin.size() - 32, bin.size() - 1};
  for (size_t i = 1; i < 30; ++i) binCuts.insert(bin.size() * i / 30);
  for (size_t cut : binCuts) expectCleanError("binary truncated at " + std::to_string(cut), bin.substr(0, cut));
}

// The binary trailer (last 32 bytes) drives every offset the parser follows: each field set to
// zero, one and all ones, and random-looking byte flips across the object table.
TEST_F(PlistCorpus, CorruptBinaryTrailersAndObjectTablesNeverCrash) {
  const std::string bin = toBinaryPlist(home_.rescuePlist);
  ASSERT_GT(bin.size(), 40u);
  const size_t trailer = bin.size() - 32;
  // Trailer: 5 unused, sortVersion, offsetIntSize, objectRefSize, numObjects(8), topObject(8), offsetTableOffset(8).
  struct Field {
    const char* name;
    size_t offset, size;
  };
  const Field fields[] = {{"offsetIntSize", 6, 1}, {"objectRefSize", 7, 1}, {"numObjects", 8, 8},
                          {"topObject", 16, 8},   {"offsetTableOffset", 24, 8}};
  for (const auto& f : fields) {
    for (unsigned char fill : {0x00, 0x01, 0x03, 0x7f, 0xff}) {
      std::string b = bin;
      for (size_t i = 0; i < f.size; ++i) b[trailer + f.offset + i] = static_cast<char>(i + 1 == f.size ? fill : (fill == 0xff ? 0xff : 0));
      if (b == bin) continue;  // the field already had that value
      const std::string name = std::string("binary trailer ") + f.name + " = " + std::to_string(fill);
      auto results = run(name, b);
      // A changed field may still describe the same plist (e.g. a wider reference size that
      // the reader tolerates); then it is read as the good plist, which is right too.
      auto reread = parsePlist(b);
      const bool same = reread && reread->root == home_.rescuePlist;
      EXPECT_TRUE(same || findingNamesFile(results, plistPath().string())) << name << "\n" << describeResults(results);
    }
  }
  // Object markers: every 7th byte of the object area replaced by each type nibble.
  for (size_t pos = 8; pos < trailer; pos += 7) {
    std::string b = bin;
    b[pos] = static_cast<char>(((pos * 37) & 0xf0) | 0x0f);  // type nibble varies, length "follows as int"
    auto results = run("binary object byte " + std::to_string(pos), b);
    (void)results;  // may still parse: only crash/hang/leak are judged here
  }
  // A self-referencing array (object 0 contains ref 0) and a 2^31-element length claim.
  expectCleanError("bplist header only", "bplist00");
  expectCleanError("bplist future version", "bplist17" + std::string(40, '\0'));
  expectCleanError("bplist with only zeros", "bplist00" + std::string(64, '\0'));
}

TEST_F(PlistCorpus, MalformedXmlIsACleanError) {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"empty", ""},
      {"not XML", "Label=ai.openclaw.gateway.rescue"},
      {"plist without a root", xmlPlist("")},
      {"unclosed dict", xmlPlist("<dict><key>Label</key><string>x</string>")},
      {"key without value", xmlPlist("<dict><key>Label</key></dict>")},
      {"value without key", xmlPlist("<dict><string>x</string></dict>")},
      {"unknown element", xmlPlist("<dict><key>Label</key><strung>x</strung></dict>")},
      {"mismatched tags", xmlPlist("<dict><key>Label</key><string>x</integer></dict>")},
      {"integer not a number", xmlPlist("<dict><key>ThrottleInterval</key><integer>ten</integer></dict>")},
      {"real not a number", xmlPlist("<dict><key>ThrottleInterval</key><real>1.2.3</real></dict>")},
      {"bad date", xmlPlist("<dict><key>D</key><date>yesterday</date></dict>")},
      {"bad base64 data", xmlPlist("<dict><key>D</key><data>!!!not base64!!!</data></dict>")},
      {"invalid UTF-8 in a string", xmlPlist("<dict><key>Label</key><string>ai\xff\xfe</string></dict>")},
      {"NUL in the document", xmlPlist(std::string("<dict><key>Label</key><string>a\0b</string></dict>", 48))},
      {"unterminated comment", xmlPlist("<dict><!-- no end </dict>")},
      {"unterminated CDATA", xmlPlist("<dict><key>Label</key><string><![CDATA[x</string></dict>")},
      {"attribute garbage", "<?xml version=\"1.0\"?><plist version=\"1.0\" =\"\"><dict/></plist>"},
      {"two roots", xmlPlist("<dict></dict><dict></dict>")},
      {"UTF-16 declared, UTF-8 bytes", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><plist><dict/></plist>"},
      {"deep arrays (100000)", xmlPlist([] {
         std::string s;
         for (int i = 0; i < 100000; ++i) s += "<array>";
         return s;
       }())},
      {"deep dicts (50000)", xmlPlist([] {
         std::string s;
         for (int i = 0; i < 50000; ++i) s += "<dict><key>a</key>";
         return s;
       }())},
      {"file above the 8 MiB limit", xmlPlist("<dict><key>Label</key><string>" + std::string(9 << 20, 'x') + "</string></dict>")},
  };
  // libplist is lenient with some of these (a key without a value, an unparsable integer):
  // what it reads then lacks keys or has wrong values, and the checks name the file.
  for (const auto& [name, bytes] : inputs) expectFindings(name, bytes);
}

// External entities and entity expansion: the reader must neither fetch a file nor expand
// entities exponentially. Either the plist is refused (clean error), or it parses with the
// entity text left unexpanded; the target file is never opened.
TEST_F(PlistCorpus, EntityTricksAreNotExpandedOrFollowed) {
  ScopedTempDir outside{"outside-home"};
  const fs::path target = outside.path() / "secret.txt";
  writeFile(target, "OUTSIDE-SECRET-0123456789", 0600);
  OpenWatch watch;
  ASSERT_TRUE(watch.ok());
  watch.watch(target);

  std::string laughs = "<!DOCTYPE plist [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 10; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    laughs += "\">\n";
  }
  laughs += "]>\n";
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"XXE SYSTEM file", "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [<!ENTITY xxe SYSTEM \"file://" + target.string() +
                              "\">]>\n<plist version=\"1.0\"><dict><key>Label</key><string>&xxe;</string></dict></plist>"},
      {"XXE parameter entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [<!ENTITY % p SYSTEM \"" + target.string() +
                                   "\"> %p;]>\n<plist version=\"1.0\"><dict/></plist>"},
      {"external DTD on disk", "<?xml version=\"1.0\"?>\n<!DOCTYPE plist SYSTEM \"" + target.string() +
                                   "\">\n<plist version=\"1.0\"><dict/></plist>"},
      {"XInclude", "<?xml version=\"1.0\"?>\n<plist version=\"1.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><dict>"
                   "<key>Label</key><string><xi:include href=\"" + target.string() + "\" parse=\"text\"/></string></dict></plist>"},
      {"billion laughs", "<?xml version=\"1.0\"?>\n" + laughs +
                             "<plist version=\"1.0\"><dict><key>Label</key><string>&lol10;</string></dict></plist>"},
      {"quadratic blowup", "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [<!ENTITY a \"" + std::string(50000, 'a') +
                               "\">]>\n<plist version=\"1.0\"><dict><key>Label</key><string>" + [] {
                                 std::string s;
                                 for (int i = 0; i < 20000; ++i) s += "&a;";
                                 return s;
                               }() + "</string></dict></plist>"},
      {"undefined entity", xmlPlist("<dict><key>Label</key><string>&nope;</string></dict>")},
      {"numeric entity out of range", xmlPlist("<dict><key>Label</key><string>&#x110000;</string></dict>")},
      {"numeric entity NUL", xmlPlist("<dict><key>Label</key><string>a&#0;b</string></dict>")},
  };
  for (const auto& [name, bytes] : inputs) {
    auto results = run(name, bytes);
    EXPECT_TRUE(findingNamesFile(results, plistPath().string())) << name << "\n" << describeResults(results);
    EXPECT_EQ(describeResults(results, false).find("OUTSIDE-SECRET"), std::string::npos) << name;
    EXPECT_EQ(describeResults(results, false).find("lollollollollollollollollollol"), std::string::npos)
        << name << ": entities were expanded";
    const auto touched = watch.touched();
    EXPECT_TRUE(touched.empty()) << name << ": the reader opened " << target;
  }
}

// Every key of the good plist replaced by each value of another type, in XML and binary.
TEST_F(PlistCorpus, WrongTypesAtEveryKeyGiveFindings) {
  const std::vector<json> wrong = {true, 7, -1, 1.5, "x", json::array(), json::object(), json::array({1}),
                                   json{{"$data", "AAEC"}}, json{{"$uid", 3}}};
  std::vector<std::string> unnamed;
  const json good = home_.rescuePlist;
  std::vector<std::string> pointers;
  for (auto it = good.begin(); it != good.end(); ++it) {
    pointers.push_back("/" + it.key());
    if (it->is_structured()) {
      for (auto jt = it->begin(); jt != it->end(); ++jt) {
        pointers.push_back("/" + it.key() + "/" + (it->is_array() ? std::to_string(jt - it->begin()) : jt.key()));
      }
    }
  }
  for (const auto& pointer : pointers) {
    const json::json_pointer ptr(pointer);
    for (const auto& value : wrong) {
      if (good[ptr].type() == value.type() && !value.is_structured()) continue;
      json plist = good;
      plist[ptr] = value;
      for (bool binary : {false, true}) {
        const std::string name = pointer + " = " + value.dump() + (binary ? " (binary)" : " (XML)");
        auto results = run(name, binary ? toBinaryPlist(plist) : toXmlPlist(plist));
        if (!findingNamesFile(results, plistPath().string())) unnamed.push_back(name);
      }
    }
  }
  // Keys the static checks do not judge (launchd's own business): their wrong types must only
  // not crash anything.
  // KeepAlive as data or uid: the JSON mapping writes those as {"$data": …} / {"$uid": …},
  // which the keepalive check cannot tell from launchd's conditional KeepAlive dictionary.
  const std::set<std::string> notJudgedPrefixes = {"/RunAtLoad", "/ThrottleInterval", "/EnvironmentVariables/HOME",
                                                   "/EnvironmentVariables/PATH", "/ProgramArguments/1",
                                                   "/KeepAlive = {\"$data\"", "/KeepAlive = {\"$uid\""};
  std::vector<std::string> problems;
  for (const auto& u : unnamed) {
    bool exempt = false;
    for (const auto& p : notJudgedPrefixes) {
      exempt = exempt || u.rfind(p + " ", 0) == 0 || (p.find(' ') != std::string::npos && u.rfind(p, 0) == 0);
    }
    if (!exempt) problems.push_back(u);
  }
  EXPECT_TRUE(problems.empty()) << problems.size() << " wrong types without a finding:\n" << [&] {
    std::string s;
    for (const auto& p : problems) s += "  " + p + "\n";
    return s;
  }();
}

TEST_F(PlistCorpus, HugeAndOddButWellFormedPlistsGiveFindings) {
  json plist = home_.rescuePlist;
  const std::vector<std::pair<std::string, json>> edits = {
      {"200000 arguments", [&] {
         json p = plist;
         p["ProgramArguments"] = json(std::vector<std::string>(200000, "--x"));
         return p;
       }()},
      {"100000 environment variables", [&] {
         json p = plist;
         for (int i = 0; i < 100000; ++i) p["EnvironmentVariables"]["V" + std::to_string(i)] = "v";
         p["EnvironmentVariables"].erase("OPENCLAW_PROFILE");
         return p;
       }()},
      {"1 MiB label", [&] {
         json p = plist;
         p["Label"] = std::string(1 << 20, 'L');
         return p;
       }()},
      {"root is an array", json::array({plist})},
      {"root is a string", json("ai.openclaw.gateway.rescue")},
      {"root is an integer", json(19001)},
      {"root is data", json{{"$data", "AAAA"}}},
      {"empty dict", json::object()},
      {"integer above INT64_MAX", [&] {
         json p = plist;
         p["ThrottleInterval"] = 18446744073709551615ull;
         p["Label"] = 18446744073709551615ull;
         return p;
       }()},
      {"NaN and infinity", [&] {
         json p = plist;
         p["Label"] = std::numeric_limits<double>::infinity();
         p["KeepAlive"] = std::numeric_limits<double>::quiet_NaN();
         return p;
       }()},
      {"control characters in the label", [&] {
         json p = plist;
         p["Label"] = "ai.openclaw.gateway.rescue\x1b[2J\r\n";
         return p;
       }()},
  };
  for (const auto& [name, p] : edits) {
    for (bool binary : {false, true}) {
      expectFindings(name + (binary ? " (binary)" : " (XML)"), binary ? toBinaryPlist(p) : toXmlPlist(p));
    }
  }
}

}  // namespace
}  // namespace harness
