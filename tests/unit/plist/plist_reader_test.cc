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

// A binary plist's ASCII strings are bytes libplist does not check; one invalid UTF-8 byte
// used to reach nlohmann::json and make every later dump() throw (found by fuzz_plist).
TEST(PlistReader, RejectsStringsAndKeysThatAreNotUtf8) {
  const std::string valid = toBinaryPlist(nlohmann::json{{"Label", "x"}});
  ASSERT_TRUE(parsePlist(valid)) << "the unmodified plist must parse";
  const size_t value = valid.find("\x51x");  // ASCII string object of length 1: "x"
  const size_t key = valid.find("\x55Label");  // ASCII string object of length 5: "Label"
  ASSERT_NE(value, std::string::npos);
  ASSERT_NE(key, std::string::npos);

  std::string badValue = valid;
  badValue[value + 1] = '\xfe';
  auto parsed = parsePlist(badValue);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(parsed.error().message.find("not valid UTF-8"), std::string::npos) << parsed.error().message;

  std::string badKey = valid;
  badKey[key + 1] = '\xc0';  // overlong lead byte, also refused by nlohmann::json
  parsed = parsePlist(badKey);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("key is not valid UTF-8"), std::string::npos) << parsed.error().message;
}

// libplist 2.2 aborts the process (an assert) when a dictionary key decoded from UTF-16 holds
// U+0000; such plists are refused before libplist parses them (found by fuzz_plist).
TEST(PlistReader, RejectsBinaryStringsWithANulCharacterInsteadOfAborting) {
  // {"\u00e9\u0000b": "v"}: dict (0xd1) of a UTF-16 key (0x63, 3 units) and an ASCII value "v".
  const std::string utf16Key(
      "bplist00\xd1\x01\x02\x63\x00\xe9\x00\x00\x00\x62\x51\x76\x08\x0b\x12"
      "\x00\x00\x00\x00\x00\x00\x01\x01\x00\x00\x00\x00\x00\x00\x00\x03"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x14",
      55);
  auto parsed = parsePlist(utf16Key);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(parsed.error().message.find("NUL"), std::string::npos) << parsed.error().message;

  // The same plist with the NUL replaced by 'a' parses, so the check is not refusing UTF-16 keys.
  std::string fine = utf16Key;
  fine[15] = 'a';
  auto ok = parsePlist(fine);
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_TRUE(ok->root.contains("\xc3\xa9" "ab"));

  // XML: a raw NUL byte (never well-formed XML) in a string used to reach the same assert.
  std::string doc = "<?xml version=\"1.0\"?><plist version=\"1.0\"><string>a";
  doc += '\0';
  doc += "b</string></plist>";
  auto xml = parsePlist(doc);
  ASSERT_FALSE(xml);
  EXPECT_EQ(xml.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(xml.error().message.find("NUL"), std::string::npos) << xml.error().message;
}

// The NUL scan reads each string once; a forged offset table pointing many times at one long
// string would make it quadratic, so such files are refused (a real plist never does this).
TEST(PlistReader, RefusesOffsetTablesThatRepeatALongString) {
  auto forged = [](uint8_t objects) {
    std::string b = "bplist00";
    b += "\x5f\x10\xc8";  // ASCII string, length in a 1-byte integer: 200
    b += std::string(200, 'x');
    const size_t table = b.size();
    b += std::string(objects, '\x08');  // every object at offset 8
    std::string trailer(32, '\0');
    trailer[6] = 1;  // offset size
    trailer[7] = 1;  // object reference size
    trailer[15] = static_cast<char>(objects);
    trailer[31] = static_cast<char>(table);
    return b + trailer;
  };
  auto one = parsePlist(forged(1));
  ASSERT_TRUE(one) << one.error().describe();
  EXPECT_EQ(one->root, std::string(200, 'x'));
  auto repeated = parsePlist(forged(10));
  ASSERT_FALSE(repeated);
  EXPECT_NE(repeated.error().message.find("overlap"), std::string::npos) << repeated.error().message;
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
