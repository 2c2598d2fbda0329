// The fake plutil, run as a process with the argument forms OpenClaw uses.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "harness/plist/plist_reader.h"
#include "harness/process/process_runner.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

const nlohmann::json kAgent = {
    {"Label", "ai.openclaw.rescue"},
    {"RunAtLoad", true},
    {"ThrottleInterval", 10},
    {"ProgramArguments", {"/opt/node/bin/node", "/opt/openclaw/dist/index.js", "gateway", "--port", "19101"}},
    {"EnvironmentVariables", {{"HOME", "/home/u"}}},
};

ProcessResult plutil(std::vector<std::string> args, std::string stdinData = "") {
  ProcessSpec spec{.executable = FAKE_PLUTIL_PATH, .args = std::move(args)};
  spec.stdinData = std::move(stdinData);
  auto r = runProcess(spec);
  EXPECT_TRUE(r) << r.error().describe();
  return r ? *r : ProcessResult{};
}

TEST(FakePlutilTest, ConvertsStdinToXml) {
  auto r = plutil({"-convert", "xml1", "-o", "-", "--", "-"}, toBinaryPlist(kAgent));
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  auto back = parsePlist(r.stdoutText);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->format, PlistFormat::Xml);
  EXPECT_EQ(back->root, kAgent);
}

TEST(FakePlutilTest, ConvertsStdinToCompactJson) {
  auto r = plutil({"-convert", "json", "-o", "-", "--", "-"}, toXmlPlist(kAgent));
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  EXPECT_EQ(r.stdoutText.find('\n'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(r.stdoutText), kAgent);
}

TEST(FakePlutilTest, JsonRefusesData) {
  nlohmann::json withData = kAgent;
  withData["Blob"] = {{"$data", "AAEC"}};
  auto r = plutil({"-convert", "json", "-o", "-", "--", "-"}, toXmlPlist(withData));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.stderrText.find("invalid object"), std::string::npos);
}

TEST(FakePlutilTest, ConvertsFileInPlace) {
  testing::ScopedTempDir dir("plutil");
  const auto file = dir.path() / "a.plist";
  testing::writeFile(file, toXmlPlist(kAgent));
  auto r = plutil({"-convert", "binary1", file.string()});
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  auto back = readPlistFile(file);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->format, PlistFormat::Binary);
  EXPECT_EQ(back->root, kAgent);
}

TEST(FakePlutilTest, ExtractsRawLabel) {
  testing::ScopedTempDir dir("plutil");
  const auto file = dir.path() / "ai.openclaw.rescue.plist";
  testing::writeFile(file, toXmlPlist(kAgent));
  auto r = plutil({"-extract", "Label", "raw", "-o", "-", "--", file.string()});
  ASSERT_EQ(r.exitCode, 0) << r.stderrText;
  EXPECT_EQ(r.stdoutText, "ai.openclaw.rescue\n");

  auto nested = plutil({"-extract", "ProgramArguments.4", "raw", "-n", "-o", "-", "--", file.string()});
  EXPECT_EQ(nested.stdoutText, "19101");
  auto boolean = plutil({"-extract", "RunAtLoad", "raw", "-o", "-", "--", file.string()});
  EXPECT_EQ(boolean.stdoutText, "true\n");
  auto json = plutil({"-extract", "EnvironmentVariables", "json", "-o", "-", "--", file.string()});
  EXPECT_EQ(json.stdoutText, "{\"HOME\":\"/home/u\"}\n");

  auto missing = plutil({"-extract", "Nope", "raw", "-o", "-", "--", file.string()});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_EQ(missing.stdoutText, "");
  auto dict = plutil({"-extract", "EnvironmentVariables", "raw", "-o", "-", "--", file.string()});
  EXPECT_EQ(dict.exitCode, 1);
}

TEST(FakePlutilTest, Lint) {
  testing::ScopedTempDir dir("plutil");
  const auto good = dir.path() / "good.plist";
  const auto bad = dir.path() / "bad.plist";
  testing::writeFile(good, toXmlPlist(kAgent));
  testing::writeFile(bad, "<?xml version=\"1.0\"?><plist><dict><key>Label</key>");
  auto ok = plutil({"-lint", "--", good.string()});
  EXPECT_EQ(ok.exitCode, 0);
  EXPECT_EQ(ok.stdoutText, good.string() + ": OK\n");
  auto silent = plutil({"-lint", "-s", good.string()});
  EXPECT_EQ(silent.exitCode, 0);
  EXPECT_EQ(silent.stdoutText, "");
  auto broken = plutil({"-lint", "--", bad.string()});
  EXPECT_EQ(broken.exitCode, 1);
  EXPECT_EQ(broken.stderrText.rfind(bad.string() + ": ", 0), 0u) << broken.stderrText;
  auto absent = plutil({"-lint", "--", (dir.path() / "absent.plist").string()});
  EXPECT_EQ(absent.exitCode, 1);
}

TEST(FakePlutilTest, RejectsGarbageAndBadUsage) {
  EXPECT_EQ(plutil({"-convert", "json", "-o", "-", "--", "-"}, "not a plist").exitCode, 1);
  EXPECT_EQ(plutil({"-convert", "json", "-o", "-", "--", "-"}, "").exitCode, 1);
  EXPECT_EQ(plutil({"-convert", "yaml", "-o", "-", "-"}, toXmlPlist(kAgent)).exitCode, 1);
  EXPECT_EQ(plutil({}).exitCode, 1);
  EXPECT_EQ(plutil({"-bogus"}).exitCode, 1);
  EXPECT_EQ(plutil({"-extract"}).exitCode, 1);
  EXPECT_EQ(plutil({"-help"}).exitCode, 0);
}

}  // namespace
}  // namespace harness
