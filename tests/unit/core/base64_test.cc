#include "harness/core/base64.h"

#include <gtest/gtest.h>

namespace harness {
namespace {

TEST(Base64, RoundTripsEveryLength) {
  const std::string bytes("\x00\x01\xfe\xff" "abc", 7);
  for (size_t n = 0; n <= bytes.size(); ++n) {
    auto decoded = decodeBase64(encodeBase64(bytes.substr(0, n)));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, bytes.substr(0, n));
  }
}

TEST(Base64, AcceptsUrlSafeUnpaddedAndWhitespace) {
  EXPECT_EQ(decodeBase64("MTExMTIyMjIzMzMzNDQ0NDU1").value_or("?"), "111122223333444455");
  EXPECT_EQ(decodeBase64("-_8").value_or("?"), decodeBase64("+/8=").value_or("!"));
  EXPECT_EQ(decodeBase64("QU\nJD").value_or("?"), "ABC");
}

TEST(Base64, RejectsForeignCharacters) {
  EXPECT_FALSE(decodeBase64("QUJD*"));
  EXPECT_FALSE(decodeBase64("Q.UJD"));
}

}  // namespace
}  // namespace harness
