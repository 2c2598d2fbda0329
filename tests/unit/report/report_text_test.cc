#include "harness/report/report_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace harness {
namespace {

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

TEST(ToValidUtf8, KeepsWellFormedText) {
  const std::string text = "plain ascii, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x94\x91";
  EXPECT_EQ(toValidUtf8(text), text);
}

TEST(ToValidUtf8, ReplacesEachIllFormedByte) {
  EXPECT_EQ(toValidUtf8("a\xFF" "b"), "a" + std::string(kFffd) + "b");
  EXPECT_EQ(toValidUtf8("\x80"), kFffd);                                   // stray continuation
  EXPECT_EQ(toValidUtf8("\xC0\x80"), std::string(kFffd) + std::string(kFffd));  // overlong NUL
  EXPECT_EQ(toValidUtf8("\xED\xA0\x80").substr(0, 3), kFffd);             // surrogate U+D800
  EXPECT_EQ(toValidUtf8("\xF4\x90\x80\x80").substr(0, 3), kFffd);         // above U+10FFFF
  EXPECT_EQ(toValidUtf8("\xE2\x82"), std::string(kFffd) + std::string(kFffd));  // truncated
}

TEST(EscapeControls, MakesControlsVisible) {
  EXPECT_EQ(escapeControls("a\x1b[31mb", true), "a\\x1b[31mb");
  EXPECT_EQ(escapeControls(std::string("nul\0x", 5), true), "nul\\x00x");
  EXPECT_EQ(escapeControls("cr\rlf\n", true), "cr\\x0dlf\n");
  EXPECT_EQ(escapeControls("lf\n", false), "lf\\x0a");
  EXPECT_EQ(escapeControls("tab\t", false), "tab\t");
  EXPECT_EQ(escapeControls("del\x7F", true), "del\\x7f");
  EXPECT_EQ(escapeControls("csi\xC2\x9B", true), "csi\\u009b");
  EXPECT_EQ(escapeControls("\xEF\xBF\xBF", true), kFffd);
  EXPECT_EQ(escapeControls("caf\xC3\xA9", true), "caf\xC3\xA9");
}

TEST(EscapeXml, EscapesMarkupCharacters) {
  EXPECT_EQ(escapeXml("<a href=\"x\">&'</a>", false),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
}

TEST(EscapeXml, AttributesKeepNewlinesAsReferences) {
  EXPECT_EQ(escapeXml("a\nb\tc", true), "a&#10;b&#9;c");
  EXPECT_EQ(escapeXml("a\nb\tc", false), "a\nb\tc");
  EXPECT_EQ(escapeXml("\x01\x0b\x0c", false), "\\x01\\x0b\\x0c");
}

TEST(FormatFixed, UsesFixedDecimalsAndClampsNonsense) {
  EXPECT_EQ(formatFixed(12.3456, 3), "12.346");
  EXPECT_EQ(formatFixed(0.0005, 1), "0.0");
  EXPECT_EQ(formatFixed(-1, 3), "0.000");
  EXPECT_EQ(formatFixed(std::numeric_limits<double>::quiet_NaN(), 1), "0.0");
  EXPECT_EQ(formatFixed(std::numeric_limits<double>::infinity(), 1), "0.0");
}

TEST(GroupByArea, KeepsFirstAppearanceOrder) {
  std::vector<CheckResult> results(4);
  results[0].area = "B";
  results[1].area = "A";
  results[2].area = "B";
  results[3].area = "";
  const AreaGroups groups = groupByArea(results);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].first, "B");
  EXPECT_EQ(groups[0].second, (std::vector<const CheckResult*>{&results[0], &results[2]}));
  EXPECT_EQ(groups[1].first, "A");
  EXPECT_EQ(groups[2].first, "");
}

}  // namespace
}  // namespace harness
