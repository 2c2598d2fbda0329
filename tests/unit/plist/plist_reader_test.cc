#include "harness/plist/plist_reader.h"

#include <gtest/gtest.h>

#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

constexpr const char* kRescuePlist = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>ai.openclaw.gateway.rescue</string>
  <key>ProgramArguments</key>
  <array><string>/opt/node/bin/node</string><string>--profile</string><string>rescue</string></array>
  <key>RunAtLoad</key><true/>
  <key>ThrottleInterval</key><integer>10</integer>
  <key>Umask</key><integer>63</integer>
  <key>Nice</key><real>1.5</real>
  <key>EnvironmentVariables</key>
  <dict><key>OPENCLAW_PROFILE</key><string>rescue</string></dict>
</dict>
</plist>
)";

TEST(PlistReader, ParsesXml) {
  auto r = parsePlist(kRescuePlist);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->format, PlistFormat::Xml);
  EXPECT_EQ(r->root["Label"], "ai.openclaw.gateway.rescue");
  EXPECT_EQ(r->root["ProgramArguments"].size(), 3u);
  EXPECT_EQ(r->root["RunAtLoad"], true);
  EXPECT_EQ(r->root["ThrottleInterval"], 10);
  EXPECT_DOUBLE_EQ(r->root["Nice"].get<double>(), 1.5);
  EXPECT_EQ(r->root["EnvironmentVariables"]["OPENCLAW_PROFILE"], "rescue");
}

TEST(PlistReader, BinaryRoundTripsToTheSameTree) {
  auto xml = parsePlist(kRescuePlist);
  ASSERT_TRUE(xml);
  std::string bin = toBinaryPlist(xml->root);
  ASSERT_EQ(detectPlistFormat(bin), PlistFormat::Binary);
  auto r = parsePlist(bin);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->format, PlistFormat::Binary);
  EXPECT_EQ(r->root, xml->root);
}

TEST(PlistReader, XmlWriterRoundTrips) {
  nlohmann::json tree = {{"Label", "x"}, {"KeepAlive", {{"SuccessfulExit", false}}}, {"Data", {{"$data", "AAEC"}}}};
  auto r = parsePlist(toXmlPlist(tree));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->root, tree);
}

TEST(PlistReader, RejectsEmptyGarbageAndTruncatedInput) {
  EXPECT_FALSE(parsePlist(""));
  auto garbage = parsePlist("hello world");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::InvalidInput);
  auto xml = parsePlist(kRescuePlist);
  ASSERT_TRUE(xml);
  std::string bin = toBinaryPlist(xml->root);
  EXPECT_FALSE(parsePlist(bin.substr(0, bin.size() / 2)));
  std::string xmlText = kRescuePlist;
  EXPECT_FALSE(parsePlist(xmlText.substr(0, xmlText.size() / 2)));
  EXPECT_FALSE(parsePlist("bplist00"));
}

TEST(PlistReader, FileErrorsNameThePath) {
  testing::ScopedTempDir dir;
  testing::writeFile(dir.path() / "broken.plist", "<plist><dict><key>Label</key>");
  auto r = readPlistFile(dir.path() / "broken.plist");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("broken.plist"), std::string::npos);
  auto missing = readPlistFile(dir.path() / "missing.plist");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace harness
